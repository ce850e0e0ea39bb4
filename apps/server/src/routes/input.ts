import { escapePointerToken } from '@schemagate/core';
import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from '../errors.ts';

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

/** The body's text, for a route that reads the text itself before parsing it (see {@link parseJson}). */
export function readBodyText(c: Context): Promise<string> {
  return c.req.text().then(undefined, unreadableBody);
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
