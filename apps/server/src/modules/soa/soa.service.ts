import type {
  TPublishSoaRequest,
  TSoa,
  TSoaCompareQuery,
  TSoaComparison,
  TSoaEntry,
  TSoaExportFormat,
  TSoaVersion,
  TSoaVersionList,
  TSoaWarning,
} from '@vigil/contracts';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { type AuditContext, recordAudit } from '../../audit/audit.ts';
import { type Actor, assertCan } from '../../authz/actor.ts';
import { toJson } from '../../db/dialect.ts';
import { formatKey, nextKey } from '../../db/keys.ts';
import type { DB } from '../../db/types.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import type { FileDownload } from '../../http/download.ts';
import { listControls } from '../controls/controls.service.ts';
import { localDate } from '../notifications/notification-messages.ts';
import { XLSX_CONTENT_TYPE } from '../risk-files/xlsx.ts';
import { listOpenRisks } from '../risks/risks.service.ts';
import {
  compareVersions as compare,
  currentEntryOf,
  entryOf,
  presentItems,
  presentVersionSummary,
} from './soa.presenter.ts';
import * as repo from './soa.repo.ts';
import { completenessWarnings, type MitigatedRisk, soaSummary } from './soa-completeness.ts';
import { basenameOf, type SoaDocument } from './soa-document.ts';
import { renderSoaPdf } from './soa-pdf.ts';
import { renderSoaXlsx } from './soa-xlsx.ts';

/**
 * The Statement of Applicability (ISO/IEC 27001 6.1.3 d). The current SoA is the control register read
 * through the controls service, with its completeness warnings; publishing freezes it as the next
 * numbered version, approved by the publisher (soa:publish: top management, the security officer, owners
 * and admins), in one transaction. A version's rows are JSON copies of the entries: later edits of the
 * controls or risks never change it. Exports write the current SoA (a draft) or a version as XLSX or PDF.
 */

// ---------------------------------------------------------------- the current SoA

/** Every control as an SoA entry (the register is added on first use), with its completeness warnings. */
async function readCurrent(deps: Deps, actor: Actor & { organisationId: string }, audit: AuditContext) {
  const { items: controls } = await listControls(deps, actor, audit, {});
  const mitigated: MitigatedRisk[] = (await listOpenRisks(deps.db, actor.organisationId))
    .filter((risk) => risk.treatment === 'mitigate')
    .map((risk) => ({
      id: risk.id,
      key: formatKey('risk', risk.key_number),
      keyNumber: risk.key_number,
      title: risk.title,
    }));
  const entries = controls.map(entryOf);
  const warnings = completenessWarnings(entries, mitigated);
  return { controls, entries, warnings, summary: soaSummary(entries, warnings.length) };
}

/** The current SoA: every control in key order, the counts and the completeness warnings (control:read). */
export async function getSoa(deps: Deps, actor: Actor | null, audit: AuditContext): Promise<TSoa> {
  assertCan(actor, 'control:read');
  const current = await readCurrent(deps, actor, audit);
  return {
    latestVersion: await repo.latestNumber(deps.db, actor.organisationId),
    summary: current.summary,
    warnings: current.warnings,
    items: current.controls.map(currentEntryOf),
  };
}

// ---------------------------------------------------------------- versions

async function loadVersion(db: Kysely<DB>, organisationId: string, versionId: string): Promise<TSoaVersion> {
  const row = await repo.getVersion(db, organisationId, versionId);
  if (!row) throw notFound('The SoA version');
  return {
    ...presentVersionSummary(row),
    items: presentItems(await repo.listItems(db, organisationId, versionId)),
  };
}

function unacknowledged(warnings: readonly TSoaWarning[]): AppError {
  const count =
    warnings.length === 1 ? 'one completeness warning' : `${warnings.length} completeness warnings`;
  return new AppError(
    'validation_failed',
    `The SoA has ${count}: fix them, or acknowledge them to publish anyway`,
    {
      fieldErrors: [
        {
          field: 'body.acknowledgeWarnings',
          message: `Acknowledge the ${count} to publish this version with them`,
        },
      ],
      extensions: { warnings },
    },
  );
}

/**
 * Publishes the current SoA as the organisation's next version, approved by the caller (soa:publish),
 * in one transaction. Completeness warnings refuse it (422, the warnings listed) unless the caller
 * acknowledges them; the version records the warnings acknowledged, so that an auditor sees them.
 */
