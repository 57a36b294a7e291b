import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);

  // The control register: the organisation's copy of the Annex A controls (annex_ref = '5.1'), added on
  // first use, and its own controls (key_number: VC-n). sort_order puts keys in natural order.
  await db.schema
    .createTable('controls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('annex_ref', 'text')
    .addColumn('key_number', 'integer')
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('theme', 'text', (c) => c.notNull())
    .addColumn('new_in_2022', t.boolean, (c) => c.notNull().defaultTo(false))
    .addColumn('control_types', t.json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('properties', t.json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('concepts', t.json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('capabilities', t.json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('domains', t.json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('applicability', 'text', (c) => c.notNull().defaultTo('undecided'))
    .addColumn('inclusion_reasons', t.json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('inclusion_note', 'text')
    .addColumn('exclusion_justification', 'text')
    .addColumn('implementation_status', 'text', (c) => c.notNull().defaultTo('not_started'))
    .addColumn('inherited_from', 'text')
    .addColumn('implementation_description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('owner_id', 'text', (c) => c.references('memberships.id'))
    .addColumn('target_on', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('controls_annex_ref', ['organisation_id', 'annex_ref'])
    .addUniqueConstraint('controls_key', ['organisation_id', 'key_number'])
    .execute();
  await db.schema
    .createIndex('controls_org_order')
    .on('controls')
    .columns(['organisation_id', 'sort_order'])
    .execute();

  // Which risks a control treats; both belong to the same organisation (checked by the controls service).
  await db.schema
    .createTable('control_risks')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('control_id', 'text', (c) => c.notNull().references('controls.id'))
    .addColumn('risk_id', 'text', (c) => c.notNull().references('risks.id'))
    .addPrimaryKeyConstraint('control_risks_pk', ['control_id', 'risk_id'])
    .execute();
  await db.schema.createIndex('control_risks_risk').on('control_risks').column('risk_id').execute();
}
