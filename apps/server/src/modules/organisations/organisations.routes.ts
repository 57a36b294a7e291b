import { ZOrganisation, ZUpdateOrganisationRequest } from '@vigil/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import * as organisations from './organisations.service.ts';

export function organisationRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/organisation',
      {
        schema: {
          tags: ['organisation'],
          summary: 'The settings of the current organisation (organisation:read)',
          response: { 200: ZOrganisation },
        },
      },
      async (request) => organisations.getOrganisation(deps, request.actor),
    );

    app.patch(
      '/api/v1/organisation',
      {
        schema: {
          tags: ['organisation'],
          summary: 'Change the settings of the current organisation (organisation:update)',
          body: ZUpdateOrganisationRequest,
          response: { 200: ZOrganisation },
        },
      },
      async (request) => organisations.updateOrganisation(deps, request.actor, request.audit, request.body),
    );
  };
}
