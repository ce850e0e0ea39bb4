import { eachDatabase } from '@schemagate/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.ts';
import { refused as expectRefusal, type Problem, pathsOf } from './refusals.ts';

// Postgres refuses NUL in text and jsonb, and a lone surrogate has no UTF-8 form: wherever such text can arrive on
// its way to storage, it is a 422 naming where it is, never a 500 (or, for a surrogate, a silent U+FFFD).

const registry = 'texts';
const base = `/v1/registries/${registry}/schemas`;

/** A 422 refusal, `unstorable_text` unless told. */
const refused = (res: Response, code = 'unstorable_text') => expectRefusal(res, code);

/** JSON text with `\u0000` / `\ud800` escapes written as they are, the way a client would send them. */
const escaped = (json: string) => json.replaceAll('NUL', '\\u0000').replaceAll('LONE', '\\ud800');

describe.each(eachDatabase())('text that cannot be stored is a 422 ($name)', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(await database.create());
    expect((await t.call('PUT', `/v1/registries/${registry}`, { json: {} })).status).toBe(201);
    for (const name of ['a.one', 'a.two', 'a.three']) {
      const res = await t.call('POST', `${base}/${name}/versions`, { json: { schema: { type: 'object' } } });
      expect(res.status).toBe(201);
    }
  });
  afterAll(() => t?.close());

  it('refuses a registry description with NUL or a lone surrogate, and stores neither', async () => {
    for (const [body, what] of [
      ['{"description": "aNULb"}', /NUL \(U\+0000\)/],
      ['{"description": "aLONEb"}', /lone surrogate \(U\+D800\)/],
      ['{"description": "a\\udfffb"}', /lone surrogate \(U\+DFFF\)/],
    ] as const) {
      const problem = await refused(await t.call('PUT', '/v1/registries/described', { body: escaped(body) }));
      expect(pathsOf(problem)).toEqual(['/description']);
      expect(problem.errors![0]!.message).toMatch(what);
      expect(problem.detail).toMatch(/body/);
    }
    expect((await t.call('GET', '/v1/registries/described')).status).toBe(404);
    const fine = await t.call('PUT', '/v1/registries/described', { json: { description: 'emoji 😀 and ü' } });
    expect(fine.status).toBe(201);
    expect(((await fine.json()) as { description: string }).description).toBe('emoji 😀 and ü');
  });

  it('refuses a schema holding such text anywhere, naming each pointer', async () => {
    const cases: [string, string[]][] = [
      ['{"schema": {"description": "xNUL"}}', ['/schema/description']],
      [
        '{"schema": {"properties": {"source": {"const": "aNUL"}, "detail-type": {"const": "T"}}}}',
        ['/schema/properties/source/const'],
      ],
      ['{"schema": {"enum": ["ok", "LONE"]}}', ['/schema/enum/1']],
      ['{"schema": {"type": "string", "pattern": "^aNUL"}}', ['/schema/pattern']],
      [
        '{"schema": {"properties": {"kNUL": {}, "fine": {"title": "LONE"}}}}',
        ['/schema/properties/k\u0000', '/schema/properties/fine/title'],
      ],
      ['{"schema": {"$defs": {"aLONE": {"type": "string"}}}}', ['/schema/$defs/a\ud800']],
    ];
    for (const [body, paths] of cases) {
      const problem = await refused(
        await t.call('POST', `${base}/holds.text/versions`, { body: escaped(body) }),
      );
      expect(pathsOf(problem)).toEqual(paths);
    }
    expect((await t.call('GET', `${base}/holds.text/versions`)).status).toBe(404);
  });

  it('refuses such text in a compatibility check, which reads storage too', async () => {
    const problem = await refused(
      await t.call('POST', `${base}/a.one/compatibility`, {
        body: escaped('{"schema": {"type": "object", "description": "NUL"}}'),
      }),
    );
    expect(pathsOf(problem)).toEqual(['/schema/description']);
  });

  it('refuses metadata holding such text, in values and in member names, at registration and on PATCH', async () => {
    const registered = await refused(
      await t.call('POST', `${base}/with.metadata/versions`, {
        body: escaped('{"schema": {}, "metadata": {"owner": "aNUL", "tags": ["x", "LONE"], "kNUL": 1}}'),
      }),
    );
    expect(pathsOf(registered)).toEqual(['/metadata/owner', '/metadata/tags/1', '/metadata/k\u0000']);
    expect(registered.errors![2]!.message).toMatch(/member name/);
    const patched = await refused(
      await t.call('PATCH', `${base}/a.one/versions/1`, { body: escaped('{"metadata": {"note": "LONE"}}') }),
    );
    expect(pathsOf(patched)).toEqual(['/metadata/note']);
    const version = (await (await t.call('GET', `${base}/a.one/versions/1`)).json()) as { metadata: unknown };
    expect(version.metadata).toEqual({});
  });

  it('refuses a query parameter holding NUL, naming it', async () => {
    const problem = await refused(await t.call('GET', `${base}?prefix=a%00`));
    expect(pathsOf(problem)).toEqual(['/prefix']);
    expect(problem.detail).toMatch(/query string/);
    // a percent-encoded lone surrogate is not UTF-8: it is kept as it was sent, which storage takes
    const lone = await t.call('GET', `${base}?prefix=a%ED%A0%80`);
    expect(lone.status).toBe(200);
  });

  it('refuses a path parameter holding NUL', async () => {
    // names are patterns, so NUL fails the declaration first
    const res = await t.call('GET', `/v1/registries/a%00b/schemas`);
    expect(res.status).toBe(422);
    expect(((await res.json()) as Problem).code).toBe('invalid_request');
  });

  it('refuses a cursor that decodes to NUL, or that this listing did not make, and follows its own', async () => {
    const forged = [
      Buffer.from('\u0000', 'utf8').toString('base64url'),
      Buffer.from('a.one\u0000', 'utf8').toString('base64url'),
      Buffer.from([0xff, 0xfe]).toString('base64url'),
      'AA==',
      '!!!',
    ];
    for (const cursor of forged) {
      const res = await t.call('GET', `${base}?cursor=${encodeURIComponent(cursor)}`);
      const problem = await refused(res, 'invalid_request');
      expect(problem.detail).toMatch(/cursor/);
    }
    const first = (await (await t.call('GET', `${base}?limit=2`)).json()) as {
      items: unknown[];
      nextCursor: string;
    };
    expect(first.items).toHaveLength(2);
    const second = (await (await t.call('GET', `${base}?limit=2&cursor=${first.nextCursor}`)).json()) as {
      items: { name: string }[];
    };
    expect(second.items.map((i) => i.name)).toEqual(['a.two']);
  });

  it('validates an event holding NUL or a lone surrogate: events are not stored by /v1/validate', async () => {
    const event = escaped(
      '{"event": {"note": "aNULb", "other": "LONE"}, "registry": "texts", "schema": "a.one"}',
    );
    const one = await t.call('POST', '/v1/validate', { body: event, key: 'validate' });
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ valid: true });
    const batch = escaped('{"events": [{"k": "NUL"}, {"LONE": 1}], "registry": "texts", "schema": "a.one"}');
    const many = await t.call('POST', '/v1/validate/batch', { body: batch, key: 'validate' });
    expect(many.status).toBe(200);
    expect(await many.json()).toMatchObject({ failedCount: 0 });
  });

  it('keeps storing text that is merely unusual', async () => {
    const schema = { description: 'tab\t, newline\n, U+FFFF \uffff, pair 😀, BOM \ufeff', enum: ['\u2028'] };
    const res = await t.call('POST', `${base}/unusual/versions`, {
      json: { schema, metadata: { k: '\u0001' } },
    });
    expect(res.status).toBe(201);
    const read = (await (await t.call('GET', `${base}/unusual/versions/1`)).json()) as {
      schema: unknown;
      metadata: unknown;
    };
    expect(read.schema).toEqual(schema);
    expect(read.metadata).toEqual({ k: '\u0001' });
  });
});
