import { compile } from 'json-schema-to-typescript';
import { dropUnresolvableRefs } from './drop-unresolvable-refs.ts';
import { toPascalCase } from './naming.ts';
import { prefixTypeTitles } from './prefix-type-titles.ts';

/** The EventBridge envelope fields, as EventBridge always delivers them. */
export const ENVELOPE_FIELDS = [
  'version',
  'id',
  'detail-type',
  'source',
  'account',
  'time',
  'region',
  'resources',
  'detail',
] as const;

/** What the generated alias for an EventBridge-shaped schema needs. */
export interface EnvelopeShape {
  /** TypeScript type for `detail-type`: a string literal when the schema pins it, else `string`. */
  detailTypeType: string;
  sourceType: string;
  /** Envelope fields the schema does not require, so the type must not promise them. */
  optionalFields: string[];
}

/** The TypeScript declarations for one schema, and its envelope when it describes an EventBridge event. */
export interface TypeDeclarations {
  declarations: string;
  envelope: EnvelopeShape | undefined;
}

type SchemaObject = Record<string, unknown>;

function isSchemaObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Declarations for `schema` (a JSON Schema; OpenAPI documents are converted before they get here).
 * An EventBridge-shaped schema (its properties name `detail` and `detail-type`) yields
 * `<typeName>Detail` for its detail, and the caller emits `typeName` as an `EventBridgeEvent` alias;
 * any other schema yields `typeName` itself. Every other named type starts with `typeName`.
 * `references` are resolved by their URI in memory; nothing is fetched or read from disk.
 */
export async function emitTypeDeclarations(
  schema: unknown,
  typeName: string,
  references: ReadonlyArray<{ uri: string; schema: unknown }>,
  options: { format: boolean },
): Promise<TypeDeclarations> {
  const prefixed = prefixTypeTitles(schema, typeName);
  const root = isSchemaObject(prefixed) ? prefixed : {};
  const envelopeRoot = followLocalRef(root, root);
  const properties = isSchemaObject(envelopeRoot?.properties) ? envelopeRoot.properties : undefined;
  const isEnvelope = properties !== undefined && 'detail' in properties && 'detail-type' in properties;

  let target: unknown = prefixed;
  let envelope: EnvelopeShape | undefined;
  if (isEnvelope && envelopeRoot !== undefined) {
    const detail = followLocalRef(root, properties.detail) ?? {};
    target = withDefinitionsOf(root, detail);
    const required = new Set(Array.isArray(envelopeRoot.required) ? envelopeRoot.required : []);
    envelope = {
      detailTypeType: pinnedStringType(properties['detail-type']),
      sourceType: pinnedStringType(properties.source),
      optionalFields: ENVELOPE_FIELDS.filter((field) => !required.has(field)),
    };
  }
  const rootName = envelope ? `${typeName}Detail` : typeName;
  const named = isSchemaObject(target) ? { ...target, title: rootName } : target;

  const referencesById = new Map<string, unknown>();
  const documentTitles = new Set<string>();
  for (const reference of references) {
    const titled = withDocumentTitle(reference.schema, reference.uri, documentTitles);
    referencesById.set(stripFragment(reference.uri), prefixTypeTitles(titled, typeName));
  }

  const knownDocuments = new Set(referencesById.keys());
  const typeSchema = dropUnresolvableRefs(named, knownDocuments);
  for (const [uri, reference] of referencesById)
    referencesById.set(uri, dropUnresolvableRefs(reference, knownDocuments));
  let declarations: string;
  try {
    declarations = await compileTypes(typeSchema, rootName, referencesById, options.format);
    // json-schema-to-typescript emits nothing for a root that constrains no type (`{}`, `allOf: [{}]`), and
    // names a root that is only a `$ref` after its target.
    if (!new RegExp(`^export (?:type|interface|enum) ${rootName}\\b`, 'm').test(declarations)) {
      declarations = `${declarations}\nexport type ${rootName} = unknown;`;
    }
  } catch (error) {
    // Types are a convenience and json-schema-to-typescript does not understand every schema; the
    // validator does, so the binding still works, typed as unknown.
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    declarations = `/** json-schema-to-typescript could not derive a type (${reason?.replaceAll('*/', '* /')}); the validator checks everything. */\nexport type ${rootName} = unknown;`;
  }
  return { declarations: declarations.trim(), envelope };
}

async function compileTypes(
  schema: unknown,
  rootName: string,
  referencesById: Map<string, unknown>,
  format: boolean,
): Promise<string> {
  return compile(structuredClone(schema) as never, rootName, {
    bannerComment: '',
    format,
    unknownAny: true,
    declareExternallyReferenced: true,
    $refOptions: {
      resolve: {
        http: false,
        file: false,
        external: true,
        registered: {
          order: 1,
          canRead: (file: { url: string }) => referencesById.has(stripFragment(file.url)),
          read: (file: { url: string }) => JSON.stringify(referencesById.get(stripFragment(file.url))),
        },
      },
    } as never,
  });
}

/**
 * A referenced document without a `title` is titled after the last segment of its URI (`.../part.json` -> `Part`),
 * so that its type, like every other, gets the schema's prefix: json-schema-to-typescript would otherwise name it
 * after the whole URI, the same for every schema that references it, and two bindings would declare one type.
 */
function withDocumentTitle(schema: unknown, uri: string, taken: Set<string>): unknown {
  if (!isSchemaObject(schema) || typeof schema.title === 'string') return schema;
  const segment = stripFragment(uri).split(/[/:]/).filter(Boolean).at(-1) ?? '';
  const stem = toPascalCase(segment.replace(/\.json$/i, '')) || 'Reference';
  let title = stem;
  for (let n = 2; taken.has(title); n++) title = `${stem}${n}`;
  taken.add(title);
  return { ...schema, title };
}

function stripFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash >= 0 ? url.slice(0, hash) : url;
}

/** Follows `#/...` JSON Pointer refs within `root` (one document); other refs are left as they are. */
function followLocalRef(root: SchemaObject, schema: unknown): SchemaObject | undefined {
  let current = schema;
  for (let depth = 0; depth < 32 && isSchemaObject(current); depth++) {
    const ref = current.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/')) return current;
    let next: unknown = root;
    for (const token of ref.slice(2).split('/')) {
      const key = decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~');
      next = isSchemaObject(next) ? next[key] : undefined;
    }
    current = next;
  }
  return isSchemaObject(current) ? current : undefined;
}

/** The detail subschema as a root of its own, keeping what its local refs point into. */
function withDefinitionsOf(root: SchemaObject, detail: SchemaObject): SchemaObject {
  const result: SchemaObject = { ...detail };
  for (const container of ['$schema', 'definitions', '$defs', 'components']) {
    if (root[container] !== undefined && result[container] === undefined) result[container] = root[container];
  }
  return result;
}

/** `'OrderPlaced'` when the schema allows exactly one string (`const` or a one-entry `enum`), else `string`. */
function pinnedStringType(schema: unknown): string {
  if (!isSchemaObject(schema)) return 'string';
  if (typeof schema.const === 'string') return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum) && schema.enum.length === 1 && typeof schema.enum[0] === 'string') {
    return JSON.stringify(schema.enum[0]);
  }
  return 'string';
}
