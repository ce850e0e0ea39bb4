import { type Dialect, escapePointerToken, SUBSCHEMA_KEYWORDS, type SubschemaShape } from '@schemagate/core';

/** The JSON Schema dialects the converter reads: core's. */
export type SourceDialect = Dialect;

/** The outcome of {@link convertToDraft04}. */
export type Draft04Conversion =
  | { ok: true; schema: Record<string, unknown>; changes: string[] }
  | { ok: false; reason: string; path: string };

export const DRAFT_04_URI = 'http://json-schema.org/draft-04/schema#';

/** Keywords with no draft-04 equivalent that this converter can express without changing meaning. */
const UNCONVERTIBLE: Record<string, string> = {
  contains: 'draft-04 has no "contains"',
  minContains: 'draft-04 has no "minContains"',
  maxContains: 'draft-04 has no "maxContains"',
  propertyNames: 'draft-04 has no "propertyNames"',
  unevaluatedProperties: 'draft-04 has no "unevaluatedProperties"',
  unevaluatedItems: 'draft-04 has no "unevaluatedItems"',
  $anchor: 'draft-04 cannot reference a plain-name "$anchor"',
  $dynamicRef: 'draft-04 has no dynamic references',
  $dynamicAnchor: 'draft-04 has no dynamic references',
  $recursiveRef: 'draft-04 has no recursive references',
  $recursiveAnchor: 'draft-04 has no recursive references',
  $vocabulary: 'draft-04 has no vocabularies',
};

/**
 * How a keyword not rewritten on its own holds subschemas, when it holds them both in the source dialect and in
 * draft-04 (those are converted inside); any other keyword is copied as it is.
 */
function sharedShape(keyword: string, dialect: SourceDialect): SubschemaShape | undefined {
  const target = SUBSCHEMA_KEYWORDS['draft-04'].get(keyword);
  const source = SUBSCHEMA_KEYWORDS[dialect].get(keyword);
  return target && source && target.shape === source.shape ? source.shape : undefined;
}

class Refusal extends Error {
  constructor(
    readonly reason: string,
    readonly path: string,
  ) {
    super(reason);
  }
}

/**
 * Rewrites a draft-06/-07/2019-09/2020-12 schema as draft-04 when that keeps its meaning exactly:
 * `$defs`->`definitions` (refs rewritten), `const`->`enum`, numeric `exclusiveMinimum/Maximum` ->
 * boolean form, `dependentRequired/Schemas`->`dependencies`, `prefixItems`/`items`->`items` array +
 * `additionalItems`, `if/then/else` -> `anyOf`, boolean schemas -> `{}` / `{not: {}}`, and a
 * 2019-09+ `$ref` with siblings -> `allOf`. Anything else without an exact draft-04 form
 * (`contains`, `propertyNames`, `unevaluated*`, anchors, dynamic refs) refuses with the reason and
 * the JSON Pointer of the first offending keyword. The input is not modified.
 */
export function convertToDraft04(schema: unknown, dialect: SourceDialect): Draft04Conversion {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    if (typeof schema === 'boolean') {
      return {
        ok: true,
        schema: { $schema: DRAFT_04_URI, ...(schema ? {} : { not: {} }) },
        changes: ['boolean root'],
      };
    }
    return { ok: false, reason: 'the schema is not a JSON object', path: '' };
  }
  if (dialect === 'draft-04') return { ok: true, schema: schema as Record<string, unknown>, changes: [] };
  const changes = new Set<string>();
  try {
    const converted = convertNode(schema, '', dialect, changes) as Record<string, unknown>;
    converted.$schema = DRAFT_04_URI;
    return { ok: true, schema: converted, changes: [...changes] };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.reason, path: error.path };
    throw error;
  }
}

