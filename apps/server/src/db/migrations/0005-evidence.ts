import { type Kysely, sql } from 'kysely';
import { columnTypes } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);

  // The bytes of evidence files, addressed by their SHA-256 within one organisation: the same file
  // uploaded twice is stored once, and no organisation's upload can tell whether another holds a file.
  await db.schema
    .createTable('evidence_blobs')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('content', t.bytes, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('evidence_blobs_pk', ['organisation_id', 'sha256'])
    .execute();

  // Evidence items (EV-n): a link (url) or a file (file_sha256 into evidence_blobs, with the sanitised
  // name and the type detected from its bytes). Archived, never deleted.
  await db.schema
    .createTable('evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('key_number', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('url', 'text')
    .addColumn('file_sha256', 'text')
    .addColumn('file_name', 'text')
    .addColumn('file_type', 'text')
    .addColumn('collected_on', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text')
    .addColumn('uploaded_by', 'text', (c) => c.notNull().references('memberships.id'))
    .addColumn('archived_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('evidence_key', ['organisation_id', 'key_number'])
    .addForeignKeyConstraint('evidence_blob', ['organisation_id', 'file_sha256'], 'evidence_blobs', [
      'organisation_id',
      'sha256',
    ])
    .addCheckConstraint(
      'evidence_kind',
      // a link has a url and no file; a file has its digest, name and type and no url
      sql`(kind = 'link' and url is not null and file_sha256 is null and file_name is null and file_type is null)
        or (kind = 'file' and url is null and file_sha256 is not null and file_name is not null and file_type is not null)`,
    )
    .execute();

  // Which controls each item supports; both belong to the same organisation (checked by the evidence service).
  await db.schema
    .createTable('evidence_controls')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('evidence_id', 'text', (c) => c.notNull().references('evidence.id'))
    .addColumn('control_id', 'text', (c) => c.notNull().references('controls.id'))
    .addPrimaryKeyConstraint('evidence_controls_pk', ['evidence_id', 'control_id'])
    .execute();
  await db.schema
    .createIndex('evidence_controls_control')
    .on('evidence_controls')
    .column('control_id')
    .execute();
}
