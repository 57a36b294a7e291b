import { z } from 'zod';
import { ZId, ZTimestamp } from './common.ts';
import { ZRole } from './permissions.ts';
import { ZRating } from './risks.ts';

/**
 * Acceptance of a residual risk (ISO/IEC 27001 6.1.3 f): who, when, why, until when, and exactly which
 * rating on which methodology version was accepted. Whether the acceptance still holds is derived, never
 * stored: it goes stale when the rating or methodology version changes, or its expiry passes.
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

/** The acceptance in force (the newest not withdrawn), and whether it still matches the risk. */
export const ZRiskAcceptanceState = z.object({
  current: ZRiskAcceptance.nullable(),
  stale: z.boolean(),
  staleReasons: z.array(z.enum(ACCEPTANCE_STALE_REASONS)),
});
export type TRiskAcceptanceState = z.infer<typeof ZRiskAcceptanceState>;

/** A risk's acceptances, newest first, and the state of the current one. */
export const ZRiskAcceptanceList = z.object({
  items: z.array(ZRiskAcceptance),
  state: ZRiskAcceptanceState,
});
export type TRiskAcceptanceList = z.infer<typeof ZRiskAcceptanceList>;

export const ZRiskAcceptanceParams = z.object({ id: ZId, acceptanceId: ZId });

export const ZCreateRiskAcceptanceRequest = z.object({
  justification: z
    .string()
    .trim()
    .min(10, 'Say why the risk is acceptable, in at least 10 characters')
    .max(4000, 'Use at most 4000 characters'),
  /** YYYY-MM-DD, after today and at most three years ahead. */
  expiresOn: z.iso.date({ error: 'Give the expiry date as YYYY-MM-DD' }),
  /** The risk's version as you read it: the acceptance is of exactly that state. */
  version: z.number().int().min(1),
});
export type TCreateRiskAcceptanceRequest = z.infer<typeof ZCreateRiskAcceptanceRequest>;

export const ZWithdrawRiskAcceptanceRequest = z.object({
  reason: z.string().trim().min(1, 'Say why').max(1000, 'Use at most 1000 characters').optional(),
});
export type TWithdrawRiskAcceptanceRequest = z.infer<typeof ZWithdrawRiskAcceptanceRequest>;
