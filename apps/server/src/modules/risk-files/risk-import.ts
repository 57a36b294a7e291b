import {
  EDITABLE_RISK_STATUSES,
  RISK_TREATMENTS,
  type TCreateRiskRequest,
  type TImportProblem,
  ZCreateRiskRequest,
} from '@vigil/contracts';
import type { z } from 'zod';
import { type ReadRow, type ReadTable, unneutralise } from './sheet.ts';

/**
 * Reading risks from an import file, pure (no I/O): which column is which, every cell parsed and checked,
 * and every problem reported with its row and column. The caller looks up the owners, assets and keys the
 * file names (`referencesOf`) and passes them to `validateRows`; each row is finally validated with the
 * same request schema as `POST /api/v1/risks`, its issues mapped back to the file's columns.
 */

/** The import columns, in the template's order. */
export const IMPORT_FIELDS = [
  'title',
  'threat',
  'vulnerability',
  'consequence',
  'category',
  'ownerEmail',
  'assets',
  'confidentiality',
  'integrity',
  'availability',
  'inherentLikelihood',
  'inherentImpact',
  'treatment',
  'residualLikelihood',
  'residualImpact',
  'status',
  'tags',
] as const;
type ImportField = (typeof IMPORT_FIELDS)[number];

/** Columns an export has that an import reads only to refuse a filled one (Key) or ignores (computed). */
const EXPORT_ONLY_FIELDS = [
  'key',
  'owner',
  'inherentLevel',
  'residualLevel',
  'nextReview',
  'reviewOverdue',
  'acceptance',
  'methodologyVersion',
] as const;
type ExportOnlyField = (typeof EXPORT_ONLY_FIELDS)[number];
export type RiskField = ImportField | ExportOnlyField;

/** Every column's header, as the export and the template write it. */
export const COLUMN_HEADERS: Record<RiskField, string> = {
  key: 'Key',
  title: 'Title',
  threat: 'Threat',
  vulnerability: 'Vulnerability',
  consequence: 'Consequence',
  category: 'Category',
  owner: 'Owner',
  ownerEmail: 'Owner email',
  assets: 'Assets',
  confidentiality: 'Confidentiality',
  integrity: 'Integrity',
  availability: 'Availability',
  inherentLikelihood: 'Inherent likelihood',
  inherentImpact: 'Inherent impact',
  inherentLevel: 'Inherent level',
  treatment: 'Treatment',
  residualLikelihood: 'Residual likelihood',
  residualImpact: 'Residual impact',
  residualLevel: 'Residual level',
  status: 'Status',
  nextReview: 'Next review',
  reviewOverdue: 'Review overdue',
  tags: 'Tags',
  acceptance: 'Acceptance',
  methodologyVersion: 'Methodology version',
};

const REQUIRED_FIELDS: readonly ImportField[] = [
  'title',
  'ownerEmail',
  'inherentLikelihood',
  'inherentImpact',
];

/** Separates the items of a list cell (assets, tags), as the export joins them. */
export const LIST_SEPARATOR = '; ';

/** How a header compares: case, surrounding and repeated spaces do not matter. */
const normalHeader = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

const FIELD_BY_HEADER = new Map(
  (Object.entries(COLUMN_HEADERS) as [RiskField, string][]).map(([field, header]) => [
    normalHeader(header),
    field,
  ]),
);

const problem = (row: number, column: string | null, text: string): TImportProblem => ({
  row,
  column,
  problem: text,
});

// ---------------------------------------------------------------- the header

/** Which column of the file holds which field, and the header as written there (problems name it). */
export interface ColumnMap {
  index: Map<RiskField, number>;
  written: Map<RiskField, string>;
}

/**
 * Maps the header row to fields. Unknown and repeated columns, and a column with values but no header,
 * are problems of the header row; a missing required column is a problem of the whole file (row 0), and
 * leaves the rows unchecked (each would only repeat it).
 */
export function mapColumns(table: ReadTable): { columns: ColumnMap; problems: TImportProblem[] } {
  const index = new Map<RiskField, number>();
  const written = new Map<RiskField, string>();
  const problems: TImportProblem[] = [];
  const headerRow = table.header.row;
  const width = Math.max(table.header.cells.length, ...table.rows.map((r) => r.cells.length));
  for (let i = 0; i < width; i++) {
    const text = (table.header.cells[i] ?? '').trim();
    if (text === '') {
      if (table.rows.some((r) => (r.cells[i] ?? '').trim() !== ''))
        problems.push(
          problem(
            headerRow,
            null,
            `Column ${columnLetter(i)} has values but no header: name it after an import column, or delete it`,
          ),
        );
      continue;
    }
    const field = FIELD_BY_HEADER.get(normalHeader(text));
    if (!field) {
      problems.push(
        problem(
          headerRow,
          text,
          `Unknown column: an import reads ${IMPORT_FIELDS.map((f) => COLUMN_HEADERS[f]).join(', ')} (download the template)`,
        ),
      );
    } else if (index.has(field)) {
      problems.push(problem(headerRow, text, `The column ${COLUMN_HEADERS[field]} appears twice: keep one`));
    } else {
      index.set(field, i);
      written.set(field, text);
    }
  }
  for (const field of REQUIRED_FIELDS) {
    if (!index.has(field))
      problems.push(
        problem(0, COLUMN_HEADERS[field], `The required column ${COLUMN_HEADERS[field]} is missing`),
      );
  }
  return { columns: { index, written }, problems };
}

