import type { Kysely } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import * as m0001 from './migrations/0001-platform.ts';
import * as m0002 from './migrations/0002-identity.ts';
import * as m0003 from './migrations/0003-risks.ts';
import * as m0004 from './migrations/0004-controls.ts';
import * as m0005 from './migrations/0005-evidence.ts';
import * as m0006 from './migrations/0006-soa.ts';
import * as m0007 from './migrations/0007-control-checks.ts';
import type { DB } from './types.ts';

/** Every migration, in order. Forward-only: a migration is never edited or removed once released. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-platform': m0001,
  '0002-identity': m0002,
  '0003-risks': m0003,
  '0004-controls': m0004,
  '0005-evidence': m0005,
  '0006-soa': m0006,
  '0007-control-checks': m0007,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

function migrator(db: Kysely<DB>): Migrator {
  return new Migrator({
    db,
    provider,
    migrationTableName: 'vigil_migrations',
    migrationLockTableName: 'vigil_migrations_lock',
  });
}

/** Applies pending migrations; returns their names. Throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function pendingMigrations(db: Kysely<DB>): Promise<string[]> {
  const all = await migrator(db).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
