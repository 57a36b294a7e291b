import { createHash } from 'node:crypto';
import {
  RISK_IMPORT_LIMITS,
  type TImportProblem,
  type TRiskAction,
  type TRiskActionExportQuery,
  type TRiskExportQuery,
  type TRiskImportQuery,
  type TRiskImportReport,
  type TRiskListQuery,
  type TRiskReportQuery,
  type TRiskSummary,
  type TSpreadsheetFormat,
} from '@vigil/contracts';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { type AuditContext, diffChanges, recordAudit } from '../../audit/audit.ts';
import { type Actor, assertCan } from '../../authz/actor.ts';
import { toJson } from '../../db/dialect.ts';
import { formatKey, reserveKeys } from '../../db/keys.ts';
import type { DB } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import type { FileDownload } from '../../http/download.ts';
import { localDate } from '../notifications/notification-messages.ts';
import { listActions, listRiskActions } from '../risk-actions/risk-actions.service.ts';
import { loadMethodologies } from '../risk-methodology/risk-methodology.service.ts';
import { levelOf, nextReviewDate } from '../risks/risk-scoring.ts';
import { listRisks, type RiskDeps } from '../risks/risks.service.ts';
import { CSV_CONTENT_TYPE, readCsv, writeCsv } from './csv.ts';
import { type ReportRisk, renderRiskReport } from './pdf-report.ts';
import * as repo from './risk-files.repo.ts';
import { type ImportedRow, mapColumns, referencesOf, rowsCheckable, validateRows } from './risk-import.ts';
import {
  actionsSheet,
  registerSheet,
  STATUS_LABELS,
  TREATMENT_LABELS,
  templateSheet,
} from './risk-sheets.ts';
import { type ReadTable, type Sheet, UnreadableFile } from './sheet.ts';
import { readXlsx, writeXlsx, XLSX_CONTENT_TYPE, ZIP_MAGIC } from './xlsx.ts';

/**
 * The register in files: CSV and XLSX exports of the register (under the register's own filters) and of
 * the treatment plans, the import template, the import of new risks with a validation report, and the PDF
 * report. Exports read through the risks and risk-actions services, so they show exactly what the API
 * lists; an import validates every row as `POST /api/v1/risks` would, then inserts them all in one
 * transaction, in bulk.
 */

/** A file as uploaded: the name the client gave it and its bytes. */
export interface Upload {
  filename: string;
  data: Buffer;
}

/** How much an import takes. */
export const IMPORT_LIMITS = {
  /** Bytes of the uploaded file, and rows of risks in it. */
  ...RISK_IMPORT_LIMITS,
  /**
   * An XLSX file's ZIP container. An export of 10,000 risks with short texts decompresses to about 12 MB,
   * and exceljs needs about 16 bytes of memory per decompressed byte to open it: the cap bounds that.
   */
  zip: { maxEntries: 100, maxUncompressedBytes: 32 * 1024 * 1024 },
  /** Problems listed in a report; `problemCount` has them all. */
  maxProblems: 1000,
} as const;

/** Risks per page read from the register for an export. */
const PAGE = 500;
/** The most risks or actions one export holds, and the most risks in one PDF report. */
const MAX_EXPORT_ROWS = 100_000;
const MAX_REPORT_RISKS = 5_000;

const SPREADSHEETS: Record<TSpreadsheetFormat, { contentType: string }> = {
  csv: { contentType: CSV_CONTENT_TYPE },
  xlsx: { contentType: XLSX_CONTENT_TYPE },
};

interface FileContext {
  organisationName: string;
  timeZone: string;
  userName: string;
  userEmail: string;
  /** Today in the organisation's time zone, for file names. */
  today: string;
}

async function contextOf(deps: RiskDeps, actor: Actor & { organisationId: string }): Promise<FileContext> {
  const context = await repo.fileContext(deps.db, actor.organisationId, actor.userId);
  return { ...context, today: localDate(deps.now(), context.timeZone) };
}

