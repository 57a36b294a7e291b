import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);

  // Checks of controls (9.1): how, how often and by whom a control is tested. The latest run's id, date
  // and result and the open follow-up (the first not-effective run since the last effective one) are kept
  // on the check, written with each run in its transaction, so that health and the checks due read one
  // table. They point into control_check_runs without a foreign key: the runs reference their check, and
  // a reference back would make the two tables a cycle (the backup restores parents before children).
  // Retired, never deleted.
  await db.schema
    .createTable('control_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('control_id', 'text', (c) => c.notNull().references('controls.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('procedure', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('frequency', 'text', (c) => c.notNull())
    .addColumn('assignee_id', 'text', (c) => c.notNull().references('memberships.id'))
    .addColumn('next_due_on', 'text', (c) => c.notNull())
    .addColumn('last_run_id', 'text')
    .addColumn('last_run_on', 'text')
    .addColumn('last_result', 'text')
    .addColumn('follow_up_run_id', 'text')
    .addColumn('follow_up_since', 'text')
    .addColumn('retired_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createIndex('control_checks_control')
    .on('control_checks')
    .columns(['organisation_id', 'control_id'])
    .execute();
  await db.schema
    .createIndex('control_checks_due')
    .on('control_checks')
    .columns(['organisation_id', 'next_due_on'])
    .execute();

  // Runs of a check: what was found, by whom, when. Never changed once recorded.
  await db.schema
    .createTable('control_check_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('check_id', 'text', (c) => c.notNull().references('control_checks.id'))
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('performed_on', 'text', (c) => c.notNull())
    .addColumn('performed_by', 'text', (c) => c.notNull().references('memberships.id'))
    .addColumn('follow_up_required', t.boolean, (c) => c.notNull())
    .addColumn('next_due_on', 'text', (c) => c.notNull())
    .addColumn('recorded_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('control_check_runs_check')
    .on('control_check_runs')
    .columns(['check_id', 'performed_on'])
    .execute();

  // The evidence each run looked at; both belong to the run's organisation (checked by the service).
  await db.schema
    .createTable('control_check_run_evidence')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('run_id', 'text', (c) => c.notNull().references('control_check_runs.id'))
    .addColumn('evidence_id', 'text', (c) => c.notNull().references('evidence.id'))
    .addPrimaryKeyConstraint('control_check_run_evidence_pk', ['run_id', 'evidence_id'])
    .execute();
}
