import type { Writable } from 'node:stream';
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../db/database.ts';
import { dialectOf, toJson } from '../db/dialect.ts';
import { pendingMigrations } from '../db/migrate.ts';
import type { DB } from '../db/types.ts';
import {
  ARCHIVE_FORMAT,
  type ArchiveReader,
  type ArchiveTable,
  LineDigest,
  type Manifest,
  openArchive,
  rowLine,
  writeArchive,
} from './archive.ts';
import { type ColumnInfo, type Row, readCatalogue, readRows, type TableInfo } from './catalogue.ts';

export interface BackupSummary {
  tables: number;
  rows: number;
}

export interface TableDigest {
  name: string;
  rows: number;
  /** SHA-256 over the table's archive lines in primary-key order: equal data gives equal digests on any dialect. */
  sha256: string;
}

/**
 * Writes a backup archive (see archive.ts) of every table while the server keeps running. All tables are
 * read inside one snapshot: PostgreSQL `repeatable read, read only`; SQLite a read transaction (a
 * snapshot in WAL mode). The tables are read twice in that snapshot, first for the manifest's counts and
 * digests, then for the rows, so nothing is held in memory.
 * On SQLite give it a connection of its own (as `vigil backup` does): a Kysely SQLite instance has a
 * single connection, which the backup holds until it is done.
 */
export async function createBackup(
  db: Kysely<DB>,
  dialect: Dialect,
  out: Writable | string,
  meta: { vigilVersion: string },
): Promise<BackupSummary> {
  return snapshot(db, dialect, async (tx) => {
    const { tables, migrations } = await readCatalogue(tx, dialect);
    const entries: ArchiveTable[] = [];
    for (const table of tables) {
      const { rows, sha256 } = await digestTable(tx, dialect, table);
      entries.push({ name: table.name, columns: table.columns.map((c) => c.name), rows, sha256 });
    }
    const manifest: Manifest = {
      format: ARCHIVE_FORMAT,
      createdAt: new Date().toISOString(),
      vigilVersion: meta.vigilVersion,
      sourceDialect: dialect,
      migrations,
      tables: entries,
    };
    await writeArchive(out, manifest, rowLines(tx, dialect, tables, entries));
    return { tables: entries.length, rows: entries.reduce((sum, t) => sum + t.rows, 0) };
  });
}

async function* rowLines(
  tx: Kysely<DB>,
  dialect: Dialect,
  tables: TableInfo[],
  entries: ArchiveTable[],
): AsyncGenerator<string> {
  for (const [i, table] of tables.entries()) {
    const digest = new LineDigest();
    for await (const row of readRows(tx, dialect, table)) {
      const line = rowLine(table.name, row);
      digest.add(line);
      yield line;
    }
    if (digest.lines !== entries[i]?.rows || digest.hex() !== entries[i]?.sha256) {
      throw new Error(
        `table ${table.name} changed during the backup: the read was not a consistent snapshot`,
      );
    }
  }
}

/** Per-table digests of a live database, read in one snapshot; the same figures a backup's manifest holds. */
export async function tableDigests(db: Kysely<DB>): Promise<TableDigest[]> {
  const dialect = dialectOf(db as unknown as Kysely<unknown>);
  return snapshot(db, dialect, async (tx) => {
    const { tables } = await readCatalogue(tx, dialect);
    const digests: TableDigest[] = [];
    for (const table of tables) digests.push(await digestTable(tx, dialect, table));
    return digests;
  });
}

async function digestTable(
  db: Kysely<DB>,
  dialect: Dialect,
  table: TableInfo,
  columns?: readonly string[],
): Promise<TableDigest> {
  const digest = new LineDigest();
  for await (const row of readRows(db, dialect, table, columns)) digest.add(rowLine(table.name, row));
  return { name: table.name, rows: digest.lines, sha256: digest.hex() };
}

function snapshot<T>(db: Kysely<DB>, dialect: Dialect, read: (tx: Kysely<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return read(db);
  const transaction = db.transaction();
  return dialect === 'postgres'
    ? transaction.setIsolationLevel('repeatable read').setAccessMode('read only').execute(read)
    : transaction.execute(read);
}

/**
 * Restores an archive into an empty database of either dialect, all or nothing. Before writing it checks
 * that the database has the archive's schema (or a newer one), that every table is empty, and that the
 * whole archive matches its manifest and trailer. Rows go in, parents before children, in one
 * transaction, which is committed only if every table's digest then equals the manifest's.
 */
export async function restoreBackup(
  db: Kysely<DB>,
  dialect: Dialect,
  inPath: string,
): Promise<BackupSummary> {
  try {
    const archive = await openArchive(inPath);
    const { manifest } = archive;
    const catalogue = await readCatalogue(db, dialect);
    await checkSchema(db, manifest.migrations, catalogue.migrations);
    const targets = matchTables(manifest, catalogue.tables);
    await assertEmpty(db, catalogue.tables);
    await archive.verify();

    await db.transaction().execute(async (tx) => {
      await assertEmpty(tx, catalogue.tables);
      // SQLite checks foreign keys at commit, so self-references and cycles load in any order.
      if (dialect === 'sqlite') await sql`pragma defer_foreign_keys = on`.execute(tx);
      for (const pass of loadPasses(manifest, catalogue.tables)) await load(tx, archive, targets, pass);
      for (const entry of manifest.tables) {
        const target = targets.get(entry.name) as Target;
        const actual = await digestTable(tx, dialect, target.table, entry.columns);
        if (actual.rows !== entry.rows || actual.sha256 !== entry.sha256) {
          throw new Error(
            `table ${entry.name} does not read back as archived (${actual.rows} of ${entry.rows} rows, digest ${actual.sha256 === entry.sha256 ? 'equal' : 'different'})`,
          );
        }
      }
    });
    return { tables: manifest.tables.length, rows: manifest.tables.reduce((sum, t) => sum + t.rows, 0) };
  } catch (error) {
    throw new Error(`nothing was restored: ${(error as Error).message}`, { cause: error });
  }
}

/** The archive's migrations must be the database's, or a prefix of them (an archive from an older Vigil). */
async function checkSchema(db: Kysely<DB>, archived: string[], applied: string[]): Promise<void> {
  if (archived.every((name, i) => applied[i] === name)) return;
  if (applied.length === 0) {
    throw new Error('the database has no schema yet: run `vigil migrate` on it first');
  }
  const known = new Set([...applied, ...(await pendingMigrations(db))]);
  const unknown = archived.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(
      `the archive was made by a newer version of Vigil: its schema includes migration ${unknown.join(', ')}, which this version does not know; upgrade Vigil first`,
    );
  }
  throw new Error(
    `the database is at migration ${applied.at(-1)} but the archive needs ${archived.at(-1)}: run \`vigil migrate\` on it first`,
  );
}

