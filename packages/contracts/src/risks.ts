import { z } from 'zod';
import { ZId, ZName, ZTimestamp } from './common.ts';
import { ZPageQuery } from './people.ts';
import { ZRole } from './permissions.ts';
import { ZMethodologyInput } from './risk-methodology.ts';

/**
 * The risk register (ISO/IEC 27001 6.1.2, 6.1.3, 8.2, 8.3): risks rated on the organisation's
 * methodology, with their treatment, owner, linked assets and rating history. Levels are always
 * computed by the server from the ratings; a client never sends one.
 */

// ---------------------------------------------------------------- vocabulary

export const RISK_STATUSES = [
  'identified',
  'assessed',
  'treatment_planned',
  'in_treatment',
  'accepted',
  'closed',
] as const;
export type TRiskStatus = (typeof RISK_STATUSES)[number];
export const ZRiskStatus = z.enum(RISK_STATUSES);

/**
 * The statuses an edit may set. `accepted` is reached only through an acceptance by someone with the
 * authority for the level, `closed` only by closing the risk.
 */
export const EDITABLE_RISK_STATUSES = [
  'identified',
  'assessed',
  'treatment_planned',
  'in_treatment',
] as const;
export type TEditableRiskStatus = (typeof EDITABLE_RISK_STATUSES)[number];
export const ZEditableRiskStatus = z.enum(EDITABLE_RISK_STATUSES, {
  error: 'Choose identified, assessed, treatment planned or in treatment (accept or close the risk instead)',
});

export const RISK_TREATMENTS = ['mitigate', 'accept', 'avoid', 'transfer'] as const;
export type TRiskTreatment = (typeof RISK_TREATMENTS)[number];
export const ZRiskTreatment = z.enum(RISK_TREATMENTS);

export const RISK_SORTS = ['key', 'title', 'level', 'nextReview', 'updated'] as const;
export type TRiskSort = (typeof RISK_SORTS)[number];
export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export type TSortDirection = (typeof SORT_DIRECTIONS)[number];

/** A point on a scale of the methodology (1 to 7; the current methodology's scales decide the upper end). */
const ZScaleValue = z.number().int('Use a whole number on the scale').min(1).max(7);

/** A likelihood and impact as a client sends them. */
export const ZRatingInput = z.object({ likelihood: ZScaleValue, impact: ZScaleValue });
export type TRatingInput = z.infer<typeof ZRatingInput>;

/** A level as shown: key, label and colour from the methodology version the risk was rated with. */
export const ZLevelRef = z.object({ key: z.string(), label: z.string(), colour: z.string() });
export type TLevelRef = z.infer<typeof ZLevelRef>;

export const ZRating = z.object({ likelihood: z.number().int(), impact: z.number().int(), level: ZLevelRef });
export type TRating = z.infer<typeof ZRating>;

export const ZAffects = z.object({
  confidentiality: z.boolean(),
  integrity: z.boolean(),
  availability: z.boolean(),
});
export type TAffects = z.infer<typeof ZAffects>;

const ZRiskText = z.string().trim().max(4000, 'Use at most 4000 characters');
const ZCategory = z.string().trim().min(1, 'Required').max(100, 'Use at most 100 characters');
const ZTag = z.string().trim().min(1, 'A tag cannot be empty').max(40, 'Use at most 40 characters per tag');
const ZTags = z.array(ZTag).max(20, 'Use at most 20 tags');
const ZReason = z.string().trim().min(1, 'Say why').max(1000, 'Use at most 1000 characters');
const ZAssetIds = z.array(ZId).max(50, 'Link at most 50 assets');

// ---------------------------------------------------------------- acceptance of the residual risk

/*
 * Acceptance of a residual risk (ISO/IEC 27001 6.1.3 f): who, when, why, until when, and exactly which
 * rating on which methodology version was accepted. Whether the acceptance still holds is derived, never
 * stored: it goes stale when the rating or methodology version changes, or its expiry passes. Defined
 * here because every risk shows its acceptance state; the acceptances API (risk-acceptances.ts) re-exports.
 */

