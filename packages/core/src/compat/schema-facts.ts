import randexp from 'randexp';
import { LruCache } from '../lru-cache.ts';
import type { Draft, SchemaNode } from './schema-document.ts';

/** Keywords that only annotate: a change to them never changes what a schema accepts. */
const ANNOTATIONS = new Set([
  '$schema',
  '$id',
  'id',
  '$anchor',
  '$dynamicAnchor',
  '$comment',
  '$defs',
  'definitions',
  '$vocabulary',
  'title',
  'description',
  'default',
  'examples',
  'example',
  'deprecated',
  'readOnly',
  'writeOnly',
  'contentMediaType',
  'contentEncoding',
  'contentSchema',
  'discriminator',
  'xml',
  'externalDocs',
  'markdownDescription',
  'deprecationMessage',
]);

/** Keywords the engine compares; any other keyword is an annotation (vendor keywords such as `x-*`). */
export const VALIDATION_KEYWORDS = new Set([
  '$ref',
  '$dynamicRef',
  '$recursiveRef',
  'type',
  'nullable',
  'enum',
  'const',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'if',
  'then',
  'else',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'items',
  'prefixItems',
  'additionalItems',
  'unevaluatedItems',
  'contains',
  'minContains',
  'maxContains',
  'minItems',
  'maxItems',
  'uniqueItems',
  'properties',
  'patternProperties',
  'additionalProperties',
  'unevaluatedProperties',
  'propertyNames',
  'required',
  'minProperties',
  'maxProperties',
  'dependencies',
  'dependentRequired',
  'dependentSchemas',
]);

/** Whether a keyword is a pure annotation. */
export function isAnnotation(keyword: string): boolean {
  return ANNOTATIONS.has(keyword) || !VALIDATION_KEYWORDS.has(keyword);
}

/** Whether a schema accepts every value (true, {}, or only annotations). */
export function acceptsEverything(node: SchemaNode): boolean {
  if (node === true) return true;
  if (node === false) return false;
  for (const key of Object.keys(node)) if (!isAnnotation(key)) return false;
  return true;
}

/** The JSON type names. */
export type JsonType = 'null' | 'boolean' | 'object' | 'array' | 'number' | 'integer' | 'string';
export const JSON_TYPES: readonly JsonType[] = [
  'null',
  'boolean',
  'object',
  'array',
  'number',
  'integer',
  'string',
];

/** The types a node admits, or undefined when it does not restrict the type. */
export function typesOf(node: Record<string, unknown>): Set<JsonType> | undefined {
  const type = node.type;
  let types: Set<JsonType> | undefined;
  if (typeof type === 'string') types = new Set([type as JsonType]);
  else if (Array.isArray(type)) types = new Set(type as JsonType[]);
  if (types && node.nullable === true) types.add('null');
  return types;
}

/** Whether `type` values are all admitted by a set of types (integers are numbers). */
export function typeCovered(type: JsonType, by: Set<JsonType> | undefined): boolean {
  if (by === undefined) return true;
  return by.has(type) || (type === 'integer' && by.has('number'));
}

/** The JSON type of a value, as JSON Schema names it (integers are `integer`). */
export function typeOfValue(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

const canonicalCache = new WeakMap<object, string>();

/** Canonical JSON (sorted keys), cached per object, for cheap equality of subschemas and values. */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const cached = canonicalCache.get(value);
  if (cached !== undefined) return cached;
  const text = Array.isArray(value)
    ? `[${value.map(canonical).join(',')}]`
    : `{${Object.keys(value)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
        .join(',')}}`;
  canonicalCache.set(value, text);
  return text;
}

/** Deep equality of JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return a === b || canonical(a) === canonical(b);
}

const refCache = new WeakMap<object, boolean>();

/** Whether a subschema contains a reference, whose meaning depends on the document around it. */
export function containsRef(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const cached = refCache.get(value);
  if (cached !== undefined) return cached;
  refCache.set(value, false);
  let found = false;
  if (Array.isArray(value)) found = value.some(containsRef);
  else {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' || key === '$dynamicRef' || key === '$recursiveRef' || containsRef(child)) {
        found = true;
        break;
      }
    }
  }
  refCache.set(value, found);
  return found;
}

/** The values of `enum`/`const`, or undefined when the node does not enumerate. */
export function enumeratedValues(node: Record<string, unknown>): unknown[] | undefined {
  if ('const' in node) return [node.const];
  return Array.isArray(node.enum) ? node.enum : undefined;
}

/** Item layout of an array schema across drafts: positional schemas, then the schema of the rest. */
export function arrayLayout(
  node: Record<string, unknown>,
  draft: Draft,
): { prefix?: SchemaNode[]; rest: SchemaNode } {
  if (draft >= 2020) {
    const prefix = Array.isArray(node.prefixItems) ? (node.prefixItems as SchemaNode[]) : undefined;
    return { prefix, rest: nodeOr(node.items, true) };
  }
  if (Array.isArray(node.items)) {
    return { prefix: node.items as SchemaNode[], rest: nodeOr(node.additionalItems, true) };
  }
  return { rest: nodeOr(node.items, true) };
}

/** A keyword's schema, or a default when it is absent. */
export function nodeOr(value: unknown, fallback: SchemaNode): SchemaNode {
  if (typeof value === 'boolean') return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value))
    return value as Record<string, unknown>;
  return fallback;
}

/** The `properties` map of a node. */
export function propertiesOf(node: Record<string, unknown>): Record<string, SchemaNode> {
  const properties = node.properties;
  return properties !== null && typeof properties === 'object'
    ? (properties as Record<string, SchemaNode>)
    : {};
}

