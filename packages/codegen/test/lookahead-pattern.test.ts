/**
 * A lookahead pattern proved linear (Bukkit's plugin.yml `main`) runs natively in generated validators too, with the
 * verdicts of the registry's own compile.
 */
import { join } from 'node:path';
import { compileSchema, fingerprint } from '@schemagate/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBindings } from '../src/index.ts';
import { removeGenerated, writeGenerated } from './generated-output.ts';

const main = String.raw`^(?!org\.bukkit\.)([a-zA-Z_$][a-zA-Z\d_$]*\.)*[a-zA-Z_$][a-zA-Z\d_$]*$`;
const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['main'],
  properties: { main: { type: 'string', pattern: main } },
};

describe('generated validators with a lookahead pattern', () => {
  let check: (event: unknown) => unknown[];
  let validatorsCode: string;
  beforeAll(async () => {
    const { files } = await generateBindings([
      {
        registry: 'mc',
        name: 'plugin',
        version: 1,
        fingerprint: fingerprint(schema),
        format: 'jsonschema',
        schema,
      },
    ]);
    validatorsCode = files.map((file) => file.contents).join('\n');
    const dir = await writeGenerated('lookahead', files);
    const module = (await import(join(dir, 'index.ts'))) as {
      schemaBindings: Record<string, { check(event: unknown): unknown[] }>;
    };
    check = Object.values(module.schemaBindings)[0]!.check;
  });
  afterAll(() => removeGenerated('lookahead'));

  it('builds the pattern as a native RegExp and answers as the registry does', () => {
    expect(validatorsCode).toContain('new RegExp(');
    const registry = compileSchema({ format: 'jsonschema', schema });
    for (const value of ['com.example.Main', 'org.bukkit.Main', 'a..b', 'Main', `${'a.'.repeat(50_000)}!`]) {
      const event = { main: value };
      expect(check(event).length === 0, value.slice(0, 20)).toBe(registry.validate(event) === null);
    }
  });
});
