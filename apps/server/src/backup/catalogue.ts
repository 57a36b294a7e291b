import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Dialect } from '../db/database.ts';
import type { DB } from '../db/types.ts';

/** The migrator's bookkeeping: never backed up as data; the manifest lists the applied migrations. */
const MIGRATION_TABLE = 'vigil_migrations';
const BOOKKEEPING = new Set([MIGRATION_TABLE, 'vigil_migrations_lock']);

/** How a column's values are converted between the archive and a dialect; `text` also decides sorting. */
export type ColumnKind = 'text' | 'boolean' | 'json' | 'bytes' | 'other';

export interface ColumnInfo {
  name: string;
  kind: ColumnKind;
  nullable: boolean;
}

export interface TableInfo {
  name: string;
  /** Stored columns in declaration order (generated columns are derived, so left out). */
  columns: ColumnInfo[];
  /** Primary-key columns in key order; empty when the table has none. */
  primaryKey: string[];
  /** Tables this one references by foreign key. */
  references: string[];
}

export interface Catalogue {
  /** Every data table, parents before the tables that reference them (ties in name order). */
  tables: TableInfo[];
  /** Names of the applied migrations, in order; empty when the database has no schema yet. */
  migrations: string[];
}

export type Row = Record<string, unknown>;

/** Reads the schema from the database's own catalogue, so a table added by a migration is never missed. */
export async function readCatalogue(db: Kysely<DB>, dialect: Dialect): Promise<Catalogue> {
  const all = dialect === 'sqlite' ? await sqliteTables(db) : await postgresTables(db);
  const migrations = all.some((t) => t.name === MIGRATION_TABLE)
    ? (
        await sql<{ name: string }>`select name from ${sql.id(MIGRATION_TABLE)} order by name`.execute(db)
      ).rows.map((r) => r.name)
    : [];
  return { tables: parentsFirst(all.filter((t) => !BOOKKEEPING.has(t.name))), migrations };
}

async function sqliteTables(db: Kysely<DB>): Promise<TableInfo[]> {
  // type = 'table' leaves out views, virtual tables (full-text indexes) and their shadow tables.
  const { rows: names } = await sql<{ name: string }>`
    select name from pragma_table_list
    where schema = 'main' and type = 'table' and substr(name, 1, 7) <> 'sqlite_'`.execute(db);
  const tables: TableInfo[] = [];
  for (const { name } of names) {
    const { rows: columns } = await sql<{ name: string; type: string; notnull: number; pk: number }>`
      select name, type, "notnull", pk from pragma_table_info(${name}) order by cid`.execute(db);
    const { rows: keys } = await sql<{ table: string }>`
      select distinct "table" from pragma_foreign_key_list(${name})`.execute(db);
    tables.push({
      name,
      columns: columns.map((c) => ({ name: c.name, kind: sqliteKind(c.type), nullable: c.notnull === 0 })),
      primaryKey: columns
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
      references: keys.map((k) => k.table),
    });
  }
  return tables;
}

function sqliteKind(declared: string): ColumnKind {
  const type = declared.toLowerCase();
  if (type === 'boolean') return 'boolean';
  if (type === 'json' || type === 'jsonb') return 'json';
  if (type === 'blob') return 'bytes';
  return type === 'text' ? 'text' : 'other';
}

