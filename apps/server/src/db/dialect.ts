import { type Kysely, SqliteAdapter } from 'kysely';
import type { Dialect } from './database.ts';

/** Which dialect a Kysely instance (or transaction) speaks. For the db layer and migrations only. */
export function dialectOf(db: Kysely<unknown>): Dialect {
  return db.getExecutor().adapter instanceof SqliteAdapter ? 'sqlite' : 'postgres';
}

/** Column types per dialect, so migrations state intent once (the dialect rules of ARCHITECTURE.md). */
export function columnTypes(db: Kysely<unknown>) {
  const sqlite = dialectOf(db) === 'sqlite';
  return {
    /** ISO-8601 UTC text on SQLite; timestamptz on PostgreSQL. Both read back as ISO strings. */
    timestamp: sqlite ? 'text' : 'timestamptz',
    /** Declared `boolean` on both; the SQLite adapter turns 0/1 into booleans. */
    boolean: 'boolean',
    /** Declared `jsonb` on both; the SQLite adapter parses it. Write with `toJson()`. */
    json: 'jsonb',
    bigint: 'bigint',
    bytes: sqlite ? 'blob' : 'bytea',
  } as const;
}

/** JSON for a json column: a string on both dialects (pg would turn arrays into PostgreSQL arrays). */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}
