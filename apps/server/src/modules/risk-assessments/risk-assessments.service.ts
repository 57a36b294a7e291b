import type {
  TRiskAssessment,
  TRiskAssessmentCompareQuery,
  TRiskAssessmentComparison,
  TRiskAssessmentList,
  TRunRiskAssessmentRequest,
} from '@vigil/contracts';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { type AuditContext, recordAudit } from '../../audit/audit.ts';
import { type Actor, assertCan } from '../../authz/actor.ts';
import { toJson } from '../../db/dialect.ts';
import { nextKey } from '../../db/keys.ts';
import type { DB } from '../../db/types.ts';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../errors.ts';
import { acceptanceStates } from '../risk-acceptances/risk-acceptances.service.ts';
import { loadMethodologies } from '../risk-methodology/risk-methodology.service.ts';
import { listOpenRisks } from '../risks/risks.service.ts';
import {
  compareSnapshots,
  presentAssessmentSummary,
  presentItems,
  snapshotOf,
} from './risk-assessments.presenter.ts';
import * as repo from './risk-assessments.repo.ts';

async function loadAssessment(
  db: Kysely<DB>,
  organisationId: string,
  assessmentId: string,
): Promise<TRiskAssessment> {
  const row = await repo.getAssessment(db, organisationId, assessmentId);
  if (!row) throw notFound('The risk assessment');
  const items = await repo.listItems(db, organisationId, assessmentId);
  return { ...presentAssessmentSummary(row), items: presentItems(items) };
}

/**
 * Runs a risk assessment (8.2): freezes every risk not closed, with its ratings, methodology version
 * and acceptance state, under the organisation's next assessment number, in one transaction.
 */
export async function runAssessment(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  input: TRunRiskAssessmentRequest,
): Promise<TRiskAssessment> {
  assertCan(actor, 'risk_assessment:run');
  const organisationId = actor.organisationId;
  const clock = deps.now();
  return deps.db.transaction().execute(async (tx) => {
    const methodologies = await loadMethodologies(tx, audit, organisationId);
    const risks = await listOpenRisks(tx, organisationId);
    const acceptance = await acceptanceStates(tx, organisationId, risks, methodologies, clock);
    const snapshots = risks.map((risk) => snapshotOf(risk, acceptance.get(risk.id), methodologies));
    const id = uuidv7();
    const number = await nextKey(tx, organisationId, 'risk_assessment');
    const row = {
      id,
      number,
      title: input.title,
      notes: input.notes ?? '',
      methodology_version: methodologies.current.version,
      risk_count: snapshots.length,
      run_by: actor.userId,
      run_at: clock.toISOString(),
    };
    await repo.insertAssessment(
      tx,
      organisationId,
      row,
      snapshots.map((s) => ({ riskId: s.riskId, snapshot: toJson(s) })),
    );
    await recordAudit(tx, audit, {
      organisationId,
      action: 'risk_assessment.run',
      subject: { type: 'risk_assessment', id },
      changes: {
        number: { before: null, after: number },
        title: { before: null, after: row.title },
        methodologyVersion: { before: null, after: row.methodology_version },
        riskCount: { before: null, after: row.risk_count },
      },
    });
    return loadAssessment(tx, organisationId, id);
  });
}

export async function listAssessments(deps: Deps, actor: Actor | null): Promise<TRiskAssessmentList> {
  assertCan(actor, 'risk:read');
  const rows = await repo.listAssessments(deps.db, actor.organisationId);
  return { items: rows.map(presentAssessmentSummary) };
}

export async function getAssessment(
  deps: Deps,
  actor: Actor | null,
  assessmentId: string,
): Promise<TRiskAssessment> {
  assertCan(actor, 'risk:read');
  return loadAssessment(deps.db, actor.organisationId, assessmentId);
}

/** What changed from one assessment to another: new risks, risks closed or gone, changed ratings. */
export async function compareAssessments(
  deps: Deps,
  actor: Actor | null,
  query: TRiskAssessmentCompareQuery,
): Promise<TRiskAssessmentComparison> {
  assertCan(actor, 'risk:read');
  const from = await loadAssessment(deps.db, actor.organisationId, query.from);
  const to = await loadAssessment(deps.db, actor.organisationId, query.to);
  const split = ({ items, ...summary }: TRiskAssessment) => ({ summary, items });
  return compareSnapshots(split(from), split(to));
}
