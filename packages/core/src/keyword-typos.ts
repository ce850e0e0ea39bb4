import { type Ajv, createAjv } from './create-ajv.ts';
import type { Dialect } from './dialect.ts';
import { LruCache } from './lru-cache.ts';

/**
 * Every keyword of the JSON Schema drafts schemagate reads (draft-04 to 2020-12): the candidates a misspelled key
 * is compared with. Each dialect keeps those its validator knows, so `$defs` is no suggestion in draft-04.
 */
const JSON_SCHEMA_KEYWORDS = [
  '$anchor',
  '$comment',
  '$defs',
  '$dynamicAnchor',
  '$dynamicRef',
  '$id',
  '$recursiveAnchor',
  '$recursiveRef',
  '$ref',
  '$schema',
  '$vocabulary',
  'additionalItems',
  'additionalProperties',
  'allOf',
  'anyOf',
  'const',
  'contains',
  'contentEncoding',
  'contentMediaType',
  'contentSchema',
  'default',
  'definitions',
  'dependencies',
  'dependentRequired',
  'dependentSchemas',
  'deprecated',
  'description',
  'else',
  'enum',
  'examples',
  'exclusiveMaximum',
  'exclusiveMinimum',
  'format',
  'id',
  'if',
  'items',
  'maxContains',
  'maximum',
  'maxItems',
  'maxLength',
  'maxProperties',
  'minContains',
  'minimum',
  'minItems',
  'minLength',
  'minProperties',
  'multipleOf',
  'not',
  'oneOf',
  'pattern',
  'patternProperties',
  'prefixItems',
  'properties',
  'propertyNames',
  'readOnly',
  'required',
  'then',
  'title',
  'type',
  'unevaluatedItems',
  'unevaluatedProperties',
  'uniqueItems',
  'writeOnly',
];
/** Annotations and identifiers: keywords of every dialect here, though ajv (not strict) keeps no rule for them. */
const ANNOTATION_KEYWORDS = new Set([
  '$comment',
  '$defs',
  'contentEncoding',
  'contentMediaType',
  'contentSchema',
  'default',
  'definitions',
  'deprecated',
  'description',
  'examples',
  'readOnly',
  'title',
  'writeOnly',
]);
/** OpenAPI 3.0's own schema keywords: known words in an `openapi3` document, though JSON Schema lacks them. */
const OPENAPI_KEYWORDS = new Set(['discriminator', 'example', 'externalDocs', 'nullable', 'xml']);
/** Edits (insert, delete, substitute, swap two neighbours) that still read as a slip of the keyboard. */
const MAX_EDITS = 2;
/** Shorter keys are left alone: `if` is two edits from `id`, `not` and `max` are words of their own. */
const MIN_LENGTH = 4;

/** Verdicts remembered per dialect: vendor keys repeat on every node of a large schema. */
const MAX_REMEMBERED = 2_000;

interface DialectKeywords {
  ajv: Ajv;
  known: string[];
  verdicts: LruCache<string, string | undefined>;
}

const keywordsByDialect = new Map<Dialect, DialectKeywords>();

function dialectKeywords(dialect: Dialect): DialectKeywords {
  let entry = keywordsByDialect.get(dialect);
  if (!entry) {
    const ajv = createAjv(dialect, { validateSchema: false });
    const known = JSON_SCHEMA_KEYWORDS.filter(
      (keyword) => ANNOTATION_KEYWORDS.has(keyword) || ajv.getKeyword(keyword) !== false,
    );
    entry = { ajv, known, verdicts: new LruCache({ max: MAX_REMEMBERED }) };
    keywordsByDialect.set(dialect, entry);
  }
  return entry;
}

/** Distinct unknown keys one document may have compared: past them a hostile document costs nothing more. */
const MAX_COMPARED_PER_DOCUMENT = 200;

/**
 * A finder for one document: the keyword of `dialect` that a key is most likely a misspelling of, or undefined.
 * A key is a candidate when it is not a keyword of the dialect (nor OpenAPI's, in an OpenAPI document, nor an `x-`
 * extension), and a keyword is at most two edits away. At most 200 distinct unknown keys are compared per finder.
 */
export function keywordTypoFinder(dialect: Dialect, openApi = false): (key: string) => string | undefined {
  const entry = dialectKeywords(dialect);
  let compared = 0;
  return (key) => {
    if (key.length < MIN_LENGTH || key.startsWith('x-') || (openApi && OPENAPI_KEYWORDS.has(key)))
      return undefined;
    if (entry.verdicts.has(key)) return entry.verdicts.get(key);
    if (ANNOTATION_KEYWORDS.has(key) || entry.ajv.getKeyword(key) !== false) return undefined;
    if (compared >= MAX_COMPARED_PER_DOCUMENT) return undefined;
    compared++;
    const meant = closestKeyword(key, entry);
    // keys come from users: past the bound, the least recently seen verdicts are worked out again
    entry.verdicts.set(key, meant);
    return meant;
  };
}

function closestKeyword(key: string, { known }: DialectKeywords): string | undefined {
  let best: { keyword: string; edits: number } | undefined;
  for (const keyword of known) {
    const edits = editDistance(key, keyword, MAX_EDITS);
    if (edits <= MAX_EDITS && (!best || edits < best.edits)) best = { keyword, edits };
  }
  return best?.keyword;
}

/** Optimal string alignment distance (Damerau-Levenshtein without repeated edits of one place), capped at max + 1. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const width = b.length + 1;
  // three rolling rows: two back (for a swap of neighbours), the last one and this one
  let twoBack = new Int32Array(width);
  let previous = new Int32Array(width);
  let current = new Int32Array(width);
  for (let j = 0; j < width; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j < width; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, twoBack[j - 2]! + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    // every later row is at least this row's least value: past the cap, stop
    if (rowMin > max) return max + 1;
    [twoBack, previous, current] = [previous, current, twoBack];
  }
  return previous[width - 1]!;
}
