/**
 * Schemas from the wild use lookaheads that RE2 cannot run, such as Bukkit's plugin.yml `main` (a Java class not in
 * `org.bukkit`). The registry takes those whose matching is proved linear and runs them on the native engine; a
 * lookahead around nested quantifiers is still refused as `unsafe_pattern`.
 */
import { eachDatabase } from '@schemagate/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.ts';

const bukkitMain = String.raw`^(?!org\.bukkit\.)([a-zA-Z_$][a-zA-Z\d_$]*\.)*[a-zA-Z_$][a-zA-Z\d_$]*$`;
const pluginYml = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://json.schemastore.org/bukkit-plugin.json',
  type: 'object',
  required: ['name', 'main', 'version'],
  properties: {
    name: { type: 'string', pattern: '^[A-Za-z0-9_.-]+$' },
    main: { type: 'string', pattern: bukkitMain },
    version: { type: 'string' },
  },
};

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp(await eachDatabase()[0]!.create());
}, 60_000);
afterAll(() => t?.close());

const validate = (event: unknown) =>
  t.call('POST', '/v1/validate', { key: 'validate', json: { registry: 'mc', schema: 'plugin', event } });

describe('lookahead patterns proved safe', () => {
  it('registers the Bukkit plugin schema and validates events with its lookahead', async () => {
    const res = await t.call('POST', '/v1/registries/mc/schemas/plugin/versions', {
      json: { schema: pluginYml },
    });
    expect(res.status).toBe(201);
    const good = { name: 'MyPlugin', main: 'com.example.myplugin.Main', version: '1.0' };
    expect(await (await validate(good)).json()).toMatchObject({ valid: true, schema: 'plugin', version: 1 });
    for (const main of ['org.bukkit.plugin.Main', 'com..Main', '1com.Main', 'com.example.']) {
      const verdict = await validate({ ...good, main });
      expect(verdict.status).toBe(200);
      expect(await verdict.json(), main).toMatchObject({
        valid: false,
        errors: [expect.objectContaining({ path: '/main', keyword: 'pattern' })],
      });
    }
  });

  it('answers an event built to make the pattern backtrack quickly', async () => {
    const main = `${'a.'.repeat(20_000)}!`;
    const started = performance.now();
    const verdict = await validate({ name: 'x', main, version: '1' });
    expect(await verdict.json()).toMatchObject({
      valid: false,
      errors: [expect.objectContaining({ path: '/main' })],
    });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('still refuses a lookahead around nested quantifiers as unsafe_pattern, naming where it is', async () => {
    const res = await t.call('POST', '/v1/registries/mc/schemas/hostile/versions', {
      json: {
        schema: {
          type: 'object',
          properties: { main: { type: 'string', pattern: '^(?!org\\.)(\\w+\\.?)+$' } },
        },
      },
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      code: 'unsafe_pattern',
      errors: [expect.objectContaining({ path: '/properties/main/pattern', keyword: 'pattern' })],
    });
  });
});
