import type { TRole } from '@vigil/contracts';
import { type Actor, can } from '../../authz/actor.ts';

/**
 * Who may change which risk. `risk:update` lets security officers and admins edit every risk of the
 * organisation; the roles listed here hold it only for the risks they own (the owner is a membership).
 */
export const OWN_RISKS_ONLY: readonly TRole[] = ['contributor'];

export function mayEditRisk(actor: Actor, risk: { ownerId: string }): boolean {
  if (!can(actor, 'risk:update') || actor.role === null) return false;
  return !OWN_RISKS_ONLY.includes(actor.role) || actor.membershipId === risk.ownerId;
}
