import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TMethodologyInput, TRating, TRiskAction, TRiskSummary } from '@vigil/contracts';
import type PDFDocument from 'pdfkit';
import { ACTION_STATUS_LABELS, STATUS_LABELS, staleReasonsText, TREATMENT_LABELS } from './risk-sheets.ts';

/**
 * The PDF risk register and treatment plan report (pdfkit), for a certification auditor: who generated it
 * when and under which methodology, a summary, the register, then each risk's treatment plan and
 * acceptance, every page numbered "Page n of m". Pure apart from looking for a Unicode font once.
 */

export interface ReportRisk {
  risk: TRiskSummary;
  /** Its treatment plan, by due date. */
  actions: readonly TRiskAction[];
}

export interface RiskReportModel {
  organisationName: string;
  generatedAt: Date;
  /** The organisation's time zone (IANA), in which the report's times are written. */
  timeZone: string;
  generatedBy: string;
  methodology: { version: number; definition: TMethodologyInput };
  /** The register filters applied, in words; empty for the whole register. */
  filters: readonly string[];
  risks: readonly ReportRisk[];
}

export interface ReportFonts {
  regular: string;
  bold: string;
  /** Whether the fonts cover Unicode; the PDF standard fonts cover only Windows-1252 (the rest becomes ?). */
  unicode: boolean;
}

/** The PDF standard fonts: always there, Windows-1252 only. */
export const STANDARD_FONTS: ReportFonts = { regular: 'Helvetica', bold: 'Helvetica-Bold', unicode: false };

/** Where distributions put DejaVu Sans (Debian/Ubuntu, Fedora/Alpine, Arch). */
const DEJAVU_DIRECTORIES = [
  '/usr/share/fonts/truetype/dejavu',
  '/usr/share/fonts/dejavu',
  '/usr/share/fonts/TTF',
];

let found: ReportFonts | undefined;

/** DejaVu Sans when the system has it (names in any script print), else the standard fonts. */
export function systemFonts(): ReportFonts {
  found ??= (() => {
    for (const dir of DEJAVU_DIRECTORIES) {
      const regular = join(dir, 'DejaVuSans.ttf');
      const bold = join(dir, 'DejaVuSans-Bold.ttf');
      if (existsSync(regular) && existsSync(bold)) return { regular, bold, unicode: true };
    }
    return STANDARD_FONTS;
  })();
  return found;
}

