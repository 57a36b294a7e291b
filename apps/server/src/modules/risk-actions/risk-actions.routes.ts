import {
  ZCreateRiskActionRequest,
  ZIdParams,
  ZRiskAction,
  ZRiskActionList,
  ZRiskActionOverview,
  ZRiskActionOverviewQuery,
  ZRiskActionParams,
  ZUpdateRiskActionRequest,
} from '@vigil/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import * as actions from './risk-actions.service.ts';

export function riskActionRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/risks/:id/actions',
      {
        schema: {
          tags: ['risk-actions'],
          summary: "A risk's treatment plan: its actions by due date (risk:read)",
          params: ZIdParams,
          response: { 200: ZRiskActionList },
        },
      },
      async (request) => actions.listRiskActions(deps, request.actor, request.params.id),
    );

    app.post(
      '/api/v1/risks/:id/actions',
      {
        schema: {
          tags: ['risk-actions'],
          summary: 'Plan an action for a risk (risk:update; contributors only for the risks they own)',
          params: ZIdParams,
          body: ZCreateRiskActionRequest,
          response: { 201: ZRiskAction },
        },
      },
      async (request, reply) => {
        const created = await actions.createAction(
          deps,
          request.actor,
          request.audit,
          request.params.id,
          request.body,
        );
        return reply.code(201).send(created);
      },
    );

    app.patch(
      '/api/v1/risks/:id/actions/:actionId',
      {
        schema: {
          tags: ['risk-actions'],
          summary:
            'Edit an action (risk:update; contributors only the actions they own or of risks they own); done needs completionNote',
          params: ZRiskActionParams,
          body: ZUpdateRiskActionRequest,
          response: { 200: ZRiskAction },
        },
      },
      async (request) =>
        actions.updateAction(
          deps,
          request.actor,
          request.audit,
          request.params.id,
          request.params.actionId,
          request.body,
        ),
    );

    app.get(
      '/api/v1/risk-actions',
      {
        schema: {
          tags: ['risk-actions'],
          summary: "The organisation's actions, e.g. every overdue one, with their risks (risk:read)",
          querystring: ZRiskActionOverviewQuery,
          response: { 200: ZRiskActionOverview },
        },
      },
      async (request) => actions.listActions(deps, request.actor, request.query),
    );
  };
}
