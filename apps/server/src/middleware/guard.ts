import type { Context } from 'hono';

/** A handler's answer: at once when nothing had to be waited for, else a promise of it. */
export type Answer = Response | undefined | Promise<Response | undefined>;

/**
 * A check in front of a handler: it throws an AppError to refuse the request, or calls `next` and returns what
 * `next` returns. Guards are not `async`: they wait only when they must (a key not cached yet, a chunked body),
 * so a chain of them in front of a hot route costs no promise of its own, and a handler that answers at once
 * (a cached read) answers the whole request without a promise. Each is also a hono middleware.
 */
export type Guard = (c: Context, next: () => Answer) => Answer;

/** `guards` in front of `handler`, as one function: the first guard runs first. */
export function chainGuards(
  guards: readonly Guard[],
  handler: (c: Context) => Answer,
): (c: Context) => Answer {
  return guards.reduceRight<(c: Context) => Answer>(
    (inner, guard) => (c) => guard(c, () => inner(c)),
    handler,
  );
}
