import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Adapts `node:sqlite` to the better-sqlite3-shaped object Kysely's SqliteDialect expects, and
 * applies the dialect rules on the way: booleans go in as 0/1 and come out as booleans, JSON columns
 * come out parsed, so that repos never see a difference from PostgreSQL.
 * Conversion on read is driven by the column's declared type (`boolean`, `json`, `jsonb`).
 */
export function openSqlite(path: string): { raw: DatabaseSync; kysely: SqliteDatabase } {
  const raw = new DatabaseSync(path, { timeout: 5000, enableForeignKeyConstraints: true });
  if (path !== ':memory:') raw.exec('PRAGMA journal_mode = WAL');
  raw.exec('PRAGMA synchronous = NORMAL');
  raw.exec('PRAGMA foreign_keys = ON');
  raw.exec('PRAGMA busy_timeout = 5000');
  return {
    raw,
    kysely: {
      close: () => raw.close(),
      prepare: (sql) => new NodeSqliteStatement(raw.prepare(sql)),
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

  all(parameters: ReadonlyArray<unknown>): unknown[] {
    const rows = this.#stmt.all(...bind(parameters));
    return this.#converters.length === 0 ? rows : rows.map((row) => this.#convert(row));
  }

  run(parameters: ReadonlyArray<unknown>) {
    return this.#stmt.run(...bind(parameters));
  }

  *iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown> {
    for (const row of this.#stmt.iterate(...bind(parameters))) yield this.#convert(row);
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
