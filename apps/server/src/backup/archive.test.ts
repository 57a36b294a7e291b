import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArchiveRow, LineDigest, type Manifest, openArchive, rowLine, writeArchive } from './archive.ts';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-archive-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Input = Omit<ArchiveRow, 'size'>;

const ROWS: Input[] = [
  {
    table: 'parents',
    row: { id: 'a', flag: true, doc: { z: 1, a: [null, 'x'] }, data: Buffer.from([1, 2]) },
  },
  { table: 'parents', row: { id: 'b', flag: false, doc: null, data: null } },
  { table: 'children', row: { id: 'c', parent_id: 'a', at: '2026-11-28T13:00:00.123Z' } },
];

function manifestFor(rows: Input[]): Manifest {
  const tables = ['parents', 'empty', 'children'].map((name) => {
    const digest = new LineDigest();
    for (const r of rows.filter((r) => r.table === name)) digest.add(rowLine(name, r.row));
    return { name, columns: ['id'], rows: digest.lines, sha256: digest.hex() };
  });
  return {
    format: 'vigil-backup/1',
    createdAt: '2026-11-28T13:00:00.000Z',
    vigilVersion: 'test',
    sourceDialect: 'sqlite',
    migrations: ['0001-platform'],
    tables,
  };
}

async function* lines(rows: Input[]): AsyncGenerator<string> {
  for (const { table, row } of rows) yield rowLine(table, row);
}

async function written(name: string, rows = ROWS): Promise<string> {
  const file = join(dir, name);
  await writeArchive(file, manifestFor(rows), lines(rows));
  return file;
}

function edit(file: string, change: (lines: string[]) => string[]): string {
  const edited = `${file}.edited`;
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  writeFileSync(edited, gzipSync(change(text.split('\n')).join('\n')));
  return edited;
}

describe('backup archive', () => {
  it('writes canonical row lines: sorted keys, binary as base64', () => {
    expect(rowLine('t', { b: 1, a: { y: true, x: [1.5, 'é'] }, c: new Uint8Array([255, 0]) })).toBe(
      '{"t":"t","r":{"a":{"x":[1.5,"é"],"y":true},"b":1,"c":{"$bytes":"/wA="}}}',
    );
  });

  it('reads back what it wrote, with the manifest first and empty tables accounted for', async () => {
    const archive = await openArchive(await written('round-trip.gz'));
    expect(archive.manifest.tables.map((t) => [t.name, t.rows])).toEqual([
      ['parents', 2],
      ['empty', 0],
      ['children', 1],
    ]);
    const read: ArchiveRow[] = [];
    for await (const row of archive.rows()) read.push(row);
    expect(read).toEqual(
      ROWS.map(({ table, row }) => ({
        table,
        row: { ...row, ...(row.data instanceof Buffer ? { data: { $bytes: 'AQI=' } } : {}) },
        size: rowLine(table, row).length,
      })),
    );
    expect(await archive.verify()).toBe(3);
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('refuses rows out of their table order, data after the trailer, and lines that are not JSON', async () => {
    const file = await written('tampered.gz');
    const late = edit(file, (l) => [...l.slice(0, 4), '{"t":"parents","r":{"id":"z"}}', ...l.slice(4)]);
    await expect((await openArchive(late)).verify()).rejects.toThrow(
      /rows of table parents are out of place/,
    );
    const swapped = edit(file, (l) => [
      l[0] as string,
      l[3] as string,
      l[1] as string,
      l[2] as string,
      ...l.slice(4),
    ]);
    await expect((await openArchive(swapped)).verify()).rejects.toThrow(/rows of table parents do not match/);
    const extra = edit(file, (l) => [...l.slice(0, -1), '{"t":"parents","r":{}}', '']);
    await expect((await openArchive(extra)).verify()).rejects.toThrow(/there is data after its trailer/);
    const garbage = edit(file, (l) => [l[0] as string, 'not json', ...l.slice(1)]);
    await expect((await openArchive(garbage)).verify()).rejects.toThrow(/a line is not JSON/);
    const bad = edit(file, (l) => [
      JSON.stringify({ ...JSON.parse(l[0] as string), migrations: 'x' }),
      ...l.slice(1),
    ]);
    await expect(openArchive(bad)).rejects.toThrow(/its manifest is invalid/);
  });

  it('reads back a row far longer than a decompressed chunk (a file)', async () => {
    const file = randomBytes(3 * 1024 * 1024);
    const rows: Input[] = [{ table: 'parents', row: { id: 'f', data: file } }];
    const archive = await openArchive(await written('large.gz', rows));
    const read: ArchiveRow[] = [];
    for await (const row of archive.rows()) read.push(row);
    expect(read.map((r) => Buffer.from((r.row.data as { $bytes: string }).$bytes, 'base64'))).toEqual([file]);
  });

  it('leaves no file behind when writing fails', async () => {
    async function* failing(): AsyncGenerator<string> {
      yield rowLine('parents', { id: 'a' });
      throw new Error('the database went away');
    }
    const file = join(dir, 'failed.gz');
    await expect(writeArchive(file, manifestFor(ROWS), failing())).rejects.toThrow(/went away/);
    expect(readdirSync(dir).filter((f) => f.startsWith('failed.gz'))).toEqual([]);
  });
});
