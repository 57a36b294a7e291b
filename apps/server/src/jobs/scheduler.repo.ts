import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/types.ts';

/**
 * SQL of the scheduler's own bookkeeping: one `scheduler_jobs` row per job, instance-wide (jobs work on
 * every organisation, so these rows carry none).
 */

/** Creates the job's row on its first run anywhere; a row that exists is left as it is. */
export async function ensureJob(db: Kysely<DB>, name: string): Promise<void> {
  await db
    .insertInto('scheduler_jobs')
    .values({ name, last_run_at: null, last_error: null })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

/** When the job last ran (on any node), or null when it never did. */
export async function lastRunAt(db: Kysely<DB>, name: string): Promise<string | null> {
  const row = await db
    .selectFrom('scheduler_jobs')
    .select('last_run_at')
    .where('name', '=', name)
    .executeTakeFirst();
  return row?.last_run_at ?? null;
}

export async function recordRun(
  db: Kysely<DB>,
  name: string,
  ranAt: string,
  error: string | null,
): Promise<void> {
  await db
    .updateTable('scheduler_jobs')
    .set({ last_run_at: ranAt, last_error: error })
    .where('name', '=', name)
    .execute();
}

/**
 * PostgreSQL only: takes the job's advisory lock for the rest of the transaction `tx`, without waiting;
 * false when another node holds it. Released by commit or rollback, also when a node dies mid-run.
 */
export async function tryJobLock(tx: Kysely<DB>, name: string): Promise<boolean> {
  const { rows } = await sql<{ locked: boolean }>`
    select pg_try_advisory_xact_lock(hashtext(${`vigil:job:${name}`})) as locked
  `.execute(tx);
  return rows[0]?.locked === true;
}
