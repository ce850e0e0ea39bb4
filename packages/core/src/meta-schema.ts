import type { ValidateFunction } from 'ajv';
import type { Ajv } from './create-ajv.ts';
import { createAjv } from './create-ajv.ts';
import type { Dialect } from './dialect.ts';
import { META_SCHEMA_URIS } from './dialect.ts';
import { normalizeUri } from './uri.ts';

interface MetaSchemaSupport {
  validate: ValidateFunction;
  knownUris: Set<string>;
  formats: Set<string>;
}

// One instance per dialect that only ever holds the built-in meta-schemas: no user schema is added to it, so
// sharing it cannot mix up two registered schemas, and each meta-schema is compiled once per process.
const supportByDialect = new Map<Dialect, MetaSchemaSupport>();

function support(dialect: Dialect): MetaSchemaSupport {
  let found = supportByDialect.get(dialect);
  if (!found) {
    const ajv: Ajv = createAjv(dialect);
    const validate = ajv.getSchema(META_SCHEMA_URIS[dialect]);
    if (!validate) throw new Error(`ajv has no meta-schema for ${dialect}`);
    const knownUris = new Set([...Object.keys(ajv.schemas), ...Object.keys(ajv.refs)].map(normalizeUri));
    found = { validate, knownUris, formats: new Set(Object.keys(ajv.formats)) };
    supportByDialect.set(dialect, found);
  }
  return found;
}

/** The compiled meta-schema of `dialect`: validates a schema document of that dialect. */
export function metaSchemaValidator(dialect: Dialect): ValidateFunction {
  return support(dialect).validate;
}

/** True when `uri` names a meta-schema (or meta-schema vocabulary) that ajv has built in for `dialect`. */
export function isBuiltInSchemaUri(dialect: Dialect, uri: string): boolean {
  return support(dialect).knownUris.has(normalizeUri(uri));
}

/** True when validators of `dialect` check `format` values named `name`. */
export function isKnownFormat(dialect: Dialect, name: string): boolean {
  return support(dialect).formats.has(name);
}
