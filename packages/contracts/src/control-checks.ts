import { z } from 'zod';
import { ZId, ZName, ZTimestamp } from './common.ts';
import { ZEvidenceRef } from './evidence.ts';

/**
 * Control checks (ISO/IEC 27001 9.1, monitoring and measurement): how the organisation tests that a
 * control works. A check belongs to a control and says how (method, procedure), how often (frequency) and
 * who (assignee); each run records the result, with notes and evidence, and schedules the next one. The
 * results and the freshness of the control's evidence give the control its health, shown on the control
 * and in the Statement of Applicability.
 */

// ---------------------------------------------------------------- vocabulary

export const CHECK_METHODS = ['inspect', 'interview', 'test', 'automated'] as const;
export type TCheckMethod = (typeof CHECK_METHODS)[number];
export const ZCheckMethod = z.enum(CHECK_METHODS, {
  error: 'Choose inspect, interview, test or automated',
});

export const CHECK_FREQUENCIES = ['monthly', 'quarterly', 'half_yearly', 'yearly'] as const;
export type TCheckFrequency = (typeof CHECK_FREQUENCIES)[number];
export const ZCheckFrequency = z.enum(CHECK_FREQUENCIES, {
  error: 'Choose monthly, quarterly, half-yearly or yearly',
});

/**
 * Calendar months from a run to the next one. The next due date is the run's date plus these months; a
 * day the month does not have becomes its last day (31 January + 1 month = 28 or 29 February).
 */
export const CHECK_FREQUENCY_MONTHS: Record<TCheckFrequency, number> = {
  monthly: 1,
  quarterly: 3,
  half_yearly: 6,
  yearly: 12,
};

/** What a run found. The same values as the Statement of Applicability's health (`SOA_HEALTH_STATUSES`). */
export const CHECK_RESULTS = ['effective', 'partly_effective', 'not_effective'] as const;
export type TCheckResult = (typeof CHECK_RESULTS)[number];
export const ZCheckResult = z.enum(CHECK_RESULTS, {
  error: 'Choose effective, partly effective or not effective',
});

/** A check is due soon from today to this many days ahead (in the organisation's time zone). */
export const CHECK_DUE_SOON_DAYS = 7;

// ---------------------------------------------------------------- control health

export const CONTROL_HEALTH_STATUSES = [
  'unchecked',
  'effective',
  'partly_effective',
  'not_effective',
  'overdue',
] as const;
export type TControlHealthStatus = (typeof CONTROL_HEALTH_STATUSES)[number];
export const ZControlHealthStatus = z.enum(CONTROL_HEALTH_STATUSES);

/**
 * How well a control works, from its active checks (retired ones never count) and its evidence (archived
 * items never count). "Today" is the organisation's.
 *
 * `result` is how the control fared when last checked: the worst of the last results of its active checks
 * (not effective, then partly effective, then effective), except that `effective` becomes
 * `partly_effective` while some of the control's evidence is stale (its valid-until date has passed);
 * null while none of its active checks has run. The Statement of Applicability shows this result with
 * `lastCheckedOn`.
 *
 * `status` sums the control up, the first rule that holds deciding:
 * 1. `not_effective`: `result` is not effective;
 * 2. `overdue`: an active check is past its due date (due before today);
 * 3. `unchecked`: no active check has run (the control has no active check, or none ran yet);
 * 4. otherwise `result` (`partly_effective` or `effective`).
 */
export const ZControlHealth = z.object({
  status: ZControlHealthStatus,
  result: ZCheckResult.nullable(),
  /** YYYY-MM-DD of the latest run of an active check; null when none has run. */
  lastCheckedOn: z.iso.date().nullable(),
  activeChecks: z.number().int(),
  /** Active checks due before today. */
  overdueChecks: z.number().int(),
  /** Active checks whose not-effective result still waits for an effective run (see `openFollowUp`). */
  openFollowUps: z.number().int(),
  /** Evidence items linked to the control, archived ones left out. */
  evidence: z.number().int(),
  /** Of those, the items whose valid-until date has passed. */
  staleEvidence: z.number().int(),
});
export type TControlHealth = z.infer<typeof ZControlHealth>;

// ---------------------------------------------------------------- checks

const ZCheckText = z.string().trim().max(4000, 'Use at most 4000 characters');
const ZDueOn = z.iso.date({ error: 'Give the date as YYYY-MM-DD' });

/** The control a check belongs to. */
export const ZCheckControlRef = z.object({
  id: ZId,
  /** `A.5.1` or `VC-3`. */
  key: z.string(),
  title: z.string(),
});

/** The latest run of a check, in short. */
export const ZCheckRunRef = z.object({
  id: ZId,
  result: ZCheckResult,
  /** YYYY-MM-DD. */
  performedOn: z.iso.date(),
});
export type TCheckRunRef = z.infer<typeof ZCheckRunRef>;

