import type { TrailStep } from './diff-context.ts';
import { normalizeNode } from './normalize-node.ts';
import type { SchemaDocument, SchemaNode } from './schema-document.ts';
import {
  additionalPropertiesOf,
  arrayLayout,
  compilePattern,
  enumeratedValues,
  numericBound,
  patternGuesses,
  propertiesOf,
  requiredOf,
  schemasForProperty,
  typesOf,
} from './schema-facts.ts';

const MAX_DEPTH = 16;
/** Required properties an example object fills in: as many as a large event schema declares. */
const MAX_EXAMPLE_PROPERTIES = 10_000;

const FORMAT_EXAMPLES: Record<string, string> = {
  'date-time': '2024-01-01T00:00:00Z',
  date: '2024-01-01',
  time: '00:00:00Z',
  email: 'a@example.com',
  'idn-email': 'a@example.com',
  hostname: 'example.com',
  'idn-hostname': 'example.com',
  ipv4: '127.0.0.1',
  ipv6: '::1',
  uri: 'https://example.com/a',
  'uri-reference': 'https://example.com/a',
  iri: 'https://example.com/a',
  'iri-reference': 'https://example.com/a',
  uuid: '00000000-0000-4000-8000-000000000000',
  'json-pointer': '/a',
  'relative-json-pointer': '0',
  regex: 'a',
  duration: 'P1D',
  'uri-template': 'https://example.com/{a}',
};

const STRING_GUESSES = [
  '',
  'a',
  'abc',
  'A',
  '0',
  '1',
  '123',
  'a-b',
  'x_1',
  'AB12',
  'aaaa',
  'Test',
  'a.b',
  'ab:cd',
];

/** A schema node seen with its `allOf` branches and its first `anyOf`/`oneOf` branch folded in. */
function view(
  document: SchemaDocument,
  node: SchemaNode,
  depth: number,
): Record<string, unknown> | undefined {
  const normal = normalizeNode(document, node);
  if (normal === undefined || normal === false) return undefined;
  if (normal === true) return {};
  if (depth > MAX_DEPTH) return normal;
  let merged: Record<string, unknown> = { ...normal };
  const parts: SchemaNode[] = [];
  if (Array.isArray(normal.allOf)) parts.push(...(normal.allOf as SchemaNode[]));
  for (const keyword of ['anyOf', 'oneOf']) {
    const branches = normal[keyword];
    if (Array.isArray(branches) && branches.length > 0) parts.push(branches[0] as SchemaNode);
  }
  for (const part of parts) {
    const branch = view(document, part, depth + 1);
    if (branch === undefined) continue;
    merged = {
      ...branch,
      ...merged,
      properties: { ...propertiesOf(branch), ...propertiesOf(merged) },
      required: [...new Set([...requiredOf(branch), ...requiredOf(merged)])],
    };
    if (merged.type === undefined && branch.type !== undefined) merged.type = branch.type;
  }
  delete merged.allOf;
  delete merged.anyOf;
  delete merged.oneOf;
  return merged;
}

function pickType(node: Record<string, unknown>): string {
  const types = typesOf(node);
  const ordered = ['object', 'array', 'string', 'integer', 'number', 'boolean', 'null'];
  if (types !== undefined && types.size > 0)
    return ordered.find((type) => types.has(type as never)) ?? 'null';
  if ('properties' in node || 'required' in node || 'additionalProperties' in node) return 'object';
  if ('items' in node || 'prefixItems' in node || 'minItems' in node) return 'array';
  if ('minLength' in node || 'maxLength' in node || 'pattern' in node || 'format' in node) return 'string';
  if ('minimum' in node || 'maximum' in node || 'multipleOf' in node) return 'number';
  return 'string';
}

/** A value the schema most likely accepts (checked later by the real validator). */
export function exampleValue(document: SchemaDocument, node: SchemaNode, depth = 0): unknown {
  const schema = view(document, node, depth);
  if (schema === undefined || depth > MAX_DEPTH) return null;
  const values = enumeratedValues(schema);
  if (values !== undefined && values.length > 0) return values[0];
  switch (pickType(schema)) {
    case 'object':
      return exampleObject(document, schema, depth);
    case 'array':
      return exampleArray(document, schema, depth);
    case 'string':
      return exampleString(schema);
    case 'integer':
      return exampleNumber(schema, true);
    case 'number':
      return exampleNumber(schema, false);
    case 'boolean':
      return true;
    default:
      return null;
  }
}