interface Target {
  table: TableInfo;
  /** The target's columns, in the archive's column order. */
  columns: ColumnInfo[];
  batchSize: number;
}

// One INSERT carries at most 1000 rows, fewer parameters than SQLite's limit (32766) and PostgreSQL's
// (65535), and about 8 MB of archive text (rows with large binary values go in small batches).
const MAX_PARAMETERS = 30_000;
const MAX_BATCH = 1000;
const MAX_BATCH_TEXT = 8 * 1024 * 1024;

function matchTables(manifest: Manifest, tables: TableInfo[]): Map<string, Target> {
  const targets = new Map<string, Target>();
  for (const entry of manifest.tables) {
    const table = tables.find((t) => t.name === entry.name);
    if (!table) throw new Error(`the archive has table ${entry.name}, which this database does not have`);
    const columns = entry.columns.map((name) => {
      const column = table.columns.find((c) => c.name === name);
      if (!column)
        throw new Error(`the archive has column ${entry.name}.${name}, which this database does not have`);
      return column;
    });
    const batchSize = Math.max(1, Math.min(MAX_BATCH, Math.floor(MAX_PARAMETERS / columns.length)));
    targets.set(entry.name, { table, columns, batchSize });
  }
  return targets;
}

async function assertEmpty(db: Kysely<DB>, tables: TableInfo[]): Promise<void> {
  for (const table of tables) {
    const { rows } = await sql`select 1 from ${sql.id(table.name)} limit 1`.execute(db);
    if (rows.length > 0) {
      throw new Error(`restore needs an empty database, and table ${table.name} has rows`);
    }
  }
}

/**
 * Which tables to load in each read of the archive. The archive lists tables parents first, as the
 * source's catalogue ordered them; when that order also suits the target's foreign keys (the usual case:
 * same schema), one read loads everything. Otherwise each table gets its own read, in the target's order.
 */
function loadPasses(manifest: Manifest, targetTables: TableInfo[]): Set<string>[] {
  const position = new Map(manifest.tables.map((t, i) => [t.name, i]));
  const fits = targetTables.every((table) => {
    const own = position.get(table.name);
    if (own === undefined) return true;
    return table.references.every((parent) => parent === table.name || (position.get(parent) ?? -1) < own);
  });
  if (fits) return [new Set(position.keys())];
  return targetTables.filter((t) => position.has(t.name)).map((t) => new Set([t.name]));
}

async function load(
  tx: Kysely<DB>,
  archive: ArchiveReader,
  targets: Map<string, Target>,
  tables: Set<string>,
): Promise<void> {
  let batch: Row[] = [];
  let text = 0;
  let current: Target | undefined;
  const flush = async () => {
    if (current && batch.length > 0) await insertRows(tx, current, batch);
    batch = [];
    text = 0;
  };
  for await (const { table, row, size } of archive.rows()) {
    if (!tables.has(table)) continue;
    if (current?.table.name !== table || batch.length >= current.batchSize || text >= MAX_BATCH_TEXT) {
      await flush();
      current = targets.get(table);
    }
    batch.push(row);
    text += size;
  }
  await flush();
}

async function insertRows(tx: Kysely<DB>, target: Target, rows: Row[]): Promise<void> {
  const { table, columns } = target;
  const values = rows.map((row) => sql`(${sql.join(columns.map((c) => toParameter(table.name, c, row)))})`);
  try {
    await sql`insert into ${sql.id(table.name)} (${sql.join(columns.map((c) => sql.id(c.name)))}) values ${sql.join(values)}`.execute(
      tx,
    );
  } catch (error) {
    throw new Error(`cannot insert rows into ${table.name}: ${(error as Error).message}`, { cause: error });
  }
}

/** An archived value as a parameter for the target's column (the dialect rules of the db layer do the rest). */
function toParameter(table: string, column: ColumnInfo, row: Row): unknown {
  const value = row[column.name];
  if (value === undefined) throw new Error(`a row of ${table} has no value for ${column.name}`);
  if (column.kind === 'json') return value === null && column.nullable ? null : toJson(value);
  if (value === null) return null;
  if (column.kind === 'bytes') {
    const base64 = (value as { $bytes?: unknown }).$bytes;
    if (typeof base64 !== 'string')
      throw new Error(`${table}.${column.name} holds a value that is not binary`);
    return Buffer.from(base64, 'base64');
  }
  return value;
}
