/**
 * Loads the JSON-Schema-Test-Suite (testdata/json-schema-test-suite at the repository root, MIT, see its LICENSE): the required tests of a draft plus
 * its optional format tests, and the `remotes/` documents under the URLs the suite expects
 * (`http://localhost:1234/<path>`). Shared with the server's suite run, which registers the same documents.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReferencedSchema } from '../src/index.ts';
import { META_SCHEMA_URIS } from '../src/index.ts';

/** A draft folder of the suite. */
export type SuiteDraft = 'draft4' | 'draft7' | 'draft2020-12';

/** One test: a value and whether the group's schema accepts it. */
export interface SuiteTest {
  /** `<file> :: <group> :: <test>`, the key used by the skip list. */
  id: string;
  description: string;
  data: unknown;
  valid: boolean;
}

/** One schema of the suite with its tests. */
export interface SuiteGroup {
  /** `<file> :: <group>`. */
  id: string;
  /** Path relative to the draft folder, such as `ref.json` or `optional/format/email.json`. */
  file: string;
  description: string;
  /** The schema, given the draft's `$schema` when it had none, so it is read in its own dialect. */
  schema: unknown;
  tests: SuiteTest[];
}

/** The folder holding the suite; override with JSON_SCHEMA_TEST_SUITE. */
export const SUITE_ROOT =
  process.env.JSON_SCHEMA_TEST_SUITE ??
  fileURLToPath(new URL('../../../testdata/json-schema-test-suite', import.meta.url));

/** The base URL the suite's remote references use. */
export const REMOTES_BASE_URL = 'http://localhost:1234/';

const DIALECT_META_SCHEMA: Record<SuiteDraft, string> = {
  draft4: META_SCHEMA_URIS['draft-04'],
  draft7: META_SCHEMA_URIS['draft-07'],
  'draft2020-12': META_SCHEMA_URIS['2020-12'],
};

// Remote folders written for one draft; a run of another draft leaves them out.
const DRAFT_REMOTE_FOLDERS = ['draft3', 'draft4', 'draft6', 'draft7', 'draft2019-09', 'draft2020-12'];

/** Every group of the draft's required files and of `optional/format/`, in a stable order. */
export function loadSuite(draft: SuiteDraft): SuiteGroup[] {
  const folder = join(SUITE_ROOT, 'tests', draft);
  const files = [
    ...jsonFiles(folder),
    ...jsonFiles(join(folder, 'optional', 'format')).map((name) => `optional/format/${name}`),
  ];
  const groups: SuiteGroup[] = [];
  for (const file of files) {
    const raw = JSON.parse(readFileSync(join(folder, file), 'utf8')) as {
      description: string;
      schema: unknown;
      tests: { description: string; data: unknown; valid: boolean }[];
    }[];
    for (const group of raw) {
      const id = `${file} :: ${group.description}`;
      groups.push({
        id,
        file,
        description: group.description,
        schema: withDialect(group.schema, DIALECT_META_SCHEMA[draft]),
        tests: group.tests.map((test) => ({
          id: `${id} :: ${test.description}`,
          description: test.description,
          data: test.data,
          valid: test.valid,
        })),
      });
    }
  }
  return groups;
}

/** The remote documents a draft's tests reference, each under its suite URL, with the draft's `$schema` if none. */
export function loadRemotes(draft: SuiteDraft): ReferencedSchema[] {
  const root = join(SUITE_ROOT, 'remotes');
  return walkFiles(root)
    .map((path) => relative(root, path).split(sep).join('/'))
    .filter((path) => {
      const top = path.split('/')[0]!;
      return !DRAFT_REMOTE_FOLDERS.includes(top) || top === draft;
    })
    .map((path) => ({
      uri: REMOTES_BASE_URL + path,
      schema: withDialect(JSON.parse(readFileSync(join(root, path), 'utf8')), DIALECT_META_SCHEMA[draft]),
    }));
}

function withDialect(schema: unknown, metaSchema: string): unknown {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema) || '$schema' in schema)
    return schema;
  return { $schema: metaSchema, ...schema };
}

function jsonFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => entry.name)
    .sort();
}

function walkFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walkFiles(join(folder, entry.name)) : [join(folder, entry.name)],
  );
}
