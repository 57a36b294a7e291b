import {
  ZLoginResponse,
  ZMfaStatus,
  ZMfaVerifyRequest,
  ZRecoveryCodes,
  ZTotpCodeRequest,
  ZTotpConfirmResponse,
  ZTotpEnrolment,
} from '@vigil/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { requestMeta, setSessionCookie } from '../../http/authenticate.ts';
import * as mfa from './mfa.service.ts';

/** Per IP, on top of the per-account limit the service shares with password checks (S6). */
const CODE_RATE_LIMIT = { max: 30, timeWindow: '15 minutes' } as const;

export function mfaRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/me/mfa',
      {
        schema: {
          tags: ['me'],
          summary: 'Your two-factor authentication: on or off, and recovery codes left',
          response: { 200: ZMfaStatus },
        },
      },
      async (request) => mfa.getMfaStatus(deps, request.actor),
    );

    app.post(
      '/api/v1/me/mfa/totp',
      {
        schema: {
          tags: ['me'],
          summary: 'Start setting up an authenticator app: a new secret, its URI and QR code (shown once)',
          response: { 201: ZTotpEnrolment },
        },
      },
      async (request, reply) => {
        const enrolment = await mfa.startTotpEnrolment(deps, request.actor, request.audit);
        return reply.code(201).send(enrolment);
      },
    );

    app.post(
      '/api/v1/me/mfa/totp/confirm',
      {
        config: { rateLimit: CODE_RATE_LIMIT },
        schema: {
          tags: ['me'],
          summary:
            'Turn two-factor authentication on with a code from the app; returns recovery codes once (the session gets a new token)',
          body: ZTotpCodeRequest,
          response: { 200: ZTotpConfirmResponse },
        },
      },
      async (request, reply) => {
        const { session, recoveryCodes } = await mfa.confirmTotpEnrolment(
          deps,
          request.actor,
          request.audit,
          requestMeta(request),
          request.body.code,
        );
        setSessionCookie(reply, session.token, session.expiresAt);
        return { recoveryCodes, restriction: session.restriction };
      },
    );

    app.delete(
      '/api/v1/me/mfa/totp',
      {
        config: { rateLimit: CODE_RATE_LIMIT },
        schema: {
          tags: ['me'],
          summary: 'Turn two-factor authentication off with a current code (refused when required by policy)',
          body: ZTotpCodeRequest,
          response: { 204: z.undefined() },
        },
      },
      async (request, reply) => {
        await mfa.disableTotp(deps, request.actor, request.audit, request.body.code);
        return reply.code(204).send();
      },
    );

    app.post(
      '/api/v1/me/mfa/recovery-codes',
      {
        config: { rateLimit: CODE_RATE_LIMIT },
        schema: {
          tags: ['me'],
          summary: 'Replace your recovery codes with 10 new ones (shown once) using a current code',
          body: ZTotpCodeRequest,
          response: { 201: ZRecoveryCodes },
        },
      },
      async (request, reply) => {
        const recoveryCodes = await mfa.regenerateRecoveryCodes(
          deps,
          request.actor,
          request.audit,
          request.body.code,
        );
        return reply.code(201).send({ recoveryCodes });
      },
    );

    app.post(
      '/api/v1/auth/mfa/verify',
      {
        config: { rateLimit: CODE_RATE_LIMIT },
        schema: {
          tags: ['auth'],
          summary:
            'Second sign-in step: a code from the app or a recovery code (the session gets a new token)',
          body: ZMfaVerifyRequest,
          response: { 200: ZLoginResponse },
        },
      },
      async (request, reply) => {
        const session = await mfa.verifyMfa(
          deps,
          request.actor,
          request.audit,
          requestMeta(request),
          request.body,
        );
        setSessionCookie(reply, session.token, session.expiresAt);
        return { restriction: session.restriction };
      },
    );
  };
}
