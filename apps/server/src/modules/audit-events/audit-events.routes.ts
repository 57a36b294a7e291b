import { ZAuditEventListQuery, ZAuditEventPage } from '@vigil/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { listAuditEvents } from './audit-events.service.ts';

export function auditEventRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/audit-events',
      {
        schema: {
          tags: ['audit'],
          summary:
            "The organisation's audit trail, newest first (owners, admins, security officers, auditors)",
          querystring: ZAuditEventListQuery,
          response: { 200: ZAuditEventPage },
        },
      },
      async (request) => listAuditEvents(deps, request.actor, request.query),
    );
  };
}
