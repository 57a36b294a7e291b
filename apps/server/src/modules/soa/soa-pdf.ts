import type PDFDocument from 'pdfkit';
import { localDateTime, type ReportFonts, systemFonts } from '../risk-files/pdf-report.ts';
import {
  DOCUMENT_TITLE,
  headerLines,
  rowOf,
  SOA_COLUMNS,
  type SoaDocument,
  WARNING_LABELS,
} from './soa-document.ts';

/**
 * The SoA as a PDF for a certification auditor (pdfkit): landscape A4, the title block (organisation,
 * version and approver or "Draft — not published", when generated), the completeness warnings, then
 * every control in one table whose header repeats on each page; every page numbered "Page n of m".
 */

const MARGIN = 36;
const FOOTER_HEIGHT = 22;
const GREY = '#495057';
const RULE = '#ced4da';
const HEADER_FILL = '#e9ecef';
const PADDING = 2.5;

/** The characters Windows-1252 has beyond Latin-1's printable ones (what the standard fonts can show). */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Text the fonts can show: with the standard fonts, other characters become "?"; control characters go. */
function printable(text: string, fonts: ReportFonts): string {
  const clean = text.replace(/\p{Cc}/gu, (c) => (c === '\n' ? c : ' '));
  if (fonts.unicode) return clean;
  return Array.from(clean, (c) => {
    const code = c.codePointAt(0) ?? 0;
    return code === 10 ||
      (code >= 0x20 && code <= 0x7e) ||
      (code >= 0xa0 && code <= 0xff) ||
      WIN_ANSI_EXTRA.has(c)
      ? c
      : '?';
  }).join('');
}

type Doc = InstanceType<typeof PDFDocument>;

interface Column {
  header: string;
  /** Share of the usable width. */
  share: number;
}

/** Draws on one document; a class only to share the document, its fonts and the page geometry. */
class SoaWriter {
  readonly doc: Doc;
  readonly fonts: ReportFonts;
  readonly width: number;

  constructor(doc: Doc, fonts: ReportFonts) {
    this.doc = doc;
    this.fonts = fonts;
    this.width = doc.page.width - 2 * MARGIN;
  }

  get bottom(): number {
    return this.doc.page.height - MARGIN - FOOTER_HEIGHT;
  }

  text(text: string, options: { size?: number; bold?: boolean; colour?: string; gap?: number } = {}): void {
    const { doc } = this;
    doc
      .font(options.bold ? 'bold' : 'regular')
      .fontSize(options.size ?? 9)
      .fillColor(options.colour ?? 'black')
      .text(printable(text, this.fonts), MARGIN, doc.y, { width: this.width });
    if (options.gap) doc.moveDown(options.gap);
  }

  heading(text: string): void {
    if (this.doc.y + 60 > this.bottom) this.doc.addPage();
    this.doc.moveDown(0.6);
    this.text(text, { size: 13, bold: true, gap: 0.3 });
  }

  /** The longest head of `text`, cut at white space where possible, that fits `height` in `width`. */
  private fitting(text: string, width: number, height: number): [string, string] {
    const fits = (head: string) => this.doc.heightOfString(head || ' ', { width }) <= height;
    if (fits(text)) return [text, ''];
    const cuts = [...text.matchAll(/\s+/g)].map((m) => m.index);
    const search = (candidates: readonly number[]) => {
      let [low, high, best] = [0, candidates.length - 1, -1];
      while (low <= high) {
        const mid = (low + high) >> 1;
        if (fits(text.slice(0, candidates[mid]))) [best, low] = [mid, mid + 1];
        else high = mid - 1;
      }
      return best < 0 ? 0 : (candidates[best] ?? 0);
    };
    // a word longer than the cell is cut where it must be
    const cut = search(cuts) || search(Array.from(text, (_, i) => i));
    return [text.slice(0, cut).trimEnd(), text.slice(cut).trimStart()];
  }