export const ACCEPTANCE_STALE_REASONS = ['rating_changed', 'expired', 'methodology_changed'] as const;
export type TAcceptanceStaleReason = (typeof ACCEPTANCE_STALE_REASONS)[number];

export const ZRiskAcceptance = z.object({
  id: ZId,
  riskId: ZId,
  /** The acceptor's membership. */
  acceptedBy: z.object({ id: ZId, name: z.string() }),
  acceptorRole: ZRole,
  justification: z.string(),
  methodologyVersion: z.number().int(),
  /** The residual rating accepted (the inherent one when the risk had no residual rating). */
  rating: ZRating,
  acceptedAt: ZTimestamp,
  /** YYYY-MM-DD: the last day the acceptance holds. */
  expiresOn: z.iso.date(),
  withdrawnAt: ZTimestamp.nullable(),
});
export type TRiskAcceptance = z.infer<typeof ZRiskAcceptance>;

/**
 * The acceptance in force (the newest not withdrawn), and whether it still matches the risk: `current`
 * null is "not accepted"; `stale` true is "needs re-acceptance", with the reasons.
 */
export const ZRiskAcceptanceState = z.object({
  current: ZRiskAcceptance.nullable(),
  stale: z.boolean(),
  staleReasons: z.array(z.enum(ACCEPTANCE_STALE_REASONS)),
});
export type TRiskAcceptanceState = z.infer<typeof ZRiskAcceptanceState>;

// ---------------------------------------------------------------- risks

/** A risk as the register lists it. */
export const ZRiskSummary = z.object({
  id: ZId,
  /** Per organisation: `RISK-12`. */
  key: z.string(),
  title: z.string(),
  threat: z.string(),
  vulnerability: z.string(),
  consequence: z.string(),
  category: z.string().nullable(),
  owner: z.object({ id: ZId, name: z.string() }),
  affects: ZAffects,
  /** The methodology version the ratings were made with. */
  methodologyVersion: z.number().int(),
  inherent: ZRating,
  treatment: ZRiskTreatment.nullable(),
  /** The target rating after treatment; null while not rated. */
  residual: ZRating.nullable(),
  /** The residual level, or the inherent one while there is no residual rating. */
  level: ZLevelRef,
  status: ZRiskStatus,
  /** YYYY-MM-DD, from the level's review interval. */
  nextReviewOn: z.iso.date(),
  /** The review date has passed (closed risks are never overdue). */
  reviewOverdue: z.boolean(),
  tags: z.array(z.string()),
  /** The acceptance of the residual risk in force, and whether it needs re-acceptance. */
  acceptance: ZRiskAcceptanceState,
  closedAt: ZTimestamp.nullable(),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
  version: z.number().int(),
});
export type TRiskSummary = z.infer<typeof ZRiskSummary>;

/** One rating in a risk's history: who, when, why, with which methodology version. */
export const ZRiskRatingEntry = z.object({
  id: ZId,
  methodologyVersion: z.number().int(),
  inherent: ZRating,
  residual: ZRating.nullable(),
  reason: z.string(),
  ratedBy: z.object({ id: ZId, name: z.string() }).nullable(),
  ratedAt: ZTimestamp,
});
export type TRiskRatingEntry = z.infer<typeof ZRiskRatingEntry>;

/** A control that treats the risk; the controls module fills these. */
export const ZRiskControlLink = z.object({ controlId: ZId, key: z.string(), title: z.string() });
export type TRiskControlLink = z.infer<typeof ZRiskControlLink>;

/** A risk with its assets, rating history (newest first) and links to other records. */
export const ZRisk = ZRiskSummary.extend({
  assets: z.array(z.object({ id: ZId, key: z.string(), name: z.string(), archived: z.boolean() })),
  ratingHistory: z.array(ZRiskRatingEntry),
  links: z.object({ controls: z.array(ZRiskControlLink) }),
});
export type TRisk = z.infer<typeof ZRisk>;

