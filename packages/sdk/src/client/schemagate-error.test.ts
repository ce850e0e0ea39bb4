import { describe, expect, it } from 'vitest';
import { SchemagateError } from './schemagate-error.ts';

const problem = { type: 'about:blank', title: 'Not a valid schema', status: 422, code: 'invalid_schema' };

describe('SchemagateError', () => {
  it('says the detail after the title', () => {
    expect(new SchemagateError({ ...problem, detail: 'because' }).message).toBe(
      'Not a valid schema: because',
    );
  });

  it('names the first errors, pointer and message, when the problem has no detail', () => {
    const errors = [
      { path: '/components/schemas', keyword: 'schema', message: 'name the event component AWSEvent' },
      { path: '', message: 'at the root' },
      { path: '/a', message: 'one' },
      { path: '/b', message: 'two' },
    ];
    expect(new SchemagateError({ ...problem, errors }).message).toBe(
      'Not a valid schema: /components/schemas: name the event component AWSEvent; /: at the root; /a: one (and 1 more)',
    );
    expect(new SchemagateError({ ...problem, errors: [{ what: 1 }] }).message).toBe('Not a valid schema');
  });
});

describe('SchemagateError.code', () => {
  it('is the API code the server sent', () => {
    expect(new SchemagateError(problem).code).toBe('invalid_schema');
  });

  it("is the SDK's own code when no answer arrived", () => {
    const local = { type: 'about:blank', title: 'Timeout', status: 0 };
    expect(new SchemagateError({ ...local, code: 'timeout' }).code).toBe('timeout');
    expect(new SchemagateError({ ...local, code: 'network_error' }).code).toBe('network_error');
  });

  it('is http_<status> for a code the API does not declare, and the problem keeps what was sent', () => {
    const error = new SchemagateError({ ...problem, status: 502, code: 'upstream_exploded' });
    expect(error.code).toBe('http_502');
    expect(error.problem.code).toBe('upstream_exploded');
    // `timeout` from an answer is not the SDK's transport failure, which has no answer (status 0).
    expect(new SchemagateError({ ...problem, status: 504, code: 'timeout' }).code).toBe('http_504');
  });
});
