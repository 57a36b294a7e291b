import {
  ZAcceptInvitationRequest,
  ZCreateInvitationRequest,
  ZIdParams,
  ZInvitation,
  ZInvitationList,
  ZInvitationLookup,
  ZInvitationLookupQuery,
  ZInvitationsQuery,
  ZLoginResponse,
} from '@vigil/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { requestMeta, setSessionCookie } from '../../http/authenticate.ts';
import * as invitations from './invitations.service.ts';

/** Per IP on the invitee's public endpoints, on top of the per-account password limit in the service. */
const PUBLIC_RATE_LIMIT = { max: 30, timeWindow: '15 minutes' } as const;

export function invitationRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/invitations',
      {
        schema: {
          tags: ['invitations'],
          summary: 'Invitations of the current organisation, newest first (person:invite)',
          querystring: ZInvitationsQuery,
          response: { 200: ZInvitationList },
        },
      },
      async (request) => invitations.listInvitations(deps, request.actor, request.query),
    );

    app.post(
      '/api/v1/invitations',
      {
        schema: {
          tags: ['invitations'],
          summary: 'Invite someone by email with a single-use link valid 7 days (person:invite)',
          body: ZCreateInvitationRequest,
          response: { 201: ZInvitation },
        },
      },
      async (request, reply) => {
        const invitation = await invitations.createInvitation(
          deps,
          request.actor,
          request.audit,
          request.body,
        );
        return reply.code(201).send(invitation);
      },
    );

    app.post(
      '/api/v1/invitations/:id/resend',
      {
        schema: {
          tags: ['invitations'],
          summary: 'Mail a new link (the old one stops working), valid another 7 days (person:invite)',
          params: ZIdParams,
          response: { 200: ZInvitation },
        },
      },
      async (request) => invitations.resendInvitation(deps, request.actor, request.audit, request.params.id),
    );

    app.delete(
      '/api/v1/invitations/:id',
      {
        schema: {
          tags: ['invitations'],
          summary: 'Withdraw an invitation: its link stops working (person:invite)',
          params: ZIdParams,
          response: { 204: z.undefined() },
        },
      },
      async (request, reply) => {
        await invitations.revokeInvitation(deps, request.actor, request.audit, request.params.id);
        return reply.code(204).send();
      },
    );

    app.get(
      '/api/v1/invitations/lookup',
      {
        config: { public: true, rateLimit: PUBLIC_RATE_LIMIT },
        schema: {
          tags: ['invitations'],
          summary: 'For the invitee: what an invitation link offers (404 when the link does not work)',
          querystring: ZInvitationLookupQuery,
          response: { 200: ZInvitationLookup },
        },
      },
      async (request) => invitations.lookupInvitation(deps, request.query.token),
    );

    app.post(
      '/api/v1/invitations/accept',
      {
        config: { public: true, rateLimit: PUBLIC_RATE_LIMIT },
        schema: {
          tags: ['invitations'],
          summary: 'For the invitee: join with a new account or an existing one, and sign in',
          body: ZAcceptInvitationRequest,
          response: { 201: ZLoginResponse },
        },
      },
      async (request, reply) => {
        const session = await invitations.acceptInvitation(
          deps,
          request.audit,
          requestMeta(request),
          request.body,
        );
        setSessionCookie(reply, session.token, session.expiresAt);
        return reply.code(201).send({ restriction: session.restriction });
      },
    );
  };
}
