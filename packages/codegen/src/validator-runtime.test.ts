import { createRequire } from 'node:module';
import { join } from 'node:path';
import { compilePattern, compileSchema, deferSecondOpinions, fingerprint } from '@schemagate/core';
import { describe, expect, it } from 'vitest';
import { removeGenerated, writeGenerated } from '../test/generated-output.ts';
import type { BindingInput } from './binding-input.ts';
import { generateBindings } from './generate-bindings.ts';
import { ajvHelperSource, createStandaloneCode, runtimeNeeds } from './validator-runtime.ts';

// ajv's own helpers, loaded as ajv's standalone code would have loaded them
const ajvRuntime = (id: string) => (createRequire(import.meta.url)(id) as { default: never }).default;
const ajvUcs2length: (text: string) => number = ajvRuntime('ajv/dist/runtime/ucs2length');
const ajvEqual: (a: unknown, b: unknown) => boolean = ajvRuntime('ajv/dist/runtime/equal');

function helper<F>(id: string): F {
  const { name, source } = ajvHelperSource(id)!;
  return new Function(`${source}\nreturn ${name};`)() as F;
}

describe("ajv's run-time helpers, as generated validators define them", () => {
  it('ucs2length counts code points as ajv does, lone surrogates included', () => {
    const ucs2length = helper<(text: string) => number>('ajv/dist/runtime/ucs2length');
    const samples = [
      '',
      'a',
      'héllo',
      '😀',
      'a😀b',
      '😀😀',
      '\ud83d',
      '\ude00',
      '\ude00\ud83d',
      'x\ud83d',
      '\ud83d\ud83d\ude00',
    ];
    for (const text of samples) expect(ucs2length(text), JSON.stringify(text)).toBe(ajvUcs2length(text));
  });

  it('deepEqual answers as ajv (fast-deep-equal) does', () => {
    const deepEqual = helper<(a: unknown, b: unknown) => boolean>('ajv/dist/runtime/equal');
    const values: unknown[] = [
      0,
      -0,
      1,
      '1',
      '',
      true,
      false,
      null,
      undefined,
      Number.NaN,
      [],
      [1, 2],
      [2, 1],
      [1, [2, { a: 3 }]],
      [1, [2, { a: 4 }]],
      {},
      { a: 1, b: 2 },
      { b: 2, a: 1 },
      { a: 1 },
      { a: undefined },
      { b: undefined },
      { a: [1, { c: null }] },
      { a: [1, { c: 0 }] },
      new Date(0),
      new Date(1),
      /a/g,
      /a/i,
      Object.assign(Object.create({ inherited: 1 }), { a: 1 }),
    ];
    for (const a of values) {
      for (const b of values) {
        expect(deepEqual(a, b), `${String(a)} vs ${String(b)}`).toBe(ajvEqual(a, b));
        expect(deepEqual(a, structuredClone(b)), `${String(a)} vs a copy of ${String(b)}`).toBe(
          ajvEqual(a, structuredClone(b)),
        );
      }
    }
  });
});

describe('createStandaloneCode', () => {
  it('tells ajv to build a pattern natively exactly when compilePattern runs it natively', () => {
    const { options, linearPatterns } = createStandaloneCode();
    const bukkitMain = String.raw`^(?!org\.bukkit\.)([a-zA-Z_$][a-zA-Z\d_$]*\.)*[a-zA-Z_$][a-zA-Z\d_$]*$`;
    for (const pattern of [
      '^[a-z]{2,8}$',
      '^[a-z]{2}(-[a-z]+)+-[0-9]$',
      'a+b',
      '^(a+)+$',
      '^(?=x)x$',
      bukkitMain,
    ]) {
      options.regExp(pattern, 'u');
      const native = compilePattern(pattern, 'u') instanceof RegExp;
      expect(options.regExp.code, pattern).toBe(native ? 'new RegExp' : 'linearRegExp');
      expect(linearPatterns.has(pattern), pattern).toBe(!native);
    }
  });
});

describe('the engine generation picks', () => {
  it('is the full rule even where the second opinion is deferred, so output does not depend on the process', async () => {
    // an AWS region: the syntactic rule refuses it, redos-detector lets it run natively
    const pattern = '^[a-z]{3}(-[a-z]+)+-[0-9]{2}$';
    const schema = { type: 'string', pattern };
    const input: BindingInput = {
      registry: 'r',
      name: 'region',
      version: 1,
      fingerprint: fingerprint(schema),
      format: 'jsonschema',
      schema,
    };
    deferSecondOpinions(true);
    try {
      // a deferring thread runs it on re2js until a verdict is recorded
      expect(compilePattern(pattern, 'u')).not.toBeInstanceOf(RegExp);
      const deferred = await generateBindings([input]);
      expect(deferred.runtimeDependencies).toEqual([]);
      expect(deferred.files.find((file) => file.path === 'validators.js')!.contents).toContain(
        `new RegExp(${JSON.stringify(pattern)}, "u")`,
      );
      deferSecondOpinions(false);
      expect((await generateBindings([input])).files).toEqual(deferred.files);
    } finally {
      deferSecondOpinions(false);
    }
  });
});

