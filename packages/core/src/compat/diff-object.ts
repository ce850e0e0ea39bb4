import { type DiffContext, descend, type Location } from './diff-context.ts';
import { compareLimits, PROPERTY_COUNT_RULES } from './diff-keywords.ts';
import { compareNodes } from './diff-node.ts';
import type { SchemaNode } from './schema-document.ts';
import {
  acceptsEverything,
  additionalPropertiesOf,
  canonical,
  compilePattern,
  contentModelOf,
  patternGuesses,
  patternsOf,
  propertiesOf,
  requiredOf,
  schemasForProperty,
} from './schema-facts.ts';

/** Compares the object keywords of two nodes, with Confluent's content models. */
export function compareObjects(
  context: DiffContext,
  original: Record<string, unknown>,
  update: Record<string, unknown>,
  at: Location,
): void {
  const originalProperties = propertiesOf(original);
  const updateProperties = propertiesOf(update);
  const originalModel = contentModelOf(original);
  const updateModel = contentModelOf(update);
  const updateRequired = new Set(requiredOf(update));
  const originalRequired = new Set(requiredOf(original));
  const lenient = context.policy === 'lenient';
  const reportedRequired = new Set<string>();

  for (const [key, originalSchema] of Object.entries(originalProperties)) {
    const propertyAt = descend(at, ['properties', key], { kind: 'property', key });
    const targets = schemasForProperty(update, key);
    if (Object.hasOwn(updateProperties, key)) {
      for (const target of targets) compareNodes(context, originalSchema, target, propertyAt);
      continue;
    }
    if (updateModel === 'open') {
      record(
        context,
        'PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL',
        false,
        `property ${key} was removed`,
        propertyAt,
        originalSchema,
        true,
      );
    } else if (updateModel === 'closed') {
      record(
        context,
        'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
        originalSchema !== false,
        `property ${key} was removed and the update accepts no undeclared property`,
        propertyAt,
        originalSchema,
        false,
      );
    } else {
      const trial = context.trial();
      for (const target of targets) compareNodes(trial, originalSchema, target, propertyAt);
      const covered = trial.clean;
      record(
        context,
        covered
          ? 'PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'
          : 'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
        !covered,
        `property ${key} was removed; ${covered ? '' : 'not '}covered by the update's patternProperties/additionalProperties`,
        propertyAt,
        originalSchema,
        targets[0] ?? true,
      );
      if (!covered) for (const found of trial.changes) if (found.breaking) context.record(found);
    }
  }

  for (const [key, updateSchema] of Object.entries(updateProperties)) {
    if (Object.hasOwn(originalProperties, key)) continue;
    const propertyAt = descend(at, ['properties', key], { kind: 'property', key });
    const required = updateRequired.has(key) && !originalRequired.has(key);
    const withDefault = hasDefault(updateSchema);
    const sources = schemasForProperty(original, key);
    // Under `lenient`, original producers never sent a property they did not declare.
    const declaredByPattern = Object.keys(patternsOf(original)).some((source) =>
      compilePattern(source)?.test(key),
    );
    const assumedAbsent = lenient && !declaredByPattern;
    if (originalModel === 'open') {
      if (acceptsEverything(updateSchema)) {
        record(
          context,
          'PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL',
          false,
          `property ${key} was added with an empty schema`,
          propertyAt,
          true,
          updateSchema,
        );
      } else {
        record(
          context,
          required ? 'PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL' : 'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
          !assumedAbsent,
          `property ${key} was added, but the original accepted any value under that name`,
          propertyAt,
          true,
          updateSchema,
        );
      }
      continue;
    }
    if (originalModel === 'closed') {
      if (required) {
        reportedRequired.add(key);
        record(
          context,
          withDefault
            ? 'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL'
            : 'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL',
          !withDefault,
          `required property ${key} was added${withDefault ? ' with a default' : ''}`,
          at,
          original,
          update,
        );
      } else if (updateSchema === false) {
        record(
          context,
          'PROPERTY_WITH_FALSE_ADDED_TO_CLOSED_CONTENT_MODEL',
          false,
          `property ${key} was forbidden explicitly`,
          propertyAt,
          false,
          updateSchema,
        );
      } else {
        record(
          context,
          'OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL',
          false,
          `optional property ${key} was added`,
          propertyAt,
          false,
          updateSchema,
        );
      }
      continue;
    }
    const trial = context.trial();
    for (const source of sources) compareNodes(trial, source, updateSchema, propertyAt);
    const covered = trial.clean;
    record(
      context,
      covered
        ? 'PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'
        : 'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
      !covered && !assumedAbsent,
      `property ${key} was added; ${covered ? '' : 'not '}covered by the original's patternProperties/additionalProperties`,
      propertyAt,
      sources[0] ?? true,
      updateSchema,
    );
    if (!covered && !assumedAbsent)
      for (const found of trial.changes) if (found.breaking) context.record(found);
  }

  for (const key of updateRequired) {
    if (originalRequired.has(key) || reportedRequired.has(key)) continue;
    const withDefault = hasDefault(updateProperties[key]);
    record(
      context,
      withDefault ? 'REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED' : 'REQUIRED_ATTRIBUTE_ADDED',
      !withDefault,
      `property ${key} became required${withDefault ? ' (it has a default)' : ''}`,
      descend(at, ['required']),
      original,
      update,
    );
  }
  for (const key of originalRequired) {
    if (!updateRequired.has(key)) {
      record(
        context,
        'REQUIRED_ATTRIBUTE_REMOVED',
        false,
        `property ${key} is no longer required`,
        descend(at, ['required']),
        original,
        update,
      );
    }
  }

  compareUnnamedProperties(context, original, update, at);
  compareLimits(context, original, update, at, PROPERTY_COUNT_RULES);
  compareDependencies(context, original, update, at);
  if (canonical(original.propertyNames) !== canonical(update.propertyNames)) {
    if (update.propertyNames !== undefined) {
      compareNodes(
        context,
        nodeOrTrue(original.propertyNames),
        nodeOrTrue(update.propertyNames),
        descend(at, ['propertyNames']),
      );
    }
  }
}

