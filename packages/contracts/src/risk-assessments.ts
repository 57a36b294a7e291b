import { z } from 'zod';
import { ZId, ZName, ZTimestamp } from './common.ts';
import { ACCEPTANCE_STALE_REASONS } from './risk-acceptances.ts';
import { ZLevelRef, ZRating, ZRiskStatus, ZRiskTreatment } from './risks.ts';

/**
 * Risk assessments (ISO/IEC 27001 8.2): "run a risk assessment" freezes a snapshot of every risk not
 * closed, with its ratings, methodology version and acceptance state; two snapshots can be compared.
 */

/** One risk as it was when the assessment ran; later edits never change it. */
export const ZRiskSnapshot = z.object({
  riskId: ZId,
  key: z.string(),
  title: z.string(),
  owner: z.object({ id: ZId, name: z.string() }),
  status: ZRiskStatus,
  treatment: ZRiskTreatment.nullable(),
  methodologyVersion: z.number().int(),
  inherent: ZRating,
  residual: ZRating.nullable(),
  /** The residual level, or the inherent one while there was no residual rating. */
  level: ZLevelRef,
  nextReviewOn: z.iso.date(),
  /** The acceptance in force then, or null. */
  acceptance: z
    .object({
      acceptanceId: ZId,
      acceptedBy: z.string(),
      expiresOn: z.iso.date(),
      stale: z.boolean(),
      staleReasons: z.array(z.enum(ACCEPTANCE_STALE_REASONS)),
    })
    .nullable(),
});
export type TRiskSnapshot = z.infer<typeof ZRiskSnapshot>;

export const ZRiskAssessmentSummary = z.object({
  id: ZId,
  /** Per organisation: 1, 2, 3... */
  number: z.number().int(),
  title: z.string(),
  notes: z.string(),
  /** The organisation's current methodology version when the assessment ran. */
  methodologyVersion: z.number().int(),
  riskCount: z.number().int(),
  runBy: z.object({ id: ZId, name: z.string() }).nullable(),
  runAt: ZTimestamp,
});
export type TRiskAssessmentSummary = z.infer<typeof ZRiskAssessmentSummary>;

export const ZRiskAssessment = ZRiskAssessmentSummary.extend({ items: z.array(ZRiskSnapshot) });
export type TRiskAssessment = z.infer<typeof ZRiskAssessment>;

export const ZRiskAssessmentList = z.object({ items: z.array(ZRiskAssessmentSummary) });
export type TRiskAssessmentList = z.infer<typeof ZRiskAssessmentList>;

export const ZRunRiskAssessmentRequest = z.object({
  title: ZName,
  notes: z.string().trim().max(4000, 'Use at most 4000 characters').optional(),
});
export type TRunRiskAssessmentRequest = z.infer<typeof ZRunRiskAssessmentRequest>;

export const ZRiskAssessmentCompareQuery = z.object({ from: ZId, to: ZId });
export type TRiskAssessmentCompareQuery = z.infer<typeof ZRiskAssessmentCompareQuery>;

/** A risk's ratings in one snapshot. */
export const ZSnapshotRating = z.object({
  methodologyVersion: z.number().int(),
  inherent: ZRating,
  residual: ZRating.nullable(),
  level: ZLevelRef,
});
export type TSnapshotRating = z.infer<typeof ZSnapshotRating>;

export const ZRiskAssessmentComparison = z.object({
  from: ZRiskAssessmentSummary,
  to: ZRiskAssessmentSummary,
  /** In `to` only: new (or reopened) risks. */
  added: z.array(ZRiskSnapshot),
  /** In `from` only: closed or gone since. */
  removed: z.array(ZRiskSnapshot),
  ratingChanged: z.array(
    z.object({ riskId: ZId, key: z.string(), from: ZSnapshotRating, to: ZSnapshotRating }),
  ),
  /** In both, with the same ratings. */
  unchanged: z.number().int(),
});
export type TRiskAssessmentComparison = z.infer<typeof ZRiskAssessmentComparison>;
