import { type TOrganisation, type TSession, ZRole } from '@vigil/contracts';
import type { Selectable } from 'kysely';
import type { OrganisationsTable } from '../../db/types.ts';

export function presentOrganisation(row: Selectable<OrganisationsTable>): TOrganisation {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    timeZone: row.time_zone,
    locale: row.locale,
    sessionIdleMinutes: row.session_idle_minutes,
    sessionAbsoluteMinutes: row.session_absolute_minutes,
    mfaPolicy: row.mfa_policy,
    mfaRoles: row.mfa_roles.map((r) => ZRole.parse(r)),
    version: row.version,
  };
}

export function presentSession(
  row: {
    id: string;
    created_at: string;
    last_seen_at: string;
    expires_at: string;
    ip: string | null;
    user_agent: string | null;
  },
  currentSessionId: string | null,
): TSession {
  return {
    id: row.id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    ip: row.ip,
    userAgent: row.user_agent,
    current: row.id === currentSessionId,
  };
}
