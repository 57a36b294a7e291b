import { ROLES } from '@vigil/contracts';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { ASSETS_MATRIX } from '../src/modules/assets/assets.matrix.ts';
import { AUDIT_EVENTS_MATRIX } from '../src/modules/audit-events/audit-events.matrix.ts';
import { AUTH_MATRIX } from '../src/modules/auth/auth.matrix.ts';
import { PASSWORD_RESET_MATRIX } from '../src/modules/auth/password-reset.matrix.ts';
import { CONTROL_CHECKS_MATRIX } from '../src/modules/control-checks/control-checks.matrix.ts';
import { CONTROLS_MATRIX } from '../src/modules/controls/controls.matrix.ts';
import { EVIDENCE_MATRIX } from '../src/modules/evidence/evidence.matrix.ts';
import { INVITATIONS_MATRIX } from '../src/modules/invitations/invitations.matrix.ts';
import { MFA_MATRIX } from '../src/modules/mfa/mfa.matrix.ts';
import { NOTIFICATIONS_MATRIX } from '../src/modules/notifications/notifications.matrix.ts';
import { ORGANISATIONS_MATRIX } from '../src/modules/organisations/organisations.matrix.ts';
import { PEOPLE_MATRIX } from '../src/modules/people/people.matrix.ts';
import { RISK_ACCEPTANCES_MATRIX } from '../src/modules/risk-acceptances/risk-acceptances.matrix.ts';
import { RISK_ACTIONS_MATRIX } from '../src/modules/risk-actions/risk-actions.matrix.ts';
import { RISK_ASSESSMENTS_MATRIX } from '../src/modules/risk-assessments/risk-assessments.matrix.ts';
import { RISK_FILES_MATRIX } from '../src/modules/risk-files/risk-files.matrix.ts';
import { RISK_METHODOLOGY_MATRIX } from '../src/modules/risk-methodology/risk-methodology.matrix.ts';
import { RISKS_MATRIX } from '../src/modules/risks/risks.matrix.ts';
import { SOA_MATRIX } from '../src/modules/soa/soa.matrix.ts';
import { TOKENS_MATRIX } from '../src/modules/tokens/tokens.matrix.ts';
import { buildTestApp } from './app.ts';
import {
  type Caller,
  expectedOutcome,
  type MatrixContext,
  type MatrixOrg,
  type RouteRule,
  seedMatrixOrg,
  sessionHeaders,
} from './authz-matrix.ts';
import { describeEachDialect, freshDatabase } from './databases.ts';
import { SPA_HEADERS } from './identity.ts';

/** Every module's rules. A route without a rule fails the test below. */
const MATRIX: Record<string, RouteRule> = {
  ...AUTH_MATRIX,
  ...PASSWORD_RESET_MATRIX,
  ...MFA_MATRIX,
  ...ORGANISATIONS_MATRIX,
  ...PEOPLE_MATRIX,
  ...INVITATIONS_MATRIX,
  ...TOKENS_MATRIX,
  ...AUDIT_EVENTS_MATRIX,
  ...RISK_METHODOLOGY_MATRIX,
  ...ASSETS_MATRIX,
  ...RISKS_MATRIX,
  ...RISK_ACTIONS_MATRIX,
  ...RISK_ACCEPTANCES_MATRIX,
  ...RISK_ASSESSMENTS_MATRIX,
  ...RISK_FILES_MATRIX,
  ...CONTROLS_MATRIX,
  ...CONTROL_CHECKS_MATRIX,
  ...EVIDENCE_MATRIX,
  ...SOA_MATRIX,
  ...NOTIFICATIONS_MATRIX,
};

/** Platform routes outside /api/v1 that are public by design. */
const PUBLIC_PLATFORM = new Set(['GET /api/health', 'GET /api/ready']);

function routeKeys(app: FastifyInstance): string[] {
  const doc = app.swagger() as { paths: Record<string, Record<string, unknown>> };
  const keys: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const method of Object.keys(methods))
      keys.push(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
  }
  return keys.sort();
}

describeEachDialect('authorization matrix (S1)', (dialect) => {
  let app: FastifyInstance;
  let own: MatrixOrg;
  let other: MatrixOrg;
  let ctxBase: Omit<MatrixContext, 'caller'>;

  beforeAll(async () => {
    const database = await freshDatabase(dialect);
    app = await buildTestApp(dialect, { database });
    own = await seedMatrixOrg(database.db, 'Own');
    other = await seedMatrixOrg(database.db, 'Other');
    // the other organisation's owner has a live session (a target for the sessions routes)
    await sessionHeaders(database.db, other.userIds.owner, other.id);
    ctxBase = { app, db: database.db, own, other };
  }, 120_000);

  it('has a rule for every route', () => {
    const missing = routeKeys(app).filter((key) => !MATRIX[key] && !PUBLIC_PLATFORM.has(key));
    expect(missing).toEqual([]);
    const stale = Object.keys(MATRIX).filter((key) => !routeKeys(app).includes(key));
    expect(stale).toEqual([]);
  });

  it('gives every role exactly its outcome on every route, never reaches another organisation, never leaks its canary', async () => {
    const mismatches: string[] = [];
    const send = async (caller: Caller, options: InjectOptions) => {
      const session =
        caller === 'anonymous' ? {} : await sessionHeaders(ctxBase.db, own.userIds[caller], own.id);
      const res = await app.inject({
        ...options,
        headers: { ...SPA_HEADERS, ...session, ...(options.headers ?? {}) },
        remoteAddress: `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
      });
      if (res.body.includes(other.canary))
        mismatches.push(`${caller} ${options.method} ${options.url}: leaked the other organisation's canary`);
      return res;
    };
    for (const [key, rule] of Object.entries(MATRIX)) {
      for (const caller of ['anonymous', ...ROLES] as Caller[]) {
        const ctx: MatrixContext = { ...ctxBase, caller };
        const res = await send(caller, await rule.request(ctx));
        const expected = expectedOutcome(rule, caller);
        const ok =
          rule.status !== undefined
            ? res.statusCode === rule.status
            : expected === 'allowed'
              ? res.statusCode !== 401 && res.statusCode !== 403 && res.statusCode < 500
              : res.statusCode === expected;
        if (!ok)
          mismatches.push(
            `${key} as ${caller}: expected ${rule.status ?? expected}, got ${res.statusCode} ${res.body.slice(0, 200)}`,
          );
        if (rule.crossOrg && caller !== 'anonymous' && expected === 'allowed') {
          const cross = await send(caller, await rule.crossOrg(ctx));
          if (cross.statusCode !== 404)
            mismatches.push(
              `${key} as ${caller} on another organisation's object: expected 404, got ${cross.statusCode}`,
            );
        }
      }
    }
    expect(mismatches).toEqual([]);
  }, 300_000);
});
