import { z } from 'zod';
import { ZId, ZName, ZTimestamp } from './common.ts';

/**
 * Treatment plans (ISO/IEC 27001 6.1.3 e, 8.3): actions per risk, each with an owner, a due date and a
 * status. `overdue` is computed by the server against today in the organisation's time zone.
 */

export const RISK_ACTION_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type TRiskActionStatus = (typeof RISK_ACTION_STATUSES)[number];
export const ZRiskActionStatus = z.enum(RISK_ACTION_STATUSES, {
  error: 'Choose planned, in progress, done or cancelled',
});

/** The statuses in which an action is still to be done (and can be overdue). */
export const OPEN_RISK_ACTION_STATUSES: readonly TRiskActionStatus[] = ['planned', 'in_progress'];

const ZActionText = z.string().trim().max(4000, 'Use at most 4000 characters');
const ZCompletionNote = z
  .string()
  .trim()
  .min(1, 'Say what was done')
  .max(4000, 'Use at most 4000 characters');
const ZEvidenceUrl = z
  .url({ protocol: /^https?$/, error: 'Give an http or https link' })
  .max(2000, 'Use at most 2000 characters');
const ZDueOn = z.iso.date({ error: 'Give the due date as YYYY-MM-DD' });

export const ZRiskAction = z.object({
  id: ZId,
  riskId: ZId,
  title: z.string(),
  description: z.string(),
  owner: z.object({ id: ZId, name: z.string() }),
  /** YYYY-MM-DD. */
  dueOn: z.iso.date(),
  status: ZRiskActionStatus,
  completionNote: z.string().nullable(),
  evidenceUrl: z.string().nullable(),
  completedAt: ZTimestamp.nullable(),
  /** Still open and its due date has passed (in the organisation's time zone). */
  overdue: z.boolean(),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
  version: z.number().int(),
});
export type TRiskAction = z.infer<typeof ZRiskAction>;

export const ZRiskActionList = z.object({ items: z.array(ZRiskAction) });
export type TRiskActionList = z.infer<typeof ZRiskActionList>;

/** An action with the risk it treats, for organisation-wide lists. */
export const ZRiskActionWithRisk = ZRiskAction.extend({
  risk: z.object({ id: ZId, key: z.string(), title: z.string() }),
});
export type TRiskActionWithRisk = z.infer<typeof ZRiskActionWithRisk>;

export const ZRiskActionOverview = z.object({ items: z.array(ZRiskActionWithRisk) });
export type TRiskActionOverview = z.infer<typeof ZRiskActionOverview>;

export const ZRiskActionOverviewQuery = z.object({
  /** `true`: only open actions whose due date has passed (`false` filters nothing). */
  overdue: z.stringbool().optional(),
  ownerId: ZId.optional(),
  status: ZRiskActionStatus.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type TRiskActionOverviewQuery = z.infer<typeof ZRiskActionOverviewQuery>;

export const ZRiskActionParams = z.object({ id: ZId, actionId: ZId });

export const ZCreateRiskActionRequest = z.object({
  title: ZName,
  description: ZActionText.optional(),
  /** A membership of the organisation, active. */
  ownerId: ZId,
  dueOn: ZDueOn,
  status: ZRiskActionStatus.optional(),
  /** Required when the status is done. */
  completionNote: ZCompletionNote.nullable().optional(),
  evidenceUrl: ZEvidenceUrl.nullable().optional(),
});
export type TCreateRiskActionRequest = z.infer<typeof ZCreateRiskActionRequest>;

/** A change of an action: only the fields sent change, `null` clears one; `version` is the one you read. */
export const ZUpdateRiskActionRequest = z.object({
  version: z.number().int().min(1),
  title: ZName.optional(),
  description: ZActionText.optional(),
  ownerId: ZId.optional(),
  dueOn: ZDueOn.optional(),
  status: ZRiskActionStatus.optional(),
  completionNote: ZCompletionNote.nullable().optional(),
  evidenceUrl: ZEvidenceUrl.nullable().optional(),
});
export type TUpdateRiskActionRequest = z.infer<typeof ZUpdateRiskActionRequest>;
