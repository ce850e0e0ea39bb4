/** One schema: its versions (state, fingerprint, date), a version's content, its config and its references. */
import { useState } from 'preact/hooks';
import { schemaPath } from '../api.ts';
import type { Session } from '../app.tsx';
import {
  Field,
  fieldValue,
  formatDate,
  JsonBlock,
  Link,
  Loading,
  ProblemNotice,
  useAsync,
} from '../components.tsx';
import { navigate, schemaRoute } from '../router.ts';
import {
  COMPATIBILITY_MODES,
  type Page,
  POLICIES,
  type SchemaConfig,
  type SchemaVersion,
  VERSION_STATES,
  type VersionReferences,
  type VersionSummary,
} from '../types.ts';

interface Props {
  session: Session;
  registry: string;
  name: string;
  query: URLSearchParams;
}

export function SchemaView({ session, registry, name, query }: Props) {
  const base = schemaPath(registry, name);
  const versions = useAsync(
    () => session.api.request<Page<VersionSummary>>('GET', `${base}/versions`),
    [base],
  );
  const latest = versions.data?.items.at(-1)?.version;
  const chosen = Number(query.get('version')) || latest;
  const content = useAsync(
    () =>
      chosen
        ? session.api.request<SchemaVersion>('GET', `${base}/versions/${chosen}`)
        : Promise.resolve(undefined),
    [base, chosen],
  );
  const route = schemaRoute(registry, name);
  return (
    <section>
      <p class="crumbs">
        <Link to={`/registries?registry=${encodeURIComponent(registry)}`}>{registry}</Link> /
      </p>
      <h1>{name}</h1>
      <ProblemNotice error={versions.error} />
      {versions.loading && !versions.data && <Loading />}
      {versions.data && (
        <VersionTable
          session={session}
          base={base}
          route={route}
          versions={versions.data.items}
          chosen={chosen}
          onChanged={() => {
            versions.reload();
            content.reload();
          }}
        />
      )}
      <div class="columns">
        <div>
          <h2>Content of version {chosen ?? '—'}</h2>
          <ProblemNotice error={content.error} />
          {content.data && (
            <>
              <p class="summary">
                {content.data.format} · {content.data.dialect}
              </p>
              <JsonBlock value={content.data.schema} label={`Content of version ${content.data.version}`} />
            </>
          )}
        </div>
        <div>
          <ConfigForm session={session} base={base} />
          {chosen && <References session={session} base={base} version={chosen} />}
        </div>
      </div>
    </section>
  );
}

