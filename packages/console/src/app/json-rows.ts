/**
 * A JSON value as pretty-printed rows, each knowing the JSON Pointer of the value it belongs to, so the
 * playground can mark every row an error's `path` points at.
 */

export interface JsonRow {
  /** The JSON Pointer of the value this row shows (an object's or array's opening and closing rows too). */
  pointer: string;
  depth: number;
  text: string;
}

/** RFC 6901: `~` and `/` in a member name are escaped. */
export const pointerToken = (name: string): string => name.replaceAll('~', '~0').replaceAll('/', '~1');

export function jsonRows(value: unknown): JsonRow[] {
  const rows: JsonRow[] = [];
  const walk = (item: unknown, pointer: string, depth: number, prefix: string, comma: string) => {
    if (Array.isArray(item) || (typeof item === 'object' && item !== null)) {
      const isArray = Array.isArray(item);
      const entries: Array<[string, unknown]> = isArray
        ? item.map((v, i) => [String(i), v])
        : Object.entries(item as Record<string, unknown>);
      const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
      if (entries.length === 0) {
        rows.push({ pointer, depth, text: `${prefix}${open}${close}${comma}` });
        return;
      }
      rows.push({ pointer, depth, text: `${prefix}${open}` });
      entries.forEach(([key, child], index) => {
        const childPrefix = isArray ? '' : `${JSON.stringify(key)}: `;
        walk(
          child,
          `${pointer}/${pointerToken(key)}`,
          depth + 1,
          childPrefix,
          index < entries.length - 1 ? ',' : '',
        );
      });
      rows.push({ pointer, depth, text: `${close}${comma}` });
      return;
    }
    rows.push({ pointer, depth, text: `${prefix}${JSON.stringify(item) ?? 'null'}${comma}` });
  };
  walk(value, '', 0, '', '');
  return rows;
}

/** The text of rows as `JSON.stringify(value, null, 2)` writes it. */
export const rowsText = (rows: JsonRow[]): string =>
  rows.map((row) => `${'  '.repeat(row.depth)}${row.text}`).join('\n');

/**
 * The pointers to mark for these error paths: each path's own row, or, for a member that is missing (a
 * `required` error points at where it should be), the nearest enclosing value that has rows.
 */
export function markedPointers(rows: JsonRow[], paths: Iterable<string>): Set<string> {
  const present = new Set(rows.map((row) => row.pointer));
  const marked = new Set<string>();
  for (const path of paths) {
    let pointer = path;
    while (!present.has(pointer) && pointer !== '') pointer = pointer.slice(0, pointer.lastIndexOf('/'));
    marked.add(pointer);
  }
  return marked;
}
