/**
 * The agreement test: for generated registries (EventBridge envelopes, CloudEvents with and without a dataschema,
 * schemas reached by explicit name only, every version state, cross-schema `$ref`s absolute and relative) and
 * events generated for them, the server's `POST /v1/validate`, the SDK's `createValidator` and generated bindings
 * (through `bindingsValidator`) give the same schema, version, verdict and error paths, or the same refusal.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BindingInput, generateBindings, withReferences } from '@schemagate/codegen';
import { isUsableState } from '@schemagate/core';
import { eachDatabase } from '@schemagate/db/testing';
import { bindingsValidator, createValidator, type EventBindings } from '@schemagate/sdk';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './harness.ts';
import { inProcessClient, serverVerdict, type Verdict, verdictOf } from './verdicts.ts';

// Small pools, so that generated schemas share route keys (ambiguity) and events hit and miss them.
const SOURCES = ['shop', 'pay'] as const;
const DETAIL_TYPES = ['Placed', 'Failed'] as const;
const CLOUD_EVENT_TYPES = ['stock.adjusted', 'stock.moved'] as const;
const STATES = ['active', 'deprecated', 'disabled'] as const;
const DIALECTS = ['http://json-schema.org/draft-07/schema#', 'https://json-schema.org/draft/2020-12/schema'];
const FIELDS = ['a', 'b', 'c'] as const;

type Route =
  | { kind: 'envelope'; source: string; detailType: string }
  | { kind: 'cloudevent'; type: string }
  | { kind: 'explicit' };
type Rule =
  | { type: 'integer'; maximum: number }
  | { type: 'string'; maxLength: number }
  | { enum: unknown[] };
type PartRef = 'none' | 'absolute' | 'relative';
interface SchemaSpec {
  route: Route;
  dialect: string;
  fields: Array<{ name: (typeof FIELDS)[number]; rule: Rule; required: boolean }>;
  part: PartRef;
  /** One state per version; version n+1 loosens the first field's bound by one. */
  states: Array<(typeof STATES)[number]>;
}

const routeArb: fc.Arbitrary<Route> = fc.oneof(
  fc.record({
    kind: fc.constant('envelope' as const),
    source: fc.constantFrom(...SOURCES),
    detailType: fc.constantFrom(...DETAIL_TYPES),
  }),
  fc.record({ kind: fc.constant('cloudevent' as const), type: fc.constantFrom(...CLOUD_EVENT_TYPES) }),
  fc.constant({ kind: 'explicit' as const }),
);
const ruleArb: fc.Arbitrary<Rule> = fc.oneof(
  fc.record({ type: fc.constant('integer' as const), maximum: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ type: fc.constant('string' as const), maxLength: fc.integer({ min: 0, max: 3 }) }),
  fc.record({
    enum: fc.uniqueArray(fc.constantFrom<unknown>(1, 'x', null, true), { minLength: 1, maxLength: 3 }),
  }),
);
const schemaArb: fc.Arbitrary<SchemaSpec> = fc.record({
  route: routeArb,
  dialect: fc.constantFrom(...DIALECTS),
  fields: fc.uniqueArray(
    fc.record({ name: fc.constantFrom(...FIELDS), rule: ruleArb, required: fc.boolean() }),
    { minLength: 1, maxLength: 3, selector: (field) => field.name },
  ),
  part: fc.constantFrom<PartRef>('none', 'absolute', 'relative'),
  states: fc.array(fc.constantFrom(...STATES), { minLength: 1, maxLength: 2 }),
});

// Values of the pools above and around them: each rule both passes and fails on some.
const valueArb = fc.constantFrom<unknown>(0, 2, 4, -1, 1.5, '', 'xy', 'xyzw', 'x', null, true, [], {});
const payloadArb = fc.record(
  {
    a: valueArb,
    b: valueArb,
    c: valueArb,
    part: fc.constantFrom<unknown>({ id: 'ok' }, { id: 'NO' }, {}, 3),
  },
  { requiredKeys: [] },
);
interface EventSpec {
  /** `like`: built for schema `like` (its route, a payload its first version accepts), then `payload` laid over it when `mutate`. */
  shape: 'envelope' | 'cloudevent' | 'bare' | 'like';
  like: number;
  mutate: boolean;
  source: string;
  detailType: string;
  type: string;
  /** Index into the registry's `$id`s (one past them: an unregistered URI), or none. */
  dataschema: number | undefined;
  payload: Record<string, unknown>;
  /** Index of a schema to name explicitly, and of a version to pin (modulo its versions). */
  target: { schema: number; version: number | undefined } | undefined;
}
const eventArb: fc.Arbitrary<EventSpec> = fc.record({
  shape: fc.constantFrom(
    'envelope' as const,
    'cloudevent' as const,
    'bare' as const,
    'like' as const,
    'like' as const,
  ),
  like: fc.nat({ max: 3 }),
  mutate: fc.boolean(),
  source: fc.constantFrom(...SOURCES),
  detailType: fc.constantFrom(...DETAIL_TYPES),
  type: fc.constantFrom(...CLOUD_EVENT_TYPES),
  dataschema: fc.option(fc.nat({ max: 4 }), { nil: undefined }),
  payload: payloadArb,
  target: fc.option(
    fc.record({ schema: fc.nat({ max: 4 }), version: fc.option(fc.nat({ max: 1 }), { nil: undefined }) }),
    { freq: 3, nil: undefined },
  ),
});
const caseArb = fc.record({
  schemas: fc.array(schemaArb, { minLength: 1, maxLength: 4 }),
  events: fc.array(eventArb, { minLength: 6, maxLength: 12 }),
});

