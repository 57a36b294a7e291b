import type { TRole } from '@vigil/contracts';
import { type Actor, can } from '../../authz/actor.ts';

/**
 * Who may change which control. `control:update` lets security officers and admins edit every control of
 * the organisation; the roles listed here hold it only for the controls they own (the owner is a
 * membership), so a control nobody owns is theirs to edit only once it is assigned to them.
 */
export const OWN_CONTROLS_ONLY: readonly TRole[] = ['contributor'];

export function mayEditControl(actor: Actor, control: { ownerId: string | null }): boolean {
  if (!can(actor, 'control:update') || actor.role === null) return false;
  return !OWN_CONTROLS_ONLY.includes(actor.role) || actor.membershipId === control.ownerId;
}
