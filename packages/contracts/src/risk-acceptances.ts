import { z } from 'zod';
import { ZId } from './common.ts';
import { ZRiskAcceptance, ZRiskAcceptanceState } from './risks.ts';

/**
 * The acceptances of a residual risk (ISO/IEC 27001 6.1.3 f). The acceptance itself and its derived state
 * are defined with the risk, which shows them (risks.ts), and re-exported here.
 */

export {
  ACCEPTANCE_STALE_REASONS,
  type TAcceptanceStaleReason,
  type TRiskAcceptance,
  type TRiskAcceptanceState,
  ZRiskAcceptance,
  ZRiskAcceptanceState,
} from './risks.ts';

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
