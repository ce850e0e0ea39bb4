import { SchemasError } from './schemas-error.ts';

/** Page size when the caller sends no `limit`, and the most a caller may ask for. */
export const DEFAULT_PAGE_SIZE = 100;

/**
 * Cuts one page out of `items` the way the Schemas API does: `limit` and an opaque `nextToken`
 * from the previous page. A token this emulator did not issue is a BadRequestException.
 */
export function paginate<T>(
  items: readonly T[],
  limitParam: string | undefined,
  tokenParam: string | undefined,
  maxPageSize = DEFAULT_PAGE_SIZE,
): { page: T[]; nextToken?: string } {
  const limit = limitParam === undefined ? maxPageSize : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new SchemasError('BadRequestException', `Limit must be a positive integer, got '${limitParam}'.`);
  }
  const pageSize = Math.min(limit, maxPageSize);
  const offset = tokenParam === undefined || tokenParam === '' ? 0 : decodeToken(tokenParam);
  const page = items.slice(offset, offset + pageSize);
  const next = offset + page.length;
  return next < items.length ? { page, nextToken: encodeToken(next) } : { page };
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64url');
}

function decodeToken(token: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'offset' in parsed) {
      const offset = (parsed as { offset: unknown }).offset;
      if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
    }
  } catch {
    // fall through to the error below
  }
  throw new SchemasError('BadRequestException', 'Invalid NextToken.');
}
