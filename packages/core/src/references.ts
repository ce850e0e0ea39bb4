import type { Dialect } from './dialect.ts';
import { detectDialect, isPlainObject } from './dialect.ts';
import { idKeyword, walkSchema } from './schema-walk.ts';
import { isAbsoluteUri, resolveUri, stripFragment } from './uri.ts';

// Keywords whose string value points at another schema.
const REFERENCE_KEYWORDS = ['$ref', '$dynamicRef', '$recursiveRef'];

/** The references of one schema document, split by where they point. */
export interface DocumentReferences {
  /** Absolute URIs (no fragment) that the document does not define itself: the registry must supply them. */
  external: string[];
  /** References with no absolute base that point outside the document: nothing can resolve them. */
  unresolvable: string[];
  /** Absolute URIs (no fragment) the document defines through its root and embedded identifiers. */
  defined: string[];
}

/**
 * Lists what a schema document references, resolving each `$ref` against the base URI in force where it stands.
 * URIs for which `isKnown` is true (the dialect's built-in meta-schemas) are left out.
 */
export function collectReferences(
  schema: unknown,
  dialect: Dialect,
  isKnown: (uri: string) => boolean,
  rootBaseUri = '',
): DocumentReferences {
  const defined = new Set<string>();
  const pointedAt = new Set<string>();
  walkSchema(
    schema,
    dialect,
    ({ schema: node, baseUri }) => {
      if (baseUri !== '') defined.add(baseUri);
      for (const keyword of REFERENCE_KEYWORDS) {
        const value = Object.hasOwn(node, keyword) ? node[keyword] : undefined;
        if (typeof value !== 'string' || value.startsWith('#')) continue;
        pointedAt.add(stripFragment(resolveUri(value, baseUri)));
      }
    },
    rootBaseUri,
  );
  const external: string[] = [];
  const unresolvable: string[] = [];
  for (const uri of pointedAt) {
    if (defined.has(uri) || isKnown(uri)) continue;
    (isAbsoluteUri(uri) ? external : unresolvable).push(uri);
  }
  return { external: external.sort(), unresolvable: unresolvable.sort(), defined: [...defined].sort() };
}

/** The root identifier of a schema document (`$id`; draft-04 `id`), as other documents' `$ref`s name it. */
export function rootSchemaId(schema: unknown): string | undefined {
  if (!isPlainObject(schema)) return undefined;
  const id = schema[idKeyword(detectDialect(schema))];
  return typeof id === 'string' ? id : undefined;
}
