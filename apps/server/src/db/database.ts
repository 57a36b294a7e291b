import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type pg from 'pg';
import { openSqlite } from './sqlite-adapter.ts';
import type { DB } from './types.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  readonly db: Kysely<DB>;
  readonly dialect: Dialect;
  /** A short description for logs: never includes a password. */
  readonly description: string;
  close(): Promise<void>;
}

/** Parses a database URL: `sqlite:PATH` (or `sqlite::memory:`) or `postgres://...`. */
export function parseDatabaseUrl(
  url: string,
): { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string } {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (path.length === 0) throw new Error('a sqlite URL needs a path, e.g. sqlite:./data/vigil.db');
    return { dialect: 'sqlite', path };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    new URL(url);
    return { dialect: 'postgres', url };
  }
  throw new Error('the database URL must start with sqlite: or postgres://');
}

export function redactDatabaseUrl(url: string): string {
  if (!url.startsWith('postgres')) return url;
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

const PG_INT8 = 20;
const PG_TIMESTAMPTZ = 1184;
const PG_TIMESTAMP = 1114;
const PG_NUMERIC = 1700;

/**
 * Type parsers that give PostgreSQL results the same shape as SQLite's: counts and bigints as numbers,
 * timestamps as ISO-8601 UTC strings. Scoped to Vigil's pool, never global.
 */
function pgTypes(types: typeof pg.types) {
  return {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === PG_INT8 || oid === PG_NUMERIC) return (v: string) => Number(v);
      if (oid === PG_TIMESTAMPTZ || oid === PG_TIMESTAMP) return (v: string) => new Date(v).toISOString();
      return types.getTypeParser(oid, format as 'text');
    },
  };
}

export async function openDatabase(url: string, options: { poolSize?: number } = {}): Promise<Database> {
  const target = parseDatabaseUrl(url);
  if (target.dialect === 'sqlite') {
    const { kysely: sqlite } = openSqlite(target.path);
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
    return { db, dialect: 'sqlite', description: `sqlite:${target.path}`, close: () => db.destroy() };
  }
  // Loaded only here, so an embedded (SQLite) start does not pay for the PostgreSQL driver.
  const { default: pgModule } = await import('pg');
  const pool = new pgModule.Pool({
    connectionString: target.url,
    max: options.poolSize ?? 10,
    types: pgTypes(pgModule.types) as pg.CustomTypesConfig,
    connectionTimeoutMillis: 5000,
    // ISO dates in UTC whatever the server's defaults, so the timestamp parser above is exact.
    options: '-c DateStyle=ISO -c TimeZone=UTC',
  });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it. Queries in flight get their own error.
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy();
    throw new Error(
      `cannot reach PostgreSQL at ${redactDatabaseUrl(target.url)}: ${(error as Error).message}`,
    );
  }
  return { db, dialect: 'postgres', description: redactDatabaseUrl(target.url), close: () => db.destroy() };
}
