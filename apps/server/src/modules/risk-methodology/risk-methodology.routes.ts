import {
  ZMethodology,
  ZMethodologyVersionList,
  ZMethodologyVersionParams,
  ZUpdateMethodologyRequest,
} from '@vigil/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import * as methodology from './risk-methodology.service.ts';

export function riskMethodologyRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/risk-methodology',
      {
        schema: {
          tags: ['risk-methodology'],
          summary: 'The current version of the risk methodology (risk:read)',
          response: { 200: ZMethodology },
        },
      },
      async (request) => methodology.getMethodology(deps, request.actor, request.audit),
    );

    app.get(
      '/api/v1/risk-methodology/versions',
      {
        schema: {
          tags: ['risk-methodology'],
          summary: 'Every version of the risk methodology, newest first (risk:read)',
          response: { 200: ZMethodologyVersionList },
        },
      },
      async (request) => methodology.listMethodologyVersions(deps, request.actor, request.audit),
    );

    app.get(
      '/api/v1/risk-methodology/versions/:version',
      {
        schema: {
          tags: ['risk-methodology'],
          summary: 'One version of the risk methodology (risk:read)',
          params: ZMethodologyVersionParams,
          response: { 200: ZMethodology },
        },
      },
      async (request) =>
        methodology.getMethodologyVersion(deps, request.actor, request.audit, request.params.version),
    );

    app.put(
      '/api/v1/risk-methodology',
      {
        schema: {
          tags: ['risk-methodology'],
          summary:
            'Save a new version of the risk methodology (risk_methodology:update); existing ratings keep their version',
          body: ZUpdateMethodologyRequest,
          response: { 200: ZMethodology },
        },
      },
      async (request) => methodology.updateMethodology(deps, request.actor, request.audit, request.body),
    );
  };
}