function nodeOrTrue(value: unknown): SchemaNode {
  return typeof value === 'boolean' || (value !== null && typeof value === 'object')
    ? (value as SchemaNode)
    : true;
}

function hasDefault(schema: SchemaNode | undefined): boolean {
  return typeof schema === 'object' && 'default' in schema;
}

function record(
  context: DiffContext,
  type: string,
  breaking: boolean,
  message: string,
  location: Location,
  originalNode: SchemaNode,
  updateNode: SchemaNode,
): void {
  context.record({ type, breaking, message, location, originalNode, updateNode });
}

/** A property name that none of a node's named properties and patterns claims, to place a witness. */
export function unclaimedKey(nodes: Array<Record<string, unknown>>, pattern?: string): string | undefined {
  const regex = pattern === undefined ? undefined : compilePattern(pattern);
  const candidates = [
    ...(pattern === undefined ? [] : patternGuesses(pattern)),
    ...['extra', 'x-extra', 'zz', 'a', 'x', '_', 'A1', '1', 'key', 'extra_property', 'S_1', 'aaa'],
  ];
  return candidates.find(
    (key) =>
      (regex === undefined || regex?.test(key) === true) &&
      nodes.every((node) => !Object.hasOwn(propertiesOf(node), key)) &&
      (pattern !== undefined ||
        nodes.every((node) =>
          Object.keys(patternsOf(node)).every((source) => !compilePattern(source)?.test(key)),
        )),
  );
}

/** Properties the original does not name: those under its patterns, and the rest. */
function compareUnnamedProperties(
  context: DiffContext,
  original: Record<string, unknown>,
  update: Record<string, unknown>,
  at: Location,
): void {
  const lenient = context.policy === 'lenient';
  const originalPatterns = patternsOf(original);
  const updatePatterns = patternsOf(update);
  const originalRest = additionalPropertiesOf(original);
  const updateRest = additionalPropertiesOf(update);
  const restKeyword =
    'additionalProperties' in update || !('unevaluatedProperties' in update)
      ? 'additionalProperties'
      : 'unevaluatedProperties';

  for (const [source, originalSchema] of Object.entries(originalPatterns)) {
    const key = unclaimedKey([update], source) ?? unclaimedKey([original, update]);
    const step = key === undefined ? undefined : ({ kind: 'property', key } as const);
    const patternAt = descend(at, ['patternProperties', source], step);
    if (Object.hasOwn(updatePatterns, source)) {
      compareNodes(context, originalSchema, updatePatterns[source]!, patternAt);
    } else {
      const others = Object.entries(updatePatterns).map(([, schema]) => schema);
      for (const target of [updateRest, ...others]) compareNodes(context, originalSchema, target, patternAt);
    }
  }
  if (lenient) return;
  for (const [source, updateSchema] of Object.entries(updatePatterns)) {
    if (Object.hasOwn(originalPatterns, source)) continue;
    const key = unclaimedKey([original], source);
    const patternAt = descend(
      at,
      ['patternProperties', source],
      key === undefined ? undefined : { kind: 'property', key },
    );
    compareNodes(context, originalRest, updateSchema, patternAt);
  }
  if (canonical(originalRest) === canonical(updateRest) && !acceptsEverything(originalRest)) {
    compareNodes(context, originalRest, updateRest, restAt(at, restKeyword, original, update));
    return;
  }
  if (originalRest === false) {
    if (updateRest !== false) {
      record(
        context,
        'ADDITIONAL_PROPERTIES_ADDED',
        false,
        `${restKeyword} now allows undeclared properties`,
        descend(at, [restKeyword]),
        originalRest,
        updateRest,
      );
    }
    return;
  }
  if (acceptsEverything(updateRest)) {
    if (!acceptsEverything(originalRest)) {
      record(
        context,
        'ADDITIONAL_PROPERTIES_EXTENDED',
        false,
        `${restKeyword} accepts any undeclared property`,
        descend(at, [restKeyword]),
        originalRest,
        updateRest,
      );
    }
    return;
  }
  const location = restAt(at, restKeyword, original, update);
  if (updateRest === false) {
    record(
      context,
      'ADDITIONAL_PROPERTIES_REMOVED',
      true,
      `${restKeyword} no longer allows undeclared properties`,
      location,
      originalRest,
      updateRest,
    );
    return;
  }
  const trial = context.trial();
  compareNodes(trial, originalRest, updateRest, location);
  record(
    context,
    trial.clean ? 'ADDITIONAL_PROPERTIES_EXTENDED' : 'ADDITIONAL_PROPERTIES_NARROWED',
    !trial.clean,
    `the schema of undeclared properties ${trial.clean ? 'accepts more' : 'accepts less'}`,
    location,
    originalRest,
    updateRest,
  );
  if (!trial.clean) for (const found of trial.changes) if (found.breaking) context.record(found);
}

