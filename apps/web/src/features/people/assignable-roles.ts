import { ROLES, type TRole } from '@vigil/contracts';

/**
 * The roles a role may give (invite as, assign): the same rule as the server's people policy
 * (apps/server/src/modules/people/people.policy.ts), which decides; the SPA only avoids offering
 * choices the server would refuse. Only an owner makes owners; a security officer never makes an
 * owner or an admin; other roles give none.
 */
export function assignableRoles(role: TRole | null): readonly TRole[] {
  switch (role) {
    case 'owner':
      return ROLES;
    case 'admin':
      return ROLES.filter((r) => r !== 'owner');
    case 'security_officer':
      return ROLES.filter((r) => r !== 'owner' && r !== 'admin');
    default:
      return [];
  }
}