async function spreadsheet(
  sheet: Sheet,
  format: TSpreadsheetFormat,
  basename: string,
  context: FileContext,
  created: Date,
): Promise<FileDownload> {
  return {
    filename: `${basename}-${context.today}.${format}`,
    contentType: SPREADSHEETS[format].contentType,
    body: format === 'csv' ? writeCsv(sheet) : await writeXlsx(sheet, { creator: context.userName, created }),
  };
}

const tooMany = (what: string, max: number) =>
  new AppError(
    'validation_failed',
    `More than ${max.toLocaleString('en')} ${what} match: narrow the filters to export them in parts`,
  );

/** Every risk the register lists under these filters and sort, read page by page through the risks service. */
async function allRisks(
  deps: RiskDeps,
  actor: Actor | null,
  audit: AuditContext,
  filters: TRiskReportQuery,
  max: number,
): Promise<TRiskSummary[]> {
  const risks: TRiskSummary[] = [];
  let cursor: string | null = null;
  do {
    const query: TRiskListQuery = { ...filters, limit: PAGE, ...(cursor ? { cursor } : {}) };
    const page = await listRisks(deps, actor, audit, query);
    risks.push(...page.items);
    if (risks.length > max) throw tooMany('risks', max);
    cursor = page.nextCursor;
  } while (cursor);
  return risks;
}

// ---------------------------------------------------------------- exports

/** The register under the list's filters and sort, every matching risk, as CSV or XLSX (risk:read). */
export async function exportRisks(
  deps: RiskDeps,
  actor: Actor | null,
  audit: AuditContext,
  query: TRiskExportQuery,
): Promise<FileDownload> {
  assertCan(actor, 'risk:read');
  const { format, ...filters } = query;
  const organisationId = actor.organisationId;
  const risks = await allRisks(deps, actor, audit, filters, MAX_EXPORT_ROWS);
  const emails = await repo.memberEmails(
    deps.db,
    organisationId,
    risks.map((r) => r.owner.id),
  );
  const assetKeys = await repo.riskAssetKeys(
    deps.db,
    organisationId,
    risks.map((r) => r.id),
  );
  const sheet = registerSheet(
    risks.map((risk) => ({
      risk,
      ownerEmail: emails.get(risk.owner.id) ?? '',
      assetKeys: (assetKeys.get(risk.id) ?? []).map((n) => formatKey('asset', n)),
    })),
  );
  return spreadsheet(sheet, format, 'risk-register', await contextOf(deps, actor), deps.now());
}

/** The treatment plans (the actions overview's filters), as CSV or XLSX (risk:read). */
export async function exportRiskActions(
  deps: RiskDeps,
  actor: Actor | null,
  query: TRiskActionExportQuery,
): Promise<FileDownload> {
  assertCan(actor, 'risk:read');
  const { format, ...filters } = query;
  const { items } = await listActions(deps, actor, { ...filters, limit: MAX_EXPORT_ROWS + 1 });
  if (items.length > MAX_EXPORT_ROWS) throw tooMany('actions', MAX_EXPORT_ROWS);
  const emails = await repo.memberEmails(
    deps.db,
    actor.organisationId,
    items.map((a) => a.owner.id),
  );
  const sheet = actionsSheet(
    items.map((action) => ({ action, ownerEmail: emails.get(action.owner.id) ?? '' })),
  );
  return spreadsheet(sheet, format, 'risk-treatment-plans', await contextOf(deps, actor), deps.now());
}

/** The import columns with one example row owned by the caller (risk:import). */
export async function importTemplate(
  deps: RiskDeps,
  actor: Actor | null,
  format: TSpreadsheetFormat,
): Promise<FileDownload> {
  assertCan(actor, 'risk:import');
  const context = await contextOf(deps, actor);
  const file = await spreadsheet(
    templateSheet(context.userEmail),
    format,
    'risk-import-template',
    context,
    deps.now(),
  );
  return { ...file, filename: `risk-import-template.${format}` };
}

