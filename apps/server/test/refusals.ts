import { expect } from 'vitest';

/** A problem document as the server answers it, with the pointers it names. */
export interface Problem {
  code: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

/** Asserts a 422 problem+json with `code`, and returns it. */
export async function refused(res: Response, code: string): Promise<Problem> {
  const text = await res.text();
  expect(res.status, text).toBe(422);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const body = JSON.parse(text) as Problem;
  expect(body).toMatchObject({ code, status: 422 });
  return body;
}

/** The JSON Pointers a problem names, in order. */
export const pathsOf = (problem: Problem) => (problem.errors ?? []).map((e) => e.path);
