import { pointerTokens } from '../json-pointer.ts';
import { toJsonSchema } from '../openapi.ts';
import type { ReferencedSchema, SchemaInput } from './types.ts';

/** A JSON Schema node: an object schema or a boolean schema. */
export type SchemaNode = Record<string, unknown> | boolean;

/** JSON Schema drafts, by the year-ish number the engine switches on. */
export type Draft = 4 | 6 | 7 | 2019 | 2020;

const ROOT_URI = 'urn:schemagate:compat:root';

/**
 * One version of a schema, ready to be walked: its root node, the dialect that decides how keywords
 * read, and the `$ref` resolution over the document and the registry references.
 */
export class SchemaDocument {
  readonly root: SchemaNode;
  readonly draft: Draft;
  readonly isOpenApi: boolean;
  private readonly baseOf = new WeakMap<object, string>();
  private readonly resources = new Map<string, unknown>();

  constructor(input: SchemaInput, references: ReferencedSchema[] = []) {
    this.isOpenApi = input.format === 'openapi3' || isOpenApiDocument(input.schema);
    const document = this.isOpenApi ? openApiAsJsonSchema(input) : input.schema;
    this.draft = draftOf(document);
    for (const reference of references) {
      this.index(reference.schema, stripFragment(reference.uri), draftOf(reference.schema));
    }
    const rootBase = idOf(document, this.draft) ?? ROOT_URI;
    this.index(document, stripFragment(absolutize(rootBase, ROOT_URI)), this.draft);
    this.resources.set(ROOT_URI, document);
    this.root = asNode(document);
  }

  /** The base URI a node's relative `$ref`s resolve against. */
  base(node: SchemaNode): string {
    return typeof node === 'object' ? (this.baseOf.get(node) ?? ROOT_URI) : ROOT_URI;
  }

  /** The target of a `$ref` written in `from`, or undefined when it cannot be found. */
  resolve(ref: string, from: SchemaNode): SchemaNode | undefined {
    let target: URL;
    try {
      target = new URL(ref, this.base(from));
    } catch {
      return undefined;
    }
    const fragment = decodeURIComponent(target.hash.slice(1));
    target.hash = '';
    const resource = this.resources.get(target.href) ?? this.resources.get(target.href.replace(/\/$/, ''));
    if (resource === undefined) return undefined;
    if (fragment === '') return asNode(resource);
    if (!fragment.startsWith('/')) {
      const anchored = this.resources.get(`${target.href}#${fragment}`);
      return anchored === undefined ? undefined : asNode(anchored);
    }
    let node: unknown = resource;
    for (const key of pointerTokens(fragment)) {
      if (node === null || typeof node !== 'object') return undefined;
      node = (node as Record<string, unknown>)[key];
    }
    return node === undefined ? undefined : asNode(node);
  }

  /** Records the base URI of every subschema and every `$id` and anchor as a resolvable resource. */
  private index(value: unknown, base: string, draft: Draft): void {
    const stack: Array<{ value: unknown; base: string }> = [{ value, base }];
    while (stack.length > 0) {
      const { value: current, base: parentBase } = stack.pop()!;
      if (current === null || typeof current !== 'object') continue;
      if (Array.isArray(current)) {
        for (const item of current) stack.push({ value: item, base: parentBase });
        continue;
      }
      if (this.baseOf.has(current)) continue;
      let base = parentBase;
      const id = idOf(current, draft);
      if (id !== undefined) {
        if (id.startsWith('#') && draft <= 7) {
          this.resources.set(`${stripFragment(base)}${id}`, current);
        } else {
          base = stripFragment(absolutize(id, base));
          this.resources.set(base, current);
        }
      }
      const record = current as Record<string, unknown>;
      if (typeof record.$anchor === 'string')
        this.resources.set(`${stripFragment(base)}#${record.$anchor}`, current);
      if (!this.resources.has(stripFragment(base))) this.resources.set(stripFragment(base), current);
      this.baseOf.set(current, base);
      for (const [key, child] of Object.entries(record)) {
        if (key === 'enum' || key === 'const' || key === 'default' || key === 'examples') continue;
        stack.push({ value: child, base });
      }
    }
  }
}

/** The schema dialect named by `$schema`; none means 2020-12. */
export function draftOf(document: unknown): Draft {
  const uri =
    document !== null && typeof document === 'object'
      ? (document as Record<string, unknown>).$schema
      : undefined;
  if (typeof uri !== 'string') return 2020;
  if (uri.includes('draft-04')) return 4;
  if (uri.includes('draft-06')) return 6;
  if (uri.includes('draft-07')) return 7;
  if (uri.includes('2019-09')) return 2019;
  return 2020;
}

/** Whether a document is an OpenAPI 3 document rather than a JSON Schema. */
export function isOpenApiDocument(document: unknown): boolean {
  return document !== null && typeof document === 'object' && 'openapi' in document;
}

// EventBridge's OpenAPI documents are compared as the JSON Schema the registry validates events with.
function openApiAsJsonSchema(input: SchemaInput): unknown {
  try {
    return toJsonSchema({ format: 'openapi3', schema: input.schema });
  } catch {
    return false;
  }
}

function idOf(node: unknown, draft: Draft): string | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  const record = node as Record<string, unknown>;
  const id = draft === 4 ? (record.id ?? record.$id) : record.$id;
  return typeof id === 'string' ? id : undefined;
}

function absolutize(uri: string, base: string): string {
  try {
    return new URL(uri, base).href;
  } catch {
    return uri;
  }
}

function stripFragment(uri: string): string {
  const hash = uri.indexOf('#');
  return hash === -1 ? uri : uri.slice(0, hash);
}

/** Reads any JSON value as a schema node: anything that is neither an object nor a boolean accepts all. */
export function asNode(value: unknown): SchemaNode {
  if (typeof value === 'boolean') return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value))
    return value as Record<string, unknown>;
  return true;
}