// ---------------------------------------------------------------- the PDF report

/** The register filters of a report, in words. */
async function describeFilters(
  deps: RiskDeps,
  organisationId: string,
  query: TRiskReportQuery,
): Promise<string[]> {
  const words: string[] = [];
  if (query.q) words.push(`matching "${query.q}"`);
  if (query.level) words.push(`level ${query.level}`);
  if (query.status) words.push(`status ${STATUS_LABELS[query.status].toLowerCase()}`);
  if (query.treatment)
    words.push(
      query.treatment === 'none'
        ? 'no treatment chosen'
        : `treatment ${TREATMENT_LABELS[query.treatment].toLowerCase()}`,
    );
  if (query.ownerId)
    words.push(
      `owned by ${(await repo.memberName(deps.db, organisationId, query.ownerId)) ?? 'nobody known'}`,
    );
  if (query.category) words.push(`category ${query.category}`);
  if (query.tag) words.push(`tagged ${query.tag}`);
  if (query.assetId) {
    const asset = await repo.assetOf(deps.db, organisationId, query.assetId);
    words.push(
      `linked to ${asset ? `${formatKey('asset', asset.key_number)} ${asset.name}` : 'an unknown asset'}`,
    );
  }
  if (query.overdueReview) words.push('review overdue');
  if (query.outdated) words.push('rated on an older methodology version');
  return words;
}

/**
 * The PDF register and treatment plan report under the register's filters (risk:read): the methodology
 * and its levels, a summary, the register, then each risk's actions and acceptance.
 */
export async function riskReport(
  deps: RiskDeps,
  actor: Actor | null,
  audit: AuditContext,
  query: TRiskReportQuery,
): Promise<FileDownload> {
  assertCan(actor, 'risk:read');
  const organisationId = actor.organisationId;
  const risks = await allRisks(deps, actor, audit, query, MAX_REPORT_RISKS);
  const methodologies = await loadMethodologies(deps.db, audit, organisationId);
  // the overview has the actions of every risk not closed; a closed risk's are read on their own
  const { items } = await listActions(deps, actor, { limit: MAX_EXPORT_ROWS });
  const actions = new Map<string, TRiskAction[]>();
  for (const action of items) actions.set(action.riskId, [...(actions.get(action.riskId) ?? []), action]);
  const reported: ReportRisk[] = [];
  for (const risk of risks) {
    const own =
      risk.status === 'closed'
        ? (await listRiskActions(deps, actor, risk.id)).items
        : (actions.get(risk.id) ?? []);
    reported.push({ risk, actions: own });
  }
  const context = await contextOf(deps, actor);
  const body = await renderRiskReport({
    organisationName: context.organisationName,
    generatedAt: deps.now(),
    timeZone: context.timeZone,
    generatedBy: context.userName,
    methodology: methodologies.current,
    filters: await describeFilters(deps, organisationId, query),
    risks: reported,
  });
  return { filename: `risk-report-${context.today}.pdf`, contentType: 'application/pdf', body };
}

// ---------------------------------------------------------------- import

/** The file's name as recorded (audit, rating history): no path, no control characters, bounded. */
function cleanName(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, 200);
  return clean || 'the uploaded file';
}

/** XLSX when the file is a ZIP archive; otherwise it must be UTF-8 text, read as CSV. */
async function readUpload(data: Buffer): Promise<{ table: ReadTable; format: TSpreadsheetFormat }> {
  if (data.subarray(0, ZIP_MAGIC.length).equals(ZIP_MAGIC))
    return { table: await readXlsx(data, IMPORT_LIMITS.maxRows, IMPORT_LIMITS.zip), format: 'xlsx' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    text = '\u0000';
  }
  if (text.includes('\u0000'))
    throw new AppError(
      'unsupported_media_type',
      'Import a CSV file (UTF-8 text) or an XLSX workbook: this file is neither',
    );
  return { table: readCsv(text, IMPORT_LIMITS.maxRows), format: 'csv' };
}

