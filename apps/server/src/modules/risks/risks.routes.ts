import {
  ZCreateRiskRequest,
  ZIdParams,
  ZRerateRequest,
  ZRerateResult,
  ZRisk,
  ZRiskHeatMap,
  ZRiskHeatMapQuery,
  ZRiskList,
  ZRiskListQuery,
  ZRiskTransitionRequest,
  ZUpdateRiskRequest,
} from '@vigil/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { withRiskReaders } from './risks.readers.ts';
import * as risks from './risks.service.ts';

export function riskRoutes(platform: Deps): FastifyPluginAsyncZod {
  const deps = withRiskReaders(platform);
  return async (app) => {
    app.get(
      '/api/v1/risks',
      {
        schema: {
          tags: ['risks'],
          summary: 'The risk register: filter, search, sort, a page at a time (risk:read)',
          querystring: ZRiskListQuery,
          response: { 200: ZRiskList },
        },
      },
      async (request) => risks.listRisks(deps, request.actor, request.audit, request.query),
    );

    app.get(
      '/api/v1/risks/heat-map',
      {
        schema: {
          tags: ['risks'],
          summary:
            'How many risks sit in each cell of the matrix, inherent and residual, under the register filters (risk:read)',
          querystring: ZRiskHeatMapQuery,
          response: { 200: ZRiskHeatMap },
        },
      },
      async (request) => risks.riskHeatMap(deps, request.actor, request.audit, request.query),
    );

    app.post(
      '/api/v1/risks',
      {
        schema: {
          tags: ['risks'],
          summary: 'Register a risk, rated on the current methodology (risk:create)',
          body: ZCreateRiskRequest,
          response: { 201: ZRisk },
        },
      },
      async (request, reply) => {
        const created = await risks.createRisk(deps, request.actor, request.audit, request.body);
        return reply.code(201).send(created);
      },
    );

    app.get(
      '/api/v1/risks/:id',
      {
        schema: {
          tags: ['risks'],
          summary: 'One risk with its assets, rating history and links (risk:read)',
          params: ZIdParams,
          response: { 200: ZRisk },
        },
      },
      async (request) => risks.getRisk(deps, request.actor, request.audit, request.params.id),
    );

    app.patch(
      '/api/v1/risks/:id',
      {
        schema: {
          tags: ['risks'],
          summary:
            'Edit a risk (risk:update; contributors only the risks they own); a rating change needs ratingReason',
          params: ZIdParams,
          body: ZUpdateRiskRequest,
          response: { 200: ZRisk },
        },
      },
      async (request) =>
        risks.updateRisk(deps, request.actor, request.audit, request.params.id, request.body),
    );

    app.post(
      '/api/v1/risks/:id/close',
      {
        schema: {
          tags: ['risks'],
          summary: 'Close a risk (risk:update; contributors only the risks they own)',
          params: ZIdParams,
          body: ZRiskTransitionRequest,
          response: { 200: ZRisk },
        },
      },
      async (request) =>
        risks.setRiskClosed(deps, request.actor, request.audit, request.params.id, true, request.body),
    );

    app.post(
      '/api/v1/risks/:id/reopen',
      {
        schema: {
          tags: ['risks'],
          summary: 'Reopen a closed risk (risk:update; contributors only the risks they own)',
          params: ZIdParams,
          body: ZRiskTransitionRequest,
          response: { 200: ZRisk },
        },
      },
      async (request) =>
        risks.setRiskClosed(deps, request.actor, request.audit, request.params.id, false, request.body),
    );

    app.post(
      '/api/v1/risk-methodology/rerate',
      {
        schema: {
          tags: ['risk-methodology'],
          summary:
            'Move risks to the current methodology version with new ratings, all or nothing (risk_methodology:update)',
          body: ZRerateRequest,
          response: { 200: ZRerateResult },
        },
      },
      async (request) => risks.rerateRisks(deps, request.actor, request.audit, request.body),
    );
  };
}