/** A, B, ..., Z, AA, ... as spreadsheets name columns (0-based index). */
function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** Whether rows can be checked: every required column is there. */
export const rowsCheckable = (columns: ColumnMap) => REQUIRED_FIELDS.every((f) => columns.index.has(f));

/** A cell's text, trimmed, with a neutralised formula restored; '' for a column the file does not have. */
function cellOf(columns: ColumnMap, row: ReadRow, field: RiskField): string {
  const i = columns.index.get(field);
  return i === undefined ? '' : unneutralise((row.cells[i] ?? '').trim());
}

// ---------------------------------------------------------------- references to look up

const RISK_KEY = /^RISK-(\d{1,9})$/i;
const ASSET_KEY = /^ASSET-(\d{1,9})$/i;

/** The items of a list cell: tags separated by ";" or line breaks, asset keys also by ",". */
const listOf = (text: string, separators = /[;\n]/) =>
  text
    .split(separators)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
const ASSET_SEPARATORS = /[;,\n]/;

/** The owner emails (lower case), asset key numbers and risk key numbers the rows name. */
export function referencesOf(
  table: ReadTable,
  columns: ColumnMap,
): { emails: string[]; assetKeys: number[]; riskKeys: number[] } {
  const emails = new Set<string>();
  const assetKeys = new Set<number>();
  const riskKeys = new Set<number>();
  for (const row of table.rows) {
    const email = cellOf(columns, row, 'ownerEmail').toLowerCase();
    if (email) emails.add(email);
    for (const item of listOf(cellOf(columns, row, 'assets'), ASSET_SEPARATORS)) {
      const match = ASSET_KEY.exec(item);
      if (match) assetKeys.add(Number(match[1]));
    }
    const key = RISK_KEY.exec(cellOf(columns, row, 'key'));
    if (key) riskKeys.add(Number(key[1]));
  }
  return { emails: [...emails], assetKeys: [...assetKeys], riskKeys: [...riskKeys] };
}

// ---------------------------------------------------------------- the rows

/** What the rows are checked against: the current methodology's scales and the organisation's records. */
export interface ImportContext {
  /** Points on the current methodology's likelihood and impact scales. */
  scales: { likelihood: number; impact: number };
  /** Active members by email (lower case): membership ids. */
  owners: ReadonlyMap<string, string>;
  /** Assets by key number. */
  assets: ReadonlyMap<number, { id: string; archived: boolean }>;
  /** Key numbers of the organisation's existing risks, among those the file names. */
  existingRiskKeys: ReadonlySet<number>;
}

/** A valid row: where it was in the file, and the risk as `POST /api/v1/risks` would take it. */
export interface ImportedRow {
  row: number;
  request: TCreateRiskRequest;
}

/** A membership id that is never looked up: stands in for an owner already reported as a problem. */
const NO_OWNER = '00000000-0000-7000-8000-000000000000';

const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0', '']);

/** Statuses an import may set, by their key and by their label (`treatment planned`). */
const STATUS_BY_TEXT = new Map<string, (typeof EDITABLE_RISK_STATUSES)[number]>(
  EDITABLE_RISK_STATUSES.flatMap((s) => [
    [s, s],
    [s.replaceAll('_', ' '), s],
  ]),
);

/** Which column an issue of the request schema belongs to. */
function fieldOfIssue(path: readonly PropertyKey[]): ImportField | null {
  const [head, next] = path;
  switch (head) {
    case 'title':
    case 'threat':
    case 'vulnerability':
    case 'consequence':
    case 'category':
    case 'treatment':
    case 'status':
    case 'tags':
      return head;
    case 'ownerId':
      return 'ownerEmail';
    case 'assetIds':
      return 'assets';
    case 'affects':
      return next === 'confidentiality' || next === 'integrity' || next === 'availability' ? next : null;
    case 'inherent':
      return next === 'impact' ? 'inherentImpact' : 'inherentLikelihood';
    case 'residual':
      return next === 'impact' ? 'residualImpact' : 'residualLikelihood';
    default:
      return null;
  }
}

/**
 * Checks every row and builds its request. Each problem names its row and the column as written in the
 * file; a column gets at most one problem per row (the first found).
 */
