import type { TControlCheck } from '@vigil/contracts';
import { useCan } from '../auth/me-context.tsx';
import { useMyMembershipId } from '../risks/risk-detail.queries.ts';

/**
 * What the signed-in person may do with control checks, to show or hide their actions (as the server's
 * control-checks policy): `control:manage` adds, edits and retires checks and records any of them;
 * `control:update` alone (contributors) records only the checks assigned to them. The server decides
 * and refuses anything else with a 403 the dialogs show. `needMyId` also looks up the person's
 * membership id when the rules alone would not need it (the "Mine" filter).
 */
export function useCheckAccess(needMyId = false) {
  const can = useCan();
  const mayManage = can('control:manage');
  const assignedOnly = !mayManage && can('control:update');
  const myMembershipId = useMyMembershipId(assignedOnly || needMyId);
  return {
    mayManage,
    myMembershipId,
    /** Record a run of the check: an active check, any with `control:manage`, else one assigned to me. */
    mayRecord: (check: TControlCheck) =>
      check.retiredAt === null &&
      (mayManage || (assignedOnly && myMembershipId !== null && check.assignee.id === myMembershipId)),
  };
}
