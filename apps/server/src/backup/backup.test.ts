import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { type Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DIALECTS, describeEachDialect, freshDatabase, freshDatabaseUrl } from '../../test/databases.ts';
import { recordAudit, SYSTEM_CONTEXT } from '../audit/audit.ts';
import { verifyAuditChains } from '../audit/audit-verify.ts';
import { type Database, type Dialect, openDatabase } from '../db/database.ts';
import { toJson } from '../db/dialect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import * as m0001 from '../db/migrations/0001-platform.ts';
import type { DB } from '../db/types.ts';
import type { Manifest } from './archive.ts';
import { createBackup, restoreBackup, type TableDigest, tableDigests } from './backup.ts';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-backup-test-'));
});
const opened: Database[] = [];

/**
 * freshDatabase, remembered for clean-up here: the harness registers its own clean-up with afterAll from
 * inside a hook, where Vitest never runs it (the SQLite directories and the pools would outlive the run).
 */
async function scratch(dialect: Dialect, options: { migrate?: boolean } = {}): Promise<Database> {
  const database = await freshDatabase(dialect, options);
  opened.push(database);
  return database;
}

afterAll(async () => {
  for (const database of opened) await database.close().catch(() => {});
  for (const { dialect, description } of opened) {
    if (dialect === 'sqlite')
      rmSync(dirname(description.slice('sqlite:'.length)), { recursive: true, force: true });
  }
  rmSync(dir, { recursive: true, force: true });
});
const postgresAvailable = inject('postgres').available;

/** Organisations and a few hundred audit events over several chains, each written as the app writes them. */
async function seed(db: Kysely<DB>, organisations = 4, rounds = 60): Promise<void> {
  const ctx = SYSTEM_CONTEXT();
  const ids: string[] = [];
  for (let i = 0; i < organisations; i++) {
    const id = uuidv7();
    ids.push(id);
    const now = new Date().toISOString();
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('organisations')
        .values({
          id,
          name: `Organisation ${i} — Ünïcödé`,
          slug: `org-${i}`,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await recordAudit(tx, ctx, {
        organisationId: id,
        action: 'organisation.created',
        subject: { type: 'organisation', id },
        changes: { name: { before: null, after: `Organisation ${i}` } },
      });
    });
  }
  for (let round = 0; round < rounds; round++) {
    await db.transaction().execute(async (tx) => {
      for (const organisationId of [...ids, null]) {
        await recordAudit(tx, ctx, {
          organisationId,
          action: 'risk.updated',
          subject: { type: 'risk', id: `RISK-${round}` },
          changes: {
            score: { before: round, after: round + 1.5 },
            accepted: { before: false, after: round % 2 === 0 },
            note: { before: null, after: 'line\nbreak "quoted" ✓ \u2028 𝒳' },
          },
        });
      }
    });
  }
}

/**
 * Extra tables with every kind of column, a composite key, text keys whose order depends on the
 * collation (an ICU collation on PostgreSQL where available), a child whose name sorts before its
 * parent's, and a self-reference whose child sorts before its parent.
 */
async function createProbeTables(db: Kysely<DB>, dialect: Dialect, foreignKeys = true): Promise<void> {
  const pg = dialect === 'postgres';
  const icu =
    pg && (await sql`select 1 from pg_collation where collname = 'und-x-icu'`.execute(db)).rows.length > 0;
  const refs = (clause: string) => sql.raw(foreignKeys ? clause : '');
  await sql`create table z_parent (
    id text ${sql.raw(icu ? 'collate "und-x-icu"' : '')} primary key, flag boolean not null, doc jsonb,
    data ${sql.raw(pg ? 'bytea' : 'blob')}, n bigint not null, at ${sql.raw(pg ? 'timestamptz' : 'text')} not null,
    note text)`.execute(db);
  await sql`create table a_child (parent_id text not null ${refs('references z_parent (id)')},
    pos integer not null, label text not null, primary key (parent_id, pos))`.execute(db);
  await sql`create table m_tree (id text primary key, parent_id text ${refs('references m_tree (id)')},
    doc jsonb not null)`.execute(db);
}

const PROBE_IDS = ['B', 'a', 'é', 'Z', '𝒳', 'ä', 'b-1', 'b10', 'b2', '_', ' x'];