  /**
   * A table: text wraps in its cell, the header repeats at the top of each page, and a row moves to the
   * next page rather than split, unless it is taller than a page: then it continues on the next one
   * (its first cell marked "cont."), so that no text is ever cut off.
   */
  table(columns: readonly Column[], rows: readonly (readonly string[])[], size = 7.5): void {
    const { doc } = this;
    const widths = columns.map((c) => c.share * this.width - 2 * PADDING);
    const font = (bold: boolean) => doc.font(bold ? 'bold' : 'regular').fontSize(size);
    const heightOf = (cells: readonly string[], bold: boolean) => {
      font(bold);
      const inner = cells.map((cell, i) => doc.heightOfString(cell || ' ', { width: widths[i] ?? 0 }));
      return Math.max(...inner) + 2 * PADDING;
    };
    const drawRow = (cells: readonly string[], bold: boolean) => {
      const height = heightOf(cells, bold);
      const top = doc.y;
      if (bold) doc.rect(MARGIN, top, this.width, height).fill(HEADER_FILL);
      let x = MARGIN;
      cells.forEach((cell, i) => {
        font(bold)
          .fillColor('black')
          .text(cell, x + PADDING, top + PADDING, { width: widths[i] ?? 0 });
        x += (widths[i] ?? 0) + 2 * PADDING;
      });
      doc
        .moveTo(MARGIN, top + height)
        .lineTo(MARGIN + this.width, top + height)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke();
      doc.x = MARGIN;
      doc.y = top + height;
    };
    const header = columns.map((c) => printable(c.header, this.fonts));
    const newPage = () => {
      doc.addPage();
      drawRow(header, true);
    };
    const pageRoom = this.bottom - MARGIN - heightOf(header, true);
    if (doc.y + heightOf(header, true) + Math.min(rows[0] ? heightOf(rows[0], false) : 0, 60) > this.bottom)
      doc.addPage();
    drawRow(header, true);
    for (const row of rows) {
      let cells = row.map((cell) => printable(cell, this.fonts));
      const first = cells[0] ?? '';
      for (;;) {
        const height = heightOf(cells, false);
        const room = this.bottom - doc.y;
        if (height <= room) {
          drawRow(cells, false);
          break;
        }
        // a row that fits on a page of its own moves there; a taller one fills this page and continues
        if (height <= pageRoom || room < 4 * size) {
          newPage();
          continue;
        }
        font(false);
        const parts = cells.map((cell, i) => this.fitting(cell, widths[i] ?? 0, room - 2 * PADDING));
        drawRow(
          parts.map(([head]) => head),
          false,
        );
        cells = parts.map(([, tail], i) => (i === 0 && tail === '' ? `${first}\n(cont.)` : tail));
        newPage();
      }
    }
    doc.moveDown(0.5);
  }

  /** The document's name and "Page n of m" on every page, once all pages exist. */
  footers(label: string): void {
    const { doc } = this;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      // writing into the bottom margin would otherwise start a new page
      const margin = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      const y = doc.page.height - MARGIN - 8;
      doc.font('regular').fontSize(7.5).fillColor(GREY);
      doc.text(printable(label, this.fonts), MARGIN, y, { width: this.width * 0.8, lineBreak: false });
      doc.text(`Page ${i - range.start + 1} of ${range.count}`, MARGIN, y, {
        width: this.width,
        align: 'right',
        lineBreak: false,
      });
      doc.page.margins.bottom = margin;
    }
  }
}

/**
 * The SoA as PDF bytes. `compress: false` writes readable content streams (pdfkit compresses by
 * default); `fonts` defaults to DejaVu Sans when the system has it.
 */
export async function renderSoaPdf(
  model: SoaDocument,
  options: { compress?: boolean; fonts?: ReportFonts } = {},
): Promise<Buffer> {
  const fonts = options.fonts ?? systemFonts();
  // Loaded on first use, so that starting the server does not pay for it (about 70 ms of CPU).
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    bufferPages: true,
    compress: options.compress ?? true,
    info: {
      Title: printable(`${DOCUMENT_TITLE}: ${model.organisationName}`, fonts),
      Author: printable(model.generatedBy, fonts),
      Creator: 'Vigil',
      CreationDate: model.generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);

  const w = new SoaWriter(doc, fonts);
  w.text(DOCUMENT_TITLE, { size: 20, bold: true, gap: 0.2 });
  w.text(model.organisationName, { size: 14, gap: 0.5 });
  for (const line of headerLines(model)) w.text(line, { colour: GREY });
  w.text(
    'ISO/IEC 27001:2022 6.1.3 d: the controls necessary to treat the information security risks, why each is included or excluded, and whether it is implemented. Annex A controls are named by their ids and titles only.',
    { colour: GREY, size: 7.5 },
  );

  if (model.warnings.length > 0) {
    w.heading(model.version ? 'Completeness warnings acknowledged by the approver' : 'Completeness warnings');
    w.table(
      [
        { header: 'Warning', share: 0.2 },
        { header: 'Control or risk', share: 0.1 },
        { header: 'Detail', share: 0.7 },
      ],
      model.warnings.map((warning) => [WARNING_LABELS[warning.kind], warning.subject.key, warning.message]),
    );
  }

  w.heading('Controls');
  w.table(SOA_COLUMNS, model.entries.map(rowOf));
  w.footers(
    `${model.organisationName} - ${DOCUMENT_TITLE} ${model.version ? `version ${model.version.number}` : '(draft, not published)'} - generated ${localDateTime(model.generatedAt, model.timeZone)}`,
  );
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
