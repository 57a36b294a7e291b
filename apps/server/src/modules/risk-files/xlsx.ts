import { PassThrough } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import type ExcelJS from 'exceljs';
import {
  cellText,
  hasText,
  isLevelCell,
  type ReadRow,
  type ReadTable,
  type Sheet,
  tooManyRows,
  UnreadableFile,
} from './sheet.ts';

/** XLSX files in and out (exceljs), with the ZIP container checked before anything is decompressed. */

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Every XLSX file (a ZIP archive) starts with a local file header. */
export const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

// ---------------------------------------------------------------- writing

/** Black or white, whichever reads better on the background colour (#rrggbb). */
function textOn(background: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(background.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // the contrast against white beats the contrast against black below about 0.18
  return luminance > 0.179 ? 'FF000000' : 'FFFFFFFF';
}

const argb = (colour: string) => `FF${colour.slice(1).toUpperCase()}`;

/**
 * One worksheet: a bold header row, frozen, with a filter; column widths; level cells filled with the
 * level's colour (the label is always written too: the colour never carries the meaning alone). Text
 * that starts like a formula is neutralised as in CSV, although XLSX stores it as text anyway. Written
 * with exceljs's streaming writer, row by row: the in-memory workbook needed about 360 MB for 10,000 risks.
 */
export async function writeXlsx(sheet: Sheet, meta: { creator: string; created: Date }): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  // Loaded on first use, so that starting the server does not pay for it (about 130 ms of CPU).
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = meta.creator;
  workbook.created = meta.created;
  const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  worksheet.columns = sheet.columns.map((c) => ({ header: c.header, width: c.width }));
  worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
  const header = worksheet.getRow(1);
  header.font = { bold: true };
  header.commit();
  for (const cells of sheet.rows) {
    const row = worksheet.addRow(
      cells.map((cell) => (cell === null || typeof cell === 'number' ? cell : cellText(cell))),
    );
    cells.forEach((cell, i) => {
      if (!isLevelCell(cell)) return;
      const target = row.getCell(i + 1);
      target.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(cell.colour) } };
      target.font = { color: { argb: textOn(cell.colour) } };
    });
    row.commit();
  }
  worksheet.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}

// ---------------------------------------------------------------- the ZIP container

