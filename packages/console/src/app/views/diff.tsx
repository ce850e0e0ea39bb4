/**
 * Two versions side by side, and the compatibility report of `to` against `from` under the schema's mode:
 * breaking changes are marked, each with its witness (an event one version accepts and the other refuses).
 */
import { schemaPath } from '../api.ts';
import type { Session } from '../app.tsx';
import { JsonBlock, Link, Loading, ProblemNotice, useAsync } from '../components.tsx';
import { jsonRows, rowsText } from '../json-rows.ts';
import { diffLines } from '../line-diff.ts';
import { schemaRoute } from '../router.ts';
import type { CompatibilityReport, SchemaVersion } from '../types.ts';

interface Props {
  session: Session;
  registry: string;
  name: string;
  query: URLSearchParams;
}

export function DiffView({ session, registry, name, query }: Props) {
  const base = schemaPath(registry, name);
  const from = Number(query.get('from'));
  const to = Number(query.get('to'));
  const valid = Number.isInteger(from) && Number.isInteger(to) && from > 0 && to > 0;
  const versions = useAsync(async () => {
    if (!valid) return undefined;
    const [left, right] = await Promise.all([
      session.api.request<SchemaVersion>('GET', `${base}/versions/${from}`),
      session.api.request<SchemaVersion>('GET', `${base}/versions/${to}`),
    ]);
    return { left, right };
  }, [base, from, to]);
  const report = useAsync(async () => {
    if (!versions.data) return undefined;
    const { right } = versions.data;
    return session.api.request<CompatibilityReport>('POST', `${base}/compatibility`, {
      schema: right.schema,
      format: right.format,
      against: from,
    });
  }, [versions.data]);
  const route = schemaRoute(registry, name);
  return (
    <section>
      <p class="crumbs">
        <Link to={`/registries?registry=${encodeURIComponent(registry)}`}>{registry}</Link> /{' '}
        <Link to={route}>{name}</Link> /
      </p>
      <h1>
        Diff v{from} → v{to}
      </h1>
      {!valid && <p role="alert">Give two version numbers, e.g. ?from=1&amp;to=2.</p>}
      <ProblemNotice error={versions.error} />
      {versions.loading && <Loading />}
      {versions.data && <SideBySide left={versions.data.left} right={versions.data.right} />}
      <h2>Compatibility report</h2>
      <ProblemNotice error={report.error} />
      {versions.data && report.loading && <Loading />}
      {report.data && <Report report={report.data} />}
    </section>
  );
}

function SideBySide({ left, right }: { left: SchemaVersion; right: SchemaVersion }) {
  const rows = diffLines(
    rowsText(jsonRows(left.schema)).split('\n'),
    rowsText(jsonRows(right.schema)).split('\n'),
  );
  return (
    <table class="diff" aria-label={`Content of v${left.version} and v${right.version}`}>
      <thead>
        <tr>
          <th scope="col">v{left.version}</th>
          <th scope="col">v{right.version}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={index} class={row.kind}>
            <td>
              {row.kind !== 'added' && (
                <code>
                  {row.kind === 'removed' && <span class="sr-only">removed: </span>}
                  {row.left}
                </code>
              )}
            </td>
            <td>
              {row.kind !== 'removed' && (
                <code>
                  {row.kind === 'added' && <span class="sr-only">added: </span>}
                  {row.right}
                </code>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Report({ report }: { report: CompatibilityReport }) {
  const breaking = report.changes.filter((change) => change.breaking);
  return (
    <div class="report">
      <p class={report.compatible ? 'verdict ok' : 'verdict bad'} role="status">
        {report.compatible ? 'Compatible' : 'Not compatible'} under {report.mode} ({report.policy}):{' '}
        {report.changes.length} change{report.changes.length === 1 ? '' : 's'}, {breaking.length} breaking
      </p>
      {report.mode === 'NONE' && <p>The schema's mode is NONE: nothing is compared.</p>}
      <ul class="changes">
        {report.changes.map((change, index) => (
          <li key={index} class={change.breaking ? 'change breaking' : 'change'}>
            <p>
              {change.breaking && <strong class="badge">breaking</strong>} <code>{change.type}</code> at{' '}
              <code>{change.path || '/'}</code>: {change.message}
            </p>
            {change.breaking && change.witness !== undefined && (
              <details open>
                <summary>Witness event</summary>
                <JsonBlock
                  value={change.witness}
                  label={`Witness of ${change.type} at ${change.path || '/'}`}
                />
              </details>
            )}
            {change.breaking && change.witness === undefined && (
              <p class="hint">No witness was found in time.</p>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