function VersionTable(props: {
  session: Session;
  base: string;
  route: string;
  versions: VersionSummary[];
  chosen: number | undefined;
  onChanged: () => void;
}) {
  const { session, base, route, versions } = props;
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState('');
  const changeState = async (version: number, state: string) => {
    setError(undefined);
    setMessage('');
    try {
      await session.api.request('PATCH', `${base}/versions/${version}`, { state });
      setMessage(`Version ${version} is now ${state}.`);
      props.onChanged();
    } catch (problem) {
      setError(problem);
      // the select shows what was asked for; reload to show the state in force
      props.onChanged();
    }
  };
  return (
    <>
      <table class="list">
        <caption>Versions</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">State</th>
            <th scope="col">Fingerprint</th>
            <th scope="col">Registered</th>
            <th scope="col">Compare</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v, index) => (
            <tr key={v.version} class={v.version === props.chosen ? 'chosen' : undefined}>
              <td>
                <Link to={`${route}?version=${v.version}`} current={v.version === props.chosen}>
                  {`v${v.version}`}
                </Link>
              </td>
              <td>
                {session.can('write') ? (
                  <select
                    aria-label={`State of version ${v.version}`}
                    value={v.state}
                    onChange={(event) => changeState(v.version, fieldValue(event))}
                  >
                    {VERSION_STATES.map((s) => (
                      <option key={s}>{s}</option>
                    ))}
                  </select>
                ) : (
                  <span class={`state ${v.state}`}>{v.state}</span>
                )}
              </td>
              <td>
                <code title={v.fingerprint}>{v.fingerprint.slice(0, 16)}…</code>
              </td>
              <td>{formatDate(v.createdAt)}</td>
              <td>
                {index > 0 && (
                  <Link to={`${route}/diff?from=${versions[index - 1]!.version}&to=${v.version}`}>
                    {`v${versions[index - 1]!.version} → v${v.version}`}
                  </Link>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p role="status" class="saved">
        {message}
      </p>
      <ProblemNotice error={error} />
      {versions.length > 1 && <CompareForm route={route} versions={versions} />}
    </>
  );
}

/** Any two versions, not only neighbours: goes to the diff's address. */
function CompareForm({ route, versions }: { route: string; versions: VersionSummary[] }) {
  const numbers = versions.map((v) => v.version);
  const [from, setFrom] = useState(numbers.at(-2)!);
  const [to, setTo] = useState(numbers.at(-1)!);
  return (
    <form
      class="compare"
      aria-label="Compare two versions"
      onSubmit={(event) => {
        event.preventDefault();
        navigate(`${route}/diff?from=${from}&to=${to}`);
      }}
    >
      <Field id="compare-from" label="From">
        <select id="compare-from" value={from} onChange={(e) => setFrom(Number(fieldValue(e)))}>
          {numbers.map((n) => (
            <option key={n} value={n}>{`v${n}`}</option>
          ))}
        </select>
      </Field>
      <Field id="compare-to" label="To">
        <select id="compare-to" value={to} onChange={(e) => setTo(Number(fieldValue(e)))}>
          {numbers.map((n) => (
            <option key={n} value={n}>{`v${n}`}</option>
          ))}
        </select>
      </Field>
      <button type="submit">Compare</button>
    </form>
  );
}

function ConfigForm({ session, base }: { session: Session; base: string }) {
  const config = useAsync(() => session.api.request<SchemaConfig>('GET', `${base}/config`), [base]);
  const [draft, setDraft] = useState<Partial<SchemaConfig>>({});
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState('');
  if (config.error) return <ProblemNotice error={config.error} />;
  if (!config.data) return <Loading />;
  const value = { ...config.data, ...draft };
  const editable = session.can('write');
  const save = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    setMessage('');
    try {
      await session.api.request('PUT', `${base}/config`, value);
      setDraft({});
      setMessage('Config saved.');
      config.reload();
    } catch (problem) {
      setError(problem);
    }
  };
  return (
    <form class="config" onSubmit={save} aria-labelledby="config-heading">
      <h2 id="config-heading">Config</h2>
      <Field id="config-mode" label="Compatibility mode">
        <select
          id="config-mode"
          disabled={!editable}
          value={value.compatibility}
          onChange={(e) =>
            setDraft({ ...draft, compatibility: fieldValue(e) as SchemaConfig['compatibility'] })
          }
        >
          {COMPATIBILITY_MODES.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </Field>
      <Field id="config-policy" label="Policy">
        <select
          id="config-policy"
          disabled={!editable}
          value={value.policy}
          onChange={(e) => setDraft({ ...draft, policy: fieldValue(e) as SchemaConfig['policy'] })}
        >
          {POLICIES.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
      </Field>
      {editable && <button type="submit">Save config</button>}
      <p role="status" class="saved">
        {message}
      </p>
      <ProblemNotice error={error} />
    </form>
  );
}

function References({ session, base, version }: { session: Session; base: string; version: number }) {
  const refs = useAsync(
    () => session.api.request<VersionReferences>('GET', `${base}/versions/${version}/references`),
    [base, version],
  );
  const list = (items: VersionReferences['references'], empty: string) =>
    items.length === 0 ? (
      <p>{empty}</p>
    ) : (
      <ul>
        {items.map((r) => (
          <li key={`${r.registry}/${r.name}/${r.version}`}>
            <Link to={`${schemaRoute(r.registry, r.name)}?version=${r.version}`}>
              {r.registry}/{r.name} v{r.version}
            </Link>
          </li>
        ))}
      </ul>
    );
  return (
    <div class="references">
      <h2>References</h2>
      <ProblemNotice error={refs.error} what="Listing references" />
      {refs.data && (
        <>
          <h3>Version {version} refers to</h3>
          {list(refs.data.references, 'No other schema.')}
          <h3>Referenced by</h3>
          {list(refs.data.referencedBy, 'No live version refers to it.')}
        </>
      )}
    </div>
  );
}