function convertNode(node: unknown, path: string, dialect: SourceDialect, changes: Set<string>): unknown {
  if (typeof node === 'boolean') {
    changes.add('boolean schema');
    return node ? {} : { not: {} };
  }
  if (typeof node !== 'object' || node === null || Array.isArray(node)) {
    throw new Refusal('a subschema is not an object or boolean', path);
  }
  const source = node as Record<string, unknown>;
  for (const keyword of Object.keys(source)) {
    const why = UNCONVERTIBLE[keyword];
    if (why) throw new Refusal(`${why} (found "${keyword}")`, `${path}/${escapePointerToken(keyword)}`);
  }
  const out: Record<string, unknown> = {};
  const extraAllOf: unknown[] = [];
  const at = (keyword: string) => `${path}/${escapePointerToken(keyword)}`;

  for (const [keyword, value] of Object.entries(source)) {
    switch (keyword) {
      case '$schema':
        break;
      case '$id':
        changes.add('$id -> id');
        out.id = value;
        break;
      case '$ref':
        out.$ref = typeof value === 'string' ? rewriteRef(value, changes) : value;
        break;
      case 'const':
        if ('enum' in source) throw new Refusal('"const" beside "enum" is not converted', at(keyword));
        changes.add('const -> enum');
        out.enum = [value];
        break;
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        convertExclusiveBound(source, keyword, out, at(keyword), dialect, changes);
        break;
      case 'minimum':
      case 'maximum':
        if (!(keyword in out)) out[keyword] = value;
        break;
      case 'dependentRequired':
      case 'dependentSchemas':
      case 'dependencies':
        mergeDependencies(out, keyword, value, at(keyword), dialect, changes);
        break;
      case 'items':
        convertItems(source, out, path, dialect, changes);
        break;
      case 'prefixItems':
        if (dialect !== '2020-12') out[keyword] = value;
        break;
      case 'additionalItems':
        if (dialect === '2020-12') {
          throw new Refusal(
            '"additionalItems" is not a 2020-12 keyword; draft-04 would give it meaning',
            at(keyword),
          );
        }
        out[keyword] = convertNode(value, at(keyword), dialect, changes);
        break;
      case 'if':
      case 'then':
      case 'else':
        // draft-06 had no conditionals: there they are annotations, as in draft-04.
        if (dialect === 'draft-06') out[keyword] = value;
        break;
      case '$defs':
        if ('definitions' in source)
          throw new Refusal('both "$defs" and "definitions" are present', at(keyword));
        changes.add('$defs -> definitions');
        out.definitions = convertMap(value, at(keyword), dialect, changes);
        break;
      default: {
        const shape = sharedShape(keyword, dialect);
        if (shape === 'map') out[keyword] = convertMap(value, at(keyword), dialect, changes);
        else if (shape === 'schemas') out[keyword] = convertArray(value, at(keyword), dialect, changes);
        else if (shape === 'schema') out[keyword] = convertNode(value, at(keyword), dialect, changes);
        else out[keyword] = value;
      }
    }
  }

  if (dialect === '2020-12' && 'prefixItems' in source && !('items' in source)) {
    changes.add('prefixItems -> items');
    out.items = convertArray(source.prefixItems, at('prefixItems'), dialect, changes);
  }

  if ('if' in source && dialect !== 'draft-06') {
    changes.add('if/then/else -> anyOf');
    const condition = convertNode(source.if, at('if'), dialect, changes);
    const then = 'then' in source ? convertNode(source.then, at('then'), dialect, changes) : {};
    const otherwise = 'else' in source ? convertNode(source.else, at('else'), dialect, changes) : {};
    extraAllOf.push({ anyOf: [{ allOf: [condition, then] }, { allOf: [{ not: condition }, otherwise] }] });
  }

  // From 2019-09 on, keywords beside $ref apply; in draft-04 they are ignored, so they move into allOf.
  const refSiblings = Object.keys(out).filter((k) => k !== '$ref' && k !== 'id' && k !== 'definitions');
  if (
    '$ref' in out &&
    (dialect === '2019-09' || dialect === '2020-12') &&
    (refSiblings.length || extraAllOf.length)
  ) {
    changes.add('$ref with siblings -> allOf');
    extraAllOf.unshift({ $ref: out.$ref });
    delete out.$ref;
  }
  if (extraAllOf.length) out.allOf = [...((out.allOf as unknown[] | undefined) ?? []), ...extraAllOf];
  return out;
}

