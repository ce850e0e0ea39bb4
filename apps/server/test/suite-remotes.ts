import { loadRemotes, type SuiteDraft } from '../../../packages/core/test/suite.ts';

/** The suite's remotes are addressed by URL; a remote without an id gets its URL as one, as a registry needs. */
function withId(uri: string, schema: unknown, draft: SuiteDraft): unknown {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return schema;
  const keyword = draft === 'draft4' ? 'id' : '$id';
  return keyword in schema ? schema : { [keyword]: uri, ...schema };
}

/**
 * Registers the JSON-Schema-Test-Suite's `remotes/` for a draft as `remote.<n>`, through `register` (true when it
 * took the schema). Remotes refer to each other: they are registered in rounds until a round makes no progress.
 */
export async function registerSuiteRemotes(
  draft: SuiteDraft,
  register: (name: string, schema: unknown) => Promise<boolean>,
): Promise<void> {
  let pending = loadRemotes(draft).map((remote, i) => ({
    name: `remote.${i}`,
    schema: withId(remote.uri, remote.schema, draft),
  }));
  while (pending.length > 0) {
    const failed: typeof pending = [];
    for (const remote of pending) if (!(await register(remote.name, remote.schema))) failed.push(remote);
    if (failed.length === pending.length) break;
    pending = failed;
  }
}
