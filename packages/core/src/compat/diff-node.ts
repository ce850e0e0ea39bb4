import { compareArrays } from './diff-array.ts';
import { type DiffContext, descend, type Location, MAX_DEPTH } from './diff-context.ts';
import {
  compareAnnotations,
  compareEnums,
  compareNumbers,
  compareStrings,
  compareTypes,
} from './diff-keywords.ts';
import { compareObjects } from './diff-object.ts';
import { normalizeNode } from './normalize-node.ts';
import type { SchemaNode } from './schema-document.ts';
import {
  acceptsEverything,
  canonical,
  containsRef,
  JSON_TYPES,
  type JsonType,
  typesOf,
} from './schema-facts.ts';

/**
 * Compares an original subschema with its update and records every difference in `context`. A
 * difference is breaking when some value the original accepts is rejected by the update.
 */
export function compareNodes(
  context: DiffContext,
  rawOriginal: SchemaNode,
  rawUpdate: SchemaNode,
  at: Location,
): void {
  context.budget.step();
  if (at.trail.length > MAX_DEPTH || at.originalPath.length > MAX_DEPTH * 24) {
    undecided(context, rawOriginal, rawUpdate, at, 'the schemas are too deep to compare');
    return;
  }
  const original = normalizeNode(context.original, rawOriginal);
  const update = normalizeNode(context.update, rawUpdate);
  if (original === undefined || update === undefined) {
    undecided(context, rawOriginal, rawUpdate, at, 'a $ref cannot be resolved');
    return;
  }
  if (original === false || acceptsEverything(update)) return;
  context.comparePair(original, update, (pairContext) =>
    compareNormalized(pairContext, original, update, at),
  );
}

/** {@link compareNodes} for a pair met for the first time, with its `$ref`s followed and simple `allOf`s merged. */
function compareNormalized(
  context: DiffContext,
  original: SchemaNode,
  update: SchemaNode,
  at: Location,
): void {
  if (
    typeof original === 'object' &&
    typeof update === 'object' &&
    !containsRef(original) &&
    !containsRef(update) &&
    canonical(original) === canonical(update)
  ) {
    return;
  }
  if (update === false) {
    context.record({
      type: 'TYPE_NARROWED',
      breaking: true,
      message: 'the schema now rejects every value',
      location: at,
      originalNode: original,
      updateNode: update,
    });
    return;
  }
  // the caller returned for an original of false, so a boolean here is true
  const originalObject: Record<string, unknown> = typeof original === 'object' ? original : {};
  const updateObject = update as Record<string, unknown>;
  compareAnnotations(context, originalObject, updateObject, at);
  compareCombined(context, originalObject, updateObject, at);
}

/** Records that the engine cannot decide a difference; it counts as breaking. */
export function undecided(
  context: DiffContext,
  original: SchemaNode,
  update: SchemaNode,
  at: Location,
  reason: string,
): void {
  context.record({
    type: 'UNDECIDED',
    breaking: true,
    message: `cannot decide whether this change is compatible: ${reason}`,
    location: at,
    originalNode: original,
    updateNode: update,
  });
}

function without(node: Record<string, unknown>, ...keywords: string[]): Record<string, unknown> {
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (!keywords.includes(key)) rest[key] = value;
  return rest;
}

/** `unevaluated*` next to subschemas depends on all of them together, which the walk does not model. */
function looksThroughApplicators(node: Record<string, unknown>): boolean {
  const unevaluated = ['unevaluatedProperties', 'unevaluatedItems'].some(
    (keyword) => keyword in node && !acceptsEverything(node[keyword] as SchemaNode),
  );
  return (
    unevaluated &&
    ['allOf', 'anyOf', 'oneOf', 'not', 'if', 'dependentSchemas'].some((keyword) => keyword in node)
  );
}

/** Whether `original` is contained in `update`, judged apart from the main findings. */
function contained(
  context: DiffContext,
  original: SchemaNode,
  update: SchemaNode,
  at: Location,
): DiffContext {
  const trial = context.trial();
  compareNodes(trial, original, update, at);
  return trial;
}