function report(
  dryRun: boolean,
  rowCount: number,
  problems: readonly TImportProblem[],
  risks: TRiskImportReport['risks'] = [],
): TRiskImportReport {
  const sorted = [...problems].sort((a, b) => a.row - b.row);
  return {
    dryRun,
    rowCount,
    valid: problems.length === 0,
    imported: risks.length,
    problems: sorted.slice(0, IMPORT_LIMITS.maxProblems),
    problemCount: problems.length,
    risks,
  };
}

/** The 422 of a file with problems: its report is the problem document's `report` member. */
function invalid(result: TRiskImportReport): AppError {
  const n = result.problemCount;
  return new AppError(
    'import_invalid',
    `The file has ${n.toLocaleString('en')} problem${n === 1 ? '' : 's'}: nothing was imported. Fix ${n === 1 ? 'it' : 'them'} and import the file again`,
    { extensions: { report: result } },
  );
}

/**
 * Imports new risks from a CSV or XLSX file (risk:import), all or none: every row is checked (owners by
 * email among the active members, asset keys, ratings on the current methodology's scales, then the same
 * request schema as creating one risk), and any problem imports nothing and answers 422 with the report.
 * A dry run stops after the checks. `receive` reads the upload; it is called after authorization, so an
 * unauthorised caller's file is never read.
 *
 * The risks are written in bulk in one transaction: their keys reserved at once, then multi-row inserts
 * of the risks, their first ratings and their asset links. The audit trail gets ONE event,
 * `risks.imported` (count, first and last key, the file's name and SHA-256), not a `risk.created` per
 * risk: appending an event advances the organisation's hash chain (three statements each), which for
 * 10,000 risks took 0.8 s on SQLite and 6.7 s on PostgreSQL, more than the whole import may take (P6 in
 * docs/performance.md). Each risk's rating history still records who imported it, when, and from which
 * file; the keys are consecutive, so the event names every risk it created.
 */
export async function importRisks(
  deps: RiskDeps,
  actor: Actor | null,
  audit: AuditContext,
  query: TRiskImportQuery,
  receive: () => Promise<Upload>,
): Promise<TRiskImportReport> {
  assertCan(actor, 'risk:import');
  const organisationId = actor.organisationId;
  const upload = await receive();
  const fileName = cleanName(upload.filename);

  let read: { table: ReadTable; format: TSpreadsheetFormat };
  try {
    read = await readUpload(upload.data);
  } catch (error) {
    if (error instanceof UnreadableFile)
      throw invalid(report(query.dryRun, 0, [{ row: error.row, column: null, problem: error.message }]));
    throw error;
  }
  const { table, format } = read;
  const rowCount = table.rows.length;
  const { columns, problems: headerProblems } = mapColumns(table);
  if (rowCount === 0)
    headerProblems.push({
      row: 0,
      column: null,
      problem: 'The file has no risks: add rows below the header',
    });
  if (headerProblems.length > 0 && !rowsCheckable(columns))
    throw invalid(report(query.dryRun, rowCount, headerProblems));
  const references = referencesOf(table, columns);

  /** Checks every row against the organisation as it is in `db`; throws the report on any problem. */
  const check = async (db: Kysely<DB>) => {
    const methodologies = await loadMethodologies(db, audit, organisationId);
    const { definition } = methodologies.current;
    const { problems, rows } = validateRows(table, columns, {
      scales: { likelihood: definition.likelihood.length, impact: definition.impact.length },
      owners: await repo.activeMembersByEmail(db, organisationId, references.emails),
      assets: await repo.assetsByKeyNumber(db, organisationId, references.assetKeys),
      existingRiskKeys: await repo.existingRiskKeys(db, organisationId, references.riskKeys),
    });
    const all = [...headerProblems, ...problems];
    if (all.length > 0) throw invalid(report(query.dryRun, rowCount, all));
    return { current: methodologies.current, rows };
  };

  if (query.dryRun) {
    await check(deps.db);
    return report(true, rowCount, []);
  }
  const sha256 = createHash('sha256').update(upload.data).digest('hex');
  const created = await deps.db.transaction().execute(async (tx) => {
    const { current, rows } = await check(tx);
    return insertImported(tx, audit, actor, organisationId, current, rows, {
      fileName,
      sha256,
      format,
      clock: deps.now(),
    });
  });
  return report(false, rowCount, [], created);
}

