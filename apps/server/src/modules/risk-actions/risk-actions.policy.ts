import { type Actor, can } from '../../authz/actor.ts';
import { OWN_RISKS_ONLY } from '../risks/risks.policy.ts';

/**
 * Who may change which action. `risk:update` lets security officers and admins manage the actions of
 * every risk; the roles that hold it only for their own risks may manage the actions of the risks they
 * own, and edit the actions they own themselves.
 */
export function mayManageActions(actor: Actor, risk: { ownerId: string }): boolean {
  if (!can(actor, 'risk:update') || actor.role === null) return false;
  return !OWN_RISKS_ONLY.includes(actor.role) || actor.membershipId === risk.ownerId;
}

export function mayEditAction(actor: Actor, action: { ownerId: string; riskOwnerId: string }): boolean {
  return (
    mayManageActions(actor, { ownerId: action.riskOwnerId }) ||
    (can(actor, 'risk:update') && actor.membershipId === action.ownerId)
  );
}
