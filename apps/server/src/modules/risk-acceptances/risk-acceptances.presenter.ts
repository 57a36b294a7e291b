import {
  type TAcceptanceStaleReason,
  type TRiskAcceptance,
  type TRiskAcceptanceState,
  ZRole,
} from '@vigil/contracts';
import type { Methodologies } from '../risk-methodology/risk-methodology.service.ts';
import { levelRef } from '../risks/risks.presenter.ts';
import type { AcceptanceRow } from './risk-acceptances.repo.ts';

export function presentAcceptance(row: AcceptanceRow, methodologies: Methodologies): TRiskAcceptance {
  return {
    id: row.id,
    riskId: row.risk_id,
    acceptedBy: { id: row.accepted_by, name: row.accepted_by_name },
    acceptorRole: ZRole.parse(row.acceptor_role),
    justification: row.justification,
    methodologyVersion: row.methodology_version,
    rating: {
      likelihood: row.residual_likelihood,
      impact: row.residual_impact,
      level: levelRef(methodologies.of(row.methodology_version), row.residual_level),
    },
    acceptedAt: row.accepted_at,
    expiresOn: row.expires_on,
    withdrawnAt: row.withdrawn_at,
  };
}

/** The rating an acceptance is of: the residual one, or the inherent one while there is none. */
export interface AcceptedRating {
  methodologyVersion: number;
  likelihood: number;
  impact: number;
  level: string;
}

/**
 * Why the acceptance in force no longer covers the risk as it is (derived, never stored): its rating or
 * methodology version changed, or its expiry date has passed (`today` in the organisation's time zone).
 */
export function staleReasons(
  accepted: AcceptanceRow,
  risk: AcceptedRating,
  today: string,
): TAcceptanceStaleReason[] {
  const reasons: TAcceptanceStaleReason[] = [];
  if (
    accepted.residual_likelihood !== risk.likelihood ||
    accepted.residual_impact !== risk.impact ||
    accepted.residual_level !== risk.level
  )
    reasons.push('rating_changed');
  if (accepted.expires_on < today) reasons.push('expired');
  if (accepted.methodology_version !== risk.methodologyVersion) reasons.push('methodology_changed');
  return reasons;
}

export function presentAcceptanceState(
  current: AcceptanceRow | undefined,
  risk: AcceptedRating,
  methodologies: Methodologies,
  today: string,
): TRiskAcceptanceState {
  if (!current) return { current: null, stale: false, staleReasons: [] };
  const reasons = staleReasons(current, risk, today);
  return {
    current: presentAcceptance(current, methodologies),
    stale: reasons.length > 0,
    staleReasons: reasons,
  };
}
