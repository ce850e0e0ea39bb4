import type { CompatibilityBudget } from './budget.ts';
import type { FoundChange } from './diff-context.ts';
import { edgeValues, placeValue } from './sample-values.ts';
import type { SchemaDocument } from './schema-document.ts';
import { canonical } from './schema-facts.ts';
import type { AcceptanceCheck } from './witness-validators.ts';

/** How many candidate values are tried for one change before the search gives up. */
const MAX_CANDIDATES = 160;

/**
 * Looks for a value the original accepts and the update rejects, placed where the change is. Every
 * candidate is judged by the real validators of both whole schemas, so a returned witness is proven. Each candidate
 * counts in the check's budget; the search gives up when the budget's candidates or time are spent.
 */
export function findWitness(
  change: FoundChange,
  original: SchemaDocument,
  update: SchemaDocument,
  acceptsOriginal: AcceptanceCheck,
  acceptsUpdate: AcceptanceCheck,
  budget: CompatibilityBudget,
): unknown | undefined {
  const tried = new Set<string>();
  const trails = [change.location.trail];
  // A change deep inside may be reachable only through a parent that the examples do not fill in.
  for (let length = change.location.trail.length - 1; length >= 0 && trails.length < 3; length -= 1) {
    trails.push(change.location.trail.slice(0, length));
  }
  for (const [attempt, trail] of trails.entries()) {
    const leaves =
      attempt === 0
        ? [
            ...(change.seeds ?? []),
            ...(change.seedNodes ?? []).flatMap((node) => edgeValues(update, node)),
            ...edgeValues(original, change.originalNode),
            ...edgeValues(update, change.updateNode),
          ]
        : edgeValues(original, original.root);
    for (const leaf of leaves) {
      if (tried.size >= MAX_CANDIDATES * (attempt + 1)) break;
      if (!budget.candidate()) return undefined;
      let value: unknown;
      try {
        value = placeValue(original, original.root, trail, leaf);
      } catch {
        continue;
      }
      const key = canonical(value);
      if (tried.has(key)) continue;
      tried.add(key);
      if (acceptsOriginal(value) && !acceptsUpdate(value)) return value;
    }
  }
  return undefined;
}
