import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.ts';

/**
 * SQL of the register's files: the look-ups an export and an import need in bulk (owners' emails, linked
 * asset keys, members by email, assets and risks by key), and the bulk inserts of an import. Every
 * function takes the organisation id. The inserts write the register's own tables in the shape
 * risks.repo gives them (same columns, one rating per new risk, asset links); they exist here because an
 * import writes thousands of rows at once, which the register's one-risk functions cannot do fast.
 */

/** Rows per statement: well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const BATCH = 500;

function* chunks<T>(items: readonly T[], size = BATCH): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

// ---------------------------------------------------------------- reading

/** The email of each membership (its user's), by membership id. */
export async function memberEmails(
  db: Kysely<DB>,
  organisationId: string,
  membershipIds: readonly string[],
): Promise<Map<string, string>> {
  const emails = new Map<string, string>();
  for (const ids of chunks([...new Set(membershipIds)])) {
    const rows = await db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.id', 'u.email'])
      .where('m.organisation_id', '=', organisationId)
      .where('m.id', 'in', ids)
      .execute();
    for (const row of rows) emails.set(row.id, row.email);
  }
  return emails;
}

/** The key numbers of the assets linked to each risk, in key order, by risk id. */
export async function riskAssetKeys(
  db: Kysely<DB>,
  organisationId: string,
  riskIds: readonly string[],
): Promise<Map<string, number[]>> {
  const keys = new Map<string, number[]>();
  for (const ids of chunks(riskIds)) {
    const rows = await db
      .selectFrom('risk_assets as ra')
      .innerJoin('assets as a', (join) =>
        join.onRef('a.id', '=', 'ra.asset_id').onRef('a.organisation_id', '=', 'ra.organisation_id'),
      )
      .select(['ra.risk_id', 'a.key_number'])
      .where('ra.organisation_id', '=', organisationId)
      .where('ra.risk_id', 'in', ids)
      .orderBy('a.key_number')
      .execute();
    for (const row of rows) {
      const list = keys.get(row.risk_id) ?? [];
      list.push(row.key_number);
      keys.set(row.risk_id, list);
    }
  }
  return keys;
}

/** Active members of the organisation among these emails (compared in lower case): membership id by email. */
export async function activeMembersByEmail(
  db: Kysely<DB>,
  organisationId: string,
  emails: readonly string[],
): Promise<Map<string, string>> {
  const members = new Map<string, string>();
  for (const batch of chunks(emails.map((e) => e.toLowerCase()))) {
    const rows = await db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.id', 'u.email'])
      .where('m.organisation_id', '=', organisationId)
      .where('m.status', '=', 'active')
      .where(sql<string>`lower(${sql.ref('u.email')})`, 'in', batch)
      .execute();
    for (const row of rows) members.set(row.email.toLowerCase(), row.id);
  }
  return members;
}

/** Assets of the organisation among these key numbers. */
export async function assetsByKeyNumber(
  db: Kysely<DB>,
  organisationId: string,
  keyNumbers: readonly number[],
): Promise<Map<number, { id: string; archived: boolean }>> {
  const assets = new Map<number, { id: string; archived: boolean }>();
  for (const batch of chunks(keyNumbers)) {
    const rows = await db
      .selectFrom('assets')
      .select(['id', 'key_number', 'archived_at'])
      .where('organisation_id', '=', organisationId)
      .where('key_number', 'in', batch)
      .execute();
    for (const row of rows) assets.set(row.key_number, { id: row.id, archived: row.archived_at !== null });
  }
  return assets;
}

/** The key numbers among these that the organisation's risks have. */
export async function existingRiskKeys(
  db: Kysely<DB>,
  organisationId: string,
  keyNumbers: readonly number[],
): Promise<Set<number>> {
  const found = new Set<number>();
  for (const batch of chunks(keyNumbers)) {
    const rows = await db
      .selectFrom('risks')
      .select('key_number')
      .where('organisation_id', '=', organisationId)
      .where('key_number', 'in', batch)
      .execute();
    for (const row of rows) found.add(row.key_number);
  }
  return found;
}

/** The organisation's name and time zone, and the requesting user's name and email, for file headers. */
export async function fileContext(db: Kysely<DB>, organisationId: string, userId: string) {
  const organisation = await db
    .selectFrom('organisations')
    .select(['name', 'time_zone'])
    .where('id', '=', organisationId)
    .executeTakeFirstOrThrow();
  const user = await db
    .selectFrom('users')
    .select(['name', 'email'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  return {
    organisationName: organisation.name,
    timeZone: organisation.time_zone,
    userName: user.name,
    userEmail: user.email,
  };
}

/** A member's name, for describing a filter; null for no member of the organisation. */
export async function memberName(
  db: Kysely<DB>,
  organisationId: string,
  membershipId: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('u.name')
    .where('m.organisation_id', '=', organisationId)
    .where('m.id', '=', membershipId)
    .executeTakeFirst();
  return row?.name ?? null;
}

/** An asset's key number and name, for describing a filter; null for no asset of the organisation. */
export function assetOf(db: Kysely<DB>, organisationId: string, assetId: string) {
  return db
    .selectFrom('assets')
    .select(['key_number', 'name'])
    .where('organisation_id', '=', organisationId)
    .where('id', '=', assetId)
    .executeTakeFirst();
}

// ---------------------------------------------------------------- bulk inserts (one import)

export interface NewRiskRow {
  id: string;
  key_number: number;
  title: string;
  threat: string;
  vulnerability: string;
  consequence: string;
  category: string | null;
  owner_id: string;
  affects_confidentiality: boolean;
  affects_integrity: boolean;
  affects_availability: boolean;
  methodology_version: number;
  inherent_likelihood: number;
  inherent_impact: number;
  inherent_level: string;
  treatment: string | null;
  residual_likelihood: number | null;
  residual_impact: number | null;
  residual_level: string | null;
  status: string;
  next_review_on: string;
  /** JSON text (`toJson`). */
  tags: string;
}

export async function insertRisks(
  db: Kysely<DB>,
  organisationId: string,
  rows: readonly NewRiskRow[],
  now: string,
): Promise<void> {
  for (const batch of chunks(rows)) {
    await db
      .insertInto('risks')
      .values(
        batch.map((row) => ({
          ...row,
          organisation_id: organisationId,
          closed_at: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  }
}

export async function insertRiskAssets(
  db: Kysely<DB>,
  organisationId: string,
  links: readonly { riskId: string; assetId: string }[],
): Promise<void> {
  for (const batch of chunks(links)) {
    await db
      .insertInto('risk_assets')
      .values(batch.map((l) => ({ organisation_id: organisationId, risk_id: l.riskId, asset_id: l.assetId })))
      .execute();
  }
}

export interface NewRatingRow {
  id: string;
  risk_id: string;
  methodology_version: number;
  inherent_likelihood: number;
  inherent_impact: number;
  inherent_level: string;
  residual_likelihood: number | null;
  residual_impact: number | null;
  residual_level: string | null;
  reason: string;
  rated_by: string;
  rated_at: string;
}

export async function insertRatings(
  db: Kysely<DB>,
  organisationId: string,
  ratings: readonly NewRatingRow[],
): Promise<void> {
  for (const batch of chunks(ratings)) {
    await db
      .insertInto('risk_ratings')
      .values(batch.map((r) => ({ ...r, organisation_id: organisationId })))
      .execute();
  }
}
