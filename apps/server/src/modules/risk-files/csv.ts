import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import {
  cellText,
  hasText,
  type ReadRow,
  type ReadTable,
  type Sheet,
  tooManyRows,
  UnreadableFile,
} from './sheet.ts';

/** CSV files in and out: RFC 4180 (quotes, CRLF), UTF-8 with a byte order mark so that Excel reads it as such. */

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** UTF-8 with a BOM, CRLF line ends, quotes where RFC 4180 needs them, formulas neutralised. */
export function writeCsv(sheet: Sheet): Buffer {
  const text = stringify(
    [sheet.columns.map((c) => c.header), ...sheet.rows.map((row) => row.map(cellText))],
    {
      bom: true,
      record_delimiter: 'windows',
      // a line break inside a cell needs quotes, whichever line end it uses
      quoted_match: /[\r\n]/,
    },
  );
  return Buffer.from(text, 'utf8');
}

/** The longest cell text read; far above any field of a risk, it only bounds a malformed file. */
const MAX_RECORD_CHARS = 100_000;

/**
 * The separator of a CSV file, from its header line: a comma, or the semicolon or tab that spreadsheets
 * write in locales where the comma is the decimal separator.
 */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : ',';
}

/**
 * The rows of a CSV text (BOM allowed). Row numbers are record numbers, as a spreadsheet opening the
 * file numbers its rows (a quoted line break stays inside its row). Throws `UnreadableFile` on malformed
 * CSV (with the row where reading stopped) or on more than `maxRows` non-blank rows below the header.
 * The caller bounds the text's size.
 */
export function readCsv(text: string, maxRows: number): ReadTable {
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      delimiter: delimiterOf(text.replace(/^\uFEFF/, '')),
      relax_column_count: true,
      max_record_size: MAX_RECORD_CHARS,
    });
  } catch (error) {
    if (error instanceof CsvError) {
      const row = typeof error.records === 'number' ? error.records + 1 : 0;
      throw new UnreadableFile(row, `The file is not valid CSV here: ${csvProblem(error.code)}`);
    }
    throw error;
  }
  const [first, ...rest] = records;
  if (!first || !hasText(first)) throw new UnreadableFile(1, 'Row 1 must hold the column headers');
  const rows: ReadRow[] = [];
  rest.forEach((cells, i) => {
    if (hasText(cells)) rows.push({ row: i + 2, cells });
  });
  if (rows.length > maxRows) throw tooManyRows(maxRows);
  return { header: { row: 1, cells: first }, rows };
}

function csvProblem(code: string): string {
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted cell is never closed';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quote inside a cell is not doubled ("")';
    case 'CSV_MAX_RECORD_SIZE':
      return `a row is longer than ${MAX_RECORD_CHARS.toLocaleString('en')} characters`;
    default:
      return 'it could not be read';
  }
}
