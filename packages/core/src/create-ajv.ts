import AjvDraft07Module, { type Code } from 'ajv';
import Ajv2019Module from 'ajv/dist/2019.js';
import Ajv2020Module from 'ajv/dist/2020.js';
import type AjvCoreModule from 'ajv/dist/core.js';
import draft06MetaSchema from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { dateTimeFormat } from './date-time.ts';
import type { Dialect } from './dialect.ts';
import { type PatternMatcher, safeRegExp } from './regex-engine.ts';

/** An ajv instance of any dialect (they share ajv's core API). */
export type Ajv = AjvCoreModule.default;

/** Options of {@link createAjv}. */
export interface CreateAjvOptions {
  /**
   * Keep generated source so `ajv/dist/standalone` can emit a module (codegen), and say how that module reaches
   * what the code calls besides ajv's runtime helpers: the regular-expression engine and format definitions.
   */
  standalone?: StandaloneCodeOptions;
  /**
   * Check each schema against its meta-schema when it is compiled or added (ajv's default). compileSchema turns
   * it off because it has already checked the document with a shared meta-schema validator, and compiling the
   * meta-schema again in every fresh instance costs milliseconds.
   */
  validateSchema?: boolean;
}

/** How standalone code reaches what it runs (ajv's `code.regExp` and `code.formats`); see codegen. */
export interface StandaloneCodeOptions {
  /**
   * Compiles patterns while ajv generates the code, matching as {@link safeRegExp} does; its `code` is read after
   * each pattern and says how the generated code builds that pattern (`new RegExp`, or a function's name).
   */
  regExp: ((pattern: string, flags: string) => PatternMatcher) & { readonly code: string };
  /** The expression through which the generated code reaches format definitions that are not regular expressions. */
  formats: Code;
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
 * - `code.regExp`: {@link safeRegExp}, the native engine for patterns proven safe and re2js (linear time) for
 *   the others; standalone code gets the caller's engine, which chooses alike ({@link StandaloneCodeOptions});
 * - all ajv-formats formats, asserted (as ajv does by default in every dialect); `date-time` through
 *   {@link dateTimeFormat}, which gives ajv-formats' answers faster;
 * - `multipleOfPrecision`: decimal multiples such as 0.0075 / 0.0001 are not failed by binary rounding.
 * No `loadSchema`: nothing is ever fetched; references must be added explicitly.
 */
export function createAjv(dialect: Dialect, options: CreateAjvOptions = {}): Ajv {
  // without an engine of its own, ajv would build every pattern of the generated code with `new RegExp`
  if (options.standalone && typeof options.standalone.regExp !== 'function') {
    throw new TypeError('createAjv: standalone code needs a regExp engine (StandaloneCodeOptions)');
  }
  const ajv = new AJV_CLASS[dialect]({
    allErrors: true,
    strict: false,
    logger: false,
    ownProperties: true,
    multipleOfPrecision: 12,
    validateSchema: options.validateSchema ?? true,
    code: options.standalone
      ? { source: true, regExp: options.standalone.regExp, formats: options.standalone.formats }
      : { regExp: safeRegExp },
  });
  if (dialect === 'draft-06' || dialect === 'draft-07') ajv.addMetaSchema(draft06MetaSchema);
  addFormatsModule.default(ajv as never);
  ajv.addFormat('date-time', dateTimeFormat);
  return ajv;
}