async function postgresTables(db: Kysely<DB>): Promise<TableInfo[]> {
  const { rows: columns } = await sql<{ table_name: string; name: string; type: string; nullable: boolean }>`
    select c.table_name, c.column_name as name, c.data_type as type, c.is_nullable = 'YES' as nullable
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE' and c.is_generated = 'NEVER'
    order by c.table_name, c.ordinal_position`.execute(db);
  const { rows: keys } = await sql<{ table_name: string; name: string }>`
    select k.table_name, k.column_name as name
    from information_schema.table_constraints c
    join information_schema.key_column_usage k
      on k.constraint_schema = c.constraint_schema and k.constraint_name = c.constraint_name
    where c.table_schema = current_schema() and c.constraint_type = 'PRIMARY KEY'
    order by k.table_name, k.ordinal_position`.execute(db);
  const { rows: references } = await sql<{ table_name: string; parent: string }>`
    select distinct child.relname as table_name, parent.relname as parent
    from pg_constraint k
    join pg_class child on child.oid = k.conrelid
    join pg_class parent on parent.oid = k.confrelid
    join pg_namespace n on n.oid = child.relnamespace
    where k.contype = 'f' and n.nspname = current_schema()`.execute(db);

  const tables = new Map<string, TableInfo>();
  for (const c of columns) {
    let table = tables.get(c.table_name);
    if (!table) {
      table = { name: c.table_name, columns: [], primaryKey: [], references: [] };
      tables.set(c.table_name, table);
    }
    table.columns.push({ name: c.name, kind: postgresKind(c.type), nullable: c.nullable });
  }
  for (const k of keys) tables.get(k.table_name)?.primaryKey.push(k.name);
  for (const r of references) tables.get(r.table_name)?.references.push(r.parent);
  return [...tables.values()];
}

function postgresKind(type: string): ColumnKind {
  if (type === 'boolean') return 'boolean';
  if (type === 'json' || type === 'jsonb') return 'json';
  if (type === 'bytea') return 'bytes';
  return type === 'text' || type === 'character varying' || type === 'character' ? 'text' : 'other';
}

/** Orders tables so that every table comes after the tables it references (self-references and cycles aside). */
function parentsFirst(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const visit = (table: TableInfo) => {
    if (placed.has(table.name) || visiting.has(table.name)) return;
    visiting.add(table.name);
    for (const parent of [...table.references].sort()) {
      const info = byName.get(parent);
      if (info) visit(info);
    }
    placed.add(table.name);
    ordered.push(table);
  };
  for (const table of [...tables].sort((a, b) => compareNames(a.name, b.name))) visit(table);
  return ordered;
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const PAGE = 1000;
/** Rows per fetch for tables with binary columns: one, since a row may hold a whole evidence file. */
const PAGE_WITH_BYTES = 1;
const CURSOR = 'vigil_backup_rows';

/**
 * The rows of a table in primary-key order, read a page at a time (never the whole table in memory).
 * The order is the same on both dialects: text keys sort by code point (SQLite's BINARY, PostgreSQL's
 * "C" collation), whatever the database's collation. Call it inside a transaction on PostgreSQL: it
 * reads through a cursor. Tables without a primary key are ordered by all their columns.
 */
export async function* readRows(
  db: Kysely<DB>,
  dialect: Dialect,
  table: TableInfo,
  columns: readonly string[] = table.columns.map((c) => c.name),
): AsyncGenerator<Row> {
  const keyed = table.primaryKey.length > 0;
  const order = (keyed ? table.primaryKey : table.columns.map((c) => c.name)).map((name) => {
    const text = dialect === 'postgres' && table.columns.find((c) => c.name === name)?.kind === 'text';
    const term: RawBuilder<unknown> = text ? sql`${sql.id(name)} collate "C"` : sql.id(name);
    return keyed ? term : sql`${term} nulls first`;
  });
  if (dialect === 'sqlite') {
    // node:sqlite steps through the statement lazily; there is no server-side cursor to manage.
    let query = (db as unknown as Kysely<Record<string, Row>>)
      .selectFrom(table.name)
      .select(columns.map((c) => sql.id(c).as(c)));
    for (const term of order) query = query.orderBy(term);
    yield* query.stream();
    return;
  }
  const select = sql`select ${sql.join(columns.map((c) => sql.id(c)))} from ${sql.id(table.name)} order by ${sql.join(order)}`;
  const page = table.columns.some((c) => c.kind === 'bytes') ? PAGE_WITH_BYTES : PAGE;
  await sql`declare ${sql.id(CURSOR)} no scroll cursor for ${select}`.execute(db);
  for (;;) {
    const fetch = sql<Row>`fetch forward ${sql.raw(String(page))} from ${sql.id(CURSOR)}`;
    const { rows } = await fetch.execute(db);
    yield* rows;
    if (rows.length < page) break;
  }
  await sql`close ${sql.id(CURSOR)}`.execute(db);
}