function compareCombined(
  context: DiffContext,
  original: Record<string, unknown>,
  update: Record<string, unknown>,
  at: Location,
): void {
  if (looksThroughApplicators(original) || looksThroughApplicators(update)) {
    undecided(
      context,
      original,
      update,
      at,
      'unevaluatedProperties/unevaluatedItems over subschemas changed',
    );
    return;
  }
  if ('not' in original || 'not' in update) compareNot(context, original, update, at);
  let updateRest = without(update, 'not');
  let originalRest = without(original, 'not');

  if (Array.isArray(updateRest.allOf)) {
    (updateRest.allOf as SchemaNode[]).forEach((branch, index) => {
      containedInPart(context, originalRest, branch, descend(at, ['allOf', index]), index);
    });
    const removed = Array.isArray(originalRest.allOf) ? (originalRest.allOf as unknown[]).length : 0;
    const added = (updateRest.allOf as unknown[]).length;
    if (removed > added) {
      context.record(
        change('PRODUCT_TYPE_NARROWED', false, 'allOf has fewer subschemas', at, original, update),
      );
    } else if (removed < added && removed > 0) {
      context.record(
        change('PRODUCT_TYPE_EXTENDED', false, 'allOf has more subschemas', at, original, update),
      );
    }
    updateRest = without(updateRest, 'allOf');
  }
  if (Array.isArray(originalRest.allOf)) {
    containedInPart(context, originalRest, updateRest, at, undefined);
    return;
  }

  const updateUnion = unionOf(updateRest);
  const originalUnion = unionOf(originalRest);
  if (updateUnion) {
    compareUnion(context, originalRest, updateRest, updateUnion, at);
    updateRest = without(updateRest, 'anyOf', 'oneOf');
    originalRest = without(originalRest, 'anyOf', 'oneOf');
  } else if (originalUnion) {
    const own = without(originalRest, 'anyOf', 'oneOf');
    originalUnion.branches.forEach((branch, index) => {
      const branchAt = descend(at, [originalUnion.keyword, index]);
      branchAt.trail = [...at.trail, { kind: 'branch', keyword: originalUnion.keyword, index }];
      branchAt.updatePath = at.updatePath;
      const trial = contained(context, branch, updateRest, branchAt);
      if (!trial.clean && !acceptsEverything(own)) {
        const ownTrial = contained(context, own, updateRest, at);
        if (ownTrial.clean) {
          context.adopt(ownTrial);
          return;
        }
      }
      if (!trial.clean) {
        context.record({
          ...change(
            'SUM_TYPE_NARROWED',
            true,
            `${originalUnion.keyword} subschema ${index} is no longer accepted as a whole`,
            branchAt,
            branch,
            updateRest,
          ),
        });
      }
      context.adopt(trial);
    });
    return;
  }
  compareOwnKeywords(context, originalRest, updateRest, at);
}

function change(
  type: string,
  breaking: boolean,
  message: string,
  at: Location,
  originalNode: SchemaNode,
  updateNode: SchemaNode,
) {
  return { type, breaking, message, location: at, originalNode, updateNode };
}

/**
 * `original` must be contained in one `update` part. With an `allOf` of its own, the original is
 * contained if its own keywords or any of its branches are.
 */
function containedInPart(
  context: DiffContext,
  original: Record<string, unknown>,
  part: SchemaNode,
  at: Location,
  sameIndex: number | undefined,
): void {
  if (!Array.isArray(original.allOf)) {
    compareNodes(context, original, part, at);
    return;
  }
  const branches = original.allOf as SchemaNode[];
  const own = without(original, 'allOf');
  const order: Array<{ node: SchemaNode; at: Location }> = [];
  if (sameIndex !== undefined && sameIndex < branches.length) {
    order.push({
      node: branches[sameIndex]!,
      at: { ...at, originalPath: `${at.originalPath.replace(/\/allOf\/\d+$/, '')}/allOf/${sameIndex}` },
    });
  }
  order.push({ node: own, at });
  branches.forEach((branch, index) => {
    if (index !== sameIndex)
      order.push({ node: branch, at: { ...at, originalPath: `${at.originalPath}/allOf/${index}` } });
  });
  let first: DiffContext | undefined;
  for (const candidate of order) {
    const trial = contained(context, candidate.node, part, candidate.at);
    if (trial.clean) {
      context.adopt(trial);
      return;
    }
    first ??= trial;
  }
  if (first) context.adopt(first);
}

