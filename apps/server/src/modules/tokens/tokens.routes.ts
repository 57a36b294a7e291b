import {
  ZApiTokenCreated,
  ZApiTokenCreateRequest,
  ZApiTokenList,
  ZApiTokenListQuery,
  ZIdParams,
} from '@vigil/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import * as tokens from './tokens.service.ts';

export function tokenRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/tokens',
      {
        schema: {
          tags: ['tokens'],
          summary: 'Create a personal API token for the current organisation (shown once)',
          body: ZApiTokenCreateRequest,
          response: { 201: ZApiTokenCreated },
        },
      },
      async (request, reply) => {
        const created = await tokens.createToken(deps, request.actor, request.audit, request.body);
        return reply.code(201).send(created);
      },
    );

    app.get(
      '/api/v1/tokens',
      {
        schema: {
          tags: ['tokens'],
          summary: 'Your API tokens; with all=true every token of the organisation (admins)',
          querystring: ZApiTokenListQuery,
          response: { 200: ZApiTokenList },
        },
      },
      async (request) => ({
        items: await tokens.listTokens(deps, request.actor, { all: request.query.all === true }),
      }),
    );

    app.delete(
      '/api/v1/tokens/:id',
      {
        schema: {
          tags: ['tokens'],
          summary: 'Revoke an API token (your own; admins any of the organisation)',
          params: ZIdParams,
          response: { 204: z.undefined() },
        },
      },
      async (request, reply) => {
        await tokens.revokeToken(deps, request.actor, request.audit, request.params.id);
        return reply.code(204).send();
      },
    );
  };
}
