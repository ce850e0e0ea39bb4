/** The problem codes this package answers with, and the HTTP status of each. */
export const IDEMPOTENCY_PROBLEMS = {
  idempotency_key_missing: { status: 400, title: 'An Idempotency-Key header is required' },
  idempotency_key_invalid: { status: 400, title: 'The Idempotency-Key header is malformed' },
  idempotency_key_in_flight: {
    status: 409,
    title: 'A request with this Idempotency-Key is still being processed',
  },
  idempotency_key_reused: {
    status: 422,
    title: 'This Idempotency-Key was used for a different request',
  },
} as const;

export type IdempotencyProblemCode = keyof typeof IDEMPOTENCY_PROBLEMS;

/** An RFC 9457 problem+json answer, shaped as schemagate's server shapes its own. */
export function idempotencyProblem(
  code: IdempotencyProblemCode,
  detail: string,
  instance: string,
  headers: Record<string, string> = {},
): Response {
  const { status, title } = IDEMPOTENCY_PROBLEMS[code];
  const body = {
    type: `https://schemagate.dev/problems/${code.replaceAll('_', '-')}`,
    title,
    status,
    code,
    detail,
    instance,
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
}
