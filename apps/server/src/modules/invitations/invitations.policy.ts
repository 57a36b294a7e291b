import type { TRole } from '@vigil/contracts';
import { canAssignRole } from '../people/people.policy.ts';

/** How long an invitation link works. */
export const INVITATION_VALID_DAYS = 7;

/**
 * An invited external auditor's access ends this many days after they accept: their role needs an end
 * date, and an invitation does not carry one yet. Admins change it on the people page.
 */
export const EXTERNAL_AUDITOR_ACCESS_DAYS = 30;

/**
 * Whether the actor may invite someone as `role`, and so resend or withdraw such an invitation: the
 * same roles they may give (a security officer never invites an owner or an admin).
 */
export function canInviteAs(actorRole: TRole | null, role: TRole): boolean {
  return canAssignRole(actorRole, role);
}

/** When the membership made by accepting an invitation as `role` ends; null when it does not. */
export function membershipExpiryOnAccept(role: TRole, acceptedAt: Date): string | null {
  return role === 'external_auditor'
    ? new Date(acceptedAt.getTime() + EXTERNAL_AUDITOR_ACCESS_DAYS * 86_400_000).toISOString()
    : null;
}
