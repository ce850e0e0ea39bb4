import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compileSchema } from '@schemagate/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BindingInput, generateBindings } from '../src/index.ts';
import { fixtureInputs } from './fixtures/inputs.ts';
import { removeGenerated, typecheck, writeGenerated } from './generated-output.ts';
import { repositorySchemaInputs, repositorySchemasDir } from './repository-schemas.ts';

const schemasDir = repositorySchemasDir;
// tsc takes seconds, more on a busy machine; typecheck() itself gives up after 60 s
const TSC_TIMEOUT_MS = 60_000;

interface GeneratedModule {
  schemaBindings: Record<string, { check(event: unknown): unknown[]; is(event: unknown): boolean }>;
  SchemaValidationError: new (...args: never[]) => Error;
  [exported: string]: unknown;
}

describe('generateBindings on the fixtures', () => {
  let dir: string;
  let generated: GeneratedModule;
  beforeAll(async () => {
    const { files } = await generateBindings(fixtureInputs);
    dir = await writeGenerated('fixtures', files);
    generated = (await import(join(dir, 'index.ts'))) as GeneratedModule;
  });
  afterAll(() => removeGenerated('fixtures'));

  it(
    'compiles under tsc --strict',
    () => {
      const result = typecheck(dir);
      expect(result.output).toBe('');
      expect(result.status).toBe(0);
    },
    TSC_TIMEOUT_MS,
  );

  it('gives the same bytes whatever order the inputs come in', async () => {
    const forward = await generateBindings(fixtureInputs);
    const backward = await generateBindings([...fixtureInputs].reverse());
    expect(backward.files).toEqual(forward.files);
  });

  it('guards, asserts with the server-shaped error list, and routes', () => {
    const isOrderPlaced = generated.isOrderPlaced as (event: unknown) => boolean;
    const assertOrderPlaced = generated.assertOrderPlaced as (event: unknown) => void;
    const event = {
      version: '0',
      id: 'e1',
      'detail-type': 'OrderPlaced',
      source: 'orders',
      account: '123456789012',
      time: '2026-01-01T00:00:00Z',
      region: 'eu-west-1',
      resources: [],
      detail: { orderId: 'ord_1', lines: [{ sku: 'a', quantity: 1 }], total: { amount: 5, currency: 'EUR' } },
    };
    expect(isOrderPlaced(event)).toBe(true);
    const broken = { ...event, detail: { ...event.detail, total: { amount: 5, currency: 'eur' } } };
    expect(isOrderPlaced(broken)).toBe(false);
    let thrown: unknown;
    try {
      assertOrderPlaced(broken);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(generated.SchemaValidationError);
    expect(thrown).toMatchObject({
      registry: 'shop',
      schema: 'orders@OrderPlaced',
      version: 3,
      errors: [
        {
          path: '/detail/total/currency',
          keyword: 'pattern',
          message: 'must match pattern "^[A-Z]{3}$"',
          schemaPath: 'https://example.test/common/money.json/properties/currency/pattern',
        },
      ],
    });
    expect(generated.schemaBindings['orders@OrderPlaced']).toMatchObject({
      version: 3,
      route: { source: 'orders', detailType: 'OrderPlaced' },
    });
    expect(generated.schemaBindings['payments@PaymentFailed']).toMatchObject({
      route: { source: 'payments', detailType: 'PaymentFailed' },
    });
  });

  it('types the envelope as EventBridgeEvent with the schema pinned literals', () => {
    const index = readFileSync(join(dir, 'index.ts'), 'utf8');
    expect(index).toContain(
      'export type OrderPlaced = EventBridgeEvent<"OrderPlaced", OrderPlacedDetail, "orders">;',
    );
    expect(index).toContain(
      'export type PaymentFailed = EventBridgeEvent<string, PaymentFailedDetail, string>;',
    );
    expect(index).toContain('//   shop / orders@OrderPlaced / 3 / ');
  });

  it('refuses the same version twice', async () => {
    await expect(generateBindings([fixtureInputs[0]!, fixtureInputs[0]!])).rejects.toThrow(/twice/);
  });
});

describe('generateBindings on schemas/', () => {
  let inputs: BindingInput[];
  let dir: string;
  let generated: GeneratedModule;
  beforeAll(async () => {
    inputs = repositorySchemaInputs();
    dir = await writeGenerated('schemas', (await generateBindings(inputs)).files);
    generated = (await import(join(dir, 'index.ts'))) as GeneratedModule;
  });
  afterAll(() => removeGenerated('schemas'));

  it(
    'compiles under tsc --strict',
    () => {
      expect(inputs.length).toBeGreaterThan(0);
      const result = typecheck(dir);
      expect(result.output).toBe('');
      expect(result.status).toBe(0);
    },
    TSC_TIMEOUT_MS,
  );

  it('judges every example as the server does, error for error', () => {
    expectServerVerdicts(inputs, generated);
  });
});

describe('generateBindings --lang js on schemas/', () => {
  let inputs: BindingInput[];
  let dir: string;
  let generated: GeneratedModule;
  beforeAll(async () => {
    inputs = repositorySchemaInputs();
    const { files } = await generateBindings(inputs, { lang: 'js' });
    expect(files.map((file) => file.path)).toEqual([
      'index.js',
      'index.d.ts',
      'validators.js',
      'validators.d.ts',
    ]);
    dir = await writeGenerated('schemas-js', files);
    generated = (await import(join(dir, 'index.js'))) as GeneratedModule;
  });
  afterAll(() => removeGenerated('schemas-js'));

  it(
    'declares the same API as the TypeScript flavour: a strict consumer compiles against index.d.ts',
    async () => {
      await writeFile(
        join(dir, 'consumer.ts'),
        `import { assertOrderPlaced, isOrderPlaced, type OrderPlaced, schemaBindings, SchemaValidationError } from './index.js';

export function orderIdOf(event: unknown): string | undefined {
  return isOrderPlaced(event) ? event.detail.orderId : undefined;
}
export function checked(event: unknown): OrderPlaced {
  assertOrderPlaced(event);
  return event;
}
export const failure: 'SchemaValidationError' = new SchemaValidationError(schemaBindings['com.shop.orders@OrderPlaced'], []).name;
// @ts-expect-error the detail is typed, and an order id is a string
export const wrong: number = ({} as OrderPlaced).detail.orderId;
`,
      );
      const config = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')) as { files: string[] };
      await writeFile(
        join(dir, 'tsconfig.json'),
        JSON.stringify({ ...config, files: ['index.d.ts', 'consumer.ts'] }),
      );
      const result = typecheck(dir);
      expect(result.output).toBe('');
      expect(result.status).toBe(0);
    },
    TSC_TIMEOUT_MS,
  );

  it('judges every example as the server does, error for error', () => {
    expectServerVerdicts(inputs, generated);
  });

  it('throws the same error class from assert as the TypeScript flavour', () => {
    const assertOrderPlaced = generated.assertOrderPlaced as (event: unknown) => void;
    expect(() => assertOrderPlaced({})).toThrow(generated.SchemaValidationError);
    expect(() => assertOrderPlaced({})).toThrow(
      /^event does not match shop\/com.shop.orders@OrderPlaced version local: /,
    );
  });
});

function expectServerVerdicts(inputs: readonly BindingInput[], generated: GeneratedModule): void {
  let checked = 0;
  for (const input of inputs) {
    const server = compileSchema(input, [...(input.references ?? [])]);
    const binding = generated.schemaBindings[input.name]!;
    for (const kind of ['valid', 'invalid'] as const) {
      const examples = join(schemasDir, input.registry, input.name, 'examples', kind);
      for (const file of readdirSync(examples)) {
        const event: unknown = JSON.parse(readFileSync(join(examples, file), 'utf8'));
        const errors = binding.check(event);
        expect(errors, `${input.name} ${kind}/${file}`).toEqual(server.validate(event) ?? []);
        expect(binding.is(event), `${input.name} ${kind}/${file}`).toBe(kind === 'valid');
        checked++;
      }
    }
  }
  expect(checked).toBeGreaterThanOrEqual(inputs.length * 2);
}
