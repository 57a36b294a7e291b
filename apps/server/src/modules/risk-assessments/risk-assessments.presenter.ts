import {
  type TRiskAcceptanceState,
  type TRiskAssessmentComparison,
  type TRiskAssessmentSummary,
  type TRiskSnapshot,
  type TSnapshotRating,
  ZRiskSnapshot,
  ZRiskStatus,
  ZRiskTreatment,
} from '@vigil/contracts';
import { formatKey } from '../../db/keys.ts';
import type { Methodologies } from '../risk-methodology/risk-methodology.service.ts';
import { levelRef } from '../risks/risks.presenter.ts';
import type { StoredRisk } from '../risks/risks.service.ts';
import type { AssessmentRow } from './risk-assessments.repo.ts';

/** A risk frozen as it is now, with its acceptance state. */
export function snapshotOf(
  risk: StoredRisk,
  acceptance: TRiskAcceptanceState | undefined,
  methodologies: Methodologies,
): TRiskSnapshot {
  const definition = methodologies.of(risk.methodology_version);
  const inherent = {
    likelihood: risk.inherent_likelihood,
    impact: risk.inherent_impact,
    level: levelRef(definition, risk.inherent_level),
  };
  const residual =
    risk.residual_likelihood !== null && risk.residual_impact !== null && risk.residual_level !== null
      ? {
          likelihood: risk.residual_likelihood,
          impact: risk.residual_impact,
          level: levelRef(definition, risk.residual_level),
        }
      : null;
  const current = acceptance?.current;
  return {
    riskId: risk.id,
    key: formatKey('risk', risk.key_number),
    title: risk.title,
    owner: { id: risk.owner_id, name: risk.owner_name },
    status: ZRiskStatus.parse(risk.status),
    treatment: risk.treatment === null ? null : ZRiskTreatment.parse(risk.treatment),
    methodologyVersion: risk.methodology_version,
    inherent,
    residual,
    level: residual?.level ?? inherent.level,
    nextReviewOn: risk.next_review_on,
    acceptance:
      current && acceptance
        ? {
            acceptanceId: current.id,
            acceptedBy: current.acceptedBy.name,
            expiresOn: current.expiresOn,
            stale: acceptance.stale,
            staleReasons: acceptance.staleReasons,
          }
        : null,
  };
}

/** `RISK-12` -> 12, for ordering snapshots as the register does. */
const keyNumber = (key: string) => Number(key.slice(key.lastIndexOf('-') + 1));

/** The stored snapshots of an assessment, by key. */
export function presentItems(items: readonly { snapshot: unknown }[]): TRiskSnapshot[] {
  return items
    .map((item) => ZRiskSnapshot.parse(item.snapshot))
    .sort((a, b) => keyNumber(a.key) - keyNumber(b.key));
}

export function presentAssessmentSummary(row: AssessmentRow): TRiskAssessmentSummary {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    notes: row.notes,
    methodologyVersion: row.methodology_version,
    riskCount: row.risk_count,
    runBy: row.run_by !== null && row.run_by_name !== null ? { id: row.run_by, name: row.run_by_name } : null,
    runAt: row.run_at,
  };
}

function ratingOf(snapshot: TRiskSnapshot): TSnapshotRating {
  return {
    methodologyVersion: snapshot.methodologyVersion,
    inherent: snapshot.inherent,
    residual: snapshot.residual,
    level: snapshot.level,
  };
}

const sameRating = (a: TRiskSnapshot, b: TRiskSnapshot) =>
  a.methodologyVersion === b.methodologyVersion &&
  a.inherent.likelihood === b.inherent.likelihood &&
  a.inherent.impact === b.inherent.impact &&
  a.inherent.level.key === b.inherent.level.key &&
  (a.residual === null || b.residual === null
    ? a.residual === b.residual
    : a.residual.likelihood === b.residual.likelihood &&
      a.residual.impact === b.residual.impact &&
      a.residual.level.key === b.residual.level.key);

/** What changed between two snapshots: new risks, risks closed or gone, and changed ratings. */
export function compareSnapshots(
  from: { summary: TRiskAssessmentSummary; items: TRiskSnapshot[] },
  to: { summary: TRiskAssessmentSummary; items: TRiskSnapshot[] },
): TRiskAssessmentComparison {
  const before = new Map(from.items.map((s) => [s.riskId, s]));
  const after = new Map(to.items.map((s) => [s.riskId, s]));
  const ratingChanged: TRiskAssessmentComparison['ratingChanged'] = [];
  let unchanged = 0;
  for (const now of to.items) {
    const then = before.get(now.riskId);
    if (!then) continue;
    if (sameRating(then, now)) unchanged += 1;
    else ratingChanged.push({ riskId: now.riskId, key: now.key, from: ratingOf(then), to: ratingOf(now) });
  }
  return {
    from: from.summary,
    to: to.summary,
    added: to.items.filter((s) => !before.has(s.riskId)),
    removed: from.items.filter((s) => !after.has(s.riskId)),
    ratingChanged,
    unchanged,
  };
}
