import { SchemaDocument, type SchemaNode } from './compat/schema-document.ts';
import type { ReferencedSchema } from './compile.ts';
import type { SchemaInput } from './dialect.ts';
import { isPlainObject } from './dialect.ts';
import { appendPointer } from './json-pointer.ts';
import { patternReach } from './pattern-safety.ts';
import { prepareSchema } from './prepare-schema.ts';
import { forEachSubschema, walkSchema } from './schema-walk.ts';
import { ANY_DIALECT_SUBSCHEMA_KEYWORDS } from './subschema-keywords.ts';

/**
 * What one schema may cost, checked at registration. Each bound is far past what real event schemas need (the
 * repository's contracts and the JSON-Schema-Test-Suite stay well inside them) and well short of what freezes a
 * server: the figures in the comments were measured on one core of the CI machine.
 */
export interface SchemaCostLimits {
  /** Subschemas in the document and the registered schemas it references (10,000 properties compile in ~3 s). */
  maxSubschemas: number;
  /**
   * Subschemas one validation may pass through, each `$ref` counted where it is used (a recursive `$ref` once):
   * a chain of `{"anyOf": [{"$ref": next}, {"$ref": next}]}` doubles it at every level.
   */
  maxExpandedSubschemas: number;
  /** Values of one `enum`: each value is compared with every value it checks (100,000 values: 0.7 ms a miss). */
  maxEnumValues: number;
  /** Entries of one `patternProperties`: every one is tried on every property name (~300 ns each). */
  maxPatternProperties: number;
  /**
   * How far one match attempt of an unanchored pattern may step through bounded repetitions (`a{1000}b`: 1000):
   * it may do so from every start position. Past it a `pattern` needs a `maxLength` beside it, and a
   * `patternProperties` name is refused (property names have no bound).
   */
  maxPatternRepetition: number;
}

export const DEFAULT_SCHEMA_COST_LIMITS: Readonly<SchemaCostLimits> = {
  maxSubschemas: 20_000,
  maxExpandedSubschemas: 100_000,
  maxEnumValues: 10_000,
  maxPatternProperties: 100,
  maxPatternRepetition: 100,
};

/** What validating one event against a schema may cost per part of the event, read from the schema once. */
export interface SchemaCost {
  subschemas: number;
  /** See {@link SchemaCostLimits.maxExpandedSubschemas}; counting stops a little past the limit. */
  expandedSubschemas: number;
  /** The largest `enum`. */
  enumValues: number;
  /** The largest `patternProperties`. */
  patternProperties: number;
  /** The largest reach of an unanchored pattern (1 for an anchored one, 0 without patterns). */
  patternSpan: number;
  /** Some `uniqueItems` compares every pair of items (ajv does unless the items are declared scalars). */
  pairwiseUniqueItems: boolean;
}

/** One bound of {@link SchemaCostLimits} that a schema passes. */
export interface SchemaCostViolation {
  limit: keyof SchemaCostLimits;
  max: number;
  found: number;
  /** JSON Pointer to the keyword in the registered document, `''` for the whole document. */
  path: string;
  message: string;
}

const SCALAR_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null']);

/**
 * Reads what validating against a schema may cost and checks it against `limits`, without compiling it. The
 * document is read as registration reads it (an OpenAPI document as the JSON Schema of its `AWSEvent`); `$ref`s
 * are followed into `references` the way compileSchema resolves them. Linear in the size of the documents.
 * @throws SchemaCompileError `invalid_schema` when the document has no usable shape (as prepareSchema).
 */
