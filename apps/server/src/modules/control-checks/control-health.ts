import type { TCheckResult, TControlHealth, TSoaHealth } from '@vigil/contracts';
import type { EvidenceFreshness } from '../evidence/evidence.service.ts';

/**
 * Control health (the rule is written out on `ZControlHealth` in the contract): pure, from the state of a
 * control's active checks and the freshness of its evidence, against today in the organisation's time zone.
 */

/** What health needs of one active check of the control. */
export interface HealthCheck {
  /** YYYY-MM-DD. */
  nextDueOn: string;
  /** YYYY-MM-DD of its latest run; null before the first. */
  lastRunOn: string | null;
  lastResult: TCheckResult | null;
  followUpOpen: boolean;
}

const SEVERITY: Record<TCheckResult, number> = { effective: 0, partly_effective: 1, not_effective: 2 };

export function controlHealth(
  checks: readonly HealthCheck[],
  evidence: EvidenceFreshness,
  today: string,
): TControlHealth {
  let worst: TCheckResult | null = null;
  let lastCheckedOn: string | null = null;
  for (const check of checks) {
    if (check.lastResult !== null && (worst === null || SEVERITY[check.lastResult] > SEVERITY[worst]))
      worst = check.lastResult;
    if (check.lastRunOn !== null && (lastCheckedOn === null || check.lastRunOn > lastCheckedOn))
      lastCheckedOn = check.lastRunOn;
  }
  const result: TCheckResult | null =
    worst === 'effective' && evidence.stale > 0 ? 'partly_effective' : worst;
  const overdueChecks = checks.filter((check) => check.nextDueOn < today).length;
  return {
    status:
      result === 'not_effective' ? 'not_effective' : overdueChecks > 0 ? 'overdue' : (result ?? 'unchecked'),
    result,
    lastCheckedOn,
    activeChecks: checks.length,
    overdueChecks,
    openFollowUps: checks.filter((check) => check.followUpOpen).length,
    evidence: evidence.total,
    staleEvidence: evidence.stale,
  };
}

/** The health of a control without checks or evidence. */
export const NO_HEALTH: TControlHealth = controlHealth(
  [],
  { total: 0, stale: 0, latestCollectedOn: null },
  '',
);

/** The Statement of Applicability's health: how the control fared when last checked; null until then. */
export function soaHealthOf(health: TControlHealth): TSoaHealth | null {
  if (health.result === null || health.lastCheckedOn === null) return null;
  return { status: health.result, lastCheckedOn: health.lastCheckedOn };
}