async function fillProbeTables(db: Kysely<DB>): Promise<void> {
  for (const [i, id] of PROBE_IDS.entries()) {
    const doc = i === 0 ? null : i === 1 ? 'just a string' : { z: i, a: [true, null, 'x'], é: { n: i / 3 } };
    const data = i % 3 === 0 ? null : i % 3 === 1 ? Buffer.alloc(0) : Buffer.from([0, 255, i, 10, 13]);
    await sql`insert into z_parent values (${id}, ${i % 2 === 0}, ${doc === null ? null : toJson(doc)}, ${data},
      ${2 ** 40 + i}, ${new Date(Date.UTC(2026, 10, i + 1, 12, 0, 0, i)).toISOString()}, ${i === 4 ? null : `n\t"${id}"\n`})`.execute(
      db,
    );
    for (let pos = 3; pos > 0; pos--) {
      await sql`insert into a_child values (${id}, ${pos}, ${`${id}#${pos}`})`.execute(db);
    }
  }
  await sql`insert into m_tree values ('z-root', null, ${toJson({ root: true })})`.execute(db);
  await sql`insert into m_tree values ('a-leaf', 'z-root', ${toJson([])})`.execute(db);
}

/** Decompresses an archive, lets `edit` change its lines, and writes it back (with a matching trailer if asked). */
function rewrite(from: string, to: string, edit: (lines: string[]) => string[], fixTrailer = false): string {
  let lines = edit(gunzipSync(readFileSync(from)).toString('utf8').split('\n').slice(0, -1));
  if (fixTrailer) {
    const body = lines.slice(0, -1);
    const sha256 = createHash('sha256')
      .update(body.map((l) => `${l}\n`).join(''))
      .digest('hex');
    lines = [...body, JSON.stringify({ trailer: true, sha256 })];
  }
  writeFileSync(to, gzipSync(lines.map((l) => `${l}\n`).join('')));
  return to;
}

function archiveLines(file: string): { manifest: Manifest; rows: Array<{ t: string; r: unknown }> } {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n').slice(0, -1);
  return { manifest: JSON.parse(lines[0] as string), rows: lines.slice(1, -1).map((l) => JSON.parse(l)) };
}

async function expectEmpty(db: Kysely<DB>): Promise<void> {
  expect((await tableDigests(db)).filter((t) => t.rows > 0)).toEqual([]);
}

