import { type DiffContext, descend, type Location } from './diff-context.ts';
import {
  type Bound,
  boundCovers,
  canonical,
  enumeratedValues,
  JSON_TYPES,
  type JsonType,
  numericBound,
  typeCovered,
  typesOf,
} from './schema-facts.ts';

const ANNOTATION_CHANGES: Array<[string, string]> = [
  ['$id', 'ID_CHANGED'],
  ['title', 'TITLE_CHANGED'],
  ['description', 'DESCRIPTION_CHANGED'],
  ['default', 'DEFAULT_CHANGED'],
];

/** Changes that never change what is accepted, reported so a reviewer sees them. */
export function compareAnnotations(
  context: DiffContext,
  original: Record<string, unknown>,
  update: Record<string, unknown>,
  at: Location,
): void {
  for (const [keyword, type] of ANNOTATION_CHANGES) {
    if (
      (keyword in original || keyword in update) &&
      canonical(original[keyword]) !== canonical(update[keyword])
    ) {
      context.record({
        type,
        breaking: false,
        message: `${keyword} changed`,
        location: descend(at, [keyword]),
        originalNode: original,
        updateNode: update,
      });
    }
  }
}

/**
 * Compares `type`. Returns the types a value of the original can have that the update still admits:
 * only their keywords matter from here on.
 */
export function compareTypes(
  context: DiffContext,
  original: Record<string, unknown>,
  update: Record<string, unknown>,
  at: Location,
): Set<JsonType> {
  const originalTypes = typesOf(original);
  const updateTypes = typesOf(update);
  const admitted = new Set<JsonType>(originalTypes ?? JSON_TYPES);
  if (updateTypes !== undefined) {
    const lost = [...admitted].filter((type) => !typeCovered(type, updateTypes));
    const gained = [...updateTypes].filter((type) => !typeCovered(type, originalTypes));
    const narrowedOnly = [...updateTypes].every((type) => typeCovered(type, originalTypes));
    if (originalTypes?.has('number') && updateTypes.has('integer') && !updateTypes.has('number')) {
      lost.push('number');
    }
    if (lost.length > 0) {
      const type = originalTypes === undefined || narrowedOnly ? 'TYPE_NARROWED' : 'TYPE_CHANGED';
      context.record({
        type,
        breaking: true,
        message: `type ${describeTypes(originalTypes)} became ${describeTypes(updateTypes)}`,
        location: descend(at, ['type']),
        originalNode: original,
        updateNode: update,
      });
      for (const type of lost) if (type !== 'number' || !updateTypes.has('integer')) admitted.delete(type);
      return admitted;
    }
    if (gained.length > 0) {
      context.record({
        type: 'TYPE_EXTENDED',
        breaking: false,
        message: `type ${describeTypes(originalTypes)} became ${describeTypes(updateTypes)}`,
        location: descend(at, ['type']),
        originalNode: original,
        updateNode: update,
      });
    }
  }
  return admitted;
}

function describeTypes(types: Set<JsonType> | undefined): string {
  return types === undefined ? 'any' : [...types].join('|');
}

/** Compares `enum`/`const`; false when the original is a finite set the update keeps whole. */
export function compareEnums(
  context: DiffContext,
  original: Record<string, unknown>,
  update: Record<string, unknown>,
  at: Location,
): boolean {
  const originalValues = enumeratedValues(original);
  const updateValues = enumeratedValues(update);
  const keyword = 'const' in update ? 'const' : 'enum';
  if (updateValues === undefined) {
    if (originalValues !== undefined) {
      context.record({
        type: 'ENUM_ARRAY_EXTENDED',
        breaking: false,
        message: `${'const' in original ? 'const' : 'enum'} was removed`,
        location: descend(at, ['const' in original ? 'const' : 'enum']),
        originalNode: original,
        updateNode: update,
      });
    }
    return true;
  }
  const updateSet = new Set(updateValues.map(canonical));
  if (originalValues === undefined) {
    const finite = finiteDomain(original);
    const keepsAll = finite?.every((value) => updateSet.has(canonical(value))) === true;
    context.record({
      type: 'ENUM_ARRAY_NARROWED',
      breaking: !keepsAll,
      message: `${keyword} was added`,
      location: descend(at, [keyword]),
      originalNode: original,
      updateNode: update,
    });
    return true;
  }
  const originalSet = new Set(originalValues.map(canonical));
  const missing = originalValues.filter((value) => !updateSet.has(canonical(value)));
  const added = updateValues.filter((value) => !originalSet.has(canonical(value)));
  if (missing.length > 0) {
    context.record({
      type: added.length > 0 ? 'ENUM_ARRAY_CHANGED' : 'ENUM_ARRAY_NARROWED',
      breaking: true,
      message: `${keyword} no longer allows ${missing.map((value) => JSON.stringify(value)).join(', ')}`,
      location: descend(at, [keyword]),
      originalNode: original,
      updateNode: update,
      seeds: missing,
    });
  } else if (added.length > 0) {
    context.record({
      type: 'ENUM_ARRAY_EXTENDED',
      breaking: false,
      message: `${keyword} now also allows ${added.map((value) => JSON.stringify(value)).join(', ')}`,
      location: descend(at, [keyword]),
      originalNode: original,
      updateNode: update,
    });
  }
  return true;
}

