import { sql } from 'drizzle-orm';
import { schemas } from '../schema/index.ts';

/**
 * Names sort by bytes whatever the database's collation, so pages are stable across servers; the
 * `schemas_registry_name_bytes_idx` index serves this order and the prefix range.
 */
export const byteOrderName = sql`${schemas.name} collate "C"`;