function restAt(
  at: Location,
  keyword: string,
  original: Record<string, unknown>,
  update: Record<string, unknown>,
): Location {
  const key = unclaimedKey([original, update]);
  return descend(at, [keyword], key === undefined ? undefined : { kind: 'property', key });
}

/** `dependentRequired`/`dependencies` (array form) and `dependentSchemas`/`dependencies` (schema form). */
function compareDependencies(
  context: DiffContext,
  original: Record<string, unknown>,
  update: Record<string, unknown>,
  at: Location,
): void {
  const before = dependenciesOf(original);
  const after = dependenciesOf(update);
  for (const [key, requirement] of after.arrays) {
    const location = descend(at, [requirement.keyword, key]);
    const previous = before.arrays.get(key);
    if (previous === undefined) {
      record(
        context,
        'DEPENDENCY_ARRAY_ADDED',
        true,
        `${key} now requires ${requirement.names.join(', ')}`,
        location,
        original,
        update,
      );
      continue;
    }
    const extra = requirement.names.filter((name) => !previous.names.includes(name));
    const dropped = previous.names.filter((name) => !requirement.names.includes(name));
    if (extra.length > 0 && dropped.length > 0) {
      record(
        context,
        'DEPENDENCY_ARRAY_CHANGED',
        true,
        `${key} now requires ${requirement.names.join(', ')}`,
        location,
        original,
        update,
      );
    } else if (extra.length > 0) {
      record(
        context,
        'DEPENDENCY_ARRAY_EXTENDED',
        true,
        `${key} now also requires ${extra.join(', ')}`,
        location,
        original,
        update,
      );
    } else if (dropped.length > 0) {
      record(
        context,
        'DEPENDENCY_ARRAY_NARROWED',
        false,
        `${key} no longer requires ${dropped.join(', ')}`,
        location,
        original,
        update,
      );
    }
  }
  for (const [key, requirement] of before.arrays) {
    if (!after.arrays.has(key)) {
      record(
        context,
        'DEPENDENCY_ARRAY_REMOVED',
        false,
        `${key} no longer requires other properties`,
        descend(at, [requirement.keyword, key]),
        original,
        update,
      );
    }
  }
  for (const [key, dependency] of after.schemas) {
    const location = descend(at, [dependency.keyword, key]);
    const previous = before.schemas.get(key);
    if (previous === undefined) {
      record(
        context,
        'DEPENDENCY_SCHEMA_ADDED',
        true,
        `a schema now applies when ${key} is present`,
        location,
        original,
        update,
      );
    } else {
      compareNodes(context, previous.schema, dependency.schema, location);
    }
  }
  for (const [key, dependency] of before.schemas) {
    if (!after.schemas.has(key)) {
      record(
        context,
        'DEPENDENCY_SCHEMA_REMOVED',
        false,
        `no schema applies when ${key} is present any more`,
        descend(at, [dependency.keyword, key]),
        original,
        update,
      );
    }
  }
}

function dependenciesOf(node: Record<string, unknown>) {
  const arrays = new Map<string, { keyword: string; names: string[] }>();
  const schemas = new Map<string, { keyword: string; schema: SchemaNode }>();
  for (const keyword of ['dependencies', 'dependentRequired', 'dependentSchemas']) {
    const value = node[keyword];
    if (value === null || typeof value !== 'object') continue;
    for (const [key, dependency] of Object.entries(value as Record<string, unknown>)) {
      if (Array.isArray(dependency)) {
        const known = arrays.get(key)?.names ?? [];
        arrays.set(key, { keyword, names: [...new Set([...known, ...(dependency as string[])])] });
      } else if (typeof dependency === 'boolean' || (dependency !== null && typeof dependency === 'object')) {
        schemas.set(key, { keyword, schema: dependency as SchemaNode });
      }
    }
  }
  return { arrays, schemas };
}
