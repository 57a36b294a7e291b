import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline as pipeCallback, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip } from 'node:zlib';
import canonicalize from 'canonicalize';
import { z } from 'zod';
import type { Row } from './catalogue.ts';

/**
 * The Vigil backup archive: gzip of JSON Lines.
 *   line 1     the manifest (format, versions, applied migrations, per-table row counts and digests)
 *   then       one `{"t":table,"r":row}` line per row, table by table, each table in primary-key order
 *   last line  `{"trailer":true,"sha256":...}`: SHA-256 over every preceding line (with its "\n")
 * Rows are dialect-neutral: ISO-8601 timestamps, booleans, parsed JSON, binary as {"$bytes": base64}.
 */
export const ARCHIVE_FORMAT = 'vigil-backup/1';

const ZManifest = z.object({
  format: z.literal(ARCHIVE_FORMAT),
  createdAt: z.string(),
  vigilVersion: z.string(),
  sourceDialect: z.enum(['sqlite', 'postgres']),
  migrations: z.array(z.string()),
  tables: z.array(
    z.object({
      name: z.string().min(1),
      columns: z.array(z.string().min(1)).min(1),
      rows: z.number().int().nonnegative(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
});

export type Manifest = z.infer<typeof ZManifest>;
export type ArchiveTable = Manifest['tables'][number];

/** The archive line of one row. The row is RFC 8785 canonical JSON, so equal rows give equal lines on any dialect. */
export function rowLine(table: string, row: Row): string {
  const encoded: Row = {};
  for (const [column, value] of Object.entries(row)) encoded[column] = encodeValue(value);
  return `{"t":${JSON.stringify(table)},"r":${canonicalize(encoded)}}`;
}

function encodeValue(value: unknown): unknown {
  if (value instanceof Uint8Array) {
    return { $bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  }
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return Number(value);
  return value;
}

/** SHA-256 over lines, each followed by "\n": the per-table digests and the trailer use it. */
export class LineDigest {
  #hash: Hash = createHash('sha256');
  lines = 0;

  add(line: string): void {
    this.#hash.update(`${line}\n`);
    this.lines += 1;
  }

  hex(): string {
    return this.#hash.digest('hex');
  }
}

const CHUNK = 64 * 1024;

/**
 * Writes an archive: the manifest, the row lines as they come (streamed, with backpressure), the trailer.
 * A file path is written under a temporary name, readable by its owner only, and renamed when complete,
 * so a failed backup never leaves a file that looks like an archive.
 */
export async function writeArchive(
  out: Writable | string,
  manifest: Manifest,
  rowLines: AsyncIterable<string>,
): Promise<void> {
  async function* text(): AsyncGenerator<string> {
    const digest = new LineDigest();
    let buffer: string[] = [];
    let size = 0;
    const push = (line: string) => {
      digest.add(line);
      buffer.push(line, '\n');
      size += line.length + 1;
    };
    push(JSON.stringify(manifest));
    for await (const line of rowLines) {
      push(line);
      if (size >= CHUNK) {
        yield buffer.join('');
        buffer = [];
        size = 0;
      }
    }
    buffer.push(JSON.stringify({ trailer: true, sha256: digest.hex() }), '\n');
    yield buffer.join('');
  }

  if (typeof out !== 'string') {
    await pipeline(text(), createGzip(), out);
    return;
  }
  const partial = `${out}.${process.pid}.partial`;
  try {
    await rm(partial, { force: true }); // a leftover would keep its permissions
    await pipeline(text(), createGzip(), createWriteStream(partial, { mode: 0o600 }));
    await rename(partial, out);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

export interface ArchiveRow {
  table: string;
  row: Row;
  /** Length of the row's line: a measure of its size, for batching. */
  size: number;
}

export interface ArchiveReader {
  readonly manifest: Manifest;
  /**
   * Streams the rows, checking as it goes that they match the manifest (order, counts, per-table
   * digests) and, at the end, the trailer. Throws on any mismatch, at the latest after the last row:
   * consume it to the end (inside a transaction when writing) before trusting what it gave.
   */
  rows(): AsyncGenerator<ArchiveRow>;
  /** Reads the whole archive and checks it; resolves with the number of rows. */
  verify(): Promise<number>;
}

/** Opens an archive and reads its manifest (the first line only). */
export async function openArchive(path: string): Promise<ArchiveReader> {
  let first: string | undefined;
  for await (const line of archiveLines(path)) {
    first = line;
    break;
  }
  if (first === undefined) throw damaged(path, 'it is empty');
  const manifestLine = first;
  const manifest = parseManifest(path, manifestLine);

  async function* rows(): AsyncGenerator<ArchiveRow> {
    const lines = archiveLines(path);
    const all = new LineDigest();
    const tables = manifest.tables;
    let index = 0;
    let table = new LineDigest();
    const closeTable = () => {
      const expected = tables[index] as ArchiveTable;
      if (table.lines !== expected.rows || table.hex() !== expected.sha256) {
        throw altered(path, `the rows of table ${expected.name} do not match the manifest`);
      }
      index += 1;
      table = new LineDigest();
    };

    const head = await lines.next();
    if (head.done || head.value !== manifestLine) throw altered(path, 'the manifest changed while reading');
    all.add(manifestLine);
    for await (const line of lines) {
      const entry = parseLine(path, line);
      if ('trailer' in entry) {
        while (index < tables.length) closeTable();
        if (entry.sha256 !== all.hex()) throw altered(path, 'the checksum in its trailer does not match');
        if (!(await lines.next()).done) throw damaged(path, 'there is data after its trailer');
        return;
      }
      while (index < tables.length && tables[index]?.name !== entry.t) closeTable();
      if (index === tables.length) throw damaged(path, `rows of table ${entry.t} are out of place`);
      all.add(line);
      table.add(line);
      yield { table: entry.t, row: entry.r, size: line.length };
    }
    throw damaged(path, 'it has no trailer: it is truncated');
  }

  return {
    manifest,
    rows,
    async verify() {
      let count = 0;
      for await (const _row of rows()) count += 1;
      return count;
    },
  };
}

function parseManifest(path: string, line: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new Error(`${path} is not a Vigil backup archive`);
  }
  const format = (value as { format?: unknown } | null)?.format;
  if (format !== ARCHIVE_FORMAT) {
    throw new Error(`${path} is not a ${ARCHIVE_FORMAT} archive (format: ${String(format ?? 'none')})`);
  }
  const parsed = ZManifest.safeParse(value);
  if (!parsed.success) throw damaged(path, `its manifest is invalid (${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

type Line = { t: string; r: Row } | { trailer: true; sha256: string };

function parseLine(path: string, line: string): Line {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw damaged(path, 'a line is not JSON');
  }
  const entry = value as Record<string, unknown> | null;
  if (entry?.trailer === true && typeof entry.sha256 === 'string') return entry as Line;
  if (typeof entry?.t === 'string' && typeof entry.r === 'object' && entry.r !== null) return entry as Line;
  throw damaged(path, 'a line is neither a row nor the trailer');
}

/** The decompressed lines of a file; file and gzip errors (a truncated file) surface as a "damaged" error. */
async function* archiveLines(path: string): AsyncGenerator<string> {
  const file = createReadStream(path);
  const gunzip = createGunzip();
  // Errors of either stream reach the loop below through gunzip; the callback only needs to exist.
  pipeCallback(file, gunzip, () => {});
  const decoder = new StringDecoder('utf8');
  // Pieces of the line being read; only new text is searched, so a long line (a file) costs linear time.
  let pending: string[] = [];
  try {
    for await (const chunk of gunzip) {
      const parts = decoder.write(chunk as Buffer).split('\n');
      const last = parts.pop() ?? '';
      if (parts.length > 0) {
        parts[0] = pending.join('') + parts[0];
        pending = [];
        yield* parts;
      }
      pending.push(last);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
      throw new Error(`cannot read ${path}: ${(error as Error).message}`);
    }
    throw damaged(path, `it is truncated or not a gzip file (${(error as Error).message})`);
  } finally {
    gunzip.destroy();
    file.destroy();
  }
  const rest = pending.join('') + decoder.end();
  if (rest.length > 0) yield rest;
}

function damaged(path: string, why: string): Error {
  return new Error(`the backup archive ${path} is damaged: ${why}`);
}

function altered(path: string, why: string): Error {
  return new Error(`the backup archive ${path} was altered or damaged: ${why}`);
}
