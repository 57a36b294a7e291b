import type ExcelJS from 'exceljs';
import { neutralise } from '../risk-files/sheet.ts';
import {
  DOCUMENT_TITLE,
  headerLines,
  rowOf,
  SOA_COLUMNS,
  type SoaDocument,
  WARNING_LABELS,
} from './soa-document.ts';

/**
 * The SoA as an XLSX workbook (exceljs): the title block above the table, the table's header row frozen
 * with a filter, text wrapped, printed landscape on A4 one page wide with the header row repeated and
 * numbered pages; a second sheet lists the completeness warnings. Text that starts like a formula is
 * neutralised (CSV injection), although XLSX stores it as text anyway.
 */

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE9ECEF' } };

/** Text for a header or footer, where `&` starts a code. */
const footerText = (text: string) => text.replaceAll('&', '&&');

/** A bold, filled header row whose text wraps; frozen, with a filter over `rows` rows below it. */
function table(
  sheet: ExcelJS.Worksheet,
  headerRow: number,
  columns: readonly { header: string; width: number }[],
  rows: readonly (readonly string[])[],
): void {
  columns.forEach((column, i) => {
    sheet.getColumn(i + 1).width = column.width;
  });
  const header = sheet.getRow(headerRow);
  header.values = columns.map((c) => c.header);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
  rows.forEach((cells, i) => {
    const row = sheet.getRow(headerRow + 1 + i);
    row.values = cells.map(neutralise);
    row.alignment = { vertical: 'top', wrapText: true };
  });
  sheet.views = [{ state: 'frozen', ySplit: headerRow }];
  sheet.autoFilter = {
    from: { row: headerRow, column: 1 },
    to: { row: headerRow + Math.max(rows.length, 1), column: columns.length },
  };
  sheet.pageSetup = {
    ...sheet.pageSetup,
    orientation: 'landscape',
    paperSize: 9, // A4
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: `${headerRow}:${headerRow}`,
  };
}

export async function renderSoaXlsx(doc: SoaDocument): Promise<Buffer> {
  // Loaded on first use, so that starting the server does not pay for it (about 130 ms of CPU).
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = doc.generatedBy;
  workbook.created = doc.generatedAt;
  workbook.title = `${DOCUMENT_TITLE}: ${doc.organisationName}`;
  const footer = `&L${footerText(`${doc.organisationName} - ${DOCUMENT_TITLE}${doc.version ? ` version ${doc.version.number}` : ' (draft)'}`)}&RPage &P of &N`;

  const soa = workbook.addWorksheet(DOCUMENT_TITLE);
  const title = [DOCUMENT_TITLE, doc.organisationName, ...headerLines(doc)];
  title.forEach((line, i) => {
    const cell = soa.getCell(i + 1, 1);
    cell.value = neutralise(line);
    if (i === 0) cell.font = { bold: true, size: 14 };
    if (i === 1) cell.font = { bold: true, size: 12 };
  });
  // a blank row between the title block and the table
  table(soa, title.length + 2, SOA_COLUMNS, doc.entries.map(rowOf));
  soa.headerFooter = { oddFooter: footer, evenFooter: footer };

  const warnings = workbook.addWorksheet('Completeness warnings');
  table(
    warnings,
    1,
    [
      { header: 'Warning', width: 30 },
      { header: 'Control or risk', width: 16 },
      { header: doc.version ? 'Acknowledged by the approver' : 'What to do', width: 100 },
    ],
    doc.warnings.map((w) => [WARNING_LABELS[w.kind], w.subject.key, w.message]),
  );
  warnings.headerFooter = { oddFooter: footer, evenFooter: footer };

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
