import {
  ZCreateRiskAcceptanceRequest,
  ZIdParams,
  ZRiskAcceptanceList,
  ZRiskAcceptanceParams,
  ZWithdrawRiskAcceptanceRequest,
} from '@vigil/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { withRiskReaders } from '../risks/risks.readers.ts';
import * as acceptances from './risk-acceptances.service.ts';

export function riskAcceptanceRoutes(platform: Deps): FastifyPluginAsyncZod {
  const deps = withRiskReaders(platform);
  return async (app) => {
    app.get(
      '/api/v1/risks/:id/acceptances',
      {
        schema: {
          tags: ['risk-acceptances'],
          summary: "A risk's acceptances, newest first, and whether the current one is stale (risk:read)",
          params: ZIdParams,
          response: { 200: ZRiskAcceptanceList },
        },
      },
      async (request) => acceptances.listAcceptances(deps, request.actor, request.audit, request.params.id),
    );

    app.post(
      '/api/v1/risks/:id/acceptances',
      {
        schema: {
          tags: ['risk-acceptances'],
          summary:
            "Accept the residual risk as it is at `version` (risk:accept, within the authority the risk's methodology gives the acceptor)",
          params: ZIdParams,
          body: ZCreateRiskAcceptanceRequest,
          response: { 201: ZRiskAcceptanceList },
        },
      },
      async (request, reply) => {
        const accepted = await acceptances.acceptRisk(
          deps,
          request.actor,
          request.audit,
          request.params.id,
          request.body,
        );
        return reply.code(201).send(accepted);
      },
    );

    app.post(
      '/api/v1/risks/:id/acceptances/:acceptanceId/withdraw',
      {
        schema: {
          tags: ['risk-acceptances'],
          summary: 'Withdraw an acceptance (risk:accept; the acceptor, or whoever may edit the risk)',
          params: ZRiskAcceptanceParams,
          body: ZWithdrawRiskAcceptanceRequest,
          response: { 200: ZRiskAcceptanceList },
        },
      },
      async (request) =>
        acceptances.withdrawAcceptance(
          deps,
          request.actor,
          request.audit,
          request.params.id,
          request.params.acceptanceId,
          request.body,
        ),
    );
  };
}
