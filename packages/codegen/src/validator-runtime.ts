import {
  compilePattern,
  DATE_TIME_FORMAT_SOURCE,
  hasBoundedBacktracking,
  isBacktrackingSafe,
  type PatternMatcher,
  RE2JS_COMPILE_SOURCE,
  type StandaloneCodeOptions,
} from '@schemagate/core';
import { Name } from 'ajv';

/**
 * What one schema's standalone code calls at run time besides the language itself, so the validators module
 * defines exactly that and no more.
 */
export interface RuntimeNeeds {
  /** Patterns that only re2js runs safely (the module then imports `re2js`). */
  linearPatterns: string[];
  /** Formats checked by a function rather than a regular expression (ajv inlines those), by name. */
  formats: string[];
  /** ajv's run-time helpers the code `require`s, by module id (`ajv/dist/runtime/ucs2length`). */
  helpers: string[];
}

/** A published package that generated validators import, and why. */
export interface RuntimeDependency {
  name: string;
  reason: string;
}

/** The names through which standalone code reaches what the validators module defines. */
const LINEAR_REGEXP = 'linearRegExp';
const FORMATS = 'formatDefinitions';
const DATE_TIME = 'dateTimeFormat';

/**
 * ajv's run-time helpers, written here so that generated validators need no ajv: same answers as ajv's own
 * (`ucs2length`; `equal`, which is fast-deep-equal), checked against them in validator-runtime.test.ts.
 */
const AJV_HELPERS: Record<string, { name: string; source: string }> = {
  'ajv/dist/runtime/ucs2length': {
    name: 'ucs2length',
    source: `// The length JSON Schema gives a string: code points, so a surrogate pair counts once.
function ucs2length(text) {
  let length = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      length--;
      i++;
    }
  }
  return length;
}`,
  },
  'ajv/dist/runtime/equal': {
    name: 'deepEqual',
    source: `// Structural equality for const, enum and uniqueItems (NaN equals NaN; objects of one constructor compare by own keys).
function deepEqual(a, b) {
  if (a === b) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return a !== a && b !== b;
  if (a.constructor !== b.constructor) return false;
  if (Array.isArray(a)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (a.constructor === RegExp) return a.source === b.source && a.flags === b.flags;
  if (a.valueOf !== Object.prototype.valueOf) return a.valueOf() === b.valueOf();
  if (a.toString !== Object.prototype.toString) return a.toString() === b.toString();
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (!Object.prototype.hasOwnProperty.call(b, key)) return false;
  for (const key of keys) if (!deepEqual(a[key], b[key])) return false;
  return true;
}`,
  },
};

/** The source of an ajv run-time helper as the validators module defines it; for tests. */
export function ajvHelperSource(id: string): { name: string; source: string } | undefined {
  return AJV_HELPERS[id];
}

/**
 * ajv's standalone options for one schema (core's createAjv `standalone`), and what the code it writes needs.
 * The regular-expression engine matches as the registry does (core's compilePattern) and decides, pattern by
 * pattern, how the generated code builds it: `new RegExp(...)` when the pattern may run natively, else
 * `linearRegExp(...)`, which the module defines on re2js. ajv reads the engine's `code` right after compiling
 * each pattern, which is what lets the choice be made per pattern.
 *
 * The choice is the full rule (the syntactic one, else redos-detector's opinion, and for a pattern re2js cannot
 * express the proof that core's compilePattern runs on it), worked out here even on a thread
 * that defers the opinion (core's deferSecondOpinions, as the server's event loop does) and whatever that thread's
 * compilePattern has cached: the same schemas give the same bytes wherever they are generated.
 */
export function createStandaloneCode(): { options: StandaloneCodeOptions; linearPatterns: Set<string> } {
  const linearPatterns = new Set<string>();
  let runsNatively = false;
  const regExp = (pattern: string, flags: string): PatternMatcher => {
    // refuses what the registry refuses (UnsafePatternError, SyntaxError)
    const matcher = compilePattern(pattern, flags);
    // a native matcher is the full rule's choice too (a deferring thread only runs natively what a recorded verdict
    // allows), and the one way to run a pattern re2js cannot express, such as a lookahead proved linear
    runsNatively =
      matcher instanceof RegExp || isBacktrackingSafe(pattern) || hasBoundedBacktracking(pattern, flags);
    if (!runsNatively) linearPatterns.add(pattern);
    return matcher;
  };
  Object.defineProperty(regExp, 'code', { get: () => (runsNatively ? 'new RegExp' : LINEAR_REGEXP) });
  return {
    options: { regExp: regExp as StandaloneCodeOptions['regExp'], formats: new Name(FORMATS) },
    linearPatterns,
  };
}

/**
 * What `code` (ajv's standalone output for one schema) reaches through the module: the formats it takes from
 * {@link FORMATS} and the helpers it `require`s. Both appear in ajv's scope declarations with unescaped quotes,
 * which a schema's own strings (JSON-escaped in the code) cannot produce.
 */
