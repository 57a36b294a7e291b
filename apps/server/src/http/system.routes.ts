import { ZHealth, ZProblem, ZReadiness } from '@vigil/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { pendingMigrations } from '../db/migrate.ts';
import { VERSION } from '../version.ts';

/** Liveness and readiness, for load balancers and orchestrators. Public: they reveal no data. */
export function systemRoutes(database: Database): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/health',
      {
        schema: {
          tags: ['system'],
          summary: 'The process is up',
          response: { 200: ZHealth },
        },
      },
      async () => ({ status: 'ok' as const, version: VERSION }),
    );

    app.get(
      '/api/ready',
      {
        schema: {
          tags: ['system'],
          summary: 'The database answers and its schema is current',
          response: { 200: ZReadiness, 503: ZReadiness.or(ZProblem) },
        },
      },
      async (request, reply) => {
        let reachable = true;
        let pending = 0;
        try {
          await sql`select 1`.execute(database.db);
          pending = (await pendingMigrations(database.db)).length;
        } catch (error) {
          request.log.warn({ err: error }, 'readiness check failed');
          reachable = false;
        }
        const ready = reachable && pending === 0;
        return reply.code(ready ? 200 : 503).send({
          status: ready ? 'ready' : 'not_ready',
          database: { dialect: database.dialect, reachable, pendingMigrations: pending },
        });
      },
    );
  };
}