const PART = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[a-z]+$' } },
};
const base = (registry: string) => `https://agree.test/${registry}/`;

function bodySchema(spec: SchemaSpec, registry: string, version: number): object {
  const properties: Record<string, unknown> = {};
  spec.fields.forEach(({ name, rule }, index) => {
    const loosen = index === 0 ? version - 1 : 0;
    if ('enum' in rule) properties[name] = rule;
    else if (rule.type === 'integer') properties[name] = { type: 'integer', maximum: rule.maximum + loosen };
    else properties[name] = { type: 'string', maxLength: rule.maxLength + loosen };
  });
  if (spec.part !== 'none') {
    properties.part = { $ref: spec.part === 'relative' ? 'part.json' : `${base(registry)}part.json` };
  }
  const required = spec.fields.filter((field) => field.required).map((field) => field.name);
  return { type: 'object', required, properties };
}

function documentOf(spec: SchemaSpec, registry: string, index: number, version: number): object {
  const body = bodySchema(spec, registry, version);
  // `$comment` keeps versions apart when the loosened bound is an enum's (identical content is one version)
  const head = {
    $schema: spec.dialect,
    $id: `${base(registry)}s${index}.json`,
    $comment: `version ${version}`,
    type: 'object',
  };
  switch (spec.route.kind) {
    case 'envelope':
      return {
        ...head,
        required: ['source', 'detail-type', 'detail'],
        properties: {
          source: { const: spec.route.source },
          'detail-type': { const: spec.route.detailType },
          detail: body,
        },
      };
    case 'cloudevent':
      return {
        ...head,
        required: ['specversion', 'type', 'data'],
        properties: { specversion: { const: '1.0' }, type: { const: spec.route.type }, data: body },
      };
    case 'explicit':
      return { ...head, required: ['payload'], properties: { payload: body } };
  }
}

/** A payload the schema's first version accepts. */
function conformingPayload(schema: SchemaSpec): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const { name, rule } of schema.fields) {
    if ('enum' in rule) payload[name] = rule.enum[0];
    else payload[name] = rule.type === 'integer' ? rule.maximum : 'x'.repeat(rule.maxLength);
  }
  if (schema.part !== 'none') payload.part = { id: 'ok' };
  return payload;
}

function eventOf(spec: EventSpec, ids: string[], schemas: SchemaSpec[]): unknown {
  if (spec.shape === 'like') {
    const schema = schemas[spec.like % schemas.length]!;
    const payload = { ...conformingPayload(schema), ...(spec.mutate ? spec.payload : {}) };
    const { route } = schema;
    if (route.kind === 'envelope')
      return { source: route.source, 'detail-type': route.detailType, detail: payload };
    if (route.kind === 'cloudevent') return { specversion: '1.0', type: route.type, data: payload };
    return { payload };
  }
  switch (spec.shape) {
    case 'envelope':
      return { source: spec.source, 'detail-type': spec.detailType, detail: spec.payload };
    case 'cloudevent': {
      const event: Record<string, unknown> = { specversion: '1.0', type: spec.type, data: spec.payload };
      if (spec.dataschema !== undefined) {
        event.dataschema = ids[spec.dataschema] ?? `${ids[0] ?? 'https://agree.test/'}#unregistered`;
      }
      return event;
    }
    case 'bare':
      return { payload: spec.payload };
  }
}

let t: TestApp;
let scratch: string;
let run = 0;
const tally = { events: 0, valid: 0, invalid: 0, deprecated: 0, bindingsCompared: 0 };
const refusals: Record<string, number> = {};