export function runtimeNeeds(code: string, linearPatterns: Iterable<string>, schema: string): RuntimeNeeds {
  const formats = new Set<string>();
  for (const match of code.matchAll(
    new RegExp(`= ${FORMATS}(?:\\.([A-Za-z_$][\\w$]*)|\\[("(?:[^"\\\\]|\\\\.)*")\\])?;`, 'g'),
  )) {
    const name = match[1] ?? (match[2] === undefined ? undefined : (JSON.parse(match[2]) as string));
    if (name === undefined)
      throw new Error(`codegen: ${schema} checks formats named at run time ($data), which bindings cannot`);
    formats.add(name);
  }
  const helpers = new Set<string>();
  for (const match of code.matchAll(/require\(("(?:[^"\\]|\\.)*")\)/g)) {
    const id = JSON.parse(match[1]!) as string;
    if (!AJV_HELPERS[id]) {
      throw new Error(
        `codegen: the validator of ${schema} needs ${id} at run time, which generated bindings do not provide ($async schemas are not supported)`,
      );
    }
    helpers.add(id);
  }
  return {
    linearPatterns: [...linearPatterns].sort(),
    formats: [...formats].sort(),
    helpers: [...helpers].sort(),
  };
}

/** The needs of several schemas, as one module has them. */
export function mergeNeeds(all: readonly RuntimeNeeds[]): RuntimeNeeds {
  const union = (pick: (needs: RuntimeNeeds) => string[]) => [...new Set(all.flatMap(pick))].sort();
  return {
    linearPatterns: union((needs) => needs.linearPatterns),
    formats: union((needs) => needs.formats),
    helpers: union((needs) => needs.helpers),
  };
}

const libraryFormats = (needs: RuntimeNeeds) => needs.formats.filter((name) => name !== 'date-time');

/** The packages a validators module with these needs imports, in name order. */
export function runtimeDependencies(needs: RuntimeNeeds): RuntimeDependency[] {
  const dependencies: RuntimeDependency[] = [];
  const formats = libraryFormats(needs);
  if (formats.length > 0) {
    dependencies.push({
      name: 'ajv-formats',
      reason: `format${formats.length > 1 ? 's' : ''} ${formats.join(', ')}`,
    });
  }
  if (needs.linearPatterns.length > 0) {
    const count = needs.linearPatterns.length;
    dependencies.push({
      name: 're2js',
      reason: `${count} pattern${count > 1 ? 's' : ''} that only its linear-time engine runs safely`,
    });
  }
  return dependencies;
}

/** One header line naming what the generated files need at run time. */
export function describeDependencies(dependencies: readonly RuntimeDependency[]): string {
  if (dependencies.length === 0) return 'Needs at run time: no npm package (nothing of schemagate, no ajv).';
  const list = dependencies.map((dependency) => `${dependency.name} (${dependency.reason})`).join(', ');
  return `Needs at run time these npm packages, and nothing of schemagate: ${list}.`;
}

/** The top of the validators module: imports, then what the standalone code of every schema reaches. */
export function renderRuntimePrelude(needs: RuntimeNeeds): string {
  const imports: string[] = [];
  const definitions: string[] = [];
  if (needs.linearPatterns.length > 0) {
    imports.push("import { RE2JS } from 're2js';");
    definitions.push(
      `// The patterns that may not run natively are matched by re2js, in time linear in the input.\nconst ${LINEAR_REGEXP} = ${RE2JS_COMPILE_SOURCE};`,
    );
  }
  if (needs.formats.length > 0) {
    const entries = needs.formats.map((name) =>
      name === 'date-time'
        ? `  "date-time": ${DATE_TIME},`
        : `  ${JSON.stringify(name)}: ajvFormats.fullFormats[${JSON.stringify(name)}],`,
    );
    if (libraryFormats(needs).length > 0)
      imports.push("import ajvFormats from 'ajv-formats/dist/formats.js';");
    if (needs.formats.includes('date-time')) {
      definitions.push(
        `// format "date-time", as the registry checks it\nconst ${DATE_TIME} = ${DATE_TIME_FORMAT_SOURCE};`,
      );
    }
    definitions.push(`const ${FORMATS} = {\n${entries.join('\n')}\n};`);
  }
  if (needs.helpers.length > 0) {
    const helpers = needs.helpers.map((id) => AJV_HELPERS[id]!);
    definitions.push(...helpers.map((helper) => helper.source));
    const table = needs.helpers.map(
      (id) => `  ${JSON.stringify(id)}: { default: ${AJV_HELPERS[id]!.name} },`,
    );
    definitions.push(
      `// ajv's code asks for its run-time helpers by module id; these are the ones above.\nconst ajvRuntime = {\n${table.join('\n')}\n};\nconst require = (id) => ajvRuntime[id];`,
    );
  }
  return [imports.join('\n'), ...definitions].filter((part) => part !== '').join('\n\n');
}
