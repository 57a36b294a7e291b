import { ZIdParams, ZPeopleQuery, ZPerson, ZPersonList, ZUpdatePersonRequest } from '@vigil/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import * as people from './people.service.ts';

export function peopleRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/people',
      {
        schema: {
          tags: ['people'],
          summary: 'People of the current organisation (person:read), by name, a page at a time',
          querystring: ZPeopleQuery,
          response: { 200: ZPersonList },
        },
      },
      async (request) => people.listPeople(deps, request.actor, request.query),
    );

    app.get(
      '/api/v1/people/:id',
      {
        schema: {
          tags: ['people'],
          summary: 'One person of the current organisation, by membership id (person:read)',
          params: ZIdParams,
          response: { 200: ZPerson },
        },
      },
      async (request) => people.getPerson(deps, request.actor, request.params.id),
    );

    app.patch(
      '/api/v1/people/:id',
      {
        schema: {
          tags: ['people'],
          summary:
            'Edit a membership (person:update; role and end date need role:assign; a role change ends their sessions)',
          params: ZIdParams,
          body: ZUpdatePersonRequest,
          response: { 200: ZPerson },
        },
      },
      async (request) =>
        people.updatePerson(deps, request.actor, request.audit, request.params.id, request.body),
    );

    app.post(
      '/api/v1/people/:id/disable',
      {
        schema: {
          tags: ['people'],
          summary: 'Disable a membership and end its sessions in this organisation (person:disable)',
          params: ZIdParams,
          response: { 200: ZPerson },
        },
      },
      async (request) =>
        people.setPersonStatus(deps, request.actor, request.audit, request.params.id, 'disabled'),
    );

    app.post(
      '/api/v1/people/:id/enable',
      {
        schema: {
          tags: ['people'],
          summary: 'Enable a disabled membership again (person:disable)',
          params: ZIdParams,
          response: { 200: ZPerson },
        },
      },
      async (request) =>
        people.setPersonStatus(deps, request.actor, request.audit, request.params.id, 'active'),
    );
  };
}
