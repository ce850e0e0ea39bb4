import type { Dialect } from './dialect.ts';
import { isPlainObject } from './dialect.ts';
import { appendPointer } from './json-pointer.ts';
import { compilePattern, UnsafePatternError } from './regex-engine.ts';
import { walkSchema } from './schema-walk.ts';
import type { ValidationError } from './validation-error.ts';

/** The patterns of a schema that cannot be used, split by why. */
export interface PatternProblems {
  unsafe: ValidationError[];
  invalid: ValidationError[];
}

/**
 * Compiles every `pattern` and `patternProperties` key of a schema with the engine validators use, and reports
 * those that are not valid regular expressions or could backtrack catastrophically. Paths point at the keyword.
 */
export function checkPatterns(schema: unknown, dialect: Dialect): PatternProblems {
  const problems: PatternProblems = { unsafe: [], invalid: [] };
  const check = (pattern: string, path: string, keyword: string) => {
    try {
      compilePattern(pattern, 'u');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const entry: ValidationError = { path, keyword, message, schemaPath: '' };
      (error instanceof UnsafePatternError ? problems.unsafe : problems.invalid).push(entry);
    }
  };
  walkSchema(schema, dialect, ({ schema: node, pointer }) => {
    if (Object.hasOwn(node, 'pattern') && typeof node.pattern === 'string') {
      check(node.pattern, appendPointer(pointer, 'pattern'), 'pattern');
    }
    const patternProperties = Object.hasOwn(node, 'patternProperties') ? node.patternProperties : undefined;
    if (isPlainObject(patternProperties)) {
      for (const pattern of Object.keys(patternProperties)) {
        check(
          pattern,
          appendPointer(appendPointer(pointer, 'patternProperties'), pattern),
          'patternProperties',
        );
      }
    }
  });
  return problems;
}
