import type { AuditContext } from '../../audit/audit.ts';
import type { Actor } from '../../authz/actor.ts';
import type { Deps } from '../../deps.ts';

/**
 * Resolves a personal API token (`Authorization: Bearer`) to an actor whose permissions are the
 * owner's role narrowed to the token's scopes; null when unknown, expired, revoked or its owner lost access.
 */
export async function resolveApiToken(
  _deps: Deps,
  _token: string,
  _audit: AuditContext,
): Promise<Actor | null> {
  // Personal API tokens are built in the identity issue's token work; until then every bearer is refused.
  return null;
}
