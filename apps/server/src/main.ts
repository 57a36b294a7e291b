import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { type Database, openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { JOBS, SCHEDULER_TICK_MS } from './jobs/jobs.ts';
import { createScheduler } from './jobs/scheduler.ts';
import { lockDataDir } from './lock.ts';
import { issueSetupToken } from './modules/auth/auth.service.ts';
import { loadSecrets } from './secrets.ts';

/** The built web app, next to this package in the workspace. */
export const WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

/**
 * config -> lock the data directory -> secrets -> open the database -> migrate -> build the app -> listen.
 * Whatever fails on the way undoes what was done before it and rethrows with a message for the operator.
 */
export async function startServer(config: Config): Promise<RunningServer> {
  const lock = lockDataDir(config.dataDir, 'vigil serve');
  let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
  try {
    const secrets = loadSecrets(config);
    database = await openDatabase(config.databaseUrl);
    await migrateToLatest(database.db);
    const app = await buildApp({ config, database, webRoot: WEB_ROOT, secretKey: secrets.secretKey });
    const address = await app.listen({ host: config.host, port: config.port });
    app.log.info(
      { database: database.description, publicUrl: config.publicUrl },
      `Vigil is listening on ${address}`,
    );
    // With VIGIL_PORT=0 the port is known only now.
    const publicUrl = config.publicUrl.endsWith(':0') ? address : config.publicUrl;
    await announceSetup(app, database, publicUrl).catch(async (error: unknown) => {
      await app.close();
      throw error;
    });
    const db = database;
    // Scheduled jobs (notifications) start once the server is up; on several nodes, one runs each job.
    const scheduler = createScheduler({ ...app.services, publicUrl }, JOBS, {
      tickMs: SCHEDULER_TICK_MS,
      log: app.log.child({ component: 'scheduler' }),
    });
    scheduler.start();
    let stopping: Promise<void> | undefined;
    return {
      app,
      url: address,
      stop: () => {
        stopping ??= (async () => {
          try {
            await scheduler.stop();
            await app.close();
            await db.close();
          } finally {
            lock.release();
          }
        })();
        return stopping;
      },
    };
  } catch (error) {
    await database?.close().catch(() => {});
    lock.release();
    throw error;
  }
}

/**
 * While no organisation exists, logs a one-time setup link with a fresh token (the previous one dies). Web
 * setup needs that token, so a stranger who reaches a fresh instance first cannot claim it.
 */
async function announceSetup(app: FastifyInstance, database: Database, publicUrl: string): Promise<void> {
  const token = await issueSetupToken({ db: database.db, now: () => new Date() });
  if (token) {
    app.log.warn(
      `No organisation yet: open ${publicUrl}/setup?token=${token} to create the first one (the link works once)`,
    );
  }
}

/** Runs until SIGINT/SIGTERM, then drains requests and closes the database. */
export async function serveUntilSignalled(config: Config): Promise<void> {
  const server = await startServer(config);
  await new Promise<void>((done) => {
    const shutdown = (signal: string) => {
      server.app.log.info(`${signal} received, shutting down`);
      const force = setTimeout(() => process.exit(1), 10_000);
      force.unref();
      server.stop().then(done, (error) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        done();
      });
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
}