export function measureSchemaCost(
  input: SchemaInput,
  references: readonly ReferencedSchema[] = [],
  limits: SchemaCostLimits = DEFAULT_SCHEMA_COST_LIMITS,
): { cost: SchemaCost; violations: SchemaCostViolation[] } {
  const { dialect, schema, documentPath } = prepareSchema(input);
  const cost: SchemaCost = {
    subschemas: 0,
    expandedSubschemas: 0,
    enumValues: 0,
    patternProperties: 0,
    patternSpan: 0,
    pairwiseUniqueItems: false,
  };
  const violations: SchemaCostViolation[] = [];
  const exceeds = (limit: keyof SchemaCostLimits, found: number, path: string, what: string) => {
    // an OpenAPI document's AWSEvent is read twice: as the root and as a component
    if (found <= limits[limit] || violations.some((v) => v.limit === limit && v.path === path)) return;
    const max = limits[limit];
    violations.push({ limit, max, found, path, message: `${what} (${found}) is over the limit of ${max}` });
  };
  // The facts come from a walk without pointers; only a document over a limit is walked again to say where.
  let unboundedSpan = 0;
  const readNode = (node: Record<string, unknown>) => {
    cost.subschemas += 1;
    const enumValues = Object.hasOwn(node, 'enum') ? node.enum : undefined;
    if (Array.isArray(enumValues)) cost.enumValues = Math.max(cost.enumValues, enumValues.length);
    const pattern = Object.hasOwn(node, 'pattern') ? node.pattern : undefined;
    if (typeof pattern === 'string') {
      const span = spanOf(pattern);
      cost.patternSpan = Math.max(cost.patternSpan, span);
      if (typeof node.maxLength !== 'number') unboundedSpan = Math.max(unboundedSpan, span);
    }
    const patternProperties = Object.hasOwn(node, 'patternProperties') ? node.patternProperties : undefined;
    if (isPlainObject(patternProperties)) {
      const names = Object.keys(patternProperties);
      cost.patternProperties = Math.max(cost.patternProperties, names.length);
      for (const name of names) {
        const span = spanOf(name);
        cost.patternSpan = Math.max(cost.patternSpan, span);
        unboundedSpan = Math.max(unboundedSpan, span);
      }
    }
    if (node.uniqueItems === true && !hasScalarItems(node)) cost.pairwiseUniqueItems = true;
    if (!hasReferences) hasReferences = REFERENCE_KEYWORDS.some((keyword) => Object.hasOwn(node, keyword));
  };
  let hasReferences = false;
  const locate = (node: Record<string, unknown>, pointer: string) => {
    const at = (...tokens: string[]) => documentPath(tokens.reduce(appendPointer, pointer));
    const enumValues = Object.hasOwn(node, 'enum') ? node.enum : undefined;
    if (Array.isArray(enumValues)) {
      exceeds('maxEnumValues', enumValues.length, at('enum'), 'an enum of this many values');
    }
    const pattern = Object.hasOwn(node, 'pattern') ? node.pattern : undefined;
    if (typeof pattern === 'string' && typeof node.maxLength !== 'number') {
      exceeds(
        'maxPatternRepetition',
        spanOf(pattern),
        at('pattern'),
        'a pattern on a string without maxLength that steps through this many characters from every start',
      );
    }
    const patternProperties = Object.hasOwn(node, 'patternProperties') ? node.patternProperties : undefined;
    if (isPlainObject(patternProperties)) {
      const names = Object.keys(patternProperties);
      exceeds(
        'maxPatternProperties',
        names.length,
        at('patternProperties'),
        'patternProperties with this many patterns',
      );
      for (const name of names) {
        exceeds(
          'maxPatternRepetition',
          spanOf(name),
          at('patternProperties', name),
          'a property-name pattern that steps through this many characters',
        );
      }
    }
  };
  forEachNode(schema, readNode);
  if (
    cost.enumValues > limits.maxEnumValues ||
    cost.patternProperties > limits.maxPatternProperties ||
    unboundedSpan > limits.maxPatternRepetition
  ) {
    walkSchema(schema, dialect, ({ schema: node, pointer }) => locate(node, pointer));
  }
  const ownReferences = hasReferences;
  // referenced schemas were checked when they were registered; what they add to the cost still counts
  for (const reference of references) forEachNode(reference.schema, readNode);
  hasReferences = ownReferences;
  exceeds('maxSubschemas', cost.subschemas, '', 'the subschemas of this schema and those it references');
  // without a $ref, each subschema is passed through once at most
  cost.expandedSubschemas = hasReferences
    ? expandedSize(input, references, limits.maxExpandedSubschemas)
    : cost.subschemas;
  exceeds(
    'maxExpandedSubschemas',
    cost.expandedSubschemas,
    '',
    'the subschemas one validation may pass through, counting each $ref where it is used',
  );
  violations.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { cost, violations };
}

/** Calls `visit` with every schema object of a document, without building pointers. Iterative. */
function forEachNode(root: unknown, visit: (node: Record<string, unknown>) => void): void {
  const stack: Record<string, unknown>[] = isPlainObject(root) ? [root] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    visit(node);
    forEachSubschema(node, (child) => {
      stack.push(child);
    });
  }
}

// An anchored pattern is tried from one start position, so it costs about a step per character whatever it repeats.
function spanOf(pattern: string): number {
  const { span, anchored } = patternReach(pattern);
  return anchored ? 1 : Math.max(1, span);
}

// ajv checks uniqueness through a map, item by item, only when `items` is one schema whose types are all scalars.
function hasScalarItems(node: Record<string, unknown>): boolean {
  const items = node.items;
  if (!isPlainObject(items)) return false;
  const type = items.type;
  const types = typeof type === 'string' ? [type] : Array.isArray(type) ? type : [];
  return types.length > 0 && types.every((t) => typeof t === 'string' && SCALAR_TYPES.has(t));
}

const REFERENCE_KEYWORDS = ['$ref', '$dynamicRef', '$recursiveRef'];

/**
 * The subschemas a validation may pass through: each node once plus, for each `$ref`, the expanded size of its
 * target, memoized so that a diamond of references costs what it expands to without being walked that often.
 * A `$ref` back into a schema being expanded (recursion) counts once: its cost follows the event's depth,
 * which is bounded elsewhere. Counting stops past `cap`. Iterative, so a long chain cannot overflow the stack.
 */
