/**
 * Resolves `reference` against `base` (RFC 3986). A reference that cannot be made absolute (a relative path
 * with no absolute base) is returned unchanged.
 */
export function resolveUri(reference: string, base: string): string {
  try {
    return base === '' ? new URL(reference).href : new URL(reference, base).href;
  } catch {
    return reference;
  }
}

/** The URI without its fragment. */
export function stripFragment(uri: string): string {
  const hash = uri.indexOf('#');
  return hash === -1 ? uri : uri.slice(0, hash);
}

/** True when `uri` has a scheme, that is, names a resource on its own. */
export function isAbsoluteUri(uri: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri);
}

/** A URI in the form used to compare references with registered URIs: resolved, fragment dropped. */
export function normalizeUri(uri: string): string {
  return stripFragment(resolveUri(uri, ''));
}
