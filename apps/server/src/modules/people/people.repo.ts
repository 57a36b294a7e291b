import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.ts';

/**
 * SQL of people: memberships of one organisation joined with their users. Every function takes the
 * organisation id, so a membership of another organisation is never read or written.
 */

export interface PeopleFilter {
  status?: string | undefined;
  role?: string | undefined;
  department?: string | undefined;
  search?: string | undefined;
}

/** The last row of a page: the next page starts after it (people are ordered by name, then id). */
export interface PeopleCursor {
  name: string;
  id: string;
}

function peopleQuery(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('memberships as mm', (join) =>
      join.onRef('mm.id', '=', 'm.manager_id').onRef('mm.organisation_id', '=', 'm.organisation_id'),
    )
    .leftJoin('users as mu', 'mu.id', 'mm.user_id')
    .select([
      'm.id',
      'm.user_id',
      'u.name',
      'u.email',
      'u.totp_enabled_at',
      'm.role',
      'm.status',
      'm.department',
      'm.job_title',
      'm.seniority',
      'm.access_level',
      'm.manager_id',
      'mu.name as manager_name',
      'm.expires_at',
      'm.created_at',
      'm.updated_at',
      'm.version',
    ])
    .where('m.organisation_id', '=', organisationId);
}

export type PersonRow = NonNullable<Awaited<ReturnType<typeof getPerson>>>;

/** `%text%` for LIKE, with LIKE's wildcards in the text taken literally. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function listPeople(
  db: Kysely<DB>,
  organisationId: string,
  filter: PeopleFilter,
  page: { limit: number; after: PeopleCursor | null },
) {
  let query = peopleQuery(db, organisationId);
  if (filter.status) query = query.where('m.status', '=', filter.status as 'active' | 'disabled');
  if (filter.role) query = query.where('m.role', '=', filter.role);
  if (filter.department) query = query.where('m.department', '=', filter.department);
  if (filter.search) {
    const pattern = containsPattern(filter.search);
    query = query.where(
      (eb) =>
        sql<boolean>`(lower(${eb.ref('u.name')}) like ${pattern} escape '\\' or lower(${eb.ref('u.email')}) like ${pattern} escape '\\')`,
    );
  }
  const after = page.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('u.name', '>', after.name),
        eb.and([eb('u.name', '=', after.name), eb('m.id', '>', after.id)]),
      ]),
    );
  }
  return query.orderBy('u.name').orderBy('m.id').limit(page.limit).execute();
}

export function getPerson(db: Kysely<DB>, organisationId: string, membershipId: string) {
  return peopleQuery(db, organisationId).where('m.id', '=', membershipId).executeTakeFirst();
}

/** The manager of a membership of this organisation: undefined when there is no such membership. */
export async function getManagerId(
  db: Kysely<DB>,
  organisationId: string,
  membershipId: string,
): Promise<string | null | undefined> {
  const row = await db
    .selectFrom('memberships')
    .select('manager_id')
    .where('organisation_id', '=', organisationId)
    .where('id', '=', membershipId)
    .executeTakeFirst();
  return row ? row.manager_id : undefined;
}

export interface MembershipChanges {
  department?: string | null;
  job_title?: string | null;
  seniority?: string | null;
  access_level?: string | null;
  manager_id?: string | null;
  role?: string;
  expires_at?: string | null;
  status?: 'active' | 'disabled';
}

/** Applies changes when the membership still has `version`; false when it was changed meanwhile. */
export async function updateMembership(
  db: Kysely<DB>,
  organisationId: string,
  membershipId: string,
  version: number,
  changes: MembershipChanges,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('memberships')
    .set((eb) => ({ ...changes, updated_at: now, version: eb('version', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('id', '=', membershipId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Owners of the organisation who can still act: active and not past their end date. */
export async function countActiveOwners(
  db: Kysely<DB>,
  organisationId: string,
  now: string,
): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organisation_id', '=', organisationId)
    .where('role', '=', 'owner')
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Ends a user's sessions in this organisation (their sessions elsewhere go on); returns how many.
 * Sessions are the auth module's table: this is the one write people make to it, when a membership
 * is disabled or its privileges change.
 */
export async function revokeSessionsInOrganisation(
  db: Kysely<DB>,
  organisationId: string,
  userId: string,
  now: string,
): Promise<number> {
  const result = await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
