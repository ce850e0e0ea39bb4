/** A line diff (longest common subsequence) for showing two versions' content side by side. */

export type DiffRow =
  | { kind: 'same'; left: string; right: string }
  | { kind: 'removed'; left: string }
  | { kind: 'added'; right: string };

/** Past this many line pairs the diff is not worked out: the rows are paired in order instead. */
const MAX_CELLS = 4_000_000;

export function diffLines(left: string[], right: string[]): DiffRow[] {
  const n = left.length;
  const m = right.length;
  if (n * m > MAX_CELLS) {
    const rows: DiffRow[] = [];
    for (let i = 0; i < Math.max(n, m); i++) {
      const a = left[i];
      const b = right[i];
      if (a !== undefined && b !== undefined && a === b) rows.push({ kind: 'same', left: a, right: b });
      else {
        if (a !== undefined) rows.push({ kind: 'removed', left: a });
        if (b !== undefined) rows.push({ kind: 'added', right: b });
      }
    }
    return rows;
  }
  // lengths of the common subsequences of the suffixes, one row of m + 1 per line of `left`
  const table = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[at(i, j)] =
        left[i] === right[j]
          ? table[at(i + 1, j + 1)]! + 1
          : Math.max(table[at(i + 1, j)]!, table[at(i, j + 1)]!);
    }
  }
  const rows: DiffRow[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (left[i] === right[j]) {
      rows.push({ kind: 'same', left: left[i]!, right: right[j]! });
      i++;
      j++;
    } else if (table[at(i + 1, j)]! >= table[at(i, j + 1)]!) rows.push({ kind: 'removed', left: left[i++]! });
    else rows.push({ kind: 'added', right: right[j++]! });
  }
  while (i < n) rows.push({ kind: 'removed', left: left[i++]! });
  while (j < m) rows.push({ kind: 'added', right: right[j++]! });
  return rows;
}