function expandedSize(input: SchemaInput, references: readonly ReferencedSchema[], cap: number): number {
  const document = new SchemaDocument(input, [...references]);
  if (typeof document.root !== 'object') return 1;
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  const childrenOf = (node: Record<string, unknown>): SchemaNode[] => {
    const children: SchemaNode[] = [];
    // definitions are validated only where a $ref uses them
    forEachSubschema(node, (child, keyword) => {
      if (!ANY_DIALECT_SUBSCHEMA_KEYWORDS.get(keyword)?.definitions) children.push(child);
    });
    for (const keyword of REFERENCE_KEYWORDS) {
      const ref = Object.hasOwn(node, keyword) ? node[keyword] : undefined;
      if (typeof ref !== 'string') continue;
      const target = document.resolve(ref, node);
      if (target !== undefined) children.push(target);
    }
    return children;
  };
  type Frame = { node: Record<string, unknown>; children: SchemaNode[]; next: number; size: number };
  const stack: Frame[] = [{ node: document.root, children: childrenOf(document.root), next: 0, size: 1 }];
  open.add(document.root);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.next < frame.children.length && frame.size <= cap) {
      const child = frame.children[frame.next++]!;
      if (typeof child !== 'object') frame.size += 1;
      else if (sizes.has(child)) frame.size += sizes.get(child)!;
      else if (open.has(child)) frame.size += 1;
      else {
        open.add(child);
        stack.push({ node: child, children: childrenOf(child), next: 0, size: 1 });
      }
      continue;
    }
    stack.pop();
    open.delete(frame.node);
    const size = Math.min(frame.size, cap + 1);
    sizes.set(frame.node, size);
    const parent = stack[stack.length - 1];
    if (parent) parent.size += size;
    else return size;
  }
  return 1;
}

/** The parts of an event that the expensive keywords work through. */
export interface EventSize {
  /** Values, containers included. */
  nodes: number;
  /** Property names. */
  keys: number;
  /** Characters of strings and property names. */
  chars: number;
  /** Pairs of items of the same array, summed over arrays: what a pairwise `uniqueItems` compares. */
  itemPairs: number;
}

/**
 * Measures an event for {@link estimateValidationMs}. Iterative, linear in the event. With `stop`, the walk ends as
 * soon as what it has measured is estimated past `stop.ms` for `stop.cost`: the answer is then a part of the event
 * that alone is over, which is all a refusal needs.
 */
export function measureEvent(value: unknown, stop?: { cost: SchemaCost; ms: number }): EventSize {
  const size: EventSize = { nodes: 1, keys: 0, chars: 0, itemPairs: 0 };
  if (typeof value === 'string') size.chars = value.length;
  if (value === null || typeof value !== 'object') return size;
  // scalars are counted where they are found; only containers wait on the stack
  const stack: object[] = [value];
  const count = (child: unknown) => {
    size.nodes += 1;
    if (typeof child === 'string') size.chars += child.length;
    else if (child !== null && typeof child === 'object') stack.push(child);
  };
  const over = stop ? () => estimateValidationMs(stop.cost, size) > stop.ms : () => false;
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (Array.isArray(node)) {
      size.itemPairs += (node.length * (node.length - 1)) / 2;
      if (over()) return size;
      for (let i = 0; i < node.length; i++) count(node[i]);
    } else {
      const keys = Object.keys(node);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        size.keys += 1;
        size.chars += key.length;
        count((node as Record<string, unknown>)[key]);
        if ((i & 1023) === 1023 && over()) return size;
      }
    }
    if (over()) return size;
  }
  return size;
}

/**
 * The most an event of `length` characters of JSON can hold: every value takes at least two characters with its
 * separator, every property at least four (`"":0,`), so no walk is needed to bound it.
 */
export function eventSizeBound(length: number): EventSize {
  const nodes = Math.ceil(length / 2) + 1;
  return { nodes, keys: Math.ceil(length / 4), chars: length, itemPairs: (nodes * nodes) / 2 };
}

// Nanoseconds per unit of work, measured with ajv on the native engine and re2js (the slower of the two), rounded up.
const NS_PER_NODE = 100;
const NS_PER_ENUM_VALUE = 25;
const NS_PER_PATTERN_NAME = 350;
const NS_PER_PATTERN_STEP = 15;
const NS_PER_ITEM_PAIR = 200;

/**
 * An upper bound, in milliseconds of one core, of what validating an event of `size` against a schema of `cost`
 * takes: every value may meet the largest enum, every property name every pattern of the largest
 * `patternProperties`, every character the farthest-reaching pattern, and every pair of items a pairwise
 * `uniqueItems`. Ordinary schemas and events come out at microseconds.
 */
export function estimateValidationMs(cost: SchemaCost, size: EventSize): number {
  const ns =
    size.nodes * (NS_PER_NODE + cost.enumValues * NS_PER_ENUM_VALUE) +
    size.keys * cost.patternProperties * NS_PER_PATTERN_NAME +
    size.chars * cost.patternSpan * NS_PER_PATTERN_STEP +
    (cost.pairwiseUniqueItems ? size.itemPairs * NS_PER_ITEM_PAIR : 0);
  return ns / 1e6;
}
