import { PERMISSIONS, type TApiToken, type TPermission } from '@vigil/contracts';
import type { TokenRow } from './tokens.repo.ts';

const KNOWN = new Set<string>(PERMISSIONS);

/** Scopes still in the vocabulary: a permission retired later simply stops being granted. */
export function knownScopes(scopes: readonly string[]): TPermission[] {
  return scopes.filter((s): s is TPermission => KNOWN.has(s));
}

export function presentToken(row: TokenRow): TApiToken {
  return {
    id: row.id,
    name: row.name,
    tokenPrefix: row.token_prefix,
    scopes: knownScopes(row.scopes),
    owner: { id: row.user_id, name: row.owner_name, email: row.owner_email },
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
  };
}
