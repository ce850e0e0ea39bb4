/** `latest` or a positive version number, as the route's pattern already checked. */
export function parseVersionParam(version: string): number | 'latest' {
  return version === 'latest' ? 'latest' : Number(version);
}
