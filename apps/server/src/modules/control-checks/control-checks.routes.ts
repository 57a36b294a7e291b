import {
  ZControlCheck,
  ZControlCheckList,
  ZControlCheckParams,
  ZControlCheckRun,
  ZControlCheckRunList,
  ZControlChecksDue,
  ZControlChecksDueQuery,
  ZCreateControlCheckRequest,
  ZIdParams,
  ZRecordControlCheckRunRequest,
  ZUpdateControlCheckRequest,
  ZVersionRequest,
} from '@vigil/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import * as checks from './control-checks.service.ts';

export function controlCheckRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/control-checks',
      {
        schema: {
          tags: ['control-checks'],
          summary:
            'The organisation’s active control checks by due date: overdue, due soon or all, optionally one assignee’s (control:read)',
          querystring: ZControlChecksDueQuery,
          response: { 200: ZControlChecksDue },
        },
      },
      async (request) => checks.listChecksDue(deps, request.actor, request.query),
    );

    app.get(
      '/api/v1/controls/:id/checks',
      {
        schema: {
          tags: ['control-checks'],
          summary: 'A control’s checks: active ones by due date, then retired ones (control:read)',
          params: ZIdParams,
          response: { 200: ZControlCheckList },
        },
      },
      async (request) => checks.listControlChecks(deps, request.actor, request.params.id),
    );

    app.post(
      '/api/v1/controls/:id/checks',
      {
        schema: {
          tags: ['control-checks'],
          summary: 'Add a check to a control, with its first due date (control:manage)',
          params: ZIdParams,
          body: ZCreateControlCheckRequest,
          response: { 201: ZControlCheck },
        },
      },
      async (request, reply) => {
        const created = await checks.createControlCheck(
          deps,
          request.actor,
          request.audit,
          request.params.id,
          request.body,
        );
        return reply.code(201).send(created);
      },
    );

    app.get(
      '/api/v1/controls/:id/checks/:checkId',
      {
        schema: {
          tags: ['control-checks'],
          summary: 'One check of a control, with its last run and open follow-up (control:read)',
          params: ZControlCheckParams,
          response: { 200: ZControlCheck },
        },
      },
      async (request) =>
        checks.getControlCheck(deps, request.actor, request.params.id, request.params.checkId),
    );

    app.patch(
      '/api/v1/controls/:id/checks/:checkId',
      {
        schema: {
          tags: ['control-checks'],
          summary:
            'Edit an active check; a new frequency reschedules it from its last run unless nextDueOn is sent (control:manage)',
          params: ZControlCheckParams,
          body: ZUpdateControlCheckRequest,
          response: { 200: ZControlCheck },
        },
      },
      async (request) =>
        checks.updateControlCheck(
          deps,
          request.actor,
          request.audit,
          request.params.id,
          request.params.checkId,
          request.body,
        ),
    );

    app.post(
      '/api/v1/controls/:id/checks/:checkId/retire',
      {
        schema: {
          tags: ['control-checks'],
          summary:
            'Retire a check: kept with its runs, never due again, no longer counted for health (control:manage)',
          params: ZControlCheckParams,
          body: ZVersionRequest,
          response: { 200: ZControlCheck },
        },
      },
      async (request) =>
        checks.retireControlCheck(
          deps,
          request.actor,
          request.audit,
          request.params.id,
          request.params.checkId,
          request.body,
        ),
    );

    app.get(
      '/api/v1/controls/:id/checks/:checkId/runs',
      {
        schema: {
          tags: ['control-checks'],
          summary: 'The runs of a check, newest first, with the evidence each looked at (control:read)',
          params: ZControlCheckParams,
          response: { 200: ZControlCheckRunList },
        },
      },
      async (request) => checks.listCheckRuns(deps, request.actor, request.params.id, request.params.checkId),
    );

    app.post(
      '/api/v1/controls/:id/checks/:checkId/runs',
      {
        schema: {
          tags: ['control-checks'],
          summary:
            'Record a run of a check and schedule the next one (control:update; contributors only the checks assigned to them)',
          params: ZControlCheckParams,
          body: ZRecordControlCheckRunRequest,
          response: { 201: ZControlCheckRun },
        },
      },
      async (request, reply) => {
        const run = await checks.recordCheckRun(
          deps,
          request.actor,
          request.audit,
          request.params.id,
          request.params.checkId,
          request.body,
        );
        return reply.code(201).send(run);
      },
    );
  };
}