function convertExclusiveBound(
  source: Record<string, unknown>,
  keyword: 'exclusiveMinimum' | 'exclusiveMaximum',
  out: Record<string, unknown>,
  path: string,
  dialect: SourceDialect,
  changes: Set<string>,
) {
  const value = source[keyword];
  if (typeof value === 'boolean') {
    throw new Refusal(`boolean "${keyword}" is draft-04 syntax, not ${dialect}`, path);
  }
  if (typeof value !== 'number') return;
  changes.add(`${keyword} number -> boolean`);
  const inclusive = keyword === 'exclusiveMinimum' ? 'minimum' : 'maximum';
  const other = source[inclusive];
  // Both bounds present: keep whichever is stricter, which is exactly what the pair meant.
  const exclusiveIsStricter =
    typeof other !== 'number' || (keyword === 'exclusiveMinimum' ? value >= other : value <= other);
  if (exclusiveIsStricter) {
    out[inclusive] = value;
    out[keyword] = true;
  } else {
    out[inclusive] = other;
  }
}

function mergeDependencies(
  out: Record<string, unknown>,
  keyword: string,
  value: unknown,
  path: string,
  dialect: SourceDialect,
  changes: Set<string>,
) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Refusal(`"${keyword}" is not an object`, path);
  }
  if (keyword !== 'dependencies') changes.add(`${keyword} -> dependencies`);
  const merged = (out.dependencies as Record<string, unknown> | undefined) ?? {};
  for (const [property, dependency] of Object.entries(value)) {
    if (property in merged) {
      throw new Refusal(`"${property}" has both a required-list and a schema dependency`, path);
    }
    merged[property] = Array.isArray(dependency)
      ? dependency
      : convertNode(dependency, `${path}/${escapePointerToken(property)}`, dialect, changes);
  }
  out.dependencies = merged;
}

function convertItems(
  source: Record<string, unknown>,
  out: Record<string, unknown>,
  path: string,
  dialect: SourceDialect,
  changes: Set<string>,
) {
  const items = source.items;
  if (dialect === '2020-12') {
    if (!('prefixItems' in source)) {
      out.items = convertNode(items, `${path}/items`, dialect, changes);
      return;
    }
    changes.add('prefixItems/items -> items/additionalItems');
    out.items = convertArray(source.prefixItems, `${path}/prefixItems`, dialect, changes);
    out.additionalItems = convertNode(items, `${path}/items`, dialect, changes);
    return;
  }
  out.items = Array.isArray(items)
    ? convertArray(items, `${path}/items`, dialect, changes)
    : convertNode(items, `${path}/items`, dialect, changes);
}

function convertArray(value: unknown, path: string, dialect: SourceDialect, changes: Set<string>): unknown[] {
  if (!Array.isArray(value)) throw new Refusal('expected an array of schemas', path);
  return value.map((item, index) => convertNode(item, `${path}/${index}`, dialect, changes));
}

function convertMap(value: unknown, path: string, dialect: SourceDialect, changes: Set<string>) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Refusal('expected an object of schemas', path);
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = convertNode(item, `${path}/${escapePointerToken(key)}`, dialect, changes);
  }
  return out;
}

function rewriteRef(ref: string, changes: Set<string>): string {
  if (ref.startsWith('#/$defs/')) {
    changes.add('$ref #/$defs -> #/definitions');
    return `#/definitions/${ref.slice('#/$defs/'.length)}`;
  }
  return ref;
}
