import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect, freshDatabase } from '../../test/databases.ts';
import type { Database } from './database.ts';
import { parseDatabaseUrl, redactDatabaseUrl } from './database.ts';
import { toJson } from './dialect.ts';
import { migrateToLatest, pendingMigrations } from './migrate.ts';

describe('database URLs', () => {
  it('parses sqlite and postgres URLs and refuses others', () => {
    expect(parseDatabaseUrl('sqlite:./data/vigil.db')).toEqual({
      dialect: 'sqlite',
      path: './data/vigil.db',
    });
    expect(parseDatabaseUrl('postgres://u:p@h:5432/d').dialect).toBe('postgres');
    expect(() => parseDatabaseUrl('mysql://x')).toThrow(/sqlite: or postgres/);
    expect(() => parseDatabaseUrl('sqlite:')).toThrow(/needs a path/);
  });
  it('never shows a password', () => {
    expect(redactDatabaseUrl('postgres://vigil:hunter2@db:5432/vigil')).not.toContain('hunter2');
  });
});

describeEachDialect('database', (dialect) => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase(dialect, { migrate: false });
  });

  it('applies every migration once, forward-only', async () => {
    expect((await pendingMigrations(database.db)).length).toBeGreaterThan(0);
    const applied = await migrateToLatest(database.db);
    expect(applied).toContain('0001-platform');
    expect(await pendingMigrations(database.db)).toEqual([]);
    expect(await migrateToLatest(database.db)).toEqual([]);
  });

  it('reads timestamps, booleans, JSON and integers the same way on both dialects', async () => {
    await sql`create table dialect_probe (id text primary key, at ${sql.raw(dialect === 'sqlite' ? 'text' : 'timestamptz')}, flag boolean, doc jsonb, n bigint)`.execute(
      database.db,
    );
    const at = '2026-11-28T13:00:00.123Z';
    await sql`insert into dialect_probe values (${'a'}, ${at}, ${true}, ${toJson({ list: [1, 2], nested: { ok: false } })}, ${42})`.execute(
      database.db,
    );
    const { rows } = await sql<Record<string, unknown>>`select * from dialect_probe`.execute(database.db);
    expect(rows[0]).toEqual({ id: 'a', at, flag: true, doc: { list: [1, 2], nested: { ok: false } }, n: 42 });
    const count = await sql<{ c: number }>`select count(*) as c from dialect_probe`.execute(database.db);
    expect(count.rows[0]?.c).toBe(1);
  });

  it('enforces foreign keys', async () => {
    await sql`create table fk_parent (id text primary key)`.execute(database.db);
    await sql`create table fk_child (id text primary key, parent_id text not null references fk_parent(id))`.execute(
      database.db,
    );
    await expect(sql`insert into fk_child values ('c', 'missing')`.execute(database.db)).rejects.toThrow();
  });

  it('rolls a failed transaction back entirely', async () => {
    const now = new Date().toISOString();
    await expect(
      database.db.transaction().execute(async (tx) => {
        await tx
          .insertInto('organisations')
          .values({ id: 'o1', name: 'A', slug: 'a', created_at: now, updated_at: now })
          .execute();
        await tx
          .insertInto('organisations')
          .values({ id: 'o1', name: 'B', slug: 'b', created_at: now, updated_at: now })
          .execute();
      }),
    ).rejects.toThrow();
    expect(await database.db.selectFrom('organisations').selectAll().execute()).toEqual([]);
  });
});
