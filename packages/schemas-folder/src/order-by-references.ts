/** The least the ordering needs to know about one contract. */
export interface ReferencingContract {
  name: string;
  /** The root `$id`, without fragment. */
  id?: string | undefined;
  /** Absolute URIs, without fragment, that the contract references and does not define. */
  references: readonly string[];
}

/**
 * Orders the contracts of one registry so that a contract comes after every contract whose `$id` it
 * references; otherwise by name, so the order is the same on every machine. Contracts caught in a reference
 * cycle keep name order at the end: no order can satisfy them, and the registry will say so.
 */
export function orderByReferences<T extends ReferencingContract>(contracts: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const contract of contracts) if (contract.id) byId.set(contract.id, contract);
  const remaining = [...contracts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const placed = new Set<T>();
  const ordered: T[] = [];
  let progressed = true;
  while (remaining.length > 0 && progressed) {
    progressed = false;
    for (let i = 0; i < remaining.length; i++) {
      const contract = remaining[i]!;
      const blocked = contract.references.some((uri) => {
        const target = byId.get(uri);
        return target !== undefined && target !== contract && !placed.has(target);
      });
      if (blocked) continue;
      ordered.push(contract);
      placed.add(contract);
      remaining.splice(i, 1);
      progressed = true;
      // restart from the first name so a freed contract is placed in name order
      break;
    }
  }
  return [...ordered, ...remaining];
}
