import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, inject } from 'vitest';
import { type Database, type Dialect, openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';

export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

let counter = 0;

/**
 * Clean-ups of everything this test file created, run once after the file. Registered at module level
 * because `afterAll` called inside a hook or a test is never run.
 */
const cleanups: Array<() => Promise<void> | void> = [];
/** Runs `cleanup` after this test file, in reverse order of registration. */
export function afterTestFile(cleanup: () => Promise<void> | void): void {
  cleanups.push(cleanup);
}
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A throw-away database URL of the given dialect, removed after the test file. */
export async function freshDatabaseUrl(dialect: Dialect): Promise<string> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-test-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return `sqlite:${join(dir, 'vigil.db')}`;
  }
  const { adminUrl, prefix } = inject('postgres');
  const name = `${prefix}_${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  cleanups.push(async () => {
    const again = new pg.Client({ connectionString: adminUrl });
    await again.connect();
    try {
      await again.query(`drop database if exists "${name}" with (force)`);
    } finally {
      await again.end();
    }
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh database of the given dialect, migrated unless asked not to; closed after the test file. */
export async function freshDatabase(
  dialect: Dialect,
  options: { migrate?: boolean } = {},
): Promise<Database> {
  const database = await openDatabase(await freshDatabaseUrl(dialect));
  cleanups.push(() => database.close());
  if (options.migrate !== false) await migrateToLatest(database.db);
  return database;
}

/**
 * Runs a suite once per dialect. The PostgreSQL run is skipped (reported) when no PostgreSQL answers
 * locally; in CI the global setup has already failed the run in that case.
 */
export function describeEachDialect(name: string, suite: (dialect: Dialect) => void): void {
  for (const dialect of DIALECTS) {
    const skip = dialect === 'postgres' && !inject('postgres').available;
    describe.skipIf(skip)(`${name} [${dialect}]`, () => suite(dialect));
  }
}
