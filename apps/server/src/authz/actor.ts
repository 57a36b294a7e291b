import { ROLE_PERMISSIONS, type TPermission, type TRole, type TSessionRestriction } from '@vigil/contracts';
import { AppError } from '../errors.ts';

/** Who is acting, in which organisation, with which permissions. Built once per request, job or CLI run. */
export interface Actor {
  userId: string;
  /** The session behind a browser request, or null. */
  sessionId: string | null;
  /** The API token behind a bearer request, or null. */
  tokenId: string | null;
  organisationId: string | null;
  membershipId: string | null;
  role: TRole | null;
  permissions: ReadonlySet<TPermission>;
  /** A session that must pass MFA or enrol first may do nothing else. */
  restriction: TSessionRestriction;
}

/** Permissions of a role, narrowed to a token's scopes when the request carries one. */
export function permissionsOf(role: TRole | null, scopes?: readonly string[]): Set<TPermission> {
  const granted = role ? ROLE_PERMISSIONS[role] : [];
  return new Set(scopes ? granted.filter((p) => scopes.includes(p)) : granted);
}

export function can(actor: Actor | null, permission: TPermission): boolean {
  return actor !== null && actor.restriction === null && actor.permissions.has(permission);
}

/** The first line of every service function that needs a permission. */
export function assertCan(
  actor: Actor | null,
  permission: TPermission,
): asserts actor is Actor & { organisationId: string } {
  const signedIn = assertSignedIn(actor);
  if (signedIn.organisationId === null || !signedIn.permissions.has(permission)) {
    throw new AppError('forbidden', 'Your role does not allow this action');
  }
}

/** A signed-in actor with no pending MFA step; otherwise 401 (not signed in) or 403 (MFA pending). */
export function assertSignedIn(actor: Actor | null, options: { allowRestricted?: boolean } = {}): Actor {
  if (!actor) throw new AppError('unauthenticated', 'Sign in to continue');
  if (actor.restriction && !options.allowRestricted) {
    throw new AppError(
      'forbidden',
      actor.restriction === 'mfa_challenge'
        ? 'Enter your authentication code to continue'
        : 'Your organisation requires two-factor authentication: set it up to continue',
      { extensions: { restriction: actor.restriction } },
    );
  }
  return actor;
}