function finiteDomain(node: Record<string, unknown>): unknown[] | undefined {
  const types = typesOf(node);
  if (types === undefined) return undefined;
  const values: unknown[] = [];
  for (const type of types) {
    if (type === 'null') values.push(null);
    else if (type === 'boolean') values.push(true, false);
    else return undefined;
  }
  return values;
}

interface LimitRule {
  keyword: string;
  name: string;
  /** Whether a larger value in the update accepts more. */
  largerAcceptsMore: boolean;
  /** The words Confluent uses for a larger and a smaller value. */
  larger: string;
  smaller: string;
}

const LENGTH_RULES: LimitRule[] = [
  {
    keyword: 'maxLength',
    name: 'MAX_LENGTH',
    largerAcceptsMore: true,
    larger: 'INCREASED',
    smaller: 'DECREASED',
  },
  {
    keyword: 'minLength',
    name: 'MIN_LENGTH',
    largerAcceptsMore: false,
    larger: 'INCREASED',
    smaller: 'DECREASED',
  },
];

/** Compares count limits (lengths, item and property counts): a missing limit is no limit. */
export function compareLimits(
  context: DiffContext,
  original: Record<string, unknown>,
  update: Record<string, unknown>,
  at: Location,
  rules: LimitRule[],
): void {
  for (const rule of rules) {
    const before = original[rule.keyword];
    const after = update[rule.keyword];
    if (before === after) continue;
    const lowerIsDefault = !rule.largerAcceptsMore;
    const from = typeof before === 'number' ? before : undefined;
    const to = typeof after === 'number' ? after : undefined;
    let suffix: string;
    let breaking: boolean;
    if (from === undefined && to !== undefined) {
      suffix = 'ADDED';
      breaking = !(lowerIsDefault && to <= 0);
    } else if (from !== undefined && to === undefined) {
      suffix = 'REMOVED';
      breaking = false;
    } else if (from !== undefined && to !== undefined) {
      const larger = to > from;
      suffix = larger ? rule.larger : rule.smaller;
      breaking = larger !== rule.largerAcceptsMore;
    } else {
      continue;
    }
    context.record({
      type: `${rule.name}_${suffix}`,
      breaking,
      message: `${rule.keyword} ${from ?? 'none'} -> ${to ?? 'none'}`,
      location: descend(at, [rule.keyword]),
      originalNode: original,
      updateNode: update,
    });
  }
}

/** `LimitRule`s for arrays and objects, used by their comparisons. */
export const ITEM_COUNT_RULES: LimitRule[] = [
  {
    keyword: 'maxItems',
    name: 'MAX_ITEMS',
    largerAcceptsMore: true,
    larger: 'INCREASED',
    smaller: 'DECREASED',
  },
  {
    keyword: 'minItems',
    name: 'MIN_ITEMS',
    largerAcceptsMore: false,
    larger: 'INCREASED',
    smaller: 'DECREASED',
  },
];
export const PROPERTY_COUNT_RULES: LimitRule[] = [
  {
    keyword: 'maxProperties',
    name: 'MAX_PROPERTIES',
    largerAcceptsMore: true,
    larger: 'INCREASED',
    smaller: 'DECREASED',
  },
  {
    keyword: 'minProperties',
    name: 'MIN_PROPERTIES',
    largerAcceptsMore: false,
    larger: 'INCREASED',
    smaller: 'DECREASED',
  },
];

/** Compares `minLength`, `maxLength`, `pattern` and `format`. */
export function compareStrings(
  context: DiffContext,
  original: Record<string, unknown>,
  update: Record<string, unknown>,
  at: Location,
): void {
  compareLimits(context, original, update, at, LENGTH_RULES);
  for (const keyword of ['pattern', 'format']) {
    const before = original[keyword];
    const after = update[keyword];
    if (before === after) continue;
    const prefix = keyword.toUpperCase();
    const type =
      before === undefined
        ? `${prefix}_ADDED`
        : after === undefined
          ? `${prefix}_REMOVED`
          : `${prefix}_CHANGED`;
    context.record({
      type,
      breaking: after !== undefined,
      message: `${keyword} ${JSON.stringify(before ?? null)} -> ${JSON.stringify(after ?? null)}`,
      location: descend(at, [keyword]),
      originalNode: original,
      updateNode: update,
    });
  }
}

