import { type DiffContext, descend, type Location } from './diff-context.ts';
import { compareLimits, ITEM_COUNT_RULES } from './diff-keywords.ts';
import { compareNodes, undecided } from './diff-node.ts';
import type { SchemaNode } from './schema-document.ts';
import { acceptsEverything, arrayLayout, canonical } from './schema-facts.ts';

/** Compares the array keywords of two nodes: item schemas by position, counts, uniqueness. */
export function compareArrays(
  context: DiffContext,
  original: Record<string, unknown>,
  update: Record<string, unknown>,
  at: Location,
): void {
  const before = arrayLayout(original, context.original.draft);
  const after = arrayLayout(update, context.update.draft);
  const positional = Math.max(before.prefix?.length ?? 0, after.prefix?.length ?? 0);
  const prefixKeyword = (draft: number) => (draft >= 2020 ? 'prefixItems' : 'items');
  const restKeyword = (draft: number, tuple: boolean) =>
    draft >= 2020 || !tuple ? 'items' : 'additionalItems';

  for (let index = 0; index < positional; index += 1) {
    const originalItem = before.prefix?.[index];
    const updateItem = after.prefix?.[index];
    const itemAt: Location = {
      originalPath:
        originalItem !== undefined
          ? `${at.originalPath}/${prefixKeyword(context.original.draft)}/${index}`
          : `${at.originalPath}/${restKeyword(context.original.draft, before.prefix !== undefined)}`,
      updatePath:
        updateItem !== undefined
          ? `${at.updatePath}/${prefixKeyword(context.update.draft)}/${index}`
          : `${at.updatePath}/${restKeyword(context.update.draft, after.prefix !== undefined)}`,
      trail: [...at.trail, { kind: 'item', index }],
    };
    if (originalItem !== undefined && updateItem !== undefined) {
      compareNodes(context, originalItem, updateItem, itemAt);
    } else if (updateItem !== undefined) {
      itemAdded(context, before.rest, updateItem, itemAt, index);
    } else if (originalItem !== undefined) {
      itemRemoved(context, originalItem, after.rest, itemAt, index);
    }
  }

  const restAt: Location = {
    originalPath: `${at.originalPath}/${restKeyword(context.original.draft, before.prefix !== undefined)}`,
    updatePath: `${at.updatePath}/${restKeyword(context.update.draft, after.prefix !== undefined)}`,
    trail: [...at.trail, { kind: 'item', index: positional }],
  };
  if (before.prefix === undefined && after.prefix === undefined) {
    compareNodes(context, before.rest, after.rest, restAt);
  } else {
    compareRest(context, before.rest, after.rest, restAt);
  }

  compareLimits(context, original, update, at, ITEM_COUNT_RULES);
  if (original.uniqueItems !== true && update.uniqueItems === true) {
    context.record({
      type: 'UNIQUE_ITEMS_ADDED',
      breaking: true,
      message: 'items must now be unique',
      location: descend(at, ['uniqueItems']),
      originalNode: original,
      updateNode: update,
    });
  } else if (original.uniqueItems === true && update.uniqueItems !== true) {
    context.record({
      type: 'UNIQUE_ITEMS_REMOVED',
      breaking: false,
      message: 'items no longer need to be unique',
      location: descend(at, ['uniqueItems']),
      originalNode: original,
      updateNode: update,
    });
  }
  for (const keyword of ['contains', 'minContains', 'maxContains', 'unevaluatedItems']) {
    if (canonical(original[keyword]) === canonical(update[keyword])) continue;
    // Dropping one of these only loosens the array, except minContains, whose default is 1.
    if (!(keyword in update) && keyword !== 'minContains') continue;
    undecided(context, original, update, descend(at, [keyword]), `${keyword} changed`);
  }
}

function itemAdded(
  context: DiffContext,
  originalRest: SchemaNode,
  updateItem: SchemaNode,
  at: Location,
  index: number,
): void {
  if (originalRest === false) {
    context.record({
      type: 'ITEM_ADDED_TO_CLOSED_CONTENT_MODEL',
      breaking: false,
      message: `item ${index} was added`,
      location: at,
      originalNode: originalRest,
      updateNode: updateItem,
    });
    return;
  }
  if (acceptsEverything(originalRest)) {
    const empty = acceptsEverything(updateItem);
    context.record({
      type: empty ? 'ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL' : 'ITEM_ADDED_TO_OPEN_CONTENT_MODEL',
      breaking: !empty,
      message: `item ${index} was added, but the original accepted any value there`,
      location: at,
      originalNode: originalRest,
      updateNode: updateItem,
    });
    return;
  }
  recordCoverage(context, 'ADDED', originalRest, updateItem, at, index);
}

function itemRemoved(
  context: DiffContext,
  originalItem: SchemaNode,
  updateRest: SchemaNode,
  at: Location,
  index: number,
): void {
  if (acceptsEverything(updateRest)) {
    context.record({
      type: 'ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL',
      breaking: false,
      message: `item ${index} was removed`,
      location: at,
      originalNode: originalItem,
      updateNode: updateRest,
    });
    return;
  }
  if (updateRest === false) {
    context.record({
      type:
        originalItem === false
          ? 'ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL'
          : 'ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL',
      breaking: originalItem !== false,
      message: `item ${index} was removed and the update accepts no further items`,
      location: at,
      originalNode: originalItem,
      updateNode: updateRest,
    });
    return;
  }
  recordCoverage(context, 'REMOVED', originalItem, updateRest, at, index);
}

/**
 * An item added or removed where a partially open content model applies: the rest schema of one side must
 * accept what the item of the other allowed.
 */
function recordCoverage(
  context: DiffContext,
  change: 'ADDED' | 'REMOVED',
  originalNode: SchemaNode,
  updateNode: SchemaNode,
  at: Location,
  index: number,
): void {
  const trial = context.trial();
  compareNodes(trial, originalNode, updateNode, at);
  context.record({
    type: `ITEM_${change}_${trial.clean ? 'IS' : 'NOT'}_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL`,
    breaking: !trial.clean,
    message: `item ${index} was ${change === 'ADDED' ? 'added' : 'removed'}`,
    location: at,
    originalNode,
    updateNode,
  });
  if (!trial.clean) context.adopt(trial);
}

function compareRest(
  context: DiffContext,
  originalRest: SchemaNode,
  updateRest: SchemaNode,
  at: Location,
): void {
  if (originalRest === false) {
    if (updateRest !== false) {
      context.record({
        type: 'ADDITIONAL_ITEMS_ADDED',
        breaking: false,
        message: 'further items are now allowed',
        location: at,
        originalNode: originalRest,
        updateNode: updateRest,
      });
    }
    return;
  }
  if (updateRest === false) {
    context.record({
      type: 'ADDITIONAL_ITEMS_REMOVED',
      breaking: true,
      message: 'further items are no longer allowed',
      location: at,
      originalNode: originalRest,
      updateNode: updateRest,
    });
    return;
  }
  if (canonical(originalRest) === canonical(updateRest)) {
    compareNodes(context, originalRest, updateRest, at);
    return;
  }
  const trial = context.trial();
  compareNodes(trial, originalRest, updateRest, at);
  context.record({
    type: trial.clean ? 'ADDITIONAL_ITEMS_EXTENDED' : 'ADDITIONAL_ITEMS_NARROWED',
    breaking: !trial.clean,
    message: `the schema of further items ${trial.clean ? 'accepts more' : 'accepts less'}`,
    location: at,
    originalNode: originalRest,
    updateNode: updateRest,
  });
  if (!trial.clean) context.adopt(trial);
}
