import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readCsv, writeCsv } from './csv.ts';
import { neutralise, type Sheet, UnreadableFile, unneutralise } from './sheet.ts';
import { checkZip, readXlsx, writeXlsx } from './xlsx.ts';

const LIMITS = { maxEntries: 20, maxUncompressedBytes: 1024 * 1024 };

/**
 * A ZIP archive of the given files, deflated, written by hand so that a test can lie in it: `declared`
 * replaces the uncompressed size the headers state.
 */
function zipOf(files: readonly { name: string; data: Buffer; declared?: number; flags?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name);
    const compressed = deflateRawSync(file.data);
    const size = file.declared ?? file.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(file.flags ?? 0, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(file.flags ?? 0, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += 30 + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const problemOf = (action: () => unknown) => {
  try {
    action();
  } catch (error) {
    if (error instanceof UnreadableFile) return { row: error.row, message: error.message };
    throw error;
  }
  throw new Error('expected UnreadableFile');
};

const SHEET: Sheet = {
  name: 'Risk register',
  columns: [
    { header: 'Key', width: 10 },
    { header: 'Title', width: 40 },
    { header: 'Level', width: 12, level: true },
    { header: 'Likelihood', width: 12 },
  ],
  rows: [
    ['RISK-1', '=1+1', { label: 'High', colour: '#c92a2a' }, 4],
    ['RISK-2', 'Line one\nline "two", three', { label: 'Low', colour: '#ffec99' }, null],
  ],
};

describe('formula neutralisation', () => {
  it('prefixes what a spreadsheet would run, and only that; reading undoes it', () => {
    for (const text of ['=A1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])
      expect([neutralise(text), unneutralise(neutralise(text))]).toEqual([`'${text}`, text]);
    for (const text of ['Plain', "'quoted", 'a=b', ' =A1', ''])
      expect([neutralise(text), unneutralise(text)]).toEqual([text, text]);
  });
});

describe('CSV', () => {
  it('writes UTF-8 with a BOM, CRLF, RFC 4180 quotes; reads it back as written', () => {
    const csv = writeCsv(SHEET);
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.toString('utf8').slice(1)).toBe(
      'Key,Title,Level,Likelihood\r\nRISK-1,\'=1+1,High,4\r\nRISK-2,"Line one\nline ""two"", three",Low,\r\n',
    );
    expect(readCsv(csv.toString('utf8'), 10)).toEqual({
      header: { row: 1, cells: ['Key', 'Title', 'Level', 'Likelihood'] },
      rows: [
        { row: 2, cells: ['RISK-1', "'=1+1", 'High', '4'] },
        { row: 3, cells: ['RISK-2', 'Line one\nline "two", three', 'Low', ''] },
      ],
    });
  });

  it('reads semicolon and tab separated files, skips blank rows keeping the row numbers', () => {
    expect(readCsv('Title;Owner email\n\nA, with comma;a@x.example\n;\nB;b@x.example', 10)).toEqual({
      header: { row: 1, cells: ['Title', 'Owner email'] },
      rows: [
        { row: 3, cells: ['A, with comma', 'a@x.example'] },
        { row: 5, cells: ['B', 'b@x.example'] },
      ],
    });
    expect(readCsv('Title\tTags\nA\tx; y', 10).rows).toEqual([{ row: 2, cells: ['A', 'x; y'] }]);
  });

  it('reports malformed CSV at the row where reading stopped, an empty header, too many rows', () => {
    expect(problemOf(() => readCsv('Title\nok\n"never closed\n', 10))).toEqual({
      row: 3,
      message: 'The file is not valid CSV here: a quoted cell is never closed',
    });
    expect(problemOf(() => readCsv('\n\nTitle\n', 10))).toEqual({
      row: 1,
      message: 'Row 1 must hold the column headers',
    });
    expect(problemOf(() => readCsv('Title\na\nb\nc\n', 2)).row).toBe(0);
    expect(readCsv('Title\na\n\n\nb\n', 2).rows).toHaveLength(2);
  });
});

describe('XLSX', () => {
  it('writes one sheet (bold frozen header, filter, widths, level colours) that reads back as written', async () => {
    const xlsx = await writeXlsx(SHEET, { creator: 'Sam', created: new Date('2026-03-15T12:00:00Z') });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.getColumn(2).width).toBe(40);
    expect(sheet.autoFilter).toBe('A1:D1');
    // dark red: white text; pale yellow: black text
    expect(sheet.getRow(2).getCell(3).font?.color?.argb).toBe('FFFFFFFF');
    expect(sheet.getRow(3).getCell(3).font?.color?.argb).toBe('FF000000');
    expect(sheet.getRow(3).getCell(3).fill).toMatchObject({ fgColor: { argb: 'FFFFEC99' } });
    expect(await readXlsx(xlsx, 10, LIMITS)).toEqual({
      header: { row: 1, cells: ['Key', 'Title', 'Level', 'Likelihood'] },
      rows: [
        { row: 2, cells: ['RISK-1', "'=1+1", 'High', '4'] },
        { row: 3, cells: ['RISK-2', 'Line one\nline "two", three', 'Low'] },
      ],
    });
  });

  it('reads what people type into Excel: formulas by their result, dates, booleans, links, rich text', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('First');
    sheet.addRow(['Title', 'Inherent likelihood', 'Next review', 'Confidentiality', 'Link']);
    sheet.addRow([
      { richText: [{ text: 'Rich ' }, { text: 'text', font: { bold: true } }] },
      { formula: '1+2', result: 3 },
      new Date('2026-05-01T00:00:00Z'),
      true,
      { text: 'ASSET-1', hyperlink: 'https://x.example' },
    ]);
    workbook.addWorksheet('Second').addRow(['ignored']);
    const table = await readXlsx(Buffer.from(await workbook.xlsx.writeBuffer()), 10, LIMITS);
    expect(table.rows).toEqual([{ row: 2, cells: ['Rich text', '3', '2026-05-01', 'true', 'ASSET-1'] }]);
  });

  it('refuses more rows than allowed', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Risks');
    for (let i = 0; i <= 6; i++) sheet.addRow([`Row ${i}`]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    await expect(readXlsx(xlsx, 5, LIMITS)).rejects.toThrow('more than 5 rows of risks');
    await expect(readXlsx(xlsx, 5, LIMITS)).rejects.toBeInstanceOf(UnreadableFile);
  });
});

describe('zip bombs and broken archives', () => {
  it('passes a real workbook', async () => {
    const xlsx = await writeXlsx(SHEET, { creator: 'Sam', created: new Date() });
    expect(() => checkZip(xlsx, LIMITS)).not.toThrow();
  });

  it('stops a file that decompresses past the limit, whatever its headers claim, before exceljs sees it', async () => {
    const bomb = Buffer.alloc(8 * 1024 * 1024);
    // honest headers: refused from the declared size
    expect(
      problemOf(() => checkZip(zipOf([{ name: 'xl/worksheets/sheet1.xml', data: bomb }]), LIMITS)),
    ).toEqual({
      row: 0,
      message:
        'The file is not a readable XLSX workbook: it decompresses to more than 1 MB; split it into smaller files',
    });
    // lying headers (1 KB declared): caught while inflating, which stops at the limit
    const liar = zipOf([{ name: 'xl/worksheets/sheet1.xml', data: bomb, declared: 1024 }]);
    expect(liar.length).toBeLessThan(20_000);
    expect(problemOf(() => checkZip(liar, LIMITS)).message).toContain('decompresses to more than 1 MB');
    await expect(readXlsx(liar, 10, LIMITS)).rejects.toThrow('decompresses to more than 1 MB');
    // many small files adding up
    const many = zipOf(
      Array.from({ length: 5 }, (_, i) => ({ name: `xl/part${i}.xml`, data: Buffer.alloc(300 * 1024) })),
    );
    expect(problemOf(() => checkZip(many, LIMITS)).message).toContain('decompresses to more than 1 MB');
  });

  it('refuses too many entries, encryption, and damaged or truncated archives', () => {
    const small = { name: 'a.xml', data: Buffer.from('<a/>') };
    expect(problemOf(() => checkZip(zipOf(Array.from({ length: 21 }, () => small)), LIMITS)).message).toBe(
      'The file is not a readable XLSX workbook: it holds 21 files; a workbook has at most 20',
    );
    expect(problemOf(() => checkZip(zipOf([{ ...small, flags: 1 }]), LIMITS)).message).toContain(
      'it is encrypted',
    );
    const whole = zipOf([small]);
    expect(problemOf(() => checkZip(whole.subarray(0, whole.length - 10), LIMITS)).message).toContain(
      'the archive is incomplete',
    );
    const damaged = Buffer.from(whole);
    damaged.fill(0, 30, 40);
    expect(problemOf(() => checkZip(damaged, LIMITS)).message).toContain('the archive is damaged');
  });
});
