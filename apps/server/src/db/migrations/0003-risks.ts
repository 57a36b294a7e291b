import { type Kysely, sql } from 'kysely';
import { columnTypes } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);

  // Per-organisation counters for the keys people talk about (RISK-12, ASSET-3, later CAPA-7).
  await db.schema
    .createTable('key_counters')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('last_value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('key_counters_pk', ['organisation_id', 'kind'])
    .execute();

  await db.schema
    .createTable('risk_methodologies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('current', t.boolean, (c) => c.notNull())
    .addColumn('definition', t.json, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('risk_methodologies_version', ['organisation_id', 'version'])
    .execute();

  await db.schema
    .createTable('assets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('key_number', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('owner_id', 'text', (c) => c.references('memberships.id'))
    .addColumn('classification', 'text', (c) => c.notNull())
    .addColumn('personal_data', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('citizen_data', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('confidentiality', 'integer', (c) => c.notNull())
    .addColumn('integrity', 'integer', (c) => c.notNull())
    .addColumn('availability', 'integer', (c) => c.notNull())
    .addColumn('location', 'text')
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('archived_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('assets_key', ['organisation_id', 'key_number'])
    .execute();

  await db.schema
    .createTable('risks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('key_number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('threat', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('vulnerability', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('consequence', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('category', 'text')
    .addColumn('owner_id', 'text', (c) => c.notNull().references('memberships.id'))
    .addColumn('affects_confidentiality', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('affects_integrity', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('affects_availability', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('methodology_version', 'integer', (c) => c.notNull())
    .addColumn('inherent_likelihood', 'integer', (c) => c.notNull())
    .addColumn('inherent_impact', 'integer', (c) => c.notNull())
    .addColumn('inherent_level', 'text', (c) => c.notNull())
    .addColumn('treatment', 'text')
    .addColumn('residual_likelihood', 'integer')
    .addColumn('residual_impact', 'integer')
    .addColumn('residual_level', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('next_review_on', 'text', (c) => c.notNull())
    .addColumn('tags', t.json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('closed_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('risks_key', ['organisation_id', 'key_number'])
    .execute();
  await db.schema
    .createIndex('risks_org_level')
    .on('risks')
    .columns(['organisation_id', 'residual_level'])
    .execute();
  await db.schema
    .createIndex('risks_org_owner')
    .on('risks')
    .columns(['organisation_id', 'owner_id'])
    .execute();
  await db.schema
    .createIndex('risks_org_review')
    .on('risks')
    .columns(['organisation_id', 'next_review_on'])
    .execute();

  await db.schema
    .createTable('risk_assets')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('risk_id', 'text', (c) => c.notNull().references('risks.id'))
    .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id'))
    .addPrimaryKeyConstraint('risk_assets_pk', ['risk_id', 'asset_id'])
    .execute();
  await db.schema.createIndex('risk_assets_asset').on('risk_assets').column('asset_id').execute();

  // Every change of a rating: who, when, why, under which methodology version.
  await db.schema
    .createTable('risk_ratings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('risk_id', 'text', (c) => c.notNull().references('risks.id'))
    .addColumn('methodology_version', 'integer', (c) => c.notNull())
    .addColumn('inherent_likelihood', 'integer', (c) => c.notNull())
    .addColumn('inherent_impact', 'integer', (c) => c.notNull())
    .addColumn('inherent_level', 'text', (c) => c.notNull())
    .addColumn('residual_likelihood', 'integer')
    .addColumn('residual_impact', 'integer')
    .addColumn('residual_level', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('rated_by', 'text', (c) => c.references('users.id'))
    .addColumn('rated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('risk_ratings_risk')
    .on('risk_ratings')
    .columns(['risk_id', 'rated_at'])
    .execute();

  await db.schema
    .createTable('risk_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('risk_id', 'text', (c) => c.notNull().references('risks.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('memberships.id'))
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('completion_note', 'text')
    .addColumn('evidence_url', 'text')
    .addColumn('completed_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('risk_actions_risk').on('risk_actions').column('risk_id').execute();
  await db.schema
    .createIndex('risk_actions_due')
    .on('risk_actions')
    .columns(['organisation_id', 'status', 'due_on'])
    .execute();

  // The risk owner's approval of the plan and acceptance of the residual risk, frozen to what was accepted.
  await db.schema
    .createTable('risk_acceptances')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('risk_id', 'text', (c) => c.notNull().references('risks.id'))
    .addColumn('accepted_by', 'text', (c) => c.notNull().references('memberships.id'))
    .addColumn('acceptor_role', 'text', (c) => c.notNull())
    .addColumn('justification', 'text', (c) => c.notNull())
    .addColumn('methodology_version', 'integer', (c) => c.notNull())
    .addColumn('residual_likelihood', 'integer', (c) => c.notNull())
    .addColumn('residual_impact', 'integer', (c) => c.notNull())
    .addColumn('residual_level', 'text', (c) => c.notNull())
    .addColumn('accepted_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_on', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', t.timestamp)
    .execute();
  await db.schema
    .createIndex('risk_acceptances_risk')
    .on('risk_acceptances')
    .columns(['risk_id', 'accepted_at'])
    .execute();

  // "Run a risk assessment": a frozen snapshot of the whole register (8.2).
  await db.schema
    .createTable('risk_assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('methodology_version', 'integer', (c) => c.notNull())
    .addColumn('risk_count', 'integer', (c) => c.notNull())
    .addColumn('run_by', 'text', (c) => c.references('users.id'))
    .addColumn('run_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('risk_assessments_number', ['organisation_id', 'number'])
    .execute();
  await db.schema
    .createTable('risk_assessment_items')
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('risk_assessments.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('risk_id', 'text', (c) => c.notNull())
    .addColumn('snapshot', t.json, (c) => c.notNull())
    .addPrimaryKeyConstraint('risk_assessment_items_pk', ['assessment_id', 'risk_id'])
    .execute();

  // In-app notifications; `dedupe_key` makes the scheduler idempotent (a notification is never sent twice).
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('read_at', t.timestamp)
    .addColumn('emailed_at', t.timestamp)
    .execute();
  await db.schema
    .createIndex('notifications_user')
    .on('notifications')
    .columns(['user_id', 'created_at'])
    .execute();

  // One row per scheduled job: when it last ran (the scheduler's own clock).
  await db.schema
    .createTable('scheduler_jobs')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('last_run_at', t.timestamp)
    .addColumn('last_error', 'text')
    .execute();

  if (t.timestamp === 'timestamptz') {
    // full-text search over the register (PostgreSQL); SQLite searches with LIKE
    await sql`create index risks_search on risks using gin (to_tsvector('simple', title || ' ' || threat || ' ' || vulnerability || ' ' || consequence))`.execute(
      db,
    );
  }
}
