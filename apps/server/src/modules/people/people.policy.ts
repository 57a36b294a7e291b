import { ROLES, type TRole } from '@vigil/contracts';

/**
 * Who may give which role. A role that may invite (`person:invite`) or assign roles (`role:assign`)
 * hands out only the roles listed for it here; every other role hands out none. Only an owner makes
 * (or unmakes) owners; a security officer invites but never makes an owner or an admin.
 */
export const ASSIGNABLE_ROLES: Record<TRole, readonly TRole[]> = {
  owner: ROLES,
  admin: ROLES.filter((r) => r !== 'owner'),
  security_officer: ROLES.filter((r) => r !== 'owner' && r !== 'admin'),
  top_management: [],
  internal_auditor: [],
  contributor: [],
  employee: [],
  external_auditor: [],
};

export function canAssignRole(actorRole: TRole | null, role: TRole): boolean {
  return actorRole !== null && ASSIGNABLE_ROLES[actorRole].includes(role);
}

/**
 * Whether the actor may change the role of, disable or enable a membership that has `targetRole`:
 * an owner's membership only by an owner, any other by whoever may assign that role.
 */
export function canManageMember(actorRole: TRole | null, targetRole: TRole): boolean {
  return canAssignRole(actorRole, targetRole);
}

/** Roles whose membership must end on a date: their access is temporary by nature. */
export const ROLES_WITH_EXPIRY: readonly TRole[] = ['external_auditor'];
/** Roles whose membership may not end on a date: the organisation would lose its owners silently. */
export const ROLES_WITHOUT_EXPIRY: readonly TRole[] = ['owner'];