const BOUND_KEYWORDS = {
  upper: {
    inclusive: 'maximum',
    exclusive: 'exclusiveMaximum',
    name: 'MAXIMUM',
    widen: 'INCREASED',
    tighten: 'DECREASED',
  },
  lower: {
    inclusive: 'minimum',
    exclusive: 'exclusiveMinimum',
    name: 'MINIMUM',
    widen: 'DECREASED',
    tighten: 'INCREASED',
  },
} as const;

/**
 * Compares numeric bounds by the range they leave (so `maximum: 10` -> `exclusiveMaximum: 11` is not
 * breaking), names each keyword change as Confluent does, and compares `multipleOf`.
 */
export function compareNumbers(
  context: DiffContext,
  original: Record<string, unknown>,
  update: Record<string, unknown>,
  at: Location,
): void {
  for (const side of ['upper', 'lower'] as const) {
    const words = BOUND_KEYWORDS[side];
    const before = numericBound(original, side);
    const after = numericBound(update, side);
    const narrowed = !boundCovers(after, before, side);
    const keywordChanges = boundKeywordChanges(original, update, words);
    if (keywordChanges.length === 0 && narrowed)
      keywordChanges.push({ keyword: words.inclusive, suffix: 'CHANGED' });
    for (const { keyword, suffix } of keywordChanges) {
      const tightening = suffix === 'ADDED' || suffix === words.tighten || suffix === 'CHANGED';
      const exclusive = keyword === words.exclusive;
      context.record({
        type: `${exclusive ? 'EXCLUSIVE_' : ''}${words.name}_${suffix}`,
        breaking: narrowed && tightening,
        message: `${keyword} ${describeBound(before)} -> ${describeBound(after)}`,
        location: descend(at, [keyword]),
        originalNode: original,
        updateNode: update,
      });
    }
  }
  const before = original.multipleOf;
  const after = update.multipleOf;
  if (before !== after && (typeof before === 'number' || typeof after === 'number')) {
    let type: string;
    let breaking: boolean;
    if (typeof before !== 'number') {
      type = 'MULTIPLE_OF_ADDED';
      breaking = !(after === 1 && typesOf(original)?.size === 1 && typesOf(original)?.has('integer'));
    } else if (typeof after !== 'number') {
      type = 'MULTIPLE_OF_REMOVED';
      breaking = false;
    } else {
      const divides = isMultiple(before, after);
      type = divides
        ? 'MULTIPLE_OF_REDUCED'
        : after > before
          ? 'MULTIPLE_OF_EXPANDED'
          : 'MULTIPLE_OF_CHANGED';
      breaking = !divides;
    }
    context.record({
      type,
      breaking,
      message: `multipleOf ${before ?? 'none'} -> ${after ?? 'none'}`,
      location: descend(at, ['multipleOf']),
      originalNode: original,
      updateNode: update,
    });
  }
}

function isMultiple(value: number, of: number): boolean {
  const quotient = value / of;
  return Math.abs(quotient - Math.round(quotient)) < 1e-9;
}

function boundKeywordChanges(
  original: Record<string, unknown>,
  update: Record<string, unknown>,
  words: (typeof BOUND_KEYWORDS)[keyof typeof BOUND_KEYWORDS],
): Array<{ keyword: string; suffix: string }> {
  const found: Array<{ keyword: string; suffix: string }> = [];
  for (const keyword of [words.inclusive, words.exclusive]) {
    const before = original[keyword];
    const after = update[keyword];
    if (before === after) continue;
    if (before === undefined || before === false) found.push({ keyword, suffix: 'ADDED' });
    else if (after === undefined || after === false) found.push({ keyword, suffix: 'REMOVED' });
    else if (typeof before === 'number' && typeof after === 'number') {
      const increased = after > before;
      found.push({ keyword, suffix: increased ? 'INCREASED' : 'DECREASED' });
    } else {
      found.push({ keyword, suffix: 'CHANGED' });
    }
  }
  return found;
}

function describeBound(bound: Bound | undefined): string {
  return bound === undefined ? 'none' : `${bound.exclusive ? '<' : '<='} ${bound.value}`;
}