interface Union {
  keyword: 'anyOf' | 'oneOf';
  branches: SchemaNode[];
}

function unionOf(node: Record<string, unknown>): Union | undefined {
  if (Array.isArray(node.anyOf)) return { keyword: 'anyOf', branches: node.anyOf as SchemaNode[] };
  if (Array.isArray(node.oneOf)) return { keyword: 'oneOf', branches: node.oneOf as SchemaNode[] };
  return undefined;
}

/** The alternatives a value of `original` falls in: its own union's branches, or one per type. */
function disjunctsOf(
  original: Record<string, unknown>,
): Array<{ node: SchemaNode; step?: Union & { index: number } }> {
  const union = unionOf(original);
  if (union) {
    return union.branches.map((node, index) => ({ node, step: { ...union, index } }));
  }
  const types = typesOf(original);
  if (types && types.size > 1) {
    return [...types].map((type) => ({ node: { ...original, type } }));
  }
  return [{ node: original }];
}

function compareUnion(
  context: DiffContext,
  original: Record<string, unknown>,
  update: Record<string, unknown>,
  union: Union,
  at: Location,
): void {
  const originalUnion = unionOf(original);
  const own = without(original, 'anyOf', 'oneOf');
  const disjuncts = disjunctsOf(original);
  let narrowed = false;
  disjuncts.forEach((disjunct, disjunctIndex) => {
    const branchAt: Location = disjunct.step
      ? {
          originalPath: `${at.originalPath}/${disjunct.step.keyword}/${disjunct.step.index}`,
          updatePath: at.updatePath,
          trail: [
            ...at.trail,
            { kind: 'branch', keyword: disjunct.step.keyword, index: disjunct.step.index },
          ],
        }
      : at;
    const order = [disjunctIndex, ...union.branches.keys()].filter(
      (index, position, all) => index < union.branches.length && all.indexOf(index) === position,
    );
    let matched: number | undefined;
    let firstTrial: DiffContext | undefined;
    for (const index of order) {
      const target = union.branches[index]!;
      const targetAt = { ...branchAt, updatePath: `${at.updatePath}/${union.keyword}/${index}` };
      let trial = contained(context, disjunct.node, target, targetAt);
      if (!trial.clean && disjunct.step && !acceptsEverything(own)) {
        const ownTrial = contained(context, own, target, targetAt);
        if (ownTrial.clean) trial = ownTrial;
      }
      if (trial.clean) {
        matched = index;
        context.adopt(trial);
        break;
      }
      firstTrial ??= trial;
    }
    if (matched === undefined) {
      narrowed = true;
      context.record({
        type: originalUnion ? 'SUM_TYPE_NARROWED' : 'COMBINED_TYPE_CHANGED',
        breaking: true,
        message: `no ${union.keyword} subschema of the update accepts all that ${disjunct.step ? `${disjunct.step.keyword} subschema ${disjunct.step.index}` : 'the original'} accepts`,
        location: branchAt,
        originalNode: disjunct.node,
        updateNode: update,
      });
      if (firstTrial) for (const found of firstTrial.changes) if (found.breaking) context.record(found);
      return;
    }
    if (union.keyword === 'oneOf') {
      const overlapping = union.branches.findIndex(
        (other, index) => index !== matched && !provablyDisjoint(disjunct.node, other, context),
      );
      if (overlapping !== -1) {
        narrowed = true;
        context.record({
          type: 'UNDECIDED',
          breaking: true,
          message: `a value may match oneOf subschemas ${matched} and ${overlapping} of the update, which oneOf rejects`,
          location: branchAt,
          originalNode: disjunct.node,
          updateNode: update,
        });
      }
    }
  });
  if (narrowed) return;
  if (!originalUnion) {
    context.record(
      change(
        'COMBINED_TYPE_EXTENDED',
        false,
        `the schema became one ${union.keyword} subschema`,
        at,
        original,
        update,
      ),
    );
  } else if (union.branches.length > originalUnion.branches.length) {
    context.record(
      change('SUM_TYPE_EXTENDED', false, `${union.keyword} has more subschemas`, at, original, update),
    );
  } else if (originalUnion.keyword !== union.keyword) {
    context.record(
      change(
        'COMBINED_TYPE_CHANGED',
        false,
        `${originalUnion.keyword} became ${union.keyword}`,
        at,
        original,
        update,
      ),
    );
  }
}

