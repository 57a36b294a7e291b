import { type TOrganisation, ZRole } from '@vigil/contracts';
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
