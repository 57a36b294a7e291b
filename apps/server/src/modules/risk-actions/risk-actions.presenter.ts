import {
  OPEN_RISK_ACTION_STATUSES,
  type TRiskAction,
  type TRiskActionWithRisk,
  ZRiskActionStatus,
} from '@vigil/contracts';
import { formatKey } from '../../db/keys.ts';
import type { ActionRow } from './risk-actions.repo.ts';

/** Still open and due before `today` (YYYY-MM-DD, in the organisation's time zone). */
export function isOverdue(status: string, dueOn: string, today: string): boolean {
  return (OPEN_RISK_ACTION_STATUSES as readonly string[]).includes(status) && dueOn < today;
}

export function presentAction(row: ActionRow, today: string): TRiskAction {
  return {
    id: row.id,
    riskId: row.risk_id,
    title: row.title,
    description: row.description,
    owner: { id: row.owner_id, name: row.owner_name },
    dueOn: row.due_on,
    status: ZRiskActionStatus.parse(row.status),
    completionNote: row.completion_note,
    evidenceUrl: row.evidence_url,
    completedAt: row.completed_at,
    overdue: isOverdue(row.status, row.due_on, today),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export function presentActionWithRisk(row: ActionRow, today: string): TRiskActionWithRisk {
  return {
    ...presentAction(row, today),
    risk: { id: row.risk_id, key: formatKey('risk', row.risk_key_number), title: row.risk_title },
  };
}
