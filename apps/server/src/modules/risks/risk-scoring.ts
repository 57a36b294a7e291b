import type { TAcceptor, TMethodologyInput, TRiskLevel, TRole } from '@vigil/contracts';

/** Pure risk-rating logic against one methodology version: no I/O, unit-tested. */

export interface Rating {
  likelihood: number;
  impact: number;
}

/** The level a likelihood x impact gives; throws on a point outside the scales (validated earlier). */
export function levelOf(methodology: TMethodologyInput, rating: Rating): TRiskLevel {
  const key = methodology.matrix[rating.likelihood - 1]?.[rating.impact - 1];
  const level = methodology.levels.find((l) => l.key === key);
  if (!level)
    throw new RangeError(`no level for likelihood ${rating.likelihood} and impact ${rating.impact}`);
  return level;
}

export function isOnScales(methodology: TMethodologyInput, rating: Rating): boolean {
  return (
    Number.isInteger(rating.likelihood) &&
    Number.isInteger(rating.impact) &&
    rating.likelihood >= 1 &&
    rating.likelihood <= methodology.likelihood.length &&
    rating.impact >= 1 &&
    rating.impact <= methodology.impact.length
  );
}

/** Rank of a level, 0 = lowest. */
export function rankOf(methodology: TMethodologyInput, levelKey: string): number {
  return methodology.levels.findIndex((l) => l.key === levelKey);
}

/** The next review date of a risk at a level, counted in calendar months from `from` (UTC date). */
export function nextReviewDate(methodology: TMethodologyInput, levelKey: string, from: Date): string {
  const level = methodology.levels.find((l) => l.key === levelKey);
  if (!level) throw new RangeError(`unknown level ${levelKey}`);
  const d = new Date(
    Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + level.reviewIntervalMonths, from.getUTCDate()),
  );
  // 31 January + 1 month is the last day of February, not 3 March
  if (d.getUTCDate() !== from.getUTCDate()) d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
}

/**
 * Whether a person may accept a residual risk at a level (6.1.3 f): their role is listed for the level,
 * or the level lists `risk_owner` and they own the risk.
 */
export function mayAccept(
  methodology: TMethodologyInput,
  levelKey: string,
  acceptor: { role: TRole; ownsRisk: boolean },
): boolean {
  const level = methodology.levels.find((l) => l.key === levelKey);
  if (!level) return false;
  const allowed = new Set<TAcceptor>(level.acceptableBy);
  return allowed.has(acceptor.role) || (acceptor.ownsRisk && allowed.has('risk_owner'));
}
