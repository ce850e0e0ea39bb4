/**
 * One event's verdict in a form the three judges can be compared in: the server's `POST /v1/validate`, the SDK's
 * `createValidator` and generated bindings (through `bindingsValidator`). A refusal (no schema, several, a
 * disabled version) is its code alone: the server answers it as a problem, the SDK as a result.
 */
import { createClient, type SchemagateClient } from '@schemagate/sdk';
import type { TestApp } from './harness.ts';

export type Verdict =
  | { refused: string }
  | {
      valid: boolean;
      schema: string | null;
      version: number | string | null;
      issues: string[];
      warnings: string[];
    };

const REFUSALS = new Set(['no_schema_for_event', 'ambiguous_route', 'version_disabled']);

interface ResultLike {
  valid: boolean;
  schema: string | null;
  version: number | string | null;
  errors: { path: string; keyword: string }[];
  warnings?: string[] | undefined;
}

/** A verdict from a result (the server's 200 answer or batch entry, the SDK's, the bindings'). */
export function verdictOf(result: ResultLike): Verdict {
  const [first] = result.errors;
  if (
    !result.valid &&
    result.errors.length === 1 &&
    first &&
    first.path === '' &&
    REFUSALS.has(first.keyword)
  ) {
    return { refused: first.keyword };
  }
  return {
    valid: result.valid,
    schema: result.schema,
    version: result.version,
    issues: result.errors.map((e) => `${e.path} ${e.keyword}`).sort(),
    warnings: result.warnings ?? [],
  };
}

/** The server's verdict through `POST /v1/validate`; a 4xx refusal becomes its code. */
export async function serverVerdict(
  t: TestApp,
  body: { event: unknown; registry?: string; schema?: string; version?: number },
): Promise<Verdict> {
  const res = await t.call('POST', '/v1/validate', { key: 'validate', json: body });
  const answer = (await res.json()) as ResultLike & { code?: string };
  if (res.status === 200) return verdictOf(answer);
  if (answer.code && REFUSALS.has(answer.code)) return { refused: answer.code };
  throw new Error(`POST /v1/validate answered ${res.status}: ${JSON.stringify(answer)}`);
}

/** The SDK's registry client, talking to the in-process app. */
export function inProcessClient(t: TestApp): SchemagateClient {
  return createClient({
    url: 'http://schemagate.test',
    key: t.keys.read,
    fetch: (input, init) => Promise.resolve(t.app.request(input as string, init)),
  });
}