export const ZRiskList = z.object({ items: z.array(ZRiskSummary), nextCursor: z.string().nullable() });
export type TRiskList = z.infer<typeof ZRiskList>;

export const ZRiskListQuery = ZPageQuery.extend({
  /** The residual level, or the inherent one while there is no residual rating. */
  level: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,29}$/, 'Give a level key such as high')
    .optional(),
  status: ZRiskStatus.optional(),
  /** `none`: no treatment chosen yet. */
  treatment: z.enum([...RISK_TREATMENTS, 'none']).optional(),
  ownerId: ZId.optional(),
  category: ZCategory.optional(),
  tag: ZTag.optional(),
  assetId: ZId.optional(),
  /** `true`: only open risks whose review date has passed (`false` filters nothing). */
  overdueReview: z.stringbool().optional(),
  /** `true`: only risks still rated with an older methodology version than the current one. */
  outdated: z.stringbool().optional(),
  /** `true`: only risks that are not closed (`false` filters nothing). */
  open: z.stringbool().optional(),
  /** Which rating `likelihood` and `impact` filter on (a heat-map cell); inherent when not given. */
  rating: z.enum(['inherent', 'residual']).optional(),
  likelihood: z.coerce.number().int().min(1).max(7).optional(),
  impact: z.coerce.number().int().min(1).max(7).optional(),
  /** Words in the title, threat, vulnerability or consequence, or a key such as RISK-12. */
  q: z.string().trim().min(1).max(200).optional(),
  sort: z.enum(RISK_SORTS).default('key'),
  direction: z.enum(SORT_DIRECTIONS).default('asc'),
});
export type TRiskListQuery = z.infer<typeof ZRiskListQuery>;

/** The heat map: the register's filters, counted per cell of both ratings instead of listed. */
export const ZRiskHeatMapQuery = ZRiskListQuery.omit({
  limit: true,
  cursor: true,
  sort: true,
  direction: true,
  rating: true,
  likelihood: true,
  impact: true,
});
export type TRiskHeatMapQuery = z.infer<typeof ZRiskHeatMapQuery>;

export const ZHeatMapCell = z.object({
  likelihood: z.number().int(),
  impact: z.number().int(),
  count: z.number().int(),
});
export type THeatMapCell = z.infer<typeof ZHeatMapCell>;

export const ZRiskHeatMap = z.object({
  /** The methodology version whose scales and matrix the cells belong to. */
  methodologyVersion: z.number().int(),
  /** Cells with at least one risk, rated with the current version. */
  inherent: z.array(ZHeatMapCell),
  residual: z.array(ZHeatMapCell),
  /** Matching risks in all, those without a residual rating, and those rated with an older version (not in the cells). */
  total: z.number().int(),
  withoutResidual: z.number().int(),
  outdated: z.number().int(),
});
export type TRiskHeatMap = z.infer<typeof ZRiskHeatMap>;

export const ZCreateRiskRequest = z.object({
  title: ZName,
  threat: ZRiskText.optional(),
  vulnerability: ZRiskText.optional(),
  consequence: ZRiskText.optional(),
  category: ZCategory.nullable().optional(),
  assetIds: ZAssetIds.optional(),
  /** A membership of the organisation. */
  ownerId: ZId,
  affects: ZAffects.optional(),
  inherent: ZRatingInput,
  treatment: ZRiskTreatment.nullable().optional(),
  residual: ZRatingInput.nullable().optional(),
  status: ZEditableRiskStatus.optional(),
  tags: ZTags.optional(),
  /** Why the risk is rated as it is; recorded in the rating history. */
  ratingReason: ZReason.optional(),
});
export type TCreateRiskRequest = z.infer<typeof ZCreateRiskRequest>;

