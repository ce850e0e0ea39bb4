import { type Ajv, createAjv } from './create-ajv.ts';
import type { Dialect } from './dialect.ts';

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

const keywordsByDialect = new Map<Dialect, { ajv: Ajv; known: string[] }>();

function dialectKeywords(dialect: Dialect): { ajv: Ajv; known: string[] } {
  let entry = keywordsByDialect.get(dialect);
  if (!entry) {
    const ajv = createAjv(dialect, { validateSchema: false });
    const known = JSON_SCHEMA_KEYWORDS.filter(
      (keyword) => ANNOTATION_KEYWORDS.has(keyword) || ajv.getKeyword(keyword) !== false,
    );
    entry = { ajv, known };
    keywordsByDialect.set(dialect, entry);
  }
  return entry;
}

/**
 * The keyword of `dialect` that `key` is most likely a misspelling of, or undefined: `key` is not a keyword of the
 * dialect (nor OpenAPI's, in an OpenAPI document, nor an `x-` extension), and a keyword is at most two edits away.
 */
export function misspelledKeyword(key: string, dialect: Dialect, openApi = false): string | undefined {
  if (key.length < MIN_LENGTH || key.startsWith('x-') || (openApi && OPENAPI_KEYWORDS.has(key)))
    return undefined;
  const { ajv, known } = dialectKeywords(dialect);
  if (ANNOTATION_KEYWORDS.has(key) || ajv.getKeyword(key) !== false) return undefined;
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
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push(new Array<number>(b.length + 1).fill(0));
    rows[i]![0] = i;
  }
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      }
      rows[i]![j] = value;
    }
  }
  return rows[a.length]![b.length]!;
}
