/** Escapes one reference token of a JSON Pointer (RFC 6901): `~` as `~0`, `/` as `~1`. */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Appends `token` to the JSON Pointer `pointer`. */
export function appendPointer(pointer: string, token: string | number): string {
  return `${pointer}/${escapePointerToken(String(token))}`;
}

/** Unescapes one reference token of a JSON Pointer (RFC 6901): `~1` is `/`, `~0` is `~` (in that order). */
export function unescapePointerToken(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** The reference tokens of a JSON Pointer that starts with `/`, unescaped. */
export function pointerTokens(pointer: string): string[] {
  return pointer.slice(1).split('/').map(unescapePointerToken);
}
