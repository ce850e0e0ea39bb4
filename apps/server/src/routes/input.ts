import { escapePointerToken, findUnstorableValues } from '@schemagate/core';
import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from '../errors.ts';
import { unstorableProblem } from '../unstorable-problem.ts';

type Issue = { path: PropertyKey[]; message: string; code: string };

/** A 422 naming each member of the request that does not match the declaration, by JSON Pointer. */
export function invalidRequest(issues: readonly Issue[]): AppError {
  return new AppError('invalid_request', {
    errors: issues.map((issue) => ({
      path: `/${issue.path.map((p) => escapePointerToken(String(p))).join('/')}`,
      message: issue.message,
      code: issue.code,
    })),
  });
}

/** Where a declared input was read from, as zod-openapi's validators name it, and how a problem names it. */
const inputPlaces: Record<string, string> = {
  json: 'body',
  query: 'query string',
  param: 'path',
  header: 'headers',
  cookie: 'cookies',
  form: 'form',
};

/** Refuses a value holding what storage cannot keep as written (see {@link unstorableProblem}). */
export function refuseUnstorable(value: unknown, place: string): void {
  const found = findUnstorableValues(value);
  if (found.length > 0) throw unstorableProblem(found, place);
}

/**
 * What every declared route's input goes through once zod-openapi has checked it (the app's `defaultHook`): a
 * member that does not match the declaration is a 422 `invalid_request`; one that matches but holds a number out
 * of range or text that cannot be stored is refused as {@link unstorableProblem} says, before anything reaches
 * storage. Hot routes check their input with {@link checkInput}: their declared members are names, patterns and
 * integers, and the events they validate are not stored (a NUL in an event is validated, not refused).
 */
export function checkDeclaredInput(result: {
  success: boolean;
  data?: unknown;
  target?: string;
  error?: { issues: readonly Issue[] };
}): void {
  if (!result.success) throw invalidRequest(result.error?.issues ?? []);
  refuseUnstorable(result.data, inputPlaces[result.target ?? ''] ?? 'request');
}

/** Checks a value against a declared zod schema, as the route's validator would. */
export function checkInput<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidRequest(result.error.issues as Issue[]);
  return result.data;
}

const invalidJson = () =>
  new AppError('invalid_json', { detail: 'The request body could not be parsed as JSON' });

/** What a body that could not be read is answered with: the 400 `invalid_json` problem. */
export function unreadableBody(): never {
  throw invalidJson();
}

const utf8 = new TextDecoder();

/** The body's text, for a route that reads the text itself before parsing it (see {@link parseJson}). */
export function readBodyText(c: Context): Promise<string> {
  // bytes a middleware read first (the Idempotency-Key fingerprint) are decoded here, as `text()` decodes (UTF-8,
  // a BOM dropped): hono would read a cached body as another type through a new Response around it
  // (hono types its cache as the values; it holds their promises)
  const bytes = c.req.bodyCache.arrayBuffer as ArrayBuffer | Promise<ArrayBuffer> | undefined;
  const text = bytes ? Promise.resolve(bytes).then((buffer) => utf8.decode(buffer)) : c.req.text();
  return text.then(undefined, unreadableBody);
}

/** JSON text parsed, or a 400 `invalid_json` problem. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalidJson();
  }
}

/** The JSON body, checked against the route's declared body schema. */
export async function readJsonBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  return checkInput(schema, parseJson(await readBodyText(c)));
}

/** A batch over `/v1/quotas`' `batch.maxEvents` is refused as a whole (413), for validation and the gate alike. */
export function checkBatchSize(count: number, maxEvents: number): void {
  if (count > maxEvents) {
    throw new AppError('payload_too_large', {
      detail: `A batch holds at most ${maxEvents} events; this one has ${count}`,
    });
  }
}
