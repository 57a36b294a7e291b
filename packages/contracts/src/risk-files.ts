import { z } from 'zod';
import { ZId } from './common.ts';
import { ZRiskActionOverviewQuery } from './risk-actions.ts';
import { ZRiskListQuery } from './risks.ts';

/**
 * The risk register in files: CSV and XLSX export (the register under the current filters, and the
 * treatment plans), CSV and XLSX import with a validation report, and the PDF report for auditors.
 */

export const SPREADSHEET_FORMATS = ['csv', 'xlsx'] as const;
export type TSpreadsheetFormat = (typeof SPREADSHEET_FORMATS)[number];
export const ZSpreadsheetFormat = z.enum(SPREADSHEET_FORMATS, { error: 'Choose csv or xlsx' });

/** `GET /api/v1/risks/export`: the register's filters and sort (no paging: every matching risk). */
export const ZRiskExportQuery = ZRiskListQuery.omit({ limit: true, cursor: true }).extend({
  format: ZSpreadsheetFormat,
});
export type TRiskExportQuery = z.infer<typeof ZRiskExportQuery>;

/** `GET /api/v1/risks/report`: the PDF register and treatment plan report, under the same filters. */
export const ZRiskReportQuery = ZRiskListQuery.omit({ limit: true, cursor: true });
export type TRiskReportQuery = z.infer<typeof ZRiskReportQuery>;

/** `GET /api/v1/risk-actions/export`: the treatment plans (every action, or the overview's filters). */
export const ZRiskActionExportQuery = ZRiskActionOverviewQuery.omit({ limit: true }).extend({
  format: ZSpreadsheetFormat,
});
export type TRiskActionExportQuery = z.infer<typeof ZRiskActionExportQuery>;

/** `GET /api/v1/risks/import-template`: an empty file with the import columns and one example row. */
export const ZRiskImportTemplateQuery = z.object({ format: ZSpreadsheetFormat });

/** What one import takes: the file's size in bytes and its rows of risks. */
export const RISK_IMPORT_LIMITS = { maxBytes: 10 * 1024 * 1024, maxRows: 10_000 } as const;

/**
 * The columns an import reads, as the template writes them (headers match whatever their case and
 * spacing). An export's other columns (Key, Owner, levels, Next review, ...) are accepted and ignored,
 * except a filled Key: an import only creates new risks.
 */
export const RISK_IMPORT_COLUMNS = [
  'Title',
  'Threat',
  'Vulnerability',
  'Consequence',
  'Category',
  'Owner email',
  'Assets',
  'Confidentiality',
  'Integrity',
  'Availability',
  'Inherent likelihood',
  'Inherent impact',
  'Treatment',
  'Residual likelihood',
  'Residual impact',
  'Status',
  'Tags',
] as const;
export const RISK_IMPORT_REQUIRED_COLUMNS = [
  'Title',
  'Owner email',
  'Inherent likelihood',
  'Inherent impact',
] as const satisfies readonly (typeof RISK_IMPORT_COLUMNS)[number][];

/** `POST /api/v1/risks/import?dryRun=true`: validate only, import nothing. */
export const ZRiskImportQuery = z.object({ dryRun: z.stringbool().default(false) });
export type TRiskImportQuery = z.infer<typeof ZRiskImportQuery>;

/**
 * One problem of an import file: the spreadsheet row (the header is row 1, the first risk row 2; 0
 * for the file as a whole), the column's header as written in the file (a missing required column: its
 * name as the template writes it; null for a whole row or file), and what is wrong, written for the
 * person who will fix the file.
 */
export const ZImportProblem = z.object({
  row: z.number().int().min(0),
  column: z.string().nullable(),
  problem: z.string(),
});
export type TImportProblem = z.infer<typeof ZImportProblem>;

/** The validation report: an import with any problem imports nothing. */
export const ZRiskImportReport = z.object({
  dryRun: z.boolean(),
  /** Risk rows read (not counting the header and empty rows). */
  rowCount: z.number().int(),
  /** True when every row is valid. */
  valid: z.boolean(),
  /** How many risks were created: 0 on a dry run or an invalid file. */
  imported: z.number().int(),
  /** At most 1000 problems, in row order; `problemCount` says how many there were in all. */
  problems: z.array(ZImportProblem),
  problemCount: z.number().int(),
  /** The created risks, in file order. */
  risks: z.array(z.object({ id: ZId, key: z.string(), title: z.string() })),
});
export type TRiskImportReport = z.infer<typeof ZRiskImportReport>;
