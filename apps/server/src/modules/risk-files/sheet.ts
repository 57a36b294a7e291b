/**
 * The shape every spreadsheet takes in this module, whichever the file format: written (CSV, XLSX) from
 * columns and rows of cells, read back into rows of text cells. Pure, no I/O.
 */

/** A cell as written: text, a whole number, or empty. */
export type CellValue = string | number | null;

export interface SheetColumn {
  header: string;
  /** Width in characters in XLSX (CSV has none). */
  width: number;
  /** A level column: its cells are filled with the level's colour in XLSX. */
  level?: boolean;
}

/** A cell of a level column: the label, shown on the level's colour. */
export interface LevelCell {
  label: string;
  colour: string;
}

export type SheetCell = CellValue | LevelCell;

export interface Sheet {
  /** The worksheet's name in XLSX. */
  name: string;
  columns: readonly SheetColumn[];
  rows: readonly (readonly SheetCell[])[];
}

/** A row read from a file: its number as a spreadsheet shows it (the header is row 1), its cells as text. */
export interface ReadRow {
  row: number;
  cells: string[];
}

/** A file read into rows: the header row and every row below it that has any text. */
export interface ReadTable {
  header: ReadRow;
  rows: ReadRow[];
}

export const isLevelCell = (cell: SheetCell): cell is LevelCell => cell !== null && typeof cell === 'object';

/**
 * The characters that make a spreadsheet treat a cell as a formula (or, with tab and carriage return,
 * that Excel strips before doing so): OWASP's CSV-injection list.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text as written to a cell: a leading apostrophe when it starts like a formula, so that opening an export
 * never runs what someone typed into a risk's title (CSV injection).
 */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * Text as read from a cell: `neutralise` undone, so that an exported risk's text reads back as it was
 * written (a title that starts with "=" stays so; it is neutralised again on the next export).
 */
export function unneutralise(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

/** The text of a written cell, for formats without cell types. */
export function cellText(cell: SheetCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'string') return neutralise(cell);
  return neutralise(cell.label);
}

/** Rows with any non-blank cell; blank rows are skipped (a spreadsheet shows them as gaps, not risks). */
export function hasText(cells: readonly string[]): boolean {
  return cells.some((cell) => cell.trim().length > 0);
}

/** A file that cannot be read as a table at all: reported as one problem at `row` (0: the whole file). */
export class UnreadableFile extends Error {
  readonly row: number;
  constructor(row: number, message: string) {
    super(message);
    this.name = 'UnreadableFile';
    this.row = row;
  }
}

/** Refuses a file with more than `maxRows` rows of risks (not counting the header and blank rows). */
export function tooManyRows(maxRows: number): UnreadableFile {
  return new UnreadableFile(
    0,
    `The file has more than ${maxRows.toLocaleString('en')} rows of risks: import at most ${maxRows.toLocaleString('en')} at once, in several files`,
  );
}
