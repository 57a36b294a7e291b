import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, {
  type FastifyInstance,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { type Config, DEFAULT_EVIDENCE_MAX_BYTES } from './config.ts';
import type { Database } from './db/database.ts';
import type { Deps } from './deps.ts';
import { registerAuthentication } from './http/authenticate.ts';
import { registerOpenApi } from './http/openapi.ts';
import { errorHandler } from './http/problem.ts';
import { registerSpa } from './http/spa.ts';
import { systemRoutes } from './http/system.routes.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { assetRoutes } from './modules/assets/assets.routes.ts';
import { auditEventRoutes } from './modules/audit-events/audit-events.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { passwordResetRoutes } from './modules/auth/password-reset.routes.ts';
import { controlCheckRoutes } from './modules/control-checks/control-checks.routes.ts';
import { controlRoutes } from './modules/controls/controls.routes.ts';
import { evidenceRoutes } from './modules/evidence/evidence.routes.ts';
import { invitationRoutes } from './modules/invitations/invitations.routes.ts';
import { mfaRoutes } from './modules/mfa/mfa.routes.ts';
import { notificationRoutes } from './modules/notifications/notifications.routes.ts';
import { organisationRoutes } from './modules/organisations/organisations.routes.ts';
import { peopleRoutes } from './modules/people/people.routes.ts';
import { riskAcceptanceRoutes } from './modules/risk-acceptances/risk-acceptances.routes.ts';
import { riskActionRoutes } from './modules/risk-actions/risk-actions.routes.ts';
import { riskAssessmentRoutes } from './modules/risk-assessments/risk-assessments.routes.ts';
import { riskFileRoutes } from './modules/risk-files/risk-files.routes.ts';
import { riskMethodologyRoutes } from './modules/risk-methodology/risk-methodology.routes.ts';
import { riskRoutes } from './modules/risks/risks.routes.ts';
import { soaRoutes } from './modules/soa/soa.routes.ts';
import { tokenRoutes } from './modules/tokens/tokens.routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The platform services the routes use; also what the scheduler runs with. */
    services: Deps;
  }
}

type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;

export interface AppDeps {
  config: Pick<Config, 'publicUrl' | 'bodyLimit' | 'logLevel' | 'smtpUrl' | 'mailFrom'> &
    Partial<Pick<Config, 'evidenceMaxBytes'>>;
  database: Database;
  secretKey: Buffer;
  /** The clock; tests inject one. */
  now?: () => Date;
  /** Outgoing mail; built from the configuration when not given. */
  mailer?: Mailer;
  /** The built web app (apps/web/dist), or null to serve the API only. */
  webRoot: string | null;
  /** Where log lines go (JSON, one per line); standard output when not given. */
  logStream?: { write(line: string): void };
}

/** Secrets that must never reach a log line. */
export const LOG_REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.secret',
  '*.secretKey',
  '*.totp',
  '*.code',
  '*.recoveryCode',
  '*.recoveryCodes',
];

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Builds the HTTP application: platform plugins first, then each module's routes. No listening here. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const https = deps.config.publicUrl.startsWith('https://');
  const app = Fastify({
    logger: {
      level: deps.config.logLevel,
      redact: { paths: LOG_REDACT, censor: '[redacted]' },
      // Query strings can carry one-time tokens (invitation links): logged URLs stop at the path.
      serializers: {
        req: (req: FastifyRequest) => ({
          method: req.method,
          url: req.url.split('?')[0] ?? '/',
          remoteAddress: req.ip,
        }),
      },
      ...(deps.logStream ? { stream: deps.logStream } : {}),
    },
    bodyLimit: deps.config.bodyLimit,
    // An upstream proxy's request id is kept only when it looks like one: it goes into every log line.
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    routerOptions: { maxParamLength: 200 },
    // Every route validates with Zod: skip loading Fastify's default Ajv compilers at start-up.
    schemaController: {
      // The factory types are Ajv's; the Zod compilers fill the same role.
      compilersFactory: {
        buildValidator: (() => validatorCompiler) as unknown as NonNullable<
          CompilersFactory['buildValidator']
        >,
        buildSerializer: (() => serializerCompiler) as unknown as NonNullable<
          CompilersFactory['buildSerializer']
        >,
      },
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: https ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', String(request.id));
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control'))
      reply.header('cache-control', 'no-store');
  });

  await app.register(fastifyCookie);
  // Per-route limits only (auth routes); the store is in memory, replaceable by a shared one for many nodes.
  await app.register(fastifyRateLimit, { global: false });

  const services: Deps = {
    db: deps.database.db,
    dialect: deps.database.dialect,
    now: deps.now ?? (() => new Date()),
    secretKey: deps.secretKey,
    mailer:
      deps.mailer ?? createMailer({ smtpUrl: deps.config.smtpUrl, from: deps.config.mailFrom }, app.log),
    publicUrl: deps.config.publicUrl,
  };
  app.decorate('services', services);
  registerAuthentication(app, services);
  app.addHook('onClose', async () => services.mailer.close());

  await registerOpenApi(app);
  await app.register(systemRoutes(deps.database));
  await app.register(authRoutes(services));
  await app.register(passwordResetRoutes(services));
  await app.register(mfaRoutes(services));
  await app.register(organisationRoutes(services));
  await app.register(peopleRoutes(services));
  await app.register(invitationRoutes(services));
  await app.register(tokenRoutes(services));
  await app.register(auditEventRoutes(services));
  await app.register(riskMethodologyRoutes(services));
  await app.register(assetRoutes(services));
  await app.register(riskRoutes(services));
  await app.register(riskActionRoutes(services));
  await app.register(riskAcceptanceRoutes(services));
  await app.register(riskAssessmentRoutes(services));
  await app.register(riskFileRoutes(services));
  await app.register(controlRoutes(services));
  await app.register(controlCheckRoutes(services));
  await app.register(
    evidenceRoutes(services, { maxBytes: deps.config.evidenceMaxBytes ?? DEFAULT_EVIDENCE_MAX_BYTES }),
  );
  await app.register(soaRoutes(services));
  await app.register(notificationRoutes(services));
  await registerSpa(app, deps.webRoot);
  return app;
}