beforeAll(async () => {
  t = await startTestApp(await eachDatabase()[0]!.create());
  scratch = await mkdtemp(join(tmpdir(), 'sg-agreement-'));
}, 60_000);
afterAll(async () => {
  await t?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function call(method: string, path: string, json?: unknown) {
  const res = await t.call(method, path, json === undefined ? {} : { json });
  const body = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** Registers a generated registry: the shared part, then each schema's versions with their states. */
async function registerAll(registry: string, schemas: SchemaSpec[]): Promise<BindingInput[]> {
  await call('PUT', `/v1/registries/${registry}`, { compatibility: 'NONE' });
  const part = { $schema: DIALECTS[1], $id: `${base(registry)}part.json`, ...PART };
  const partVersion = await call('POST', `/v1/registries/${registry}/schemas/part/versions`, {
    schema: part,
  });
  const versions: BindingInput[] = [
    {
      registry,
      name: 'part',
      version: 1,
      fingerprint: String(partVersion.fingerprint),
      format: 'jsonschema',
      schema: part,
    },
  ];
  for (const [index, spec] of schemas.entries()) {
    const name = `s${index}`;
    for (const [i, state] of spec.states.entries()) {
      const schema = documentOf(spec, registry, index, i + 1);
      const registered = await call('POST', `/v1/registries/${registry}/schemas/${name}/versions`, {
        schema,
      });
      const version = Number(registered.version);
      if (state !== 'active') {
        await call('PATCH', `/v1/registries/${registry}/schemas/${name}/versions/${version}`, { state });
      }
      versions.push({
        registry,
        name,
        version,
        fingerprint: String(registered.fingerprint),
        state,
        format: 'jsonschema',
        schema,
      });
    }
  }
  return versions;
}

/**
 * What a consumer's codegen is given: each schema's newest version that validates, or its latest (disabled) when
 * none does, with its state, generated and loaded as a consumer loads it.
 */
async function loadBindings(versions: BindingInput[]): Promise<EventBindings<Record<string, unknown>>> {
  const bySchema = new Map<string, BindingInput[]>();
  for (const version of versions)
    bySchema.set(version.name, [...(bySchema.get(version.name) ?? []), version]);
  const chosen = [...bySchema.values()].map(
    (all) => all.filter((v) => isUsableState(v.state ?? 'active')).at(-1) ?? all.at(-1)!,
  );
  const { files, failures } = await generateBindings(withReferences(chosen), {
    format: false,
    keepGoing: true,
  });
  expect(failures).toEqual([]);
  const dir = join(scratch, `run-${run}`);
  await mkdir(dir, { recursive: true });
  for (const file of files) await writeFile(join(dir, file.path), file.contents);
  const module = (await import(join(dir, 'index.ts'))) as {
    schemaBindings: EventBindings<Record<string, unknown>>;
  };
  return module.schemaBindings;
}

const describeVerdict = (verdict: Verdict) => JSON.stringify(verdict);

describe('server, createValidator and generated bindings agree', () => {
  it('on schema, version, verdict and error paths for generated registries and events', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ schemas, events }) => {
        run++;
        const registry = `agree-${run}`;
        const versions = await registerAll(registry, schemas);
        const ids = schemas.map((_, index) => `${base(registry)}s${index}.json`);
        const validator = createValidator({ url: 'unused', registry, client: inProcessClient(t) });
        const bindings = bindingsValidator(await loadBindings(versions));
        for (const spec of events) {
          const event = eventOf(spec, ids, schemas);
          const target: { registry: string; schema?: string; version?: number } = { registry };
          if (spec.target && spec.target.schema < schemas.length) {
            const schema = schemas[spec.target.schema]!;
            target.schema = `s${spec.target.schema}`;
            if (spec.target.version !== undefined) {
              target.version = (spec.target.version % schema.states.length) + 1;
            }
          }
          const server = await serverVerdict(t, { event, ...target });
          const sdk = verdictOf(await validator.validate(event, target));
          expect(describeVerdict(sdk), `SDK on ${JSON.stringify({ event, target })}`).toBe(
            describeVerdict(server),
          );
          // bindings hold one version per schema: they answer for events no version pin applies to
          if (target.version === undefined) {
            const generated = verdictOf(await bindings.validate(event, target));
            expect(describeVerdict(generated), `bindings on ${JSON.stringify({ event, target })}`).toBe(
              describeVerdict(server),
            );
            tally.bindingsCompared++;
          }
          tally.events++;
          if ('refused' in server) refusals[server.refused] = (refusals[server.refused] ?? 0) + 1;
          else {
            if (server.valid) tally.valid++;
            else tally.invalid++;
            if (server.warnings.length > 0) tally.deprecated++;
          }
        }
      }),
      { numRuns: 25, seed: Number(process.env.AGREEMENT_SEED ?? 20261201), endOnFailure: true },
    );
    console.log(`agreement: ${run} registries, ${JSON.stringify({ ...tally, refusals })}`);
    // the generated cases reach every kind of answer
    for (const count of [tally.valid, tally.invalid, tally.deprecated, tally.bindingsCompared]) {
      expect(count).toBeGreaterThan(0);
    }
    for (const code of ['no_schema_for_event', 'ambiguous_route', 'version_disabled']) {
      expect(refusals[code] ?? 0, code).toBeGreaterThan(0);
    }
  }, 120_000);
});
