/** Registries and their schemas, searched by name, format, state and compatibility mode; filters live in the URL. */
import { query, schemaPath } from '../api.ts';
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
  const schemas = useAsync(async () => {
    if (!registry) return undefined;
    const page = await session.api.request<Page<SchemaSummary>>(
      'GET',
      `/v1/registries/${encodeURIComponent(registry)}/schemas${query({ prefix: filters.name, limit: PAGE_SIZE, cursor: pages.cursor })}`,
    );
    // format and state belong to versions: the newest version of each schema on the page says them
    const rows: Row[] = await Promise.all(
      page.items.map(async (item) => {
        const versions = await session.api.request<Page<VersionSummary>>(
          'GET',
          `${schemaPath(item.registry, item.name)}/versions`,
        );
        return { ...item, latest: versions.items.at(-1) };
      }),
    );
    return { rows, nextCursor: page.nextCursor };
  }, [registry, filters.name, pages.cursor]);

  const setFilter = (name: keyof Filters, value: string) => {
    const next = { ...filters, [name]: value };
    if (name === 'registry' || name === 'name') pages.reset();
    navigate(`/registries${query({ ...next })}`, true);
  };
  const shown = (schemas.data?.rows ?? []).filter(
    (row) =>
      (!filters.format || row.latest?.format === filters.format) &&
      (!filters.state || row.latest?.state === filters.state) &&
      (!filters.mode || row.compatibility === filters.mode),
  );

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
              {shown.length} of {schemas.data.rows.length} schemas on this page match
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
              {shown.map((row) => (
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