export async function publishVersion(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  input: TPublishSoaRequest,
): Promise<TSoaVersion> {
  assertCan(actor, 'soa:publish');
  const organisationId = actor.organisationId;
  const role = actor.role;
  if (role === null) throw new AppError('forbidden', 'Your role does not allow this action');
  const now = deps.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const current = await readCurrent({ ...deps, db: tx }, actor, audit);
    if (current.warnings.length > 0 && input.acknowledgeWarnings !== true)
      throw unacknowledged(current.warnings);
    const id = uuidv7();
    const number = await nextKey(tx, organisationId, 'soa_version');
    const approvalNote = input.approvalNote ?? '';
    await repo.insertVersion(
      tx,
      organisationId,
      {
        id,
        number,
        approved_by: actor.userId,
        approver_name: await repo.userName(tx, actor.userId),
        approver_role: role,
        approval_note: approvalNote,
        approved_at: now,
        summary: toJson(current.summary),
        acknowledged_warnings: toJson(current.warnings),
      },
      current.entries.map((entry) => ({ controlId: entry.controlId, entry: toJson(entry) })),
    );
    await recordAudit(tx, audit, {
      organisationId,
      action: 'soa_version.published',
      subject: { type: 'soa_version', id },
      changes: {
        number: { before: null, after: number },
        approverRole: { before: null, after: role },
        approvalNote: { before: null, after: approvalNote },
        controls: { before: null, after: current.summary.controls },
        acknowledgedWarnings: { before: null, after: current.warnings.length },
      },
    });
    return loadVersion(tx, organisationId, id);
  });
}

export async function listVersions(deps: Deps, actor: Actor | null): Promise<TSoaVersionList> {
  assertCan(actor, 'control:read');
  const rows = await repo.listVersions(deps.db, actor.organisationId);
  return { items: rows.map(presentVersionSummary) };
}

export async function getVersion(deps: Deps, actor: Actor | null, versionId: string): Promise<TSoaVersion> {
  assertCan(actor, 'control:read');
  return loadVersion(deps.db, actor.organisationId, versionId);
}

/** What changed from one version to another (control:read). */
export async function compareVersions(
  deps: Deps,
  actor: Actor | null,
  query: TSoaCompareQuery,
): Promise<TSoaComparison> {
  assertCan(actor, 'control:read');
  const from = await loadVersion(deps.db, actor.organisationId, query.from);
  const to = await loadVersion(deps.db, actor.organisationId, query.to);
  const split = ({ items, ...summary }: TSoaVersion) => ({ summary, items });
  return compare(split(from), split(to));
}

// ---------------------------------------------------------------- exports

const CONTENT_TYPES: Record<TSoaExportFormat, string> = {
  xlsx: XLSX_CONTENT_TYPE,
  pdf: 'application/pdf',
};

async function fileOf(
  deps: Deps,
  actor: Actor & { organisationId: string },
  format: TSoaExportFormat,
  content: Pick<SoaDocument, 'version' | 'summary' | 'warnings'> & { entries: readonly TSoaEntry[] },
): Promise<FileDownload> {
  const organisation = await repo.organisationOf(deps.db, actor.organisationId);
  const generatedAt = deps.now();
  const doc: SoaDocument = {
    organisationName: organisation.name,
    timeZone: organisation.time_zone,
    generatedAt,
    generatedBy: await repo.userName(deps.db, actor.userId),
    ...content,
  };
  return {
    filename: `${basenameOf(doc, localDate(generatedAt, organisation.time_zone))}.${format}`,
    contentType: CONTENT_TYPES[format],
    body: format === 'xlsx' ? await renderSoaXlsx(doc) : await renderSoaPdf(doc),
  };
}

/** The current SoA as XLSX or PDF, marked as a draft (control:read). */
export async function exportSoa(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  format: TSoaExportFormat,
): Promise<FileDownload> {
  assertCan(actor, 'control:read');
  const current = await readCurrent(deps, actor, audit);
  return fileOf(deps, actor, format, {
    version: null,
    summary: current.summary,
    warnings: current.warnings,
    entries: current.entries,
  });
}

/** A published version as XLSX or PDF, with its number and approver (control:read). */
export async function exportVersion(
  deps: Deps,
  actor: Actor | null,
  versionId: string,
  format: TSoaExportFormat,
): Promise<FileDownload> {
  assertCan(actor, 'control:read');
  const version = await loadVersion(deps.db, actor.organisationId, versionId);
  return fileOf(deps, actor, format, {
    version: {
      number: version.number,
      approvedBy: version.approvedBy.name,
      approverRole: version.approvedBy.role,
      approvedAt: version.approvedAt,
      approvalNote: version.approvalNote,
    },
    summary: version.summary,
    warnings: version.acknowledgedWarnings,
    entries: version.items,
  });
}
