import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

/**
 * SQL of notifications: a person's inbox (every function takes the organisation and the user), what the
 * scheduled jobs notify (every function takes the organisation), and mail delivery. The jobs read the
 * risk register's tables (risks, risk_actions, risk_acceptances) read-only, since the risks module offers
 * no cross-organisation query for jobs; they never write them.
 */

// ---------------------------------------------------------------- inbox

/** The last row of a page: the next page starts after it (newest first: created_at, then id). */
export interface NotificationCursor {
  createdAt: string;
  id: string;
}

const INBOX_COLUMNS = [
  'id',
  'kind',
  'subject_type',
  'subject_id',
  'title',
  'body',
  'created_at',
  'read_at',
] as const;

export function listNotifications(
  db: Kysely<DB>,
  organisationId: string,
  userId: string,
  options: { unreadOnly: boolean; after: NotificationCursor | null; limit: number },
) {
  let query = db
    .selectFrom('notifications')
    .select(INBOX_COLUMNS)
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId);
  if (options.unreadOnly) query = query.where('read_at', 'is', null);
  const after = options.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('created_at', '<', after.createdAt),
        eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
      ]),
    );
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
}

export type NotificationRow = Awaited<ReturnType<typeof listNotifications>>[number];

export function getNotification(db: Kysely<DB>, organisationId: string, userId: string, id: string) {
  return db
    .selectFrom('notifications')
    .select(INBOX_COLUMNS)
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function countUnread(db: Kysely<DB>, organisationId: string, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks one unread notification read; a read one keeps when it was first read. */
export async function markRead(
  db: Kysely<DB>,
  organisationId: string,
  userId: string,
  id: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .where('read_at', 'is', null)
    .execute();
}

/** Marks every unread notification of the person in the organisation read; returns how many. */
export async function markAllRead(
  db: Kysely<DB>,
  organisationId: string,
  userId: string,
  now: string,
): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// ---------------------------------------------------------------- what the jobs notify

/**
 * Unscoped on purpose: the scheduled jobs serve every organisation, each on its own calendar (time zone).
 */
export function unsafeListOrganisationCalendars(db: Kysely<DB>) {
  return db.selectFrom('organisations').select(['id', 'time_zone']).orderBy('id').execute();
}

/** What the date conditions of the jobs below compare with: the organisation's calendar and the instant. */
export interface JobWindow {
  /** YYYY-MM-DD, inclusive. */
  from?: string;
  /** YYYY-MM-DD, inclusive. */
  to: string;
  /** ISO-8601 UTC: memberships that ended before it receive nothing. */
  now: string;
}

/**
 * Open treatment actions (neither done nor cancelled) due in the window, with the owner's user when the
 * owner can still act: an active user with an active membership that has not ended.
 */
export function listOpenActionsDue(db: Kysely<DB>, organisationId: string, window: JobWindow) {
  let query = db
    .selectFrom('risk_actions as a')
    .innerJoin('risks as r', (join) =>
      join.onRef('r.id', '=', 'a.risk_id').onRef('r.organisation_id', '=', 'a.organisation_id'),
    )
    .innerJoin('memberships as m', (join) =>
      join.onRef('m.id', '=', 'a.owner_id').onRef('m.organisation_id', '=', 'a.organisation_id'),
    )
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'a.id',
      'a.title',
      'a.due_on',
      'a.risk_id',
      'r.key_number as risk_key_number',
      'r.title as risk_title',
      'm.user_id',
    ])
    .where('a.organisation_id', '=', organisationId)
    .where('a.status', 'not in', ['done', 'cancelled'])
    .where('a.due_on', '<=', window.to)
    .where('m.status', '=', 'active')
    .where((eb) => eb.or([eb('m.expires_at', 'is', null), eb('m.expires_at', '>', window.now)]))
    .where('u.status', '=', 'active');
  if (window.from !== undefined) query = query.where('a.due_on', '>=', window.from);
  return query.orderBy('a.id').execute();
}

/** Open risks (not closed) due for review by the end of the window, with their owner's user who can act. */
export function listRisksDueForReview(db: Kysely<DB>, organisationId: string, window: JobWindow) {
  return db
    .selectFrom('risks as r')
    .innerJoin('memberships as m', (join) =>
      join.onRef('m.id', '=', 'r.owner_id').onRef('m.organisation_id', '=', 'r.organisation_id'),
    )
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['r.id', 'r.key_number', 'r.title', 'r.next_review_on', 'm.user_id'])
    .where('r.organisation_id', '=', organisationId)
    .where('r.status', '<>', 'closed')
    .where('r.closed_at', 'is', null)
    .where('r.next_review_on', '<=', window.to)
    .where('m.status', '=', 'active')
    .where((eb) => eb.or([eb('m.expires_at', 'is', null), eb('m.expires_at', '>', window.now)]))
    .where('u.status', '=', 'active')
    .orderBy('r.id')
    .execute();
}

/**
 * Acceptances that expire by the end of the window (or already have): only the latest acceptance of each
 * open risk, and only when it was not withdrawn. With the acceptor's and the risk owner's users and what
 * says whether each can still act (see `canAct`), and the acceptor's name.
 */
