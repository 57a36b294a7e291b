import { promisify } from 'node:util';
import { crc32, inflateRaw } from 'node:zlib';

/**
 * Reads the central directory of a ZIP archive (an office document) without trusting it: the directory
 * must be where the end record says, every entry's data must lie inside the file without overlapping
 * another's (overlapping entries are how "better" zip bombs multiply one compressed block), names must
 * not climb out of the archive, and the sizes it declares must stay within limits. Then every entry is
 * inflated with its declared size as a hard cap on the output, so an entry that lies about its size
 * stops the check instead of filling memory, and its CRC-32 is compared. Pure but for the inflating,
 * which runs on libuv's thread pool.
 */

export interface ZipLimits {
  /** Entries in the archive (a large presentation has a few hundred). */
  maxEntries: number;
  /** Bytes of all entries together once decompressed. */
  maxUncompressedBytes: number;
  /** Decompressed size per compressed byte, for entries (and archives) above 1 MiB decompressed. */
  maxRatio: number;
}

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Where the entry's local header starts. */
  localOffset: number;
}

export interface ZipContents {
  entries: ZipEntry[];
  /** Decompressed content of the entries asked for by name (small metadata files). */
  read: Map<string, Buffer>;
}

/** Why an archive is refused, written for the person who uploaded it. */
export class ZipRefused extends Error {}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
const MIB = 1024 * 1024;

const inflate = promisify(inflateRaw);

/** The end-of-central-directory record: exactly at the end of the file, behind its own comment. */
function endRecord(bytes: Buffer): number {
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (bytes.readUInt32LE(at) === EOCD && at + 22 + bytes.readUInt16LE(at + 20) === bytes.length) return at;
  }
  throw new ZipRefused('the archive is incomplete or has data after its end');
}

/** The directory's entries, checked against the file's layout and `limits`; nothing is decompressed. */
export function readZipDirectory(bytes: Buffer, limits: ZipLimits): ZipEntry[] {
  if (bytes.length < 22) throw new ZipRefused('the archive is incomplete');
  const eocd = endRecord(bytes);
  const disk = bytes.readUInt16LE(eocd + 4);
  const directoryDisk = bytes.readUInt16LE(eocd + 6);
  const entriesHere = bytes.readUInt16LE(eocd + 8);
  const count = bytes.readUInt16LE(eocd + 10);
  const directorySize = bytes.readUInt32LE(eocd + 12);
  const directoryOffset = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff)
    throw new ZipRefused('ZIP64 archives are not accepted');
  if (disk !== 0 || directoryDisk !== 0 || entriesHere !== count)
    throw new ZipRefused('split archives are not accepted');
  if (count === 0) throw new ZipRefused('the archive is empty');
  if (count > limits.maxEntries)
    throw new ZipRefused(`it holds ${count} files; an office document has at most ${limits.maxEntries}`);
  if (directoryOffset + directorySize !== eocd) throw new ZipRefused('the archive is damaged');

  const entries: ZipEntry[] = [];
  let total = 0;
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || bytes.readUInt32LE(at) !== CENTRAL) throw new ZipRefused('the archive is damaged');
    const flags = bytes.readUInt16LE(at + 8);
    const method = bytes.readUInt16LE(at + 10);
    const crc = bytes.readUInt32LE(at + 16);
    const compressedSize = bytes.readUInt32LE(at + 20);
    const uncompressedSize = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const localOffset = bytes.readUInt32LE(at + 42);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > eocd) throw new ZipRefused('the archive is damaged');
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    at = end;

    if (flags & 0x41) throw new ZipRefused('it is encrypted');
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localOffset === 0xffffffff)
      throw new ZipRefused('ZIP64 archives are not accepted');
    if (method !== STORED && method !== DEFLATED)
      throw new ZipRefused(`compression method ${method} is not accepted`);
    if (name.length === 0 || name.startsWith('/') || name.includes('\\') || name.split('/').includes('..'))
      throw new ZipRefused('a file inside it has a path that leaves the archive');
    if (uncompressedSize > MIB && uncompressedSize > compressedSize * limits.maxRatio)
      throw new ZipRefused(
        `a file inside it claims to decompress ${Math.round(uncompressedSize / Math.max(1, compressedSize))} times larger than it is stored: a zip bomb`,
      );
    total += uncompressedSize;
    if (total > limits.maxUncompressedBytes)
      throw new ZipRefused(
        `it decompresses to more than ${Math.round(limits.maxUncompressedBytes / MIB)} MB: a zip bomb or not an office document`,
      );
    entries.push({ name, method, crc, compressedSize, uncompressedSize, localOffset });
  }
  if (total > MIB && total > bytes.length * limits.maxRatio)
    throw new ZipRefused(
      `it claims to decompress ${Math.round(total / bytes.length)} times larger than it is: a zip bomb`,
    );

  // every entry's local header and data inside the file, before the directory, none overlapping another
  let previousEnd = 0;
  for (const entry of [...entries].sort((a, b) => a.localOffset - b.localOffset)) {
    const start = entry.localOffset;
    if (start < previousEnd || start + 30 > directoryOffset || bytes.readUInt32LE(start) !== LOCAL)
      throw new ZipRefused('files inside it overlap or the archive is damaged');
    previousEnd = dataStart(bytes, entry) + entry.compressedSize;
    if (previousEnd > directoryOffset) throw new ZipRefused('the archive is damaged');
  }
  return entries;
}

function dataStart(bytes: Buffer, entry: ZipEntry): number {
  return (
    entry.localOffset +
    30 +
    bytes.readUInt16LE(entry.localOffset + 26) +
    bytes.readUInt16LE(entry.localOffset + 28)
  );
}

/**
 * Checks the directory (`readZipDirectory`), then decompresses every entry with its declared size as the
 * cap and compares the CRC-32; returns the entries and the content of those named in `keep`.
 */
export async function inspectZip(
  bytes: Buffer,
  limits: ZipLimits,
  keep: readonly string[] = [],
): Promise<ZipContents> {
  const entries = readZipDirectory(bytes, limits);
  const read = new Map<string, Buffer>();
  for (const entry of entries) {
    const start = dataStart(bytes, entry);
    const stored = bytes.subarray(start, start + entry.compressedSize);
    let content: Buffer;
    if (entry.method === STORED) content = stored;
    else {
      try {
        content = await inflate(stored, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
          throw new ZipRefused('a file inside it decompresses to more than it declares: a zip bomb');
        throw new ZipRefused('the archive is damaged');
      }
    }
    if (content.length !== entry.uncompressedSize || crc32(content) !== entry.crc)
      throw new ZipRefused('the archive is damaged: a file inside it does not match its checksum');
    if (keep.includes(entry.name)) read.set(entry.name, content);
  }
  return { entries, read };
}
