import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from './sqlite-adapter.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-sqlite-adapter-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** A file database with a table `t` of rows x = 1..`rows`, flag true for even x, doc a JSON object. */
function sqliteWithRows(rows: number, options: { statementCacheSize?: number } = {}) {
  const opened = openSqlite(join(dir, `adapter-${++files}.db`), options);
  opened.raw.exec('create table t (x integer primary key, flag boolean not null, doc json not null)');
  const insert = opened.raw.prepare('insert into t values (?, ?, ?)');
  for (let x = 1; x <= rows; x++) insert.run(x, x % 2 === 0 ? 1 : 0, JSON.stringify({ x }));
  return opened;
}

const SELECT_ABOVE = 'select x, flag, doc from t where x > ? order by x';

describe('sqlite adapter: prepared statements', () => {
  it('reuses the statement of a SQL text and keeps converting booleans and JSON', () => {
    const { kysely } = sqliteWithRows(4);
    const first = kysely.prepare(SELECT_ABOVE);
    expect(first.all([2])).toEqual([
      { x: 3, flag: false, doc: { x: 3 } },
      { x: 4, flag: true, doc: { x: 4 } },
    ]);
    const again = kysely.prepare(SELECT_ABOVE);
    expect(again).toBe(first);
    expect(again.all([3])).toEqual([{ x: 4, flag: true, doc: { x: 4 } }]);
    expect(kysely.prepare('select x from t where x = ?')).not.toBe(first);
    kysely.close();
  });

  it('keeps at most the configured number of statements, dropping the least recently used', () => {
    const { kysely } = sqliteWithRows(3, { statementCacheSize: 2 });
    const texts = [1, 2, 3].map((x) => `select x from t where x = ${x}`);
    const [a, b] = [kysely.prepare(texts[0] as string), kysely.prepare(texts[1] as string)];
    // using a makes b the least recently used, so c pushes b out and a stays
    expect(kysely.prepare(texts[0] as string)).toBe(a);
    const c = kysely.prepare(texts[2] as string);
    expect(kysely.prepare(texts[0] as string)).toBe(a);
    expect(kysely.prepare(texts[2] as string)).toBe(c);
    const bAgain = kysely.prepare(texts[1] as string);
    expect(bAgain).not.toBe(b);
    expect(bAgain.all([])).toEqual([{ x: 2 }]);
    // b's return pushed out a (the least recently used of a and c)
    expect(kysely.prepare(texts[2] as string)).toBe(c);
    expect(kysely.prepare(texts[0] as string)).not.toBe(a);
    kysely.close();
  });

  it('never hands out a statement whose iterator is open, and reuses it once the iterator is done', () => {
    const { kysely } = sqliteWithRows(5);
    const streaming = kysely.prepare(SELECT_ABOVE);
    const rows = streaming.iterate([0]);
    expect(rows.next().value).toEqual({ x: 1, flag: false, doc: { x: 1 } });

    // the same SQL meanwhile: another statement, right answers, and the iterator goes on undisturbed
    const meanwhile = kysely.prepare(SELECT_ABOVE);
    expect(meanwhile).not.toBe(streaming);
    expect(meanwhile.all([3]).map((r) => (r as { x: number }).x)).toEqual([4, 5]);
    expect(kysely.prepare(SELECT_ABOVE)).toBe(meanwhile);
    expect([...rows].map((r) => (r as { x: number }).x)).toEqual([2, 3, 4, 5]);

    // an iterator left early (break, return) frees its statement as well
    const early = kysely.prepare(SELECT_ABOVE);
    for (const row of early.iterate([0])) {
      expect(row).toEqual({ x: 1, flag: false, doc: { x: 1 } });
      break;
    }
    expect(kysely.prepare(SELECT_ABOVE)).toBe(early);
    expect(early.all([4])).toEqual([{ x: 5, flag: false, doc: { x: 5 } }]);
    kysely.close();
  });

  it('frees a streamed statement for the next query when Kysely ends the stream, early or not', async () => {
    // Kysely holds the connection while a stream is open (other queries wait for it), so it never
    // interleaves them itself; what the cache must get right is the statement's state afterwards.
    const db = new Kysely<{ t: { x: number; flag: boolean; doc: unknown } }>({
      dialect: new SqliteDialect({ database: sqliteWithRows(300).kysely }),
    });
    const query = db.selectFrom('t').select(['x', 'flag']).where('x', '>', 0).orderBy('x');
    const streamed: number[] = [];
    for await (const row of query.stream()) streamed.push(row.x);
    expect(streamed).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    for await (const row of query.stream()) {
      expect(row).toEqual({ x: 1, flag: false });
      break;
    }
    const rows = await query.execute();
    expect(rows.length).toBe(300);
    expect(rows[299]).toEqual({ x: 300, flag: true });
    await db.destroy();
  });

  it('serves nothing from the cache once the database is closed', () => {
    const { kysely } = sqliteWithRows(2);
    const before = kysely.prepare(SELECT_ABOVE);
    expect(before.all([0])).toHaveLength(2);
    kysely.close();
    expect(() => kysely.prepare(SELECT_ABOVE)).toThrow(/not open/);
    expect(() => before.all([0])).toThrow(/finalized/);
  });

  it('forgets every statement when the schema changes, so column types are read again', () => {
    const { kysely } = sqliteWithRows(1);
    const star = 'select * from t';
    const before = kysely.prepare(star);
    expect(before.all([])).toEqual([{ x: 1, flag: false, doc: { x: 1 } }]);
    kysely.prepare('alter table t add column extra boolean not null default 1').run([]);
    const after = kysely.prepare(star);
    expect(after).not.toBe(before);
    expect(after.all([])).toEqual([{ x: 1, flag: false, doc: { x: 1 }, extra: true }]);
    kysely.close();
  });

  it('prepares anew on a database reopened on the same file', async () => {
    const path = join(dir, 'reopened.db');
    for (const expected of [1, 2]) {
      const db = new Kysely<{ t: { x: number } }>({
        dialect: new SqliteDialect({ database: openSqlite(path).kysely }),
      });
      await sql`create table if not exists t (x integer primary key)`.execute(db);
      await db.insertInto('t').values({ x: expected }).execute();
      expect((await db.selectFrom('t').select('x').execute()).map((r) => r.x)).toEqual(
        Array.from({ length: expected }, (_, i) => i + 1),
      );
      await db.destroy();
    }
  });
});
