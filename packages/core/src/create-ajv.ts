import AjvDraft07Module, { _ } from 'ajv';
import Ajv2019Module from 'ajv/dist/2019.js';
import Ajv2020Module from 'ajv/dist/2020.js';
import type AjvCoreModule from 'ajv/dist/core.js';
import draft06MetaSchema from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import formatsModule from 'ajv-formats/dist/formats.js';
import { isDateTime, libraryDateTime } from './date-time.ts';
import type { Dialect } from './dialect.ts';
import { REGEXP_ENGINE_IMPORT, safeRegExp } from './regex-engine.ts';

const dateTime = { validate: isDateTime, compare: libraryDateTime.compare };

/**
 * The formats every validator checks: ajv-formats' full set, with `date-time` read by {@link isDateTime}, which
 * gives ajv-formats' answers without allocating. Generated standalone validators reach this object through
 * `require("@schemagate/core").standaloneFormats` (ajv's `code.formats`), so they check formats exactly as the
 * server does, at the same speed.
 */
export const standaloneFormats = { ...formatsModule.fullFormats, 'date-time': dateTime };
const standaloneFormatsCode = _`require(${REGEXP_ENGINE_IMPORT.module}).standaloneFormats`;

/** An ajv instance of any dialect (they share ajv's core API). */
export type Ajv = AjvCoreModule.default;

/** Options of {@link createAjv}. */
export interface CreateAjvOptions {
  /** Keep generated source so `ajv/dist/standalone` can emit a module (codegen). */
  standalone?: boolean;
  /**
   * Check each schema against its meta-schema when it is compiled or added (ajv's default). compileSchema turns
   * it off because it has already checked the document with a shared meta-schema validator, and compiling the
   * meta-schema again in every fresh instance costs milliseconds.
   */
  validateSchema?: boolean;
}

type AjvConstructor = new (options: object) => Ajv;

// ajv ships CommonJS whose module.exports is also reachable as `.default`; `.default` typechecks under NodeNext.
const AJV_CLASS: Record<Dialect, AjvConstructor> = {
  'draft-04': AjvDraft04Module.default as unknown as AjvConstructor,
  'draft-06': AjvDraft07Module.default as unknown as AjvConstructor,
  'draft-07': AjvDraft07Module.default as unknown as AjvConstructor,
  '2019-09': Ajv2019Module.default as unknown as AjvConstructor,
  '2020-12': Ajv2020Module.default as unknown as AjvConstructor,
};

/**
 * Creates an ajv instance for `dialect`. This is the one place where ajv's options, formats, unknown-format
 * handling and regular-expression engine are chosen, so runtime validators and generated standalone validators
 * behave the same:
 * - `allErrors`: every error is reported, not just the first;
 * - `strict: false`: unknown keywords (`x-*`, `markdownDescription`, ...) are annotations, and an unknown `format`
 *   is ignored at validation (analyzeSchema reports it as a warning); `logger: false` keeps ajv quiet about both;
 * - `ownProperties`: only an event's own properties count, so `constructor` or `__proto__` never match
 *   inherited members of Object.prototype;
 * - `code.regExp`: {@link safeRegExp}, linear-time matching on re2js;
 * - all ajv-formats formats, asserted (as ajv does by default in every dialect); `date-time` through
 *   {@link isDateTime}, which gives ajv-formats' answers faster;
 * - `multipleOfPrecision`: decimal multiples such as 0.0075 / 0.0001 are not failed by binary rounding.
 * No `loadSchema`: nothing is ever fetched; references must be added explicitly.
 */
export function createAjv(dialect: Dialect, options: CreateAjvOptions = {}): Ajv {
  const ajv = new AJV_CLASS[dialect]({
    allErrors: true,
    strict: false,
    logger: false,
    ownProperties: true,
    multipleOfPrecision: 12,
    validateSchema: options.validateSchema ?? true,
    code: options.standalone
      ? { source: true, esm: true, regExp: safeRegExp, formats: standaloneFormatsCode }
      : { regExp: safeRegExp },
  });
  if (dialect === 'draft-06' || dialect === 'draft-07') ajv.addMetaSchema(draft06MetaSchema);
  addFormatsModule.default(ajv as never);
  ajv.addFormat('date-time', dateTime);
  return ajv;
}