/** Limits of an uploaded workbook's ZIP container, checked before exceljs opens it. */
export interface ZipLimits {
  /** Files in the archive (an Excel workbook has about a dozen). */
  maxEntries: number;
  /** Bytes of all files together once decompressed. */
  maxUncompressedBytes: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

const notXlsx = (why: string) => new UnreadableFile(0, `The file is not a readable XLSX workbook: ${why}`);

/**
 * Checks a ZIP archive against zip bombs before anything else decompresses it: the central directory is
 * read, and every file is inflated with a cap on its output (`maxOutputLength`), so a file that lies
 * about its size or decompresses to far more than the limit stops the check, not the server. ZIP64,
 * encryption and compression methods other than deflate are refused (Excel never writes them for a
 * workbook of this size).
 */
export function checkZip(buffer: Buffer, limits: ZipLimits): void {
  // the end-of-central-directory record: the last one, behind an optional comment of up to 64 KiB
  let eocd = -1;
  for (let at = buffer.length - 22; at >= Math.max(0, buffer.length - 22 - 0xffff); at--) {
    if (buffer.readUInt32LE(at) === EOCD_SIGNATURE) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw notXlsx('the archive is incomplete');
  const entries = buffer.readUInt16LE(eocd + 10);
  const directorySize = buffer.readUInt32LE(eocd + 12);
  const directoryOffset = buffer.readUInt32LE(eocd + 16);
  if (entries === 0xffff || directoryOffset === 0xffffffff) throw notXlsx('ZIP64 archives are not supported');
  if (entries > limits.maxEntries)
    throw notXlsx(`it holds ${entries} files; a workbook has at most ${limits.maxEntries}`);
  if (directoryOffset + directorySize > eocd) throw notXlsx('the archive is damaged');

  let total = 0;
  let at = directoryOffset;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > eocd || buffer.readUInt32LE(at) !== CENTRAL_SIGNATURE)
      throw notXlsx('the archive is damaged');
    const flags = buffer.readUInt16LE(at + 8);
    const method = buffer.readUInt16LE(at + 10);
    const compressedSize = buffer.readUInt32LE(at + 20);
    const declaredSize = buffer.readUInt32LE(at + 24);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const localOffset = buffer.readUInt32LE(at + 42);
    at += 46 + nameLength + extraLength + commentLength;

    if (flags & 0x1) throw notXlsx('it is encrypted');
    if (compressedSize === 0xffffffff || declaredSize === 0xffffffff || localOffset === 0xffffffff)
      throw notXlsx('ZIP64 archives are not supported');
    if (localOffset + 30 > buffer.length || buffer.readUInt32LE(localOffset) !== LOCAL_SIGNATURE)
      throw notXlsx('the archive is damaged');
    const dataStart =
      localOffset + 30 + buffer.readUInt16LE(localOffset + 26) + buffer.readUInt16LE(localOffset + 28);
    if (dataStart + compressedSize > buffer.length) throw notXlsx('the archive is damaged');
    const budget = limits.maxUncompressedBytes - total;
    const tooBig = () =>
      notXlsx(
        `it decompresses to more than ${Math.round(limits.maxUncompressedBytes / 1024 / 1024)} MB; split it into smaller files`,
      );
    if (declaredSize > budget) throw tooBig();

    const data = buffer.subarray(dataStart, dataStart + compressedSize);
    if (method === STORED) total += compressedSize;
    else if (method === DEFLATED) {
      try {
        total += inflateRawSync(data, { maxOutputLength: Math.max(1, budget) }).length;
      } catch (error) {
        if (error instanceof RangeError) throw tooBig();
        throw notXlsx('the archive is damaged');
      }
    } else throw notXlsx(`compression method ${method} is not supported`);
    if (total > limits.maxUncompressedBytes) throw tooBig();
  }
}

// ---------------------------------------------------------------- reading

/** The text a cell shows: numbers as written, dates as YYYY-MM-DD, a formula's last result, rich text joined. */
function valueText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return valueText(value.text as ExcelJS.CellValue);
  if ('formula' in value || 'sharedFormula' in value) return valueText(value.result ?? null);
  if ('error' in value) return value.error;
  return '';
}

/**
 * The rows of the first worksheet of an XLSX workbook, after `checkZip`. Row numbers are the sheet's.
 * Throws `UnreadableFile` when the workbook cannot be opened, has no worksheet, or has more than
 * `maxRows` non-blank rows below the header.
 */
export async function readXlsx(buffer: Buffer, maxRows: number, limits: ZipLimits): Promise<ReadTable> {
  checkZip(buffer, limits);
  // Loaded on first use, so that starting the server does not pay for it (about 130 ms of CPU).
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's typings predate Buffer's type parameter
    await workbook.xlsx.load(buffer as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    throw notXlsx('it could not be opened');
  }
  const worksheet = workbook.worksheets[0];
  if (!worksheet) throw notXlsx('it has no worksheet');
  let header: ReadRow | null = null;
  const rows: ReadRow[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    // row.values is 1-based: index 0 is always empty
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    const cells = Array.from(values, (value) => valueText(value ?? null));
    if (rowNumber === 1) header = { row: 1, cells };
    else if (hasText(cells)) rows.push({ row: rowNumber, cells });
  });
  const first = header as ReadRow | null;
  if (!first || !hasText(first.cells)) throw new UnreadableFile(1, 'Row 1 must hold the column headers');
  if (rows.length > maxRows) throw tooManyRows(maxRows);
  return { header: first, rows };
}
