import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: { adminUrl: string; available: boolean; prefix: string };
  }
}

/**
 * Decides once per run whether the PostgreSQL half of the database tests can run. In CI (CI=true) a
 * missing PostgreSQL fails the run; locally its tests are reported as skipped. Every database a run
 * creates carries the run's prefix and is dropped at the end.
 */
export default async function setup(project: TestProject) {
  const adminUrl = process.env.VIGIL_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const prefix = `vigil_t_${Date.now().toString(36)}_${process.pid}`;
  let available = true;
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    available = false;
    const message = `PostgreSQL at ${adminUrl} does not answer (${(error as Error).message})`;
    if (process.env.CI === 'true')
      throw new Error(`${message}: CI requires it (set VIGIL_TEST_POSTGRES_URL)`);
    console.warn(`${message}: PostgreSQL tests are skipped`);
  } finally {
    await client.end().catch(() => {});
  }
  project.provide('postgres', { adminUrl, available, prefix });

  return async () => {
    if (!available) return;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ datname: string }>(
        'select datname from pg_database where datname like $1',
        [`${prefix}%`],
      );
      for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`);
    } finally {
      await admin.end();
    }
  };
}