/**
 * A change of a risk: only the fields sent change, `null` clears one; `version` is the one you read.
 * Changing a rating needs `ratingReason` and rates with the current methodology version.
 */
export const ZUpdateRiskRequest = z.object({
  version: z.number().int().min(1),
  title: ZName.optional(),
  threat: ZRiskText.optional(),
  vulnerability: ZRiskText.optional(),
  consequence: ZRiskText.optional(),
  category: ZCategory.nullable().optional(),
  /** The complete set of linked assets. */
  assetIds: ZAssetIds.optional(),
  ownerId: ZId.optional(),
  affects: ZAffects.optional(),
  inherent: ZRatingInput.optional(),
  treatment: ZRiskTreatment.nullable().optional(),
  residual: ZRatingInput.nullable().optional(),
  status: ZEditableRiskStatus.optional(),
  tags: ZTags.optional(),
  ratingReason: ZReason.optional(),
});
export type TUpdateRiskRequest = z.infer<typeof ZUpdateRiskRequest>;

/** Closing or reopening a risk: the version you read, and why. */
export const ZRiskTransitionRequest = z.object({
  version: z.number().int().min(1),
  reason: ZReason.optional(),
});
export type TRiskTransitionRequest = z.infer<typeof ZRiskTransitionRequest>;

// ---------------------------------------------------------------- methodology versions and re-rating

/** A new methodology version, based on the version the editor read (a stale one is refused). */
export const ZUpdateMethodologyRequest = ZMethodologyInput.safeExtend({
  basedOnVersion: z.number().int().min(1),
});
export type TUpdateMethodologyRequest = z.infer<typeof ZUpdateMethodologyRequest>;

export const ZMethodologyVersionSummary = z.object({
  version: z.number().int(),
  current: z.boolean(),
  createdAt: ZTimestamp,
  createdBy: z.object({ id: ZId, name: z.string() }).nullable(),
});
export const ZMethodologyVersionList = z.object({ items: z.array(ZMethodologyVersionSummary) });
export type TMethodologyVersionList = z.infer<typeof ZMethodologyVersionList>;

export const ZMethodologyVersionParams = z.object({
  version: z.coerce.number().int().min(1).max(1_000_000),
});

/** A new rating of one risk on the current methodology version; `version` is the risk's, as you read it. */
export const ZRerating = z
  .object({
    riskId: ZId,
    inherentLikelihood: ZScaleValue,
    inherentImpact: ZScaleValue,
    residualLikelihood: ZScaleValue.nullable().optional(),
    residualImpact: ZScaleValue.nullable().optional(),
    version: z.number().int().min(1),
  })
  .superRefine((r, ctx) => {
    const likelihood = r.residualLikelihood ?? null;
    const impact = r.residualImpact ?? null;
    if ((likelihood === null) !== (impact === null))
      ctx.addIssue({
        code: 'custom',
        path: [likelihood === null ? 'residualLikelihood' : 'residualImpact'],
        message: 'Give both the residual likelihood and impact, or neither',
      });
  });
export type TRerating = z.infer<typeof ZRerating>;

export const ZRerateRequest = z
  .object({
    ratings: z.array(ZRerating).min(1, 'Rate at least one risk').max(1000, 'Rate at most 1000 risks at once'),
    reason: ZReason,
  })
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    r.ratings.forEach((rating, i) => {
      if (seen.has(rating.riskId))
        ctx.addIssue({
          code: 'custom',
          path: ['ratings', i, 'riskId'],
          message: 'This risk is listed twice',
        });
      seen.add(rating.riskId);
    });
  });
export type TRerateRequest = z.infer<typeof ZRerateRequest>;

export const ZRerateResult = z.object({
  /** The version every listed risk is now rated with. */
  methodologyVersion: z.number().int(),
  items: z.array(ZRiskSummary),
});
export type TRerateResult = z.infer<typeof ZRerateResult>;