export function validateRows(
  table: ReadTable,
  columns: ColumnMap,
  context: ImportContext,
): { problems: TImportProblem[]; rows: ImportedRow[] } {
  const problems: TImportProblem[] = [];
  const rows: ImportedRow[] = [];
  for (const row of table.rows) {
    const found = new Map<RiskField, string>();
    const add = (field: RiskField, text: string) => {
      if (!found.has(field)) found.set(field, text);
    };
    const cell = (field: RiskField) => cellOf(columns, row, field);
    const optional = (field: RiskField) => cell(field) || undefined;

    const key = cell('key');
    if (key) {
      const match = RISK_KEY.exec(key);
      add(
        'key',
        match && context.existingRiskKeys.has(Number(match[1]))
          ? `An import creates new risks; ${key.toUpperCase()} already exists: remove this row, or clear its Key to add it as a new risk`
          : 'An import creates new risks and gives them their keys: clear the Key',
      );
    }

    const email = cell('ownerEmail').toLowerCase();
    const ownerId = email ? context.owners.get(email) : undefined;
    if (!email) add('ownerEmail', "Give the owner's email: an active member of this organisation");
    else if (!ownerId) add('ownerEmail', `No active member of this organisation has the email ${email}`);

    const assetIds: string[] = [];
    for (const item of listOf(cell('assets'), ASSET_SEPARATORS)) {
      const match = ASSET_KEY.exec(item);
      const asset = match ? context.assets.get(Number(match[1])) : undefined;
      if (!match) add('assets', `"${item}" is not an asset key such as ASSET-3`);
      else if (!asset) add('assets', `${item.toUpperCase()} is not an asset of this organisation`);
      else if (asset.archived)
        add('assets', `${item.toUpperCase()} is archived: restore it before linking it`);
      else if (!assetIds.includes(asset.id)) assetIds.push(asset.id);
    }

    const yesNo = (field: 'confidentiality' | 'integrity' | 'availability') => {
      const text = cell(field).toLowerCase();
      if (YES.has(text)) return true;
      if (!NO.has(text)) add(field, 'Write yes or no (or leave it empty for no)');
      return false;
    };
    const affects = {
      confidentiality: yesNo('confidentiality'),
      integrity: yesNo('integrity'),
      availability: yesNo('availability'),
    };

    /** A point on a scale; null when empty (`required`: a problem) or not on the scale (a problem). */
    const point = (field: RiskField, scale: 'likelihood' | 'impact', required: boolean): number | null => {
      const text = cell(field);
      const size = context.scales[scale];
      const value = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
      if (value >= 1 && value <= size) return value;
      if (text || required)
        add(
          field,
          `${text ? '' : 'Required: '}Rate the ${scale} from 1 to ${size}, on the current methodology's scale`,
        );
      return null;
    };
    const inherentLikelihood = point('inherentLikelihood', 'likelihood', true);
    const inherentImpact = point('inherentImpact', 'impact', true);
    const residualLikelihood = point('residualLikelihood', 'likelihood', false);
    const residualImpact = point('residualImpact', 'impact', false);
    const residualGiven = [cell('residualLikelihood'), cell('residualImpact')].map((t) => t !== '');
    if (residualGiven[0] !== residualGiven[1])
      add(
        residualGiven[0] ? 'residualImpact' : 'residualLikelihood',
        'Give both the residual likelihood and impact, or neither',
      );

    const treatmentText = cell('treatment').toLowerCase();
    const treatment = RISK_TREATMENTS.find((t) => t === treatmentText) ?? null;
    if (treatmentText && !treatment)
      add('treatment', 'Choose mitigate, accept, avoid or transfer (or leave it empty)');

    const statusText = cell('status').toLowerCase().replace(/\s+/g, ' ');
    const status = statusText ? STATUS_BY_TEXT.get(statusText) : 'identified';
    if (!status)
      add(
        'status',
        statusText === 'accepted' || statusText === 'closed'
          ? 'An import cannot set accepted or closed: the risk owner accepts a risk in Vigil, where it is also closed'
          : 'Choose identified, assessed, treatment planned or in treatment (or leave it empty for identified)',
      );

    const parsed = ZCreateRiskRequest.safeParse({
      title: cell('title'),
      threat: optional('threat'),
      vulnerability: optional('vulnerability'),
      consequence: optional('consequence'),
      category: optional('category') ?? null,
      assetIds,
      ownerId: ownerId ?? NO_OWNER,
      affects,
      inherent: { likelihood: inherentLikelihood ?? 1, impact: inherentImpact ?? 1 },
      treatment,
      residual:
        residualLikelihood !== null && residualImpact !== null
          ? { likelihood: residualLikelihood, impact: residualImpact }
          : null,
      status: status ?? 'identified',
      tags: listOf(cell('tags')),
    } satisfies z.input<typeof ZCreateRiskRequest>);
    const wholeRow: string[] = [];
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = fieldOfIssue(issue.path);
        if (field) add(field, issue.message);
        else wholeRow.push(issue.message);
      }
    }

    if (found.size > 0 || wholeRow.length > 0) {
      const order = (f: RiskField) => columns.index.get(f) ?? Number.MAX_SAFE_INTEGER;
      for (const [field, text] of [...found].sort(([a], [b]) => order(a) - order(b)))
        problems.push(problem(row.row, columns.written.get(field) ?? COLUMN_HEADERS[field], text));
      for (const text of wholeRow) problems.push(problem(row.row, null, text));
    } else if (parsed.success) {
      rows.push({ row: row.row, request: parsed.data });
    }
  }
  return { problems, rows };
}