function exampleString(schema: Record<string, unknown>): string {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  const format = typeof schema.format === 'string' ? FORMAT_EXAMPLES[schema.format] : undefined;
  const regex = typeof schema.pattern === 'string' ? compilePattern(schema.pattern) : undefined;
  const fromPattern = typeof schema.pattern === 'string' ? patternGuesses(schema.pattern) : [];
  const guesses = [format, ...fromPattern, ...STRING_GUESSES, 'a'.repeat(Math.min(min, 1000))].filter(
    (s): s is string => s !== undefined,
  );
  const fits = (text: string) =>
    text.length >= min && text.length <= max && (regex == null || regex.test(text));
  return guesses.find(fits) ?? (format ?? 'a').padEnd(Math.min(min, 1000), 'a');
}

function exampleNumber(schema: Record<string, unknown>, integer: boolean): number {
  const lower = numericBound(schema, 'lower');
  const upper = numericBound(schema, 'upper');
  const step =
    typeof schema.multipleOf === 'number' && schema.multipleOf > 0
      ? schema.multipleOf
      : integer
        ? 1
        : undefined;
  const within = (value: number) =>
    (lower === undefined || value > lower.value || (value === lower.value && !lower.exclusive)) &&
    (upper === undefined || value < upper.value || (value === upper.value && !upper.exclusive));
  const candidates = [0, 1, -1];
  if (lower) candidates.push(lower.value, lower.value + 1, lower.value + 0.5);
  if (upper) candidates.push(upper.value, upper.value - 1, upper.value - 0.5);
  const aligned = candidates.map((value) => (step === undefined ? value : Math.ceil(value / step) * step));
  return aligned.find((value) => within(value) && (!integer || Number.isInteger(value))) ?? aligned[0] ?? 0;
}

function exampleArray(document: SchemaDocument, schema: Record<string, unknown>, depth: number): unknown[] {
  const layout = arrayLayout(schema, document.draft);
  const result: unknown[] = (layout.prefix ?? []).map((item) => exampleValue(document, item, depth + 1));
  const min = typeof schema.minItems === 'number' ? Math.min(schema.minItems, 50) : 0;
  for (let index = result.length; index < min && layout.rest !== false; index += 1) {
    const item = exampleValue(document, layout.rest, depth + 1);
    result.push(schema.uniqueItems === true && typeof item === 'number' ? item + index : item);
  }
  return result;
}