describeEachDialect('backup', (from) => {
  let source: Database;
  let file: string;
  let summary: { tables: number; rows: number };

  beforeAll(async () => {
    source = await scratch(from);
    await seed(source.db);
    await createProbeTables(source.db, from);
    await fillProbeTables(source.db);
    file = join(dir, `from-${from}.vigil.gz`);
    summary = await createBackup(source.db, from, file, { vigilVersion: '0.1.0-test' });
  });

  it('writes a manifest, every row in primary-key order, and a trailer', async () => {
    const { manifest, rows } = archiveLines(file);
    const applied = await sql<{ name: string }>`select name from vigil_migrations order by name`.execute(
      source.db,
    );
    expect(manifest).toMatchObject({
      format: 'vigil-backup/1',
      vigilVersion: '0.1.0-test',
      sourceDialect: from,
      migrations: applied.rows.map((r) => r.name),
    });
    expect(manifest.migrations[0]).toBe('0001-platform');
    // Every table of the schema, found in the catalogue, parents first; the migrator's own tables left out.
    const names = manifest.tables.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'organisations',
        'audit_events',
        'audit_chain_heads',
        'z_parent',
        'a_child',
        'm_tree',
      ]),
    );
    expect(names.filter((n) => n.startsWith('vigil_migrations'))).toEqual([]);
    expect(names.indexOf('z_parent')).toBeLessThan(names.indexOf('a_child'));
    expect(manifest.tables.find((t) => t.name === 'audit_events')?.rows).toBe(4 + 60 * 5);
    expect(rows.length).toBe(summary.rows);
    for (const table of manifest.tables) {
      expect(rows.filter((r) => r.t === table.name).length).toBe(table.rows);
    }
    const parentIds = rows.filter((r) => r.t === 'z_parent').map((r) => (r.r as { id: string }).id);
    expect(parentIds).toEqual([...PROBE_IDS].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
    const parent = rows.find((r) => r.t === 'z_parent' && (r.r as { id: string }).id === 'a')?.r;
    expect(parent).toEqual({
      id: 'a',
      flag: false,
      doc: 'just a string',
      data: { $bytes: '' },
      n: 2 ** 40 + 1,
      at: '2026-11-02T12:00:00.001Z',
      note: 'n\t"a"\n',
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('gives the same digests as tableDigests on the live database', async () => {
    const { manifest } = archiveLines(file);
    expect(manifest.tables.map(({ name, rows, sha256 }) => ({ name, rows, sha256 }))).toEqual(
      await tableDigests(source.db),
    );
  });

  it('writes the same archive to a stream', async () => {
    const chunks: Buffer[] = [];
    const out = new PassThrough();
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    await createBackup(source.db, from, out, { vigilVersion: '0.1.0-test' });
    const streamed = join(dir, `streamed-${from}.vigil.gz`);
    writeFileSync(streamed, Buffer.concat(chunks));
    expect(archiveLines(streamed).rows).toEqual(archiveLines(file).rows);
  });

  for (const to of DIALECTS) {
    describe.skipIf(to === 'postgres' && !postgresAvailable)(`restored into ${to}`, () => {
      let target: Database;
      beforeAll(async () => {
        target = await scratch(to);
        await createProbeTables(target.db, to);
      });

      it('has identical tables and intact audit chains', async () => {
        expect(await restoreBackup(target.db, to, file)).toEqual(summary);
        expect(await tableDigests(target.db)).toEqual(await tableDigests(source.db));
        const chains = await verifyAuditChains(target.db);
        expect(chains.length).toBe(5);
        expect(chains.map((c) => [c.events, c.firstBrokenSeq])).toEqual(
          chains.map((c) => [c.organisationId === null ? 60 : 61, null]),
        );
      });

      it('refuses a second restore into the now non-empty database and changes nothing', async () => {
        const before = await tableDigests(target.db);
        await expect(restoreBackup(target.db, to, file)).rejects.toThrow(/restore needs an empty database/);
        expect(await tableDigests(target.db)).toEqual(before);
      });
    });
  }
});

describeEachDialect('restore refuses', (dialect) => {
  let archive: string;
  let target: Database;
  let occupied: Database;
  let bare: Database;
  let strict: Database;
  let rejected: string;

  beforeAll(async () => {
    const source = await scratch('sqlite');
    await seed(source.db, 2, 10);
    archive = join(dir, `refusals-${dialect}.vigil.gz`);
    await createBackup(source.db, 'sqlite', archive, { vigilVersion: '0.1.0-test' });
    target = await scratch(dialect);
    occupied = await scratch(dialect);
    bare = await scratch(dialect, { migrate: false });

    // The target's a_child accepts only some of the archived rows: organisations, audit events and
    // z_parent load first, then a_child fails.
    const probed = await scratch('sqlite');
    await seed(probed.db, 1, 3);
    await createProbeTables(probed.db, 'sqlite');
    await fillProbeTables(probed.db);
    rejected = join(dir, `rejected-${dialect}.gz`);
    await createBackup(probed.db, 'sqlite', rejected, { vigilVersion: '0.1.0-test' });
    strict = await scratch(dialect);
    await createProbeTables(strict.db, dialect);
    await sql`drop table a_child`.execute(strict.db);
    await sql`create table a_child (parent_id text not null references z_parent (id),
      pos integer not null check (pos < 3), label text not null, primary key (parent_id, pos))`.execute(
      strict.db,
    );
  });

  it('a database that has rows, and changes nothing', async () => {
    const now = new Date().toISOString();
    await occupied.db
      .insertInto('organisations')
      .values({ id: uuidv7(), name: 'Existing', slug: 'existing', created_at: now, updated_at: now })
      .execute();
    const before = await tableDigests(occupied.db);
    await expect(restoreBackup(occupied.db, dialect, archive)).rejects.toThrow(
      /nothing was restored: restore needs an empty database, and table organisations has rows/,
    );
    expect(await tableDigests(occupied.db)).toEqual(before);
  });

  it('a truncated archive', async () => {
    const bytes = readFileSync(archive);
    const cut = join(dir, `cut-${dialect}.gz`);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(restoreBackup(target.db, dialect, cut)).rejects.toThrow(/is damaged: it is truncated/);
    const noTrailer = rewrite(archive, join(dir, `no-trailer-${dialect}.gz`), (lines) => lines.slice(0, -1));
    await expect(restoreBackup(target.db, dialect, noTrailer)).rejects.toThrow(/no trailer: it is truncated/);
    const lastRowGone = rewrite(archive, join(dir, `short-${dialect}.gz`), (l) => [
      ...l.slice(0, -2),
      ...l.slice(-1),
    ]);
    await expect(restoreBackup(target.db, dialect, lastRowGone)).rejects.toThrow(/was altered or damaged/);
    await expectEmpty(target.db);
  });

  it('an archive with a row changed or a byte flipped', async () => {
    const editRow = (lines: string[]) =>
      lines.map((line, i) => (i === 3 ? line.replace(/"seq":\d+/, '"seq":99') : line));
    const edited = rewrite(archive, join(dir, `edited-${dialect}.gz`), editRow);
    await expect(restoreBackup(target.db, dialect, edited)).rejects.toThrow(
      /was altered or damaged: the rows of table \w+ do not match the manifest/,
    );
    // The same edit with the trailer recomputed is still caught by the manifest's per-table digest.
    const refitted = rewrite(archive, join(dir, `refitted-${dialect}.gz`), editRow, true);
    await expect(restoreBackup(target.db, dialect, refitted)).rejects.toThrow(/do not match the manifest/);
    const flipped = Buffer.from(readFileSync(archive));
    const at = Math.floor(flipped.length / 2);
    flipped[at] = (flipped[at] as number) ^ 0x01;
    const flippedFile = join(dir, `flipped-${dialect}.gz`);
    writeFileSync(flippedFile, flipped);
    await expect(restoreBackup(target.db, dialect, flippedFile)).rejects.toThrow(/damaged|altered/);
    await expectEmpty(target.db);
  });

  it('an archive from a newer schema', async () => {
    const newer = rewrite(
      archive,
      join(dir, `newer-${dialect}.gz`),
      (lines) => {
        const manifest = JSON.parse(lines[0] as string) as Manifest;
        manifest.migrations.push('9999-from-the-future');
        return [JSON.stringify(manifest), ...lines.slice(1)];
      },
      true,
    );
    await expect(restoreBackup(target.db, dialect, newer)).rejects.toThrow(
      /made by a newer version of Vigil: its schema includes migration 9999-from-the-future/,
    );
    await expectEmpty(target.db);
  });

  it('a database without the schema, and a file that is not an archive', async () => {
    await expect(restoreBackup(bare.db, dialect, archive)).rejects.toThrow(/run `vigil migrate` on it first/);
    const notGzip = join(dir, `plain-${dialect}.txt`);
    writeFileSync(notGzip, 'hello');
    await expect(restoreBackup(target.db, dialect, notGzip)).rejects.toThrow(/not a gzip file/);
    const notVigil = join(dir, `other-${dialect}.gz`);
    writeFileSync(notVigil, gzipSync('{"format":"something-else"}\n'));
    await expect(restoreBackup(target.db, dialect, notVigil)).rejects.toThrow(
      /is not a vigil-backup\/1 archive \(format: something-else\)/,
    );
    await expect(restoreBackup(target.db, dialect, join(dir, 'missing.gz'))).rejects.toThrow(/cannot read/);
    await expectEmpty(target.db);
  });

  it('rolls back everything when a row is rejected half-way', async () => {
    await expect(restoreBackup(strict.db, dialect, rejected)).rejects.toThrow(
      /cannot insert rows into a_child/,
    );
    await expectEmpty(strict.db);
  });
});

describeEachDialect('restore order', (dialect) => {
  let source: Database;
  let target: Database;
  beforeAll(async () => {
    source = await scratch('sqlite');
    await createProbeTables(source.db, 'sqlite', false);
    await fillProbeTables(source.db);
    target = await scratch(dialect);
    await createProbeTables(target.db, dialect, true);
  });

  it('follows the target foreign keys even when the archive order does not suit them', async () => {
    const file = join(dir, `unordered-${dialect}.gz`);
    await createBackup(source.db, 'sqlite', file, { vigilVersion: '0.1.0-test' });
    const names = archiveLines(file).manifest.tables.map((t) => t.name);
    expect(names.indexOf('a_child')).toBeLessThan(names.indexOf('z_parent'));
    await restoreBackup(target.db, dialect, file);
    const byName = (d: TableDigest[]) => d.sort((a, b) => (a.name < b.name ? -1 : 1));
    expect(byName(await tableDigests(target.db))).toEqual(byName(await tableDigests(source.db)));
  });
});

describeEachDialect('backup while the server writes', (dialect) => {
  let main: Database;
  let writer: Database;
  const targets: Array<[Dialect, Database]> = [];

  beforeAll(async () => {
    const url = await freshDatabaseUrl(dialect);
    main = await openDatabase(url);
    writer = await openDatabase(url);
    opened.push(writer, main);
    await migrateToLatest(main.db);
    await seed(main.db, 4, 210); // over 1000 events: several fetches, several insert batches
    for (const to of DIALECTS) {
      if (to === 'sqlite' || postgresAvailable) targets.push([to, await scratch(to)]);
    }
  });

  it('captures one consistent snapshot', async () => {
    let stop = false;
    let written = 0;
    const ctx = SYSTEM_CONTEXT();
    const writing = (async () => {
      while (!stop) {
        await writer.db.transaction().execute(async (tx) => {
          const id = uuidv7();
          const now = new Date().toISOString();
          await tx
            .insertInto('organisations')
            .values({ id, name: 'Concurrent', slug: id, created_at: now, updated_at: now })
            .execute();
          for (const organisationId of [id, null]) {
            await recordAudit(tx, ctx, {
              organisationId,
              action: 'organisation.created',
              subject: { type: 'organisation', id },
            });
          }
        });
        written += 1;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    while (written < 3) await new Promise((resolve) => setTimeout(resolve, 5));

    const file = join(dir, `concurrent-${dialect}.gz`);
    const before = written;
    await createBackup(main.db, dialect, file, { vigilVersion: '0.1.0-test' });
    const during = written - before;
    stop = true;
    await writing;
    expect(during).toBeGreaterThan(0);

    const { manifest, rows } = archiveLines(file);
    for (const table of manifest.tables) {
      expect(rows.filter((r) => r.t === table.name).length).toBe(table.rows);
    }
    const archivedOrganisations = manifest.tables.find((t) => t.name === 'organisations')?.rows ?? 0;
    const live = await tableDigests(main.db);
    expect(live.find((t) => t.name === 'organisations')?.rows).toBeGreaterThan(archivedOrganisations);

    for (const [to, target] of targets) {
      await restoreBackup(target.db, to, file);
      const chains = await verifyAuditChains(target.db);
      expect(chains.filter((c) => c.firstBrokenSeq !== null)).toEqual([]);
      expect(chains.length).toBe(archivedOrganisations + 1);
    }
  });
});

describeEachDialect('restore of an archive from an older schema', (dialect) => {
  let old: Database;
  let target: Database;
  beforeAll(async () => {
    // A database as the first release left it: only the first migration applied.
    old = await scratch('sqlite', { migrate: false });
    const first = new Migrator({
      db: old.db,
      provider: { getMigrations: async () => ({ '0001-platform': m0001 }) },
      migrationTableName: 'vigil_migrations',
      migrationLockTableName: 'vigil_migrations_lock',
    });
    const { error } = await first.migrateToLatest();
    if (error) throw error;
    await seed(old.db, 2, 10);
    target = await scratch(dialect);
  });

  it('loads into the current schema, new columns taking their defaults', async () => {
    const file = join(dir, `older-${dialect}.gz`);
    await createBackup(old.db, 'sqlite', file, { vigilVersion: '0.0.1' });
    const { manifest } = archiveLines(file);
    expect(manifest.migrations).toEqual(['0001-platform']);
    const applied = await sql<{ name: string }>`select name from vigil_migrations`.execute(target.db);
    expect(applied.rows.length).toBeGreaterThan(1);

    await restoreBackup(target.db, dialect, file);
    const organisations = await target.db.selectFrom('organisations').selectAll().execute();
    expect(organisations.length).toBe(2);
    expect(organisations.every((o) => o.time_zone === 'UTC' && Array.isArray(o.mfa_roles))).toBe(true);
    const chains = await verifyAuditChains(target.db);
    expect(chains.map((c) => c.firstBrokenSeq)).toEqual([null, null, null]);
  });
});