/** The characters Windows-1252 has beyond Latin-1's printable ones (what the standard fonts can show). */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Whether the standard fonts can show a character (Windows-1252). */
const inWinAnsi = (c: string, code: number) =>
  (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(c);

/**
 * Text as the fonts can show it: a character they have no glyph for becomes "?" (never a silent gap),
 * control characters other than line breaks become spaces.
 */
function printable(text: string, covers: (c: string, code: number) => boolean): string {
  return Array.from(
    text.replace(/\p{Cc}/gu, (c) => (c === '\n' ? c : ' ')),
    (c) => {
      const code = c.codePointAt(0) ?? 0;
      return code === 10 || code === 32 || covers(c, code) ? c : '?';
    },
  ).join('');
}

/** What the document's regular font covers: its glyph table (fontkit, inside pdfkit), or Windows-1252. */
function coverageOf(doc: Doc, fonts: ReportFonts): (c: string, code: number) => boolean {
  if (!fonts.unicode) return inWinAnsi;
  doc.font('regular');
  const face = (doc as unknown as { _font?: { font?: { hasGlyphForCodePoint?: (code: number) => boolean } } })
    ._font?.font;
  const hasGlyph = face?.hasGlyphForCodePoint?.bind(face);
  return hasGlyph ? (_c, code) => hasGlyph(code) : () => true;
}

/** `2026-03-15 23:50` in the time zone (UTC when the zone is unknown to this runtime). */
export function localDateTime(at: Date, timeZone: string): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(at);
  } catch {
    return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

const ratingText = (rating: TRating | null) =>
  rating ? `${rating.level.label} (${rating.likelihood} x ${rating.impact})` : 'not rated';

const roleText = (role: string) => role.replaceAll('_', ' ');

// ---------------------------------------------------------------- layout

const MARGIN = 40;
const FOOTER_HEIGHT = 24;
const GREY = '#495057';
const RULE = '#ced4da';
const HEADER_FILL = '#e9ecef';

interface Column {
  header: string;
  /** Share of the usable width. */
  share: number;
}

/** A cell: text, optionally with a colour swatch before it (a level: its label is always written). */
interface Cell {
  text: string;
  swatch?: string;
}

type Doc = InstanceType<typeof PDFDocument>;

/**
 * Draws the report on `doc`; kept in a class only to share the document, fonts and page geometry. With
 * `footer` (the second pass, when the page count is known), every page gets its footer and leaves memory
 * at the next page break the report makes itself: pdfkit keeps a buffered page's content as many small
 * strings, about 0.3 MB a page, which for a thousand pages is too much to hold until the end.
 */
class ReportWriter {
  readonly doc: Doc;
  readonly width: number;
  readonly show: (text: string) => string;
  readonly footer: { label: string; pages: number } | null;

  constructor(doc: Doc, fonts: ReportFonts, footer: { label: string; pages: number } | null) {
    this.doc = doc;
    this.width = doc.page.width - 2 * MARGIN;
    const covers = coverageOf(doc, fonts);
    this.show = (text) => printable(text, covers);
    this.footer = footer;
  }

  /** A new page; the pages before it are complete, so they get their footers and are written out. */
  newPage(): void {
    this.finishPages();
    this.doc.addPage();
  }

  get bottom(): number {
    return this.doc.page.height - MARGIN - FOOTER_HEIGHT;
  }

  text(text: string, options: { size?: number; bold?: boolean; colour?: string; gap?: number } = {}): void {
    const { doc } = this;
    doc
      .font(options.bold ? 'bold' : 'regular')
      .fontSize(options.size ?? 10)
      .fillColor(options.colour ?? 'black')
      .text(this.show(text), MARGIN, doc.y, { width: this.width });
    if (options.gap) doc.moveDown(options.gap);
  }

  /** A heading over a table, kept on the page with at least `reserve` points of what follows. */
  subheading(text: string, reserve: number): void {
    this.ensureSpace(reserve);
    this.text(text, { size: 11, bold: true, gap: 0.2 });
  }

  heading(text: string, size = 14): void {
    this.ensureSpace(size * 3);
    this.doc.moveDown(0.6);
    this.text(text, { size, bold: true, gap: 0.3 });
  }

  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.newPage();
  }

  /** A table: text wraps in its cell, rows never split, the header repeats at the top of each page. */
  table(columns: readonly Column[], rows: readonly (readonly Cell[])[], size = 8.5): void {
    const { doc } = this;
    const padding = 3;
    const swatchSize = size * 0.9;
    const widths = columns.map((c) => c.share * this.width);
    const heightOf = (cells: readonly Cell[], bold: boolean) => {
      doc.font(bold ? 'bold' : 'regular').fontSize(size);
      return (
        Math.max(
          ...cells.map((cell, i) => {
            const inner = (widths[i] ?? 0) - 2 * padding - (cell.swatch ? swatchSize + 3 : 0);
            return doc.heightOfString(this.show(cell.text) || ' ', { width: inner });
          }),
        ) +
        2 * padding
      );
    };
    const drawRow = (cells: readonly Cell[], bold: boolean) => {
      const height = heightOf(cells, bold);
      const top = doc.y;
      if (bold) doc.rect(MARGIN, top, this.width, height).fill(HEADER_FILL);
      let x = MARGIN;
      cells.forEach((cell, i) => {
        const width = widths[i] ?? 0;
        let textX = x + padding;
        if (cell.swatch) {
          doc.rect(textX, top + padding + 1, swatchSize, swatchSize).fill(cell.swatch);
          textX += swatchSize + 3;
        }
        doc
          .font(bold ? 'bold' : 'regular')
          .fontSize(size)
          .fillColor('black')
          .text(this.show(cell.text), textX, top + padding, {
            width: width - (textX - x) - padding,
          });
        x += width;
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
    const header = columns.map((c) => ({ text: c.header }));
    // a short table moves to the next page whole rather than split; a long one starts with a row at least
    const total = [header, ...rows].reduce((sum, row, i) => sum + heightOf(row, i === 0), 0);
    const page = this.bottom - MARGIN;
    this.ensureSpace(
      total <= page / 3 ? total : heightOf(header, true) + (rows[0] ? heightOf(rows[0], false) : 0),
    );
    drawRow(header, true);
    for (const row of rows) {
      if (doc.y + heightOf(row, false) > this.bottom) {
        this.newPage();
        drawRow(header, true);
      }
      drawRow(row, false);
    }
    doc.moveDown(0.5);
  }

  /** The report's name and "Page n of m" on every buffered page (with `footer`); then they are written out. */
  finishPages(): void {
    const { doc, footer } = this;
    const range = doc.bufferedPageRange();
    for (let i = range.start; footer && i < range.start + range.count; i++) {
      doc.switchToPage(i);
      // writing into the bottom margin would otherwise start a new page
      const margin = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      const y = doc.page.height - MARGIN - 10;
      doc.font('regular').fontSize(8).fillColor(GREY);
      doc.text(this.show(footer.label), MARGIN, y, { width: this.width * 0.75, lineBreak: false });
      doc.text(`Page ${i + 1} of ${footer.pages}`, MARGIN, y, {
        width: this.width,
        align: 'right',
        lineBreak: false,
      });
      doc.page.margins.bottom = margin;
    }
    doc.flushPages();
  }
}

// ---------------------------------------------------------------- the report

function titleBlock(w: ReportWriter, model: RiskReportModel): void {
  const generated = `${localDateTime(model.generatedAt, model.timeZone)} (${model.timeZone})`;
  w.text('Risk register and treatment plan', { size: 20, bold: true, gap: 0.2 });
  w.text(model.organisationName, { size: 14, gap: 0.6 });
  w.text(`Generated ${generated} by ${model.generatedBy}`, { colour: GREY });
  w.text(`Risk methodology version ${model.methodology.version}`, { colour: GREY });
  w.text(
    model.filters.length > 0 ? `Risks shown: ${model.filters.join('; ')}` : 'Risks shown: the whole register',
    { colour: GREY },
  );
  w.text(
    'ISO/IEC 27001:2022 6.1.2 (risk assessment), 6.1.3 (risk treatment), 8.2 and 8.3. Levels are computed from likelihood x impact on the methodology version each risk was rated with.',
    { colour: GREY, size: 8.5 },
  );
}

function methodology(w: ReportWriter, model: RiskReportModel): void {
  const { definition } = model.methodology;
  w.heading(`Risk methodology (version ${model.methodology.version})`);
  w.subheading('Levels', 80);
  w.table(
    [
      { header: 'Level', share: 0.2 },
      { header: 'Review interval', share: 0.2 },
      { header: 'May be accepted by', share: 0.6 },
    ],
    [...definition.levels].reverse().map((level) => [
      { text: level.label, swatch: level.colour },
      { text: `every ${level.reviewIntervalMonths} month${level.reviewIntervalMonths === 1 ? '' : 's'}` },
      {
        text:
          level.acceptableBy.length > 0
            ? level.acceptableBy.map((a) => (a === 'risk_owner' ? 'the risk owner' : roleText(a))).join(', ')
            : 'may not be accepted',
      },
    ]),
  );
  w.subheading('Scales', 110);
  const scale = (points: TMethodologyInput['likelihood']) =>
    points.map((p) => `${p.value} ${p.label}${p.description ? `: ${p.description}` : ''}`).join('\n');
  w.table(
    [
      { header: 'Likelihood', share: 0.5 },
      { header: 'Impact', share: 0.5 },
    ],
    [[{ text: scale(definition.likelihood) }, { text: scale(definition.impact) }]],
  );
  const label = (key: string) => definition.levels.find((l) => l.key === key);
  w.subheading('Matrix: the level of each likelihood (rows) and impact (columns)', 120);
  w.table(
    [
      { header: 'Likelihood', share: 0.2 },
      ...definition.impact.map((p) => ({
        header: `${p.value} ${p.label}`,
        share: 0.8 / definition.impact.length,
      })),
    ],
    [...definition.likelihood].reverse().map((point) => [
      { text: `${point.value} ${point.label}` },
      ...(definition.matrix[point.value - 1] ?? []).map((key) => {
        const level = label(key);
        return level ? { text: level.label, swatch: level.colour } : { text: key };
      }),
    ]),
  );
}

function summary(w: ReportWriter, model: RiskReportModel): void {
  const risks = model.risks.map((r) => r.risk);
  w.heading('Summary');
  // levels of every methodology version the risks were rated with, highest first, by label
  const levels = new Map<string, { colour: string; inherent: number; residual: number }>();
  for (const level of [...model.methodology.definition.levels].reverse())
    levels.set(level.label, { colour: level.colour, inherent: 0, residual: 0 });
  const count = (label: string, colour: string, which: 'inherent' | 'residual') => {
    const entry = levels.get(label) ?? { colour, inherent: 0, residual: 0 };
    entry[which]++;
    levels.set(label, entry);
  };
  for (const risk of risks) {
    count(risk.inherent.level.label, risk.inherent.level.colour, 'inherent');
    if (risk.residual) count(risk.residual.level.label, risk.residual.level.colour, 'residual');
  }
  const unrated = risks.filter((r) => !r.residual).length;
  w.table(
    [
      { header: 'Level', share: 0.4 },
      { header: 'Inherent', share: 0.3 },
      { header: 'Residual', share: 0.3 },
    ],
    [
      ...[...levels].map(([label, c]) => [
        { text: label, swatch: c.colour },
        { text: String(c.inherent) },
        { text: String(c.residual) },
      ]),
      [{ text: 'No residual rating yet' }, { text: '' }, { text: String(unrated) }],
      [{ text: 'Risks in this report' }, { text: String(risks.length) }, { text: String(risks.length) }],
    ],
  );
  const overdueActions = model.risks.reduce((n, r) => n + r.actions.filter((a) => a.overdue).length, 0);
  w.table(
    [
      { header: 'Needs attention', share: 0.4 },
      { header: 'Count', share: 0.6 },
    ],
    [
      [{ text: 'Reviews overdue' }, { text: String(risks.filter((r) => r.reviewOverdue).length) }],
      [{ text: 'Treatment actions overdue' }, { text: String(overdueActions) }],
      [
        { text: 'Acceptances needing re-acceptance (stale)' },
        { text: String(risks.filter((r) => r.acceptance.stale).length) },
      ],
      [
        { text: 'Risks accepted (acceptance in force)' },
        { text: String(risks.filter((r) => r.acceptance.current && !r.acceptance.stale).length) },
      ],
    ],
  );
}

function register(w: ReportWriter, model: RiskReportModel): void {
  w.newPage();
  w.heading('Risk register');
  if (model.risks.length === 0) {
    w.text('No risk matches.');
    return;
  }
  w.table(
    [
      { header: 'Key', share: 0.08 },
      { header: 'Title', share: 0.24 },
      { header: 'Owner', share: 0.13 },
      { header: 'Inherent', share: 0.12 },
      { header: 'Treatment', share: 0.09 },
      { header: 'Residual', share: 0.12 },
      { header: 'Status', share: 0.11 },
      { header: 'Next review', share: 0.11 },
    ],
    model.risks.map(({ risk }) => [
      { text: risk.key },
      { text: risk.title },
      { text: risk.owner.name },
      { text: ratingText(risk.inherent), swatch: risk.inherent.level.colour },
      { text: risk.treatment ? TREATMENT_LABELS[risk.treatment] : '-' },
      risk.residual ? { text: ratingText(risk.residual), swatch: risk.residual.level.colour } : { text: '-' },
      { text: STATUS_LABELS[risk.status] },
      { text: `${risk.nextReviewOn}${risk.reviewOverdue ? ' (overdue)' : ''}` },
    ]),
  );
}

function plans(w: ReportWriter, model: RiskReportModel): void {
  if (model.risks.length === 0) return;
  w.newPage();
  w.heading('Treatment plans and acceptance');
  for (const { risk, actions } of model.risks) {
    w.ensureSpace(80);
    w.doc.moveDown(0.4);
    w.text(`${risk.key}  ${risk.title}`, { size: 11, bold: true });
    w.text(
      `Owner ${risk.owner.name}. Treatment: ${risk.treatment ? TREATMENT_LABELS[risk.treatment].toLowerCase() : 'not chosen'}. Inherent ${ratingText(risk.inherent)}, residual ${ratingText(risk.residual)}.`,
      { size: 9, colour: GREY, gap: 0.2 },
    );
    if (actions.length === 0) w.text('No treatment actions.', { size: 9 });
    else
      w.table(
        [
          { header: 'Action', share: 0.4 },
          { header: 'Owner', share: 0.2 },
          { header: 'Due', share: 0.15 },
          { header: 'Status', share: 0.25 },
        ],
        actions.map((a) => [
          { text: a.completionNote ? `${a.title}\nDone: ${a.completionNote}` : a.title },
          { text: a.owner.name },
          { text: a.dueOn },
          { text: `${ACTION_STATUS_LABELS[a.status]}${a.overdue ? ' - OVERDUE' : ''}` },
        ]),
      );
    const current = risk.acceptance.current;
    if (!current) {
      w.text('Acceptance: not accepted.', { size: 9, gap: 0.3 });
      continue;
    }
    const state = risk.acceptance.stale
      ? `needs re-acceptance (${staleReasonsText(risk.acceptance.staleReasons)})`
      : `in force until ${current.expiresOn}`;
    w.text(
      `Acceptance: ${state}. Accepted by ${current.acceptedBy.name} (${roleText(current.acceptorRole)}) on ${localDateTime(new Date(current.acceptedAt), model.timeZone)}, rating ${ratingText(current.rating)} on methodology version ${current.methodologyVersion}, expires ${current.expiresOn}.`,
      { size: 9 },
    );
    w.text(`Justification: ${current.justification}`, { size: 9, gap: 0.3 });
  }
}

/**
 * Lays the report out on a new document; with `footer`, writes footers and returns the PDF, without,
 * only counts the pages (the output is dropped as it comes).
 */
async function layout(
  model: RiskReportModel,
  fonts: ReportFonts,
  compress: boolean,
  footer: { label: string; pages: number } | null,
): Promise<{ pdf: Buffer; pages: number }> {
  // Loaded on first use, so that starting the server does not pay for it (about 70 ms of CPU).
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    bufferPages: true,
    compress,
    info: {
      Title: `Risk register and treatment plan: ${model.organisationName}`,
      Author: model.generatedBy,
      Creator: 'Vigil',
      CreationDate: model.generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => {
    if (footer) chunks.push(chunk);
  });
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  let pages = 1;
  doc.on('pageAdded', () => {
    pages++;
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);

  const w = new ReportWriter(doc, fonts, footer);
  titleBlock(w, model);
  summary(w, model);
  methodology(w, model);
  register(w, model);
  plans(w, model);
  w.finishPages();
  doc.end();
  await ended;
  return { pdf: Buffer.concat(chunks), pages };
}

/**
 * The report as PDF bytes. `compress: false` writes readable content streams (pdfkit compresses by
 * default); `fonts` defaults to DejaVu Sans when the system has it. Laid out twice: the first pass counts
 * the pages for "Page n of m", so that the second can write each page out as soon as it is complete.
 */
export async function renderRiskReport(
  model: RiskReportModel,
  options: { compress?: boolean; fonts?: ReportFonts } = {},
): Promise<Buffer> {
  const fonts = options.fonts ?? systemFonts();
  const label = `${model.organisationName} - risk register and treatment plan - ${localDateTime(model.generatedAt, model.timeZone)}`;
  const { pages } = await layout(model, fonts, false, null);
  const result = await layout(model, fonts, options.compress ?? true, { label, pages });
  if (result.pages !== pages) throw new Error(`the report laid out on ${result.pages} pages, then ${pages}`);
  return result.pdf;
}
