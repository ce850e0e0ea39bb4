import type { Context } from 'hono';

/** A handler's answer: at once when nothing had to be waited for, else a promise of it. */
export type Answer = Response | undefined | Promise<Response | undefined>;

/** What a guard calls to let the request through: the rest of the chain, given the request's context. */
export type Next = (c: Context) => Answer;

/**
 * A check in front of a handler: it throws an AppError to refuse the request, or calls `next(c)` and returns what
 * `next` returns. Guards are not `async`: they wait only when they must (a key not cached yet, a chunked body),
 * so a chain of them in front of a hot route costs no promise of its own, and a handler that answers at once
 * (a cached read) answers the whole request without a promise. `next` takes the context, so a chain is built
 * once and allocates nothing per request. Each guard is also a hono middleware: hono's `next` ignores it.
 */
export type Guard = (c: Context, next: Next) => Answer;

/** `guards` in front of `handler`, as one function: the first guard runs first. */
export function chainGuards(guards: readonly Guard[], handler: Next): Next {
  return guards.reduceRight<Next>((inner, guard) => (c) => guard(c, inner), handler);
}