export function listAcceptancesExpiring(db: Kysely<DB>, organisationId: string, window: JobWindow) {
  return db
    .selectFrom('risk_acceptances as ra')
    .innerJoin('risks as r', (join) =>
      join.onRef('r.id', '=', 'ra.risk_id').onRef('r.organisation_id', '=', 'ra.organisation_id'),
    )
    .innerJoin('memberships as am', (join) =>
      join.onRef('am.id', '=', 'ra.accepted_by').onRef('am.organisation_id', '=', 'ra.organisation_id'),
    )
    .innerJoin('users as au', 'au.id', 'am.user_id')
    .innerJoin('memberships as om', (join) =>
      join.onRef('om.id', '=', 'r.owner_id').onRef('om.organisation_id', '=', 'r.organisation_id'),
    )
    .innerJoin('users as ou', 'ou.id', 'om.user_id')
    .select([
      'ra.id',
      'ra.expires_on',
      'r.id as risk_id',
      'r.key_number as risk_key_number',
      'r.title as risk_title',
      'au.name as acceptor_name',
      'au.id as acceptor_user_id',
      'au.status as acceptor_user_status',
      'am.status as acceptor_membership_status',
      'am.expires_at as acceptor_membership_expires_at',
      'ou.id as owner_user_id',
      'ou.status as owner_user_status',
      'om.status as owner_membership_status',
      'om.expires_at as owner_membership_expires_at',
    ])
    .where('ra.organisation_id', '=', organisationId)
    .where('ra.withdrawn_at', 'is', null)
    .where('ra.expires_on', '<=', window.to)
    .where('r.status', '<>', 'closed')
    .where('r.closed_at', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('risk_acceptances as later')
            .select('later.id')
            .whereRef('later.risk_id', '=', 'ra.risk_id')
            .where((eb) =>
              eb.or([
                eb('later.accepted_at', '>', eb.ref('ra.accepted_at')),
                eb.and([
                  eb('later.accepted_at', '=', eb.ref('ra.accepted_at')),
                  eb('later.id', '>', eb.ref('ra.id')),
                ]),
              ]),
            ),
        ),
      ),
    )
    .orderBy('ra.id')
    .execute();
}

/** Whether a person can still act in an organisation at `now`: the same rule the queries above apply. */
export function canAct(
  person: { userStatus: string; membershipStatus: string; membershipExpiresAt: string | null },
  now: string,
): boolean {
  return (
    person.userStatus === 'active' &&
    person.membershipStatus === 'active' &&
    (person.membershipExpiresAt === null || Date.parse(person.membershipExpiresAt) > Date.parse(now))
  );
}

export interface NewNotification {
  id: string;
  userId: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  title: string;
  body: string;
  /** The idempotency key: a second insert with the same key is ignored. */
  dedupeKey: string;
  createdAt: string;
}

/** Rows per INSERT: well under either dialect's limit on bound parameters. */
const INSERT_CHUNK = 200;

/**
 * Inserts the notifications whose dedupe key is new (`on conflict do nothing`, so concurrent runs on
 * several nodes create each one once); returns the ids of those it inserted.
 */
export async function insertNotifications(
  db: Kysely<DB>,
  organisationId: string,
  rows: readonly NewNotification[],
): Promise<string[]> {
  const inserted: string[] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    const result = await db
      .insertInto('notifications')
      .values(
        chunk.map((row) => ({
          id: row.id,
          organisation_id: organisationId,
          user_id: row.userId,
          kind: row.kind,
          subject_type: row.subjectType,
          subject_id: row.subjectId,
          title: row.title,
          body: row.body,
          dedupe_key: row.dedupeKey,
          created_at: row.createdAt,
        })),
      )
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .execute();
    inserted.push(...result.map((r) => r.id));
  }
  return inserted;
}

// ---------------------------------------------------------------- mail

function unmailedQuery(db: Kysely<DB>, now: string) {
  return db
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.user_id')
    .innerJoin('memberships as m', (join) =>
      join.onRef('m.user_id', '=', 'n.user_id').onRef('m.organisation_id', '=', 'n.organisation_id'),
    )
    .select(['n.id', 'n.organisation_id', 'n.subject_type', 'n.subject_id', 'n.title', 'n.body', 'u.email'])
    .where('n.emailed_at', 'is', null)
    .where('u.status', '=', 'active')
    .where('m.status', '=', 'active')
    .where((eb) => eb.or([eb('m.expires_at', 'is', null), eb('m.expires_at', '>', now)]))
    .orderBy('n.created_at')
    .orderBy('n.id');
}

export type UnmailedRow = Awaited<ReturnType<typeof listUnmailed>>[number];

/** Of the given notifications of the organisation, those not mailed yet whose person can still act. */
export function listUnmailed(db: Kysely<DB>, organisationId: string, ids: readonly string[], now: string) {
  return unmailedQuery(db, now)
    .where('n.organisation_id', '=', organisationId)
    .where('n.id', 'in', ids)
    .execute();
}

/**
 * Unscoped on purpose: one retry run serves every organisation. Notifications created at or after `since`
 * and not mailed yet, whose person can still act in that organisation, oldest first.
 */
export function unsafeListUnmailedSince(
  db: Kysely<DB>,
  options: { since: string; now: string; limit: number },
) {
  return unmailedQuery(db, options.now)
    .where('n.created_at', '>=', options.since)
    .limit(options.limit)
    .execute();
}

/**
 * Claims a notification for mailing by setting `emailed_at`, unless someone already did; true when this
 * caller won and should send it. Of several nodes, exactly one wins.
 */
export async function claimForMail(
  db: Kysely<DB>,
  organisationId: string,
  id: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('notifications')
    .set({ emailed_at: at })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .where('emailed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives up this caller's claim after a failed send, so that a later run tries again. */
export async function releaseMailClaim(
  db: Kysely<DB>,
  organisationId: string,
  id: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ emailed_at: null })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', id)
    .where('emailed_at', '=', at)
    .execute();
}
