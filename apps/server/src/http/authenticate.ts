import '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditContext } from '../audit/audit.ts';
import type { Actor } from '../authz/actor.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { resolveSession } from '../modules/auth/auth.service.ts';
import { resolveApiToken } from '../modules/tokens/tokens.service.ts';

export const SESSION_COOKIE = '__Host-vigil_session';
/** The header the SPA sets on every request; a cross-site form cannot. */
export const CSRF_HEADER = 'x-requested-with';
export const CSRF_HEADER_VALUE = 'vigil';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without signing in (setup, login, password reset, invitation acceptance). */
    public?: boolean;
  }
  interface FastifyRequest {
    /** Who is acting: from the session cookie or the bearer token; null when anonymous. */
    actor: Actor | null;
    /** The audit context of this request: actor, request id, IP, user agent, clock. */
    audit: AuditContext;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * A state-changing request that is not bearer-authenticated must come from Vigil's own pages: an Origin
 * equal to the public URL's (or the request's own host) and the SPA's custom header.
 */
function assertSameOrigin(request: FastifyRequest, publicUrl: string): void {
  const origin = request.headers.origin;
  const allowed = new Set([
    originOf(publicUrl),
    originOf(`${request.protocol}://${request.headers.host ?? ''}`),
  ]);
  if (
    typeof origin !== 'string' ||
    !allowed.has(originOf(origin)) ||
    request.headers[CSRF_HEADER] !== CSRF_HEADER_VALUE
  ) {
    throw new AppError('forbidden', 'Cross-site request refused: send it from Vigil itself');
  }
}

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' });
}

export function requestMeta(request: FastifyRequest) {
  const ua = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof ua === 'string' ? ua.slice(0, 500) : null };
}

/**
 * Resolves the actor of every /api request and enforces the CSRF rule; then, before any validation, refuses
 * anonymous requests to /api/v1 routes not marked `config: { public: true }`, so an anonymous caller learns
 * nothing about a route's input. Registered once, globally.
 */
export function registerAuthentication(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('audit', null as unknown as AuditContext);
  app.addHook('onRequest', async (request) => {
    const meta = requestMeta(request);
    request.audit = {
      actor: { type: 'user', id: null },
      requestId: String(request.id),
      ...meta,
      now: deps.now,
    };
    if (!request.url.startsWith('/api/')) return;

    const authorization = request.headers.authorization;
    const bearer = typeof authorization === 'string' && /^Bearer\s+/i.test(authorization);
    if (bearer) {
      request.actor = await resolveApiToken(
        deps,
        authorization.replace(/^Bearer\s+/i, '').trim(),
        request.audit,
      );
      if (!request.actor)
        throw new AppError('unauthenticated', 'The API token is not valid, expired or revoked');
      request.audit.actor = { type: 'token', id: request.actor.tokenId };
      return;
    }
    if (!SAFE_METHODS.has(request.method)) assertSameOrigin(request, deps.publicUrl);
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      request.actor = await resolveSession(deps, token);
      if (request.actor) request.audit.actor = { type: 'user', id: request.actor.userId };
    }
  });
  app.addHook('preValidation', async (request) => {
    if (request.actor || request.routeOptions.config.public === true) return;
    if (request.url.startsWith('/api/v1/')) throw new AppError('unauthenticated', 'Sign in to continue');
  });
}
