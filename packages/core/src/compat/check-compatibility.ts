import { CompatibilityBudget } from './budget.ts';
import { DiffContext, type FoundChange } from './diff-context.ts';
import { compareNodes } from './diff-node.ts';
import { findWitness } from './find-witness.ts';
import { SchemaDocument } from './schema-document.ts';
import { canonical } from './schema-facts.ts';
import type {
  CompatibilityChange,
  CompatibilityCheckArgs,
  CompatibilityDirection,
  CompatibilityMode,
  CompatibilityReport,
  ReferencedSchema,
  SchemaInput,
} from './types.ts';
import { type AcceptanceCheck, compileAcceptanceCheck } from './witness-validators.ts';

/** The readings a mode demands. */
export function directionsOf(mode: CompatibilityMode): CompatibilityDirection[] {
  if (mode === 'NONE') return [];
  if (mode.startsWith('BACKWARD')) return ['backward'];
  if (mode.startsWith('FORWARD')) return ['forward'];
  return ['backward', 'forward'];
}

/**
 * Checks a candidate schema against earlier versions under a compatibility mode and policy.
 *
 * Transitive modes compare with every earlier version, the others with the latest only. Each breaking
 * change carries a witness where one could be found: a value one version accepts and the other
 * rejects, verified with the real validators. A change the engine cannot judge is `UNDECIDED` and
 * counts as breaking.
 *
 * The work is bounded by `args.limits` ({@link CompatibilityLimits}): past its steps or time the comparison throws
 * {@link CompatibilityLimitError}; witnesses are looked for while time and candidates remain, and a change found
 * after that says no witness was looked for. A subschema pair met again (a diamond of `$ref`s) is compared once.
 *
 * @example
 * const report = checkCompatibility({
 *   candidate: { format: 'jsonschema', schema: next },
 *   previous: [{ version: 1, input: { format: 'jsonschema', schema: first } }],
 *   mode: 'BACKWARD',
 *   policy: 'strict',
 * });
 * if (!report.compatible) console.log(report.changes.filter((c) => c.breaking));
 */
/**
 * The earlier versions a mode compares a candidate with: all of them for `*_TRANSITIVE`, else the latest only.
 * Callers that load what those versions reference load it for these alone.
 */
export function versionsCompared<T>(mode: CompatibilityMode, previous: readonly T[]): readonly T[] {
  return mode.endsWith('_TRANSITIVE') ? previous : previous.slice(-1);
}

export function checkCompatibility(args: CompatibilityCheckArgs): CompatibilityReport {
  const { candidate, mode, policy } = args;
  const references = args.references ?? [];
  const report: CompatibilityReport = { compatible: true, mode, policy, changes: [] };
  const directions = directionsOf(mode);
  if (directions.length === 0 || args.previous.length === 0) return report;
  const targets = versionsCompared(mode, args.previous);
  const budget = new CompatibilityBudget(args.limits);
  const candidateDocument = new SchemaDocument(candidate, references);
  const candidateCheck = lazyCheck(candidate, references, budget);

  // every comparison first, the witnesses after: the verdict does not wait for witnesses of earlier versions,
  // and what time is left goes to witnesses
  const found: Array<() => CompatibilityChange> = [];
  for (const target of targets) {
    if (sameContent(target.input, candidate)) continue;
    const previousDocument = new SchemaDocument(target.input, references);
    const previousCheck = lazyCheck(target.input, references, budget);
    for (const direction of directions) {
      const backward = direction === 'backward';
      const original = backward ? previousDocument : candidateDocument;
      const update = backward ? candidateDocument : previousDocument;
      const context = new DiffContext(original, update, policy, budget);
      compareNodes(context, original.root, update.root, { originalPath: '', updatePath: '', trail: [] });
      for (const change of context.changes) {
        found.push(() =>
          toReportedChange(
            change,
            direction,
            target.version,
            original,
            update,
            backward ? previousCheck : candidateCheck,
            backward ? candidateCheck : previousCheck,
            budget,
          ),
        );
      }
    }
  }
  for (const reported of found) report.changes.push(reported());
  report.compatible = report.changes.every((change) => !change.breaking);
  return report;
}

function sameContent(a: SchemaInput, b: SchemaInput): boolean {
  return a.format === b.format && canonical(a.schema) === canonical(b.schema);
}

function lazyCheck(
  input: SchemaInput,
  references: ReferencedSchema[],
  budget: CompatibilityBudget,
): () => AcceptanceCheck | undefined {
  let compiled: AcceptanceCheck | undefined | null = null;
  return () => {
    if (compiled === null) compiled = compileAcceptanceCheck(input, references, budget);
    return compiled;
  };
}

function toReportedChange(
  found: FoundChange,
  direction: CompatibilityDirection,
  version: number,
  original: SchemaDocument,
  update: SchemaDocument,
  originalCheck: () => AcceptanceCheck | undefined,
  updateCheck: () => AcceptanceCheck | undefined,
  budget: CompatibilityBudget,
): CompatibilityChange {
  // The path points into the candidate: the update when reading backward, the original forward.
  const path = direction === 'backward' ? found.location.updatePath : found.location.originalPath;
  const change: CompatibilityChange = {
    type: found.type,
    path: path === '' ? '#' : `#${path}`,
    breaking: found.breaking,
    message: found.message,
    version,
    direction,
  };
  if (!found.breaking) return change;
  if (!budget.witnessesLeft) {
    change.message +=
      '; no witness was looked for: the time or candidates the check may spend on witnesses are spent';
    return change;
  }
  const acceptsOriginal = originalCheck();
  const acceptsUpdate = updateCheck();
  const witness =
    acceptsOriginal && acceptsUpdate
      ? findWitness(found, original, update, acceptsOriginal, acceptsUpdate, budget)
      : undefined;
  if (witness !== undefined) {
    change.witness = witness;
    change.message +=
      direction === 'backward'
        ? '; the earlier version accepts the witness, this one rejects it'
        : '; this version accepts the witness, the earlier one rejects it';
  } else {
    change.message += '; no witness value was found';
  }
  return change;
}