/** Writes the checked rows as new risks in `tx`, in bulk, and records the one audit event. */
async function insertImported(
  tx: Kysely<DB>,
  audit: AuditContext,
  actor: Actor,
  organisationId: string,
  current: { version: number; definition: Parameters<typeof levelOf>[0] },
  rows: readonly ImportedRow[],
  file: { fileName: string; sha256: string; format: TSpreadsheetFormat; clock: Date },
): Promise<TRiskImportReport['risks']> {
  const now = file.clock.toISOString();
  const reason = `First rating, imported from ${file.fileName}`;
  const first = await reserveKeys(tx, organisationId, 'risk', rows.length);
  const risks: repo.NewRiskRow[] = [];
  const ratings: repo.NewRatingRow[] = [];
  const links: { riskId: string; assetId: string }[] = [];
  rows.forEach(({ request }, i) => {
    const id = uuidv7();
    const inherentLevel = levelOf(current.definition, request.inherent).key;
    const residual = request.residual ?? null;
    const residualLevel = residual ? levelOf(current.definition, residual).key : null;
    risks.push({
      id,
      key_number: first + i,
      title: request.title,
      threat: request.threat ?? '',
      vulnerability: request.vulnerability ?? '',
      consequence: request.consequence ?? '',
      category: request.category ?? null,
      owner_id: request.ownerId,
      affects_confidentiality: request.affects?.confidentiality ?? false,
      affects_integrity: request.affects?.integrity ?? false,
      affects_availability: request.affects?.availability ?? false,
      methodology_version: current.version,
      inherent_likelihood: request.inherent.likelihood,
      inherent_impact: request.inherent.impact,
      inherent_level: inherentLevel,
      treatment: request.treatment ?? null,
      residual_likelihood: residual?.likelihood ?? null,
      residual_impact: residual?.impact ?? null,
      residual_level: residualLevel,
      status: request.status ?? 'identified',
      next_review_on: nextReviewDate(current.definition, residualLevel ?? inherentLevel, file.clock),
      tags: toJson([...new Set(request.tags ?? [])]),
    });
    ratings.push({
      id: uuidv7(),
      risk_id: id,
      methodology_version: current.version,
      inherent_likelihood: request.inherent.likelihood,
      inherent_impact: request.inherent.impact,
      inherent_level: inherentLevel,
      residual_likelihood: residual?.likelihood ?? null,
      residual_impact: residual?.impact ?? null,
      residual_level: residualLevel,
      reason,
      rated_by: actor.userId,
      rated_at: now,
    });
    for (const assetId of new Set(request.assetIds ?? [])) links.push({ riskId: id, assetId });
  });
  await repo.insertRisks(tx, organisationId, risks, now);
  await repo.insertRatings(tx, organisationId, ratings);
  await repo.insertRiskAssets(tx, organisationId, links);
  await recordAudit(tx, audit, {
    organisationId,
    action: 'risks.imported',
    subject: { type: 'risk', id: null },
    changes: diffChanges(null, {
      count: risks.length,
      firstKey: formatKey('risk', first),
      lastKey: formatKey('risk', first + risks.length - 1),
      fileName: file.fileName,
      fileSha256: file.sha256,
      fileFormat: file.format,
      ratingReason: reason,
    }),
  });
  return risks.map((r) => ({ id: r.id, key: formatKey('risk', r.key_number), title: r.title }));
}
