import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Prepared statements kept per database. Preparing costs about as much as running a small query, and a
 * request runs several; the bound matters because an IN list of each length is its own SQL text.
 */
export const STATEMENT_CACHE_SIZE = 250;

/** Statements that change the schema: they empty the cache (a cached statement's column types may change). */
const SCHEMA_CHANGE = /^\s*(create|alter|drop)\s/i;

/**
 * Adapts `node:sqlite` to the better-sqlite3-shaped object Kysely's SqliteDialect expects, and
 * applies the dialect rules on the way: booleans go in as 0/1 and come out as booleans, JSON columns
 * come out parsed, so that repos never see a difference from PostgreSQL.
 * Conversion on read is driven by the column's declared type (`boolean`, `json`, `jsonb`).
 *
 * Prepared statements are reused, keyed by their SQL text, the least recently used beyond
 * `statementCacheSize` dropped. A `node:sqlite` statement runs one execution at a time: `all()` or `run()`
 * on a statement whose `iterate()` is still open invalidates that iterator. So a statement being iterated
 * (Kysely's `stream()`, the backup's reads) is never handed out again: the next `prepare` of its SQL
 * prepares a new statement, which takes its place in the cache.
 */
export function openSqlite(
  path: string,
  options: { statementCacheSize?: number } = {},
): { raw: DatabaseSync; kysely: SqliteDatabase } {
  const raw = new DatabaseSync(path, { timeout: 5000, enableForeignKeyConstraints: true });
  if (path !== ':memory:') raw.exec('PRAGMA journal_mode = WAL');
  raw.exec('PRAGMA synchronous = NORMAL');
  raw.exec('PRAGMA foreign_keys = ON');
  raw.exec('PRAGMA busy_timeout = 5000');
  const capacity = options.statementCacheSize ?? STATEMENT_CACHE_SIZE;
  // A Map iterates in insertion order: the first key is the least recently used.
  const cache = new Map<string, NodeSqliteStatement>();
  return {
    raw,
    kysely: {
      close: () => {
        cache.clear();
        raw.close();
      },
      prepare: (sql) => {
        if (SCHEMA_CHANGE.test(sql)) {
          cache.clear();
          return new NodeSqliteStatement(raw.prepare(sql));
        }
        const cached = cache.get(sql);
        cache.delete(sql);
        const statement = cached && !cached.iterating ? cached : new NodeSqliteStatement(raw.prepare(sql));
        cache.set(sql, statement);
        if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
        return statement;
      },
    },
  };
}

type Convert = (value: unknown) => unknown;

const toBoolean: Convert = (v) => (v === null ? null : v === 1 || v === 1n || v === true);
const parseJson: Convert = (v) => (typeof v === 'string' ? JSON.parse(v) : v);

class NodeSqliteStatement implements SqliteStatement {
  readonly reader: boolean;
  readonly #stmt: StatementSync;
  readonly #converters: Array<[string, Convert]>;
  #iterating = false;

  constructor(stmt: StatementSync) {
    this.#stmt = stmt;
    const columns = stmt.columns();
    this.reader = columns.length > 0;
    this.#converters = [];
    for (const column of columns) {
      const type = column.type?.toLowerCase();
      if (type === 'boolean') this.#converters.push([column.name, toBoolean]);
      else if (type === 'json' || type === 'jsonb') this.#converters.push([column.name, parseJson]);
    }
  }

  /** True from `iterate()` until its iterator finishes or is closed. */
  get iterating(): boolean {
    return this.#iterating;
  }

  all(parameters: ReadonlyArray<unknown>): unknown[] {
    const rows = this.#stmt.all(...bind(parameters));
    return this.#converters.length === 0 ? rows : rows.map((row) => this.#convert(row));
  }

  run(parameters: ReadonlyArray<unknown>) {
    return this.#stmt.run(...bind(parameters));
  }

  iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown> {
    const rows = this.#stmt.iterate(...bind(parameters));
    // Set at once, not when the iterator first steps: the statement is taken from now on.
    this.#iterating = true;
    return this.#rows(rows);
  }

  *#rows(rows: Iterable<unknown>): IterableIterator<unknown> {
    try {
      // An early exit closes the underlying iterator too, which resets the statement.
      for (const row of rows) yield this.#convert(row);
    } finally {
      this.#iterating = false;
    }
  }

  #convert(row: unknown): unknown {
    const record = row as Record<string, unknown>;
    for (const [name, convert] of this.#converters) record[name] = convert(record[name]);
    return record;
  }
}

function bind(parameters: ReadonlyArray<unknown>): SQLInputValue[] {
  return parameters.map((p) => {
    if (typeof p === 'boolean') return p ? 1 : 0;
    if (p === undefined) return null;
    if (p instanceof Date) return p.toISOString();
    return p as SQLInputValue;
  });
}