/** True only when no value can match both schemas: different types, or different constants. */
function provablyDisjoint(a: SchemaNode, b: SchemaNode, context: DiffContext): boolean {
  const left = normalizeNode(context.original, a);
  const right = normalizeNode(context.update, b);
  if (left === false || right === false) return true;
  if (left === undefined || right === undefined || left === true || right === true) return false;
  const leftTypes = typesOf(left) ?? new Set<JsonType>(JSON_TYPES);
  const rightTypes = typesOf(right) ?? new Set<JsonType>(JSON_TYPES);
  const shared = [...leftTypes].some(
    (t) =>
      rightTypes.has(t) ||
      (t === 'integer' && rightTypes.has('number')) ||
      (t === 'number' && rightTypes.has('integer')),
  );
  if (!shared) return true;
  const leftValues = enumerated(left);
  const rightValues = enumerated(right);
  if (leftValues && rightValues && !leftValues.some((value) => rightValues.includes(value))) return true;
  const leftProperties = (left.properties ?? {}) as Record<string, SchemaNode>;
  const rightProperties = (right.properties ?? {}) as Record<string, SchemaNode>;
  const leftRequired = Array.isArray(left.required) ? (left.required as string[]) : [];
  const rightRequired = Array.isArray(right.required) ? (right.required as string[]) : [];
  for (const key of leftRequired) {
    if (!rightRequired.includes(key)) continue;
    const l = leftProperties[key];
    const r = rightProperties[key];
    if (l !== undefined && r !== undefined && provablyDisjoint(l, r, context)) return true;
  }
  return false;
}

function enumerated(node: Record<string, unknown>): string[] | undefined {
  if ('const' in node) return [canonical(node.const)];
  return Array.isArray(node.enum) ? node.enum.map(canonical) : undefined;
}

function compareNot(
  context: DiffContext,
  original: Record<string, unknown>,
  update: Record<string, unknown>,
  at: Location,
): void {
  const notAt = descend(at, ['not']);
  if (!('not' in update)) {
    context.record(change('NOT_TYPE_NARROWED', false, 'not was removed', notAt, original, update));
    return;
  }
  const seedNodes = [update.not as SchemaNode];
  if (!('not' in original)) {
    context.record({
      ...change('NOT_TYPE_EXTENDED', true, 'not was added', notAt, original, update),
      seedNodes,
    });
    return;
  }
  // ¬A ⊆ ¬B exactly when B ⊆ A: the negated schemas are compared the other way round.
  const swapped = context.swapped();
  compareNodes(swapped, update.not as SchemaNode, original.not as SchemaNode, notAt);
  if (swapped.clean) {
    if (canonical(original.not) !== canonical(update.not)) {
      context.record(
        change('NOT_TYPE_NARROWED', false, 'the schema under not accepts less', notAt, original, update),
      );
    }
    return;
  }
  context.record({
    ...change('NOT_TYPE_EXTENDED', true, 'the schema under not accepts more', notAt, original, update),
    seedNodes,
  });
}

/** Compares the keywords of two nodes that have no combinators left. */
function compareOwnKeywords(
  context: DiffContext,
  original: Record<string, unknown>,
  update: Record<string, unknown>,
  at: Location,
): void {
  const live = compareTypes(context, original, update, at);
  if (live.size === 0) return;
  if (!compareEnums(context, original, update, at)) return;
  const has = (type: JsonType) => live.has(type);
  if (has('number') || has('integer')) compareNumbers(context, original, update, at);
  if (has('string')) compareStrings(context, original, update, at);
  if (has('array')) compareArrays(context, original, update, at);
  if (has('object')) compareObjects(context, original, update, at);
  for (const keyword of ['if', 'then', 'else', '$dynamicRef', '$recursiveRef']) {
    if (
      (keyword in original || keyword in update) &&
      canonical(original[keyword]) !== canonical(update[keyword])
    ) {
      undecided(context, original, update, descend(at, [keyword]), `${keyword} changed`);
    }
  }
}