function exampleObject(
  document: SchemaDocument,
  schema: Record<string, unknown>,
  depth: number,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const wanted = [...requiredOf(schema)];
  const dependent = (schema.dependentRequired ?? schema.dependencies ?? {}) as Record<string, unknown>;
  for (let index = 0; index < wanted.length && index < MAX_EXAMPLE_PROPERTIES; index += 1) {
    const key = wanted[index]!;
    if (Object.hasOwn(result, key)) continue;
    setOwn(result, key, exampleValue(document, schemasForProperty(schema, key)[0] ?? true, depth + 1));
    const needs = dependent[key];
    if (Array.isArray(needs)) wanted.push(...(needs as string[]));
  }
  const min = typeof schema.minProperties === 'number' ? schema.minProperties : 0;
  for (const [key, property] of Object.entries(propertiesOf(schema))) {
    if (Object.keys(result).length >= min) break;
    if (!Object.hasOwn(result, key)) setOwn(result, key, exampleValue(document, property, depth + 1));
  }
  return result;
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Values around a schema's edges, and one of each JSON type: candidates for a witness. Most are not
 * accepted by the schema; the real validators sort them out.
 */
export function edgeValues(document: SchemaDocument, node: SchemaNode): unknown[] {
  const schema = view(document, node, 0);
  const values: unknown[] = [null, true, false, 0, 1, -1, 1.5, '', 'a', [], {}, [null], { extra: null }];
  if (schema === undefined) return values;
  const example = exampleValue(document, node);
  values.unshift(example);
  values.push(...(enumeratedValues(schema) ?? []));
  const text = exampleString(schema);
  for (const length of [schema.minLength, schema.maxLength]) {
    if (typeof length !== 'number' || length > 10_000) continue;
    for (const size of [length - 1, length, length + 1]) {
      if (size >= 0) values.push(text.padEnd(size, text.at(-1) ?? 'a').slice(0, size), 'a'.repeat(size));
    }
  }
  values.push(...Object.values(FORMAT_EXAMPLES).slice(0, 4), 'not a formatted value');
  for (const side of ['lower', 'upper'] as const) {
    const bound = numericBound(schema, side);
    if (bound)
      values.push(bound.value, bound.value - 1, bound.value + 1, bound.value - 0.5, bound.value + 0.5);
  }
  if (typeof schema.multipleOf === 'number') {
    const step = schema.multipleOf;
    values.push(step, step * 2, step * 3, step * 5, step * 7, step / 2);
  }
  if (Array.isArray(example)) {
    const item = example[0] ?? exampleValue(document, arrayLayout(schema, document.draft).rest);
    values.push([...example, item], [...example, item, item], [item, item], [item], [...example, 'x', 1]);
    for (const length of [schema.maxItems, schema.minItems]) {
      if (typeof length === 'number' && length < 100) {
        values.push(
          Array.from({ length: length + 1 }, () => item),
          Array.from({ length: Math.max(0, length - 1) }, () => item),
        );
      }
    }
  }
  if (example !== null && typeof example === 'object' && !Array.isArray(example)) {
    values.push(...objectVariants(document, schema, example as Record<string, unknown>));
  }
  return values;
}

function objectVariants(
  document: SchemaDocument,
  schema: Record<string, unknown>,
  base: Record<string, unknown>,
): unknown[] {
  const variants: unknown[] = [];
  const full = { ...base };
  for (const [key, property] of Object.entries(propertiesOf(schema))) {
    const value = exampleValue(document, property, 1);
    if (!Object.hasOwn(full, key)) setOwn(full, key, value);
    const single = { ...base };
    setOwn(single, key, value);
    variants.push(single);
  }
  variants.push(full);
  const rest = additionalPropertiesOf(schema);
  const extraValue = rest === false ? null : exampleValue(document, rest, 1);
  for (const value of [extraValue, 'x', 1, null, {}]) variants.push({ ...base, extra: value });
  const crowded = { ...full };
  for (let index = 0; index < 12; index += 1) setOwn(crowded, `extra${index}`, extraValue);
  variants.push(crowded);
  if (typeof schema.maxProperties === 'number' && schema.maxProperties < 100) {
    const atLimit = { ...base };
    for (let index = 0; Object.keys(atLimit).length < schema.maxProperties; index += 1) {
      setOwn(atLimit, `extra${index}`, extraValue);
    }
    variants.push(atLimit);
  }
  const dependencies = (schema.dependentRequired ?? schema.dependencies ?? {}) as Record<string, unknown>;
  for (const [key, needs] of Object.entries(dependencies)) {
    if (!Array.isArray(needs)) continue;
    const closure = { ...base };
    for (const name of [key, ...(needs as string[])]) {
      if (!Object.hasOwn(closure, name)) {
        setOwn(closure, name, exampleValue(document, schemasForProperty(schema, name)[0] ?? true, 1));
      }
    }
    variants.push(closure);
  }
  for (const key of Object.keys(base)) {
    const without = { ...base };
    delete without[key];
    variants.push(without);
  }
  return variants;
}

/**
 * A value for the whole schema with `leaf` placed where `trail` leads, the rest filled with example
 * values, so that the schema accepts it if it accepts `leaf` there.
 */
export function placeValue(
  document: SchemaDocument,
  node: SchemaNode,
  trail: readonly TrailStep[],
  leaf: unknown,
  depth = 0,
): unknown {
  const [step, ...rest] = trail;
  if (step === undefined) return leaf;
  if (depth > MAX_DEPTH * 4) return leaf;
  const normal = normalizeNode(document, node);
  if (normal === undefined || typeof normal === 'boolean')
    return placeValue(document, true, rest, leaf, depth + 1);
  if (step.kind === 'branch') {
    const branches = normal[step.keyword];
    const branch = Array.isArray(branches) ? (branches[step.index] as SchemaNode | undefined) : undefined;
    const placed = placeValue(document, branch ?? true, rest, leaf, depth + 1);
    if (placed !== null && typeof placed === 'object' && !Array.isArray(placed)) {
      const own = exampleValue(document, { ...normal, [step.keyword]: undefined }, depth + 1);
      if (own !== null && typeof own === 'object' && !Array.isArray(own)) {
        return { ...(own as object), ...(placed as object) };
      }
    }
    return placed;
  }
  const schema = view(document, normal, depth) ?? {};
  if (step.kind === 'property') {
    const base = exampleValue(document, normal, depth);
    const object: Record<string, unknown> =
      base !== null && typeof base === 'object' && !Array.isArray(base) ? { ...(base as object) } : {};
    const target = schemasForProperty(schema, step.key)[0] ?? true;
    setOwn(object, step.key, placeValue(document, target, rest, leaf, depth + 1));
    const needs = ((schema.dependentRequired ?? schema.dependencies ?? {}) as Record<string, unknown>)[
      step.key
    ];
    if (Array.isArray(needs)) {
      for (const key of needs as string[]) {
        if (!Object.hasOwn(object, key))
          setOwn(object, key, exampleValue(document, schemasForProperty(schema, key)[0] ?? true, depth + 1));
      }
    }
    return object;
  }
  const base = exampleValue(document, normal, depth);
  const array: unknown[] = Array.isArray(base) ? [...base] : [];
  const layout = arrayLayout(schema, document.draft);
  const itemSchema = (index: number) => layout.prefix?.[index] ?? layout.rest;
  while (array.length < step.index) array.push(exampleValue(document, itemSchema(array.length), depth + 1));
  array[step.index] = placeValue(document, itemSchema(step.index), rest, leaf, depth + 1);
  return array;
}
