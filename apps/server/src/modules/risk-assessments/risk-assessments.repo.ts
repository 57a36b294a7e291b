import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';

/**
 * SQL of risk assessments: frozen snapshots of the register. Every function takes the organisation id,
 * so another organisation's assessment is never read or written.
 */

function assessmentsQuery(db: Kysely<DB>, organisationId: string) {
  return db
    .selectFrom('risk_assessments as a')
    .leftJoin('users as u', 'u.id', 'a.run_by')
    .select([
      'a.id',
      'a.number',
      'a.title',
      'a.notes',
      'a.methodology_version',
      'a.risk_count',
      'a.run_by',
      'u.name as run_by_name',
      'a.run_at',
    ])
    .where('a.organisation_id', '=', organisationId);
}

export type AssessmentRow = NonNullable<Awaited<ReturnType<typeof getAssessment>>>;

export function getAssessment(db: Kysely<DB>, organisationId: string, assessmentId: string) {
  return assessmentsQuery(db, organisationId).where('a.id', '=', assessmentId).executeTakeFirst();
}

/** Newest first. */
export function listAssessments(db: Kysely<DB>, organisationId: string) {
  return assessmentsQuery(db, organisationId).orderBy('a.number', 'desc').execute();
}

export function listItems(db: Kysely<DB>, organisationId: string, assessmentId: string) {
  return db
    .selectFrom('risk_assessment_items')
    .select(['risk_id', 'snapshot'])
    .where('organisation_id', '=', organisationId)
    .where('assessment_id', '=', assessmentId)
    .execute();
}

export interface NewAssessment {
  id: string;
  number: number;
  title: string;
  notes: string;
  methodology_version: number;
  risk_count: number;
  run_by: string;
  run_at: string;
}

export async function insertAssessment(
  db: Kysely<DB>,
  organisationId: string,
  row: NewAssessment,
  items: readonly { riskId: string; snapshot: string }[],
): Promise<void> {
  await db
    .insertInto('risk_assessments')
    .values({ ...row, organisation_id: organisationId })
    .execute();
  // in chunks, to stay under the bound-parameter limits of both dialects on large registers
  for (let i = 0; i < items.length; i += 500) {
    await db
      .insertInto('risk_assessment_items')
      .values(
        items.slice(i, i + 500).map((item) => ({
          assessment_id: row.id,
          organisation_id: organisationId,
          risk_id: item.riskId,
          snapshot: item.snapshot,
        })),
      )
      .execute();
  }
}
