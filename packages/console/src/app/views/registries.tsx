/** Registries and their schemas, searched by name, format, state and compatibility mode; filters live in the URL. */
import { mapLimited, query, schemaPath } from '../api.ts';
import type { Session } from '../app.tsx';
import {
  Field,
  fieldValue,
  Link,
  Loading,
  Pager,
  ProblemNotice,
  useAsync,
  useCursorPages,
} from '../components.tsx';
import { navigate, schemaRoute } from '../router.ts';
import {
  COMPATIBILITY_MODES,
  FORMATS,
  type Page,
  type Registry,
  type SchemaSummary,
  VERSION_STATES,
  type VersionSummary,
} from '../types.ts';

const PAGE_SIZE = 25;
/** How many pages of the listing one screen reads at most while looking for matches. */
const MAX_PAGES_READ = 8;
/** Version lookups in flight at once, so a key with a low rate limit is not throttled by one screen. */
const LOOKUPS_AT_ONCE = 6;

interface Filters {
  registry: string;
  name: string;
  format: string;
  state: string;
  mode: string;
}

const filtersOf = (params: URLSearchParams): Filters => ({
  registry: params.get('registry') ?? '',
  name: params.get('name') ?? '',
  format: params.get('format') ?? '',
  state: params.get('state') ?? '',
  mode: params.get('mode') ?? '',
});

interface Row extends SchemaSummary {
  latest: VersionSummary | undefined;
}

export function RegistriesView({ session, query: params }: { session: Session; query: URLSearchParams }) {
  const filters = filtersOf(params);
  const pages = useCursorPages();
  const registries = useAsync(() => session.api.request<Page<Registry>>('GET', '/v1/registries'), []);
  const registry = filters.registry || registries.data?.items[0]?.name || '';
  const matches = (row: Row) =>
    (!filters.format || row.latest?.format === filters.format) &&
    (!filters.state || row.latest?.state === filters.state) &&
    (!filters.mode || row.compatibility === filters.mode);
  const schemas = useAsync(async () => {
    if (!registry) return undefined;
    // the API searches by name prefix; format, state and mode are sorted out here, reading on through the
    // listing (a bounded number of pages per screen) until a page of matches is found
    const rows: Row[] = [];
    let cursor = pages.cursor;
    let looked = 0;
    let read = 0;
    do {
      const page = await session.api.request<Page<SchemaSummary>>(
        'GET',
        `/v1/registries/${encodeURIComponent(registry)}/schemas${query({ prefix: filters.name, limit: PAGE_SIZE, cursor })}`,
      );
      // format and state belong to versions: the newest version of each schema says them
      const withLatest: Row[] = await mapLimited(page.items, LOOKUPS_AT_ONCE, async (item) => {
        const versions = await session.api.request<Page<VersionSummary>>(
          'GET',
          `${schemaPath(item.registry, item.name)}/versions`,
        );
        return { ...item, latest: versions.items.at(-1) };
      });
      rows.push(...withLatest.filter(matches));
      looked += page.items.length;
      read++;
      cursor = page.nextCursor;
    } while (cursor && rows.length < PAGE_SIZE && read < MAX_PAGES_READ);
    return { rows, nextCursor: cursor, looked };
  }, [registry, filters.name, filters.format, filters.state, filters.mode, pages.cursor]);

  const setFilter = (name: keyof Filters, value: string) => {
    pages.reset();
    navigate(`/registries${query({ ...filters, [name]: value })}`, true);
  };

  return (
    <section>
      <h1>Registries and schemas</h1>
      <ProblemNotice error={registries.error} />
      <form class="filters" aria-label="Search schemas" onSubmit={(e) => e.preventDefault()}>
        <Field id="f-registry" label="Registry">
          <select id="f-registry" value={registry} onChange={(e) => setFilter('registry', fieldValue(e))}>
            {(registries.data?.items ?? []).map((r) => (
              <option key={r.name} value={r.name}>
                {r.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="f-name" label="Name starts with">
          <input
            id="f-name"
            type="search"
            value={filters.name}
            onChange={(e) => setFilter('name', fieldValue(e))}
          />
        </Field>
        <Field id="f-format" label="Format">
          <select id="f-format" value={filters.format} onChange={(e) => setFilter('format', fieldValue(e))}>
            <option value="">any</option>
            {FORMATS.map((f) => (
              <option key={f}>{f}</option>
            ))}
          </select>
        </Field>
        <Field id="f-state" label="State">
          <select id="f-state" value={filters.state} onChange={(e) => setFilter('state', fieldValue(e))}>
            <option value="">any</option>
            {VERSION_STATES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </Field>
        <Field id="f-mode" label="Compatibility mode">
          <select id="f-mode" value={filters.mode} onChange={(e) => setFilter('mode', fieldValue(e))}>
            <option value="">any</option>
            {COMPATIBILITY_MODES.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </Field>
      </form>
      {registries.data && registries.data.items.length === 0 && <p>No registries yet.</p>}
      {registries.data && (
        <RegistrySummary registry={registries.data.items.find((r) => r.name === registry)} />
      )}
      <ProblemNotice error={schemas.error} />
      {schemas.loading && <Loading />}
      {schemas.data && (
        <>
          <table class="list">
            <caption>
              {schemas.data.rows.length} matching schema{schemas.data.rows.length === 1 ? '' : 's'} (of{' '}
              {schemas.data.looked} looked through)
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Latest</th>
                <th scope="col">Format</th>
                <th scope="col">State</th>
                <th scope="col">Compatibility</th>
              </tr>
            </thead>
            <tbody>
              {schemas.data.rows.map((row) => (
                <tr key={row.name}>
                  <td>
                    <Link to={schemaRoute(row.registry, row.name)}>{row.name}</Link>
                  </td>
                  <td>{row.latestVersion ?? '—'}</td>
                  <td>{row.latest?.format ?? '—'}</td>
                  <td>
                    {row.latest ? <span class={`state ${row.latest.state}`}>{row.latest.state}</span> : '—'}
                  </td>
                  <td>
                    {row.compatibility} <small>({row.policy})</small>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            page={pages.page}
            nextCursor={schemas.data.nextCursor}
            onNext={pages.next}
            onPrevious={pages.previous}
          />
        </>
      )}
    </section>
  );
}

function RegistrySummary({ registry }: { registry: Registry | undefined }) {
  if (!registry) return null;
  return (
    <p class="summary">
      <strong>{registry.name}</strong>
      {registry.description ? ` — ${registry.description}` : ''} · default mode {registry.compatibility} (
      {registry.policy})
    </p>
  );
}