/** The `patternProperties` map of a node. */
export function patternsOf(node: Record<string, unknown>): Record<string, SchemaNode> {
  const patterns = node.patternProperties;
  return patterns !== null && typeof patterns === 'object' ? (patterns as Record<string, SchemaNode>) : {};
}

/** The `required` list of a node. */
export function requiredOf(node: Record<string, unknown>): string[] {
  return Array.isArray(node.required) ? (node.required as string[]) : [];
}

const applicators = [
  '$ref',
  '$dynamicRef',
  '$recursiveRef',
  'allOf',
  'anyOf',
  'oneOf',
  'if',
  'dependentSchemas',
];

/** Whether a node has subschemas applied to the same instance, which `unevaluated*` looks through. */
export function hasInPlaceApplicators(node: Record<string, unknown>): boolean {
  return applicators.some((keyword) => keyword in node);
}

/**
 * The schema unnamed properties must match: `additionalProperties`, else an `unevaluatedProperties`
 * that sees nothing but this node's own properties, else true.
 */
export function additionalPropertiesOf(node: Record<string, unknown>): SchemaNode {
  if ('additionalProperties' in node) return nodeOr(node.additionalProperties, true);
  if ('unevaluatedProperties' in node && !hasInPlaceApplicators(node)) {
    return nodeOr(node.unevaluatedProperties, true);
  }
  return true;
}

/** Content model as Confluent defines it. */
export type ContentModel = 'open' | 'closed' | 'partial';

/** Open: any extra property is accepted; closed: none is; partially open: some are, under a schema. */
export function contentModelOf(node: Record<string, unknown>): ContentModel {
  const additional = additionalPropertiesOf(node);
  const hasPatterns = Object.keys(patternsOf(node)).length > 0;
  if (!hasPatterns && acceptsEverything(additional)) return 'open';
  if (!hasPatterns && additional === false) return 'closed';
  return 'partial';
}

const regexCache = new LruCache<string, RegExp | null>({ max: 10_000 });

/** A compiled `pattern`/`patternProperties` regex, or null when JavaScript cannot read it. */
export function compilePattern(source: string): RegExp | null {
  let regex = regexCache.get(source);
  if (regex === undefined) {
    try {
      regex = new RegExp(source, 'u');
    } catch {
      regex = null;
    }
    regexCache.set(source, regex);
  }
  return regex;
}

/** Strings a regex likely matches, built from its leading literal text (`^order_` gives `order_a`). */
export function patternGuesses(source: string): string[] {
  const literal = /^\^?([A-Za-z0-9_\-:.@/]*)/.exec(source)?.[1] ?? '';
  const guesses = literal === '' ? [] : [literal, `${literal}a`, `${literal}1`, `${literal}abc`];
  return [...guesses, ...generatedStrings(source, 6)];
}

// randexp is CommonJS typed as an ES module: at run time its default import is the class itself
const RandExp = randexp as unknown as typeof randexp.default;

/**
 * Strings generated from the pattern itself (randexp walks the expression's syntax tree), with a fixed
 * pseudo-random sequence so reports are the same on every run. Guesses only: callers check each against the
 * real pattern, since lookarounds and some escapes are not honoured by the generator.
 */
function generatedStrings(source: string, count: number): string[] {
  let generator: InstanceType<typeof RandExp>;
  try {
    generator = new RandExp(source);
  } catch {
    return [];
  }
  let seed = 0x2545f491;
  generator.max = 8;
  generator.defaultRange.subtract(0, 31).subtract(127, 0x10ffff);
  generator.randInt = (low: number, high: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return low + (seed % (high - low + 1));
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(generator.gen());
  return out;
}

/** Schemas a property named `key` must match: its declaration and matching patterns, else the rest. */
export function schemasForProperty(node: Record<string, unknown>, key: string): SchemaNode[] {
  const found: SchemaNode[] = [];
  const properties = propertiesOf(node);
  if (Object.hasOwn(properties, key)) found.push(properties[key]!);
  for (const [source, schema] of Object.entries(patternsOf(node))) {
    if (compilePattern(source)?.test(key)) found.push(schema);
  }
  if (found.length === 0) found.push(additionalPropertiesOf(node));
  return found;
}

/** Numeric bound with its exclusiveness, read across drafts. */
export interface Bound {
  value: number;
  exclusive: boolean;
}

/** The tightest upper (or lower) bound a node puts on numbers. */
export function numericBound(node: Record<string, unknown>, side: 'upper' | 'lower'): Bound | undefined {
  const inclusiveKey = side === 'upper' ? 'maximum' : 'minimum';
  const exclusiveKey = side === 'upper' ? 'exclusiveMaximum' : 'exclusiveMinimum';
  const candidates: Bound[] = [];
  const inclusive = node[inclusiveKey];
  const exclusive = node[exclusiveKey];
  if (typeof inclusive === 'number') candidates.push({ value: inclusive, exclusive: exclusive === true });
  if (typeof exclusive === 'number') candidates.push({ value: exclusive, exclusive: true });
  if (candidates.length === 0) return undefined;
  return candidates.reduce((a, b) => (tighter(a, b, side) ? a : b));
}

function tighter(a: Bound, b: Bound, side: 'upper' | 'lower'): boolean {
  if (a.value !== b.value) return side === 'upper' ? a.value < b.value : a.value > b.value;
  return a.exclusive || !b.exclusive;
}

/** Whether every number within bound `inner` is also within bound `outer`. */
export function boundCovers(
  outer: Bound | undefined,
  inner: Bound | undefined,
  side: 'upper' | 'lower',
): boolean {
  if (outer === undefined) return true;
  if (inner === undefined) return false;
  if (inner.value !== outer.value)
    return side === 'upper' ? inner.value < outer.value : inner.value > outer.value;
  return !outer.exclusive || inner.exclusive;
}