describe('runtimeNeeds', () => {
  it('refuses code that needs what bindings do not provide, naming it', () => {
    const code = 'const Error0 = require("ajv/dist/runtime/validation_error").default;';
    expect(() => runtimeNeeds(code, [], 'shop/a/1')).toThrow(
      /shop\/a\/1 needs ajv\/dist\/runtime\/validation_error/,
    );
  });

  it('stops the generation of an $async schema with a message saying so', async () => {
    const schema = { $async: true, type: 'string' };
    const input = {
      registry: 'r',
      name: 'a',
      version: 1,
      fingerprint: fingerprint(schema),
      format: 'jsonschema' as const,
      schema,
    };
    await expect(generateBindings([input])).rejects.toThrow(
      /r\/a\/1 needs .*\(\$async schemas are not supported\)/,
    );
  });

  it('reads the formats the code takes from the module, by name', () => {
    const code = 'const formats0 = formatDefinitions["date-time"];const formats1 = formatDefinitions.uri;';
    expect(runtimeNeeds(code, [], 'x').formats).toEqual(['date-time', 'uri']);
  });
});

describe('the packages generated validators import', () => {
  const input = (name: string, detail: object): BindingInput => {
    const schema = { type: 'object', properties: { detail } };
    return {
      registry: 'r',
      name,
      version: 1,
      fingerprint: fingerprint(schema),
      format: 'jsonschema',
      schema,
    };
  };

  it('are none for patterns that run natively, date-time, regular-expression formats and ajv helpers', async () => {
    const { files, runtimeDependencies } = await generateBindings([
      input('plain', {
        type: 'object',
        properties: {
          at: { type: 'string', format: 'date-time' },
          email: { type: 'string', format: 'email' },
          code: { type: 'string', pattern: '^[A-Z]{3}$', maxLength: 3 },
          kind: { const: { a: 1 } },
        },
      }),
    ]);
    expect(runtimeDependencies).toEqual([]);
    const validators = files.find((file) => file.path === 'validators.js')!.contents;
    expect(validators).toContain('// Needs at run time: no npm package (nothing of schemagate, no ajv).');
    expect(validators).not.toMatch(/^import /m);
    expect(validators).toContain('function ucs2length(');
    expect(validators).toContain('function deepEqual(');
  });

  it('name re2js and ajv-formats only when a pattern or a format needs them, in every file header', async () => {
    const { files, runtimeDependencies } = await generateBindings(
      [
        input('linear', { type: 'string', pattern: '(a|ab)*c' }),
        input('uri', { type: 'string', format: 'uri' }),
      ],
      { lang: 'js' },
    );
    expect(runtimeDependencies).toEqual([
      { name: 'ajv-formats', reason: 'format uri' },
      { name: 're2js', reason: '1 pattern that only its linear-time engine runs safely' },
    ]);
    const header =
      '// Needs at run time these npm packages, and nothing of schemagate: ajv-formats (format uri), re2js (1 pattern that only its linear-time engine runs safely).';
    for (const file of files) expect(file.contents, file.path).toContain(header);
    const validators = files.find((file) => file.path === 'validators.js')!.contents;
    expect(validators).toContain("import { RE2JS } from 're2js';");
    expect(validators).toContain("import ajvFormats from 'ajv-formats/dist/formats.js';");
    expect(validators).toMatch(/const (func\d+) = linearRegExp;const pattern0 = \1\("\(a\|ab\)\*c", "u"\);/);
  });
});

describe('formats that order values (ajv-formats formatMinimum and the like)', () => {
  it('judge as the server does, date-time through our compare and date through ajv-formats', async () => {
    const schema = {
      type: 'object',
      properties: {
        at: { type: 'string', format: 'date-time', formatMinimum: '2020-01-01T00:00:00Z' },
        on: { type: 'string', format: 'date', formatExclusiveMaximum: '2020-01-01' },
      },
    };
    const input: BindingInput = {
      registry: 'r',
      name: 'ordered',
      version: 1,
      fingerprint: fingerprint(schema),
      format: 'jsonschema',
      schema,
    };
    const { files, runtimeDependencies } = await generateBindings([input], { lang: 'js' });
    expect(runtimeDependencies.map((dependency) => dependency.name)).toEqual(['ajv-formats']);
    const dir = await writeGenerated('ordered-formats', files);
    try {
      const generated = (await import(join(dir, 'index.js'))) as {
        schemaBindings: Record<string, { check(event: unknown): unknown[] }>;
      };
      const server = compileSchema(input, []);
      const events = [
        { at: '2021-06-01T00:00:00Z', on: '2019-12-31' },
        { at: '2019-06-01T00:00:00+01:00', on: '2020-01-01' },
        { at: '2020-01-01T00:00:00Z', on: '2020-02-30' },
        { at: 'not a date', on: 'nope' },
      ];
      let refused = 0;
      for (const event of events) {
        const expected = server.validate(event) ?? [];
        if (expected.length > 0) refused++;
        expect(generated.schemaBindings.ordered!.check(event), JSON.stringify(event)).toEqual(expected);
      }
      expect(refused).toBe(3);
    } finally {
      await removeGenerated('ordered-formats');
    }
  });
});
