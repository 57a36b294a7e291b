import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);

  // Published versions of the Statement of Applicability, numbered per organisation. The approver's name
  // and role are frozen with the version (a published SoA names who approved it as they were then); the
  // summary and the completeness warnings acknowledged are frozen as JSON.
  await db.schema
    .createTable('soa_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('approved_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('approver_name', 'text', (c) => c.notNull())
    .addColumn('approver_role', 'text', (c) => c.notNull())
    .addColumn('approval_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('approved_at', t.timestamp, (c) => c.notNull())
    .addColumn('summary', t.json, (c) => c.notNull())
    .addColumn('acknowledged_warnings', t.json, (c) => c.notNull().defaultTo('[]'))
    .addUniqueConstraint('soa_versions_number', ['organisation_id', 'number'])
    .execute();

  // One frozen row per control of a version: the SoA entry as JSON, in the register's key order. The
  // control id is kept without a foreign key: the snapshot stands on its own whatever happens to the control.
  await db.schema
    .createTable('soa_version_items')
    .addColumn('version_id', 'text', (c) => c.notNull().references('soa_versions.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('control_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('entry', t.json, (c) => c.notNull())
    .addPrimaryKeyConstraint('soa_version_items_pk', ['version_id', 'control_id'])
    .execute();
}
