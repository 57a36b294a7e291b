import {
  ZChangePasswordRequest,
  ZIdParams,
  ZLoginRequest,
  ZLoginResponse,
  ZMe,
  ZSessionList,
  ZSetupRequest,
  ZSetupStatus,
  ZSwitchOrganisationRequest,
} from '@vigil/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createDemoOrganisation } from '../../demo/demo.ts';
import type { Deps } from '../../deps.ts';
import { clearSessionCookie, requestMeta, setSessionCookie } from '../../http/authenticate.ts';
import * as auth from './auth.service.ts';

/** Per IP, on top of the per-account limit in the service (S6). */
const AUTH_RATE_LIMIT = { max: 30, timeWindow: '15 minutes' } as const;

export function authRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/setup',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'Whether this instance still needs its first organisation',
          response: { 200: ZSetupStatus },
        },
      },
      async () => ({ required: await auth.setupRequired(deps) }),
    );

    app.post(
      '/api/v1/setup',
      {
        config: { public: true, rateLimit: AUTH_RATE_LIMIT },
        schema: {
          tags: ['auth'],
          summary:
            'Create the first organisation and its owner with the setup token from the server log; `demo: true` makes it the demo organisation',
          body: ZSetupRequest,
          response: { 201: ZLoginResponse },
        },
      },
      async (request, reply) => {
        const session = await auth.setup(
          deps,
          request.audit,
          requestMeta(request),
          request.body,
          createDemoOrganisation,
        );
        setSessionCookie(reply, session.token, session.expiresAt);
        return reply.code(201).send({ restriction: session.restriction });
      },
    );

    app.post(
      '/api/v1/auth/login',
      {
        config: { public: true, rateLimit: AUTH_RATE_LIMIT },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with email and password',
          body: ZLoginRequest,
          response: { 200: ZLoginResponse },
        },
      },
      async (request, reply) => {
        const session = await auth.login(deps, request.audit, requestMeta(request), request.body);
        setSessionCookie(reply, session.token, session.expiresAt);
        return { restriction: session.restriction };
      },
    );

    app.post(
      '/api/v1/auth/logout',
      {
        config: { public: true },
        schema: { tags: ['auth'], summary: 'End this session', response: { 204: z.undefined() } },
      },
      async (request, reply) => {
        await auth.logout(deps, request.actor, request.audit);
        clearSessionCookie(reply);
        return reply.code(204).send();
      },
    );

    app.get(
      '/api/v1/me',
      {
        schema: {
          tags: ['me'],
          summary: 'The signed-in user, their organisations and abilities',
          response: { 200: ZMe },
        },
      },
      async (request) => auth.getMe(deps, request.actor),
    );

    app.put(
      '/api/v1/me/organisation',
      {
        schema: {
          tags: ['me'],
          summary: 'Switch to another organisation of yours (the session gets a new token)',
          body: ZSwitchOrganisationRequest,
          response: { 200: ZLoginResponse },
        },
      },
      async (request, reply) => {
        const session = await auth.switchOrganisation(
          deps,
          request.actor,
          request.audit,
          requestMeta(request),
          request.body.organisationId,
        );
        setSessionCookie(reply, session.token, session.expiresAt);
        return { restriction: session.restriction };
      },
    );

    app.get(
      '/api/v1/me/sessions',
      { schema: { tags: ['me'], summary: 'Your active sessions', response: { 200: ZSessionList } } },
      async (request) => ({ items: await auth.listMySessions(deps, request.actor) }),
    );

    app.delete(
      '/api/v1/me/sessions/:id',
      {
        schema: {
          tags: ['me'],
          summary: 'End one of your sessions',
          params: ZIdParams,
          response: { 204: z.undefined() },
        },
      },
      async (request, reply) => {
        await auth.revokeMySession(deps, request.actor, request.audit, request.params.id);
        return reply.code(204).send();
      },
    );

    app.post(
      '/api/v1/me/password',
      {
        config: { rateLimit: AUTH_RATE_LIMIT },
        schema: {
          tags: ['me'],
          summary: 'Change your password (ends your other sessions)',
          body: ZChangePasswordRequest,
          response: { 204: z.undefined() },
        },
      },
      async (request, reply) => {
        await auth.changePassword(deps, request.actor, request.audit, request.body);
        return reply.code(204).send();
      },
    );
  };
}
