import { ZPasswordResetAccepted, ZPasswordResetConfirm, ZPasswordResetRequest } from '@vigil/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import {
  confirmPasswordReset,
  PASSWORD_RESET_ACCEPTED,
  requestPasswordReset,
} from './password-reset.service.ts';

/** Per IP: the links go to people's inboxes and each confirmation costs a password hash. */
const RESET_RATE_LIMIT = { max: 20, timeWindow: '15 minutes' } as const;

export function passwordResetRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v1/auth/password-reset',
      {
        config: { public: true, rateLimit: RESET_RATE_LIMIT },
        schema: {
          tags: ['auth'],
          summary:
            'Ask for a password reset link by email (the same answer whether or not the account exists)',
          body: ZPasswordResetRequest,
          response: { 202: ZPasswordResetAccepted },
        },
      },
      async (request, reply) => {
        await requestPasswordReset(deps, request.audit, request.log, request.body.email);
        return reply.code(202).send({ message: PASSWORD_RESET_ACCEPTED });
      },
    );

    app.post(
      '/api/v1/auth/password-reset/confirm',
      {
        config: { public: true, rateLimit: RESET_RATE_LIMIT },
        schema: {
          tags: ['auth'],
          summary: 'Choose a new password with a reset link (ends every session of the account)',
          body: ZPasswordResetConfirm,
          response: { 204: z.undefined() },
        },
      },
      async (request, reply) => {
        await confirmPasswordReset(deps, request.audit, request.body);
        return reply.code(204).send();
      },
    );
  };
}
