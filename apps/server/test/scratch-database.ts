import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

export interface ScratchDatabase {
  /** `url` with its path pointing at the new database. */
  url: string;
  /** Drops it, cutting any session still connected. */
  drop(): Promise<void>;
}

/**
 * A fresh database of a test's own on the Postgres server at `url` (usually `DATABASE_URL`), named
 * `<prefix>_<random>`: tests that spawn servers pass its URL to them instead of sharing one database.
 */
export async function createScratchDatabase(url: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    async drop() {
      const cleanup = postgres(url, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
