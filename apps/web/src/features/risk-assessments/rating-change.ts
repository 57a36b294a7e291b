import type { TRating, TSnapshotRating } from '@vigil/contracts';

export interface RatingChange {
  direction: 'raised' | 'lowered' | 'changed';
  /** False when only the likelihood or impact moved, within the same level. */
  levelChanged: boolean;
}

/** The rating that decides a risk's level: the residual one, or the inherent one while there is none. */
export function decidingRating(rating: TSnapshotRating): TRating {
  return rating.residual ?? rating.inherent;
}

/**
 * Which way a risk's rating moved between two snapshots. Levels are ranked by `levelOrder` (the
 * methodology's level keys, lowest first); a level it does not know (a methodology changed since), or the
 * same level on both sides, is decided by likelihood x impact of the deciding rating.
 */
export function ratingChange(
  from: TSnapshotRating,
  to: TSnapshotRating,
  levelOrder: readonly string[],
): RatingChange {
  const levelChanged = from.level.key !== to.level.key;
  const fromRank = levelOrder.indexOf(from.level.key);
  const toRank = levelOrder.indexOf(to.level.key);
  if (levelChanged && fromRank >= 0 && toRank >= 0) {
    return { direction: toRank > fromRank ? 'raised' : 'lowered', levelChanged };
  }
  const score = (rating: TRating) => rating.likelihood * rating.impact;
  const before = score(decidingRating(from));
  const after = score(decidingRating(to));
  if (after === before) return { direction: 'changed', levelChanged };
  return { direction: after > before ? 'raised' : 'lowered', levelChanged };
}
