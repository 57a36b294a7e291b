import { roleCan, type TPermission, type TRole } from '@vigil/contracts';
import { type Actor, can } from '../../authz/actor.ts';

/**
 * Who may do what with control checks, on the controls vocabulary rather than new permissions: reading
 * them is `control:read`; creating, editing and retiring them is `control:manage` (security officers,
 * admins, owners), since a check decides how a control is tested. Recording a run is `control:update`:
 * holders of `control:manage` record any check, the others (contributors) only the checks assigned to them.
 */
export const RECORD_CHECKS: TPermission = 'control:update';

export function mayRecordRun(actor: Actor, check: { assigneeId: string }): boolean {
  if (can(actor, 'control:manage')) return true;
  return can(actor, RECORD_CHECKS) && actor.membershipId !== null && actor.membershipId === check.assigneeId;
}

/** Whether a role may be assigned checks: one that may record their runs. */
export const mayBeAssigned = (role: TRole): boolean => roleCan(role, RECORD_CHECKS);
