import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import type { Database, Dialect } from '../src/db/database.ts';
import { afterTestFile, freshDatabase } from './databases.ts';

/** A real app over a fresh migrated database of the given dialect, for `app.inject` tests. */
export async function buildTestApp(
  dialect: Dialect,
  options: {
    webRoot?: string | null;
    publicUrl?: string;
    bodyLimit?: number;
    evidenceMaxBytes?: number;
    ready?: boolean;
    logStream?: { write(line: string): void };
    now?: () => Date;
    smtpUrl?: string;
    database?: Database;
  } = {},
): Promise<FastifyInstance> {
  const database = options.database ?? (await freshDatabase(dialect));
  const app = await buildApp({
    config: {
      publicUrl: options.publicUrl ?? 'http://127.0.0.1:3000',
      bodyLimit: options.bodyLimit ?? 1024 * 1024,
      logLevel: options.logStream ? 'info' : 'silent',
      smtpUrl: options.smtpUrl ?? null,
      mailFrom: 'Vigil <vigil@test.invalid>',
      ...(options.evidenceMaxBytes ? { evidenceMaxBytes: options.evidenceMaxBytes } : {}),
    },
    secretKey: randomBytes(32),
    ...(options.now ? { now: options.now } : {}),
    ...(options.logStream ? { logStream: options.logStream } : {}),
    database,
    webRoot: options.webRoot ?? null,
  });
  afterTestFile(() => app.close());
  if (options.ready !== false) await app.ready();
  return app;
}
