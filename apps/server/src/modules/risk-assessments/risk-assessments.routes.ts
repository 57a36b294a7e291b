import {
  ZIdParams,
  ZRiskAssessment,
  ZRiskAssessmentCompareQuery,
  ZRiskAssessmentComparison,
  ZRiskAssessmentList,
  ZRunRiskAssessmentRequest,
} from '@vigil/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import * as assessments from './risk-assessments.service.ts';

export function riskAssessmentRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/risk-assessments',
      {
        schema: {
          tags: ['risk-assessments'],
          summary: 'Risk assessments run so far, newest first (risk:read)',
          response: { 200: ZRiskAssessmentList },
        },
      },
      async (request) => assessments.listAssessments(deps, request.actor),
    );

    app.post(
      '/api/v1/risk-assessments',
      {
        schema: {
          tags: ['risk-assessments'],
          summary: 'Run a risk assessment: freeze a snapshot of every risk not closed (risk_assessment:run)',
          body: ZRunRiskAssessmentRequest,
          response: { 201: ZRiskAssessment },
        },
      },
      async (request, reply) => {
        const run = await assessments.runAssessment(deps, request.actor, request.audit, request.body);
        return reply.code(201).send(run);
      },
    );

    app.get(
      '/api/v1/risk-assessments/compare',
      {
        schema: {
          tags: ['risk-assessments'],
          summary: 'Compare two assessments: new risks, risks closed or gone, changed ratings (risk:read)',
          querystring: ZRiskAssessmentCompareQuery,
          response: { 200: ZRiskAssessmentComparison },
        },
      },
      async (request) => assessments.compareAssessments(deps, request.actor, request.query),
    );

    app.get(
      '/api/v1/risk-assessments/:id',
      {
        schema: {
          tags: ['risk-assessments'],
          summary: 'One assessment with its frozen snapshot of every risk (risk:read)',
          params: ZIdParams,
          response: { 200: ZRiskAssessment },
        },
      },
      async (request) => assessments.getAssessment(deps, request.actor, request.params.id),
    );
  };
}
