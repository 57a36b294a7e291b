import {
  type TControlCheck,
  type TControlCheckRun,
  type TEvidenceRef,
  ZCheckFrequency,
  ZCheckMethod,
  ZCheckResult,
} from '@vigil/contracts';
import { controlKey } from '../controls/controls.presenter.ts';
import { dueState } from './check-schedule.ts';
import type { CheckRow, RunRow } from './control-checks.repo.ts';

/** A check as the API shows it, due or overdue against `today` (YYYY-MM-DD, the organisation's). */
export function presentCheck(row: CheckRow, today: string): TControlCheck {
  return {
    id: row.id,
    control: {
      id: row.control_id,
      key: controlKey({ annex_ref: row.control_annex_ref, key_number: row.control_key_number }),
      title: row.control_title,
    },
    title: row.title,
    method: ZCheckMethod.parse(row.method),
    procedure: row.procedure,
    frequency: ZCheckFrequency.parse(row.frequency),
    assignee: { id: row.assignee_id, name: row.assignee_name },
    nextDueOn: row.next_due_on,
    ...dueState({ nextDueOn: row.next_due_on, retired: row.retired_at !== null }, today),
    retiredAt: row.retired_at,
    lastRun:
      row.last_run_id !== null && row.last_run_on !== null && row.last_result !== null
        ? { id: row.last_run_id, result: ZCheckResult.parse(row.last_result), performedOn: row.last_run_on }
        : null,
    openFollowUp:
      row.follow_up_run_id !== null && row.follow_up_since !== null
        ? { runId: row.follow_up_run_id, since: row.follow_up_since }
        : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

/** A run with the evidence it looked at, as that evidence is now. */
export function presentRun(row: RunRow, evidence: readonly TEvidenceRef[]): TControlCheckRun {
  return {
    id: row.id,
    checkId: row.check_id,
    result: ZCheckResult.parse(row.result),
    notes: row.notes,
    performedOn: row.performed_on,
    performedBy: { id: row.performed_by, name: row.performer_name },
    evidence: [...evidence],
    followUpRequired: row.follow_up_required,
    nextDueOn: row.next_due_on,
    recordedAt: row.recorded_at,
  };
}
