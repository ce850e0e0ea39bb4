import type { z } from 'zod';

/**
 * Request and response types read off a route declaration of `@schemagate/api`, so the client never
 * restates a shape the server already declares.
 */

type JsonContent<S> = { content: { 'application/json': { schema: S } } };

/** The path parameters a route takes, as the caller writes them (`z.input`). */
export type RouteParams<R> = R extends { request: { params: infer P extends z.ZodType } }
  ? z.input<P>
  : Record<never, never>;

/**
 * The query string a route takes. The parsed (`z.output`) side, because the server coerces query strings
 * (`limit` arrives as text) and the caller means the parsed value.
 */
export type RouteQuery<R> = R extends { request: { query: infer Q extends z.ZodType } }
  ? z.output<Q>
  : Record<never, never>;

/** The JSON body a route takes, as the caller writes it. */
export type RouteBody<R> = R extends { request: { body: JsonContent<infer B extends z.ZodType> } }
  ? z.input<B>
  : never;

/** The JSON a route answers with the given status, as the server produced it (`z.output`). */
export type RouteResponse<R, S extends number = 200> = R extends {
  responses: { [K in S]: JsonContent<infer O extends z.ZodType> };
}
  ? z.output<O>
  : never;

/** The minimum the transport needs from a route declaration. */
export interface RouteLike {
  method: string;
  path: string;
}
