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
