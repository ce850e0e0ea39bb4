/**
 * The 1-based line in a JSON text where the value at a JSON Pointer starts, found by following the
 * pointer's keys through the text; the line of the deepest key found when the full path is not there.
 */
export function lineOfPointer(text: string, pointer: string | undefined): number {
  if (!pointer) return 1;
  const tokens = pointer
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
  let offset = 0;
  let line = 1;
  for (const token of tokens) {
    if (/^\d+$/.test(token)) continue;
    const at = text.indexOf(`${JSON.stringify(token)}:`, offset);
    const spaced = at === -1 ? text.indexOf(`${JSON.stringify(token)} :`, offset) : at;
    if (spaced === -1) break;
    offset = spaced + 1;
    line = text.slice(0, spaced).split('\n').length;
  }
  return line;
}