export const ZControlCheck = z.object({
  id: ZId,
  control: ZCheckControlRef,
  title: z.string(),
  method: ZCheckMethod,
  /** How to carry the check out, step by step. */
  procedure: z.string(),
  frequency: ZCheckFrequency,
  /** A membership of the organisation whose role may record runs; they are notified when it is due. */
  assignee: z.object({ id: ZId, name: z.string() }),
  /** YYYY-MM-DD: set when the check is created, then the last run's date plus the frequency. */
  nextDueOn: z.iso.date(),
  /** Active and due before today (in the organisation's time zone). */
  overdue: z.boolean(),
  /** Active, not overdue, and due within `CHECK_DUE_SOON_DAYS` days. */
  dueSoon: z.boolean(),
  /** A retired check is kept with its runs, is never due and no longer counts for the control's health. */
  retiredAt: ZTimestamp.nullable(),
  lastRun: ZCheckRunRef.nullable(),
  /**
   * Open while the check's results since its last effective run include a not-effective one: the first
   * such run and its date. An effective run closes it (the corrective-action module will take it over).
   */
  openFollowUp: z.object({ runId: ZId, since: z.iso.date() }).nullable(),
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
  version: z.number().int(),
});
export type TControlCheck = z.infer<typeof ZControlCheck>;

/** A control's checks: active ones by due date, then retired ones. */
export const ZControlCheckList = z.object({ items: z.array(ZControlCheck) });
export type TControlCheckList = z.infer<typeof ZControlCheckList>;

export const ZControlCheckParams = z.object({ id: ZId, checkId: ZId });

export const ZCreateControlCheckRequest = z.object({
  title: ZName,
  method: ZCheckMethod,
  procedure: ZCheckText.optional(),
  frequency: ZCheckFrequency,
  /** An active member whose role may record checks (a contributor, security officer, admin or owner). */
  assigneeId: ZId,
  /** The first due date: today or later. */
  nextDueOn: ZDueOn,
});
export type TCreateControlCheckRequest = z.infer<typeof ZCreateControlCheckRequest>;

/**
 * A change of an active check: only the fields sent change; `version` is the one you read. A new
 * frequency moves the due date to the last run's date plus the new frequency, unless `nextDueOn` is sent
 * (a due date that changes must be today or later).
 */
export const ZUpdateControlCheckRequest = z.object({
  version: z.number().int().min(1),
  title: ZName.optional(),
  method: ZCheckMethod.optional(),
  procedure: ZCheckText.optional(),
  frequency: ZCheckFrequency.optional(),
  assigneeId: ZId.optional(),
  nextDueOn: ZDueOn.optional(),
});
export type TUpdateControlCheckRequest = z.infer<typeof ZUpdateControlCheckRequest>;

// ---------------------------------------------------------------- runs

/**
 * One run of a check, never changed once recorded: a correction is a new run (on the same day or later)
 * whose notes say what it corrects; the latest run counts.
 */
export const ZControlCheckRun = z.object({
  id: ZId,
  checkId: ZId,
  result: ZCheckResult,
  notes: z.string(),
  /** YYYY-MM-DD: when the check was carried out. */
  performedOn: z.iso.date(),
  /** The member who recorded it. */
  performedBy: z.object({ id: ZId, name: z.string() }),
  /** The evidence looked at, as it is now (stale, archived). */
  evidence: z.array(ZEvidenceRef),
  /** The result was not effective: the check shows an open follow-up until an effective run. */
  followUpRequired: z.boolean(),
  /** YYYY-MM-DD: the due date this run scheduled. */
  nextDueOn: z.iso.date(),
  recordedAt: ZTimestamp,
});
export type TControlCheckRun = z.infer<typeof ZControlCheckRun>;

/** Newest first. */
export const ZControlCheckRunList = z.object({ items: z.array(ZControlCheckRun) });
export type TControlCheckRunList = z.infer<typeof ZControlCheckRunList>;

/**
 * Record a run. `performedOn` is neither in the future nor before the check's latest run; `notes` are
 * required unless the result is effective; the evidence must be the organisation's and not archived.
 */
export const ZRecordControlCheckRunRequest = z.object({
  result: ZCheckResult,
  notes: ZCheckText.optional(),
  performedOn: ZDueOn,
  evidenceIds: z.array(ZId).max(20, 'Attach at most 20 evidence items').optional(),
});
export type TRecordControlCheckRunRequest = z.infer<typeof ZRecordControlCheckRunRequest>;

// ---------------------------------------------------------------- the organisation's checks due

export const CHECK_DUE_FILTERS = ['overdue', 'soon', 'all'] as const;
export type TCheckDueFilter = (typeof CHECK_DUE_FILTERS)[number];

/**
 * The organisation's active checks by due date. `due`: `overdue` (due before today), `soon` (due from
 * today to `CHECK_DUE_SOON_DAYS` days ahead), `all` (every active check, the default).
 */
export const ZControlChecksDueQuery = z.object({
  due: z.enum(CHECK_DUE_FILTERS, { error: 'Choose overdue, soon or all' }).optional(),
  assigneeId: ZId.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type TControlChecksDueQuery = z.infer<typeof ZControlChecksDueQuery>;

export const ZControlChecksDue = z.object({ items: z.array(ZControlCheck) });
export type TControlChecksDue = z.infer<typeof ZControlChecksDue>;
