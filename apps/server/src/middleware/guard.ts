import type { Context } from 'hono';

/**
 * A check in front of a handler: it throws an AppError to refuse the request, or calls `next` and returns what
 * `next` returns. Guards are not `async`: they wait only when they must (a key not cached yet, a chunked body),
 * so a chain of them in front of a hot route costs no promise of its own. Each is also a hono middleware.
 */
export type Guard = (c: Context, next: () => Promise<Response | undefined>) => Promise<Response | undefined>;

/** `guards` in front of `handler`, as one function: the first guard runs first. */
export function chainGuards(
  guards: readonly Guard[],
  handler: (c: Context) => Promise<Response>,
): (c: Context) => Promise<Response | undefined> {
  return guards.reduceRight<(c: Context) => Promise<Response | undefined>>(
    (inner, guard) => (c) => guard(c, () => inner(c)),
    handler,
  );
}
