import { StoreError } from './store-error.ts';

/** What a listing answers a cursor it did not make. */
export const foreignCursor = (): StoreError =>
  new StoreError('invalid_request', 'The cursor was not made by this listing: start again without `cursor`');

/** A keyset cursor holding one text value (a schema name, a key id): the last row's, in base64url. */
export const encodeTextCursor = (value: string): string => Buffer.from(value, 'utf8').toString('base64url');

/**
 * The value a cursor of {@link encodeTextCursor} holds. Anything else (a cursor that does not encode back to itself,
 * or decodes to NUL, which Postgres cannot take as text) was not made by this listing and is refused.
 */
export function decodeTextCursor(cursor: string): string {
  const value = Buffer.from(cursor, 'base64url').toString('utf8');
  if (value === '' || value.includes('\0') || encodeTextCursor(value) !== cursor) throw foreignCursor();
  return value;
}
