import type {
  TCreateRiskAcceptanceRequest,
  TRiskAcceptanceList,
  TRiskAcceptanceState,
  TWithdrawRiskAcceptanceRequest,
} from '@vigil/contracts';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { type AuditContext, recordAudit } from '../../audit/audit.ts';
import { type Actor, assertCan } from '../../authz/actor.ts';
import { formatKey } from '../../db/keys.ts';
import type { DB } from '../../db/types.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { addDays, localDate } from '../notifications/notification-messages.ts';
import { loadMethodologies, type Methodologies } from '../risk-methodology/risk-methodology.service.ts';
import {
  findRisk,
  type RiskDeps,
  riskDetail,
  type StoredRisk,
  setRiskStatus,
} from '../risks/risks.service.ts';
import { acceptorsText, mayAcceptRisk, mayWithdraw } from './risk-acceptances.policy.ts';
import {
  type AcceptedRating,
  presentAcceptance,
  presentAcceptanceState,
} from './risk-acceptances.presenter.ts';
import * as repo from './risk-acceptances.repo.ts';

/** The longest an acceptance may hold before it must be renewed. */
const MAX_YEARS = 3;

async function todayOf(db: Kysely<DB>, organisationId: string, clock: Date): Promise<string> {
  return localDate(clock, await repo.timeZoneOf(db, organisationId));
}

/**
 * "Today" as good as `todayOf` for telling whether acceptances expiring on `expiries` have expired, read
 * without the time zone where it cannot matter. Today in any time zone is at most a day away from today
 * in UTC, so only an expiry on UTC's today or yesterday can fall either way; for every other one, UTC's
 * date gives the same answer. (The register shows a page of risks at a time: most pages need no zone.)
 */
async function expiryToday(
  db: Kysely<DB>,
  organisationId: string,
  clock: Date,
  expiries: Iterable<string>,
): Promise<string> {
  const utc = clock.toISOString().slice(0, 10);
  const yesterday = addDays(utc, -1);
  for (const expiresOn of expiries)
    if (expiresOn === utc || expiresOn === yesterday) return todayOf(db, organisationId, clock);
  return utc;
}

/** `date` (YYYY-MM-DD) plus whole years; 29 February becomes 28 February in other years. */
function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const moved = new Date(Date.UTC(y + years, m - 1, d));
  if (moved.getUTCDate() !== d) moved.setUTCDate(0);
  return moved.toISOString().slice(0, 10);
}

/** The rating an acceptance of the risk as it is now would freeze. */
function ratingOf(risk: StoredRisk): AcceptedRating {
  return risk.residual_likelihood !== null && risk.residual_impact !== null && risk.residual_level !== null
    ? {
        methodologyVersion: risk.methodology_version,
        likelihood: risk.residual_likelihood,
        impact: risk.residual_impact,
        level: risk.residual_level,
      }
    : {
        methodologyVersion: risk.methodology_version,
        likelihood: risk.inherent_likelihood,
        impact: risk.inherent_impact,
        level: risk.inherent_level,
      };
}

const keyOf = (risk: StoredRisk) => formatKey('risk', risk.key_number);

async function historyOf(
  db: Kysely<DB>,
  organisationId: string,
  risk: StoredRisk,
  methodologies: Methodologies,
  today: string,
): Promise<TRiskAcceptanceList> {
  const rows = await repo.listAcceptances(db, organisationId, risk.id);
  const current = rows.find((r) => r.withdrawn_at === null);
  return {
    items: rows.map((row) => presentAcceptance(row, methodologies)),
    state: presentAcceptanceState(current, ratingOf(risk), methodologies, today),
  };
}

/**
 * The acceptance state of risks (the newest acceptance not withdrawn, and whether it is stale), in one
 * query; for modules that show or snapshot risks. The caller has authorised reading the risks.
 */
export async function acceptanceStates(
  db: Kysely<DB>,
  organisationId: string,
  risks: readonly StoredRisk[],
  methodologies: Methodologies,
  clock: Date,
): Promise<Map<string, TRiskAcceptanceState>> {
  const current = await repo.currentAcceptances(
    db,
    organisationId,
    risks.map((r) => r.id),
  );
  const today = await expiryToday(
    db,
    organisationId,
    clock,
    [...current.values()].map((a) => a.expires_on),
  );
  return new Map(
    risks.map((risk) => [
      risk.id,
      presentAcceptanceState(current.get(risk.id), ratingOf(risk), methodologies, today),
    ]),
  );
}

// ---------------------------------------------------------------- reading

export async function listAcceptances(
  deps: RiskDeps,
  actor: Actor | null,
  audit: AuditContext,
  riskId: string,
): Promise<TRiskAcceptanceList> {
  assertCan(actor, 'risk:read');
  const organisationId = actor.organisationId;
  const risk = await findRisk(deps.db, organisationId, riskId);
  const methodologies = await loadMethodologies(deps.db, audit, organisationId);
  return historyOf(
    deps.db,
    organisationId,
    risk,
    methodologies,
    await todayOf(deps.db, organisationId, deps.now()),
  );
}

// ---------------------------------------------------------------- writing

/**
 * Accepts the residual risk (6.1.3 f) as it is at `version`: the acceptor's authority comes from the
 * methodology version the risk is rated with; the acceptance freezes the rating, and the risk becomes
 * accepted in the same transaction.
 */
export async function acceptRisk(
  deps: RiskDeps,
  actor: Actor | null,
  audit: AuditContext,
  riskId: string,
  input: TCreateRiskAcceptanceRequest,
): Promise<TRiskAcceptanceList> {
  assertCan(actor, 'risk:accept');
  const organisationId = actor.organisationId;
  const clock = deps.now();
  const now = clock.toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const risk = await findRisk(tx, organisationId, riskId);
    const methodologies = await loadMethodologies(tx, audit, organisationId);
    const stale = async () =>
      new AppError(
        'conflict',
        `${keyOf(risk)} was changed since you read it: review the current risk and accept it again`,
        {
          extensions: {
            current: await riskDetail(tx, audit, organisationId, riskId, clock, deps.riskReaders),
          },
        },
      );
    if (risk.version !== input.version) throw await stale();
    if (risk.status === 'closed')
      throw new AppError('conflict', `${keyOf(risk)} is closed: reopen it before accepting it`);
    if (risk.residual_level === null && risk.treatment !== 'accept')
      throw new AppError(
        'conflict',
        `${keyOf(risk)} has no residual rating and its treatment is not "accept": rate the residual risk or choose accept as the treatment first`,
      );

    const rating = ratingOf(risk);
    const methodology = methodologies.of(risk.methodology_version);
    const level = methodology?.levels.find((l) => l.key === rating.level);
    // an acceptance names the member who gave it (a membership and its role)
    const acceptor =
      actor.membershipId !== null && actor.role !== null
        ? { membershipId: actor.membershipId, role: actor.role }
        : null;
    if (
      !acceptor ||
      !methodology ||
      !level ||
      !mayAcceptRisk(actor, methodology, rating.level, { ownerId: risk.owner_id })
    )
      throw forbidden(
        `Only ${acceptorsText(level?.acceptableBy ?? [])} may accept a ${level?.label ?? rating.level} risk such as ${keyOf(risk)} (methodology version ${risk.methodology_version})`,
      );

    const today = await todayOf(tx, organisationId, clock);
    const latest = addYears(today, MAX_YEARS);
    if (input.expiresOn <= today || input.expiresOn > latest)
      throw new AppError(
        'validation_failed',
        `Choose an expiry date after today and at most ${MAX_YEARS} years ahead (by ${latest})`,
        {
          fieldErrors: [
            { field: 'body.expiresOn', message: `Choose a date after ${today} and no later than ${latest}` },
          ],
        },
      );

    const id = uuidv7();
    await repo.insertAcceptance(tx, organisationId, {
      id,
      risk_id: riskId,
      accepted_by: acceptor.membershipId,
      acceptor_role: acceptor.role,
      justification: input.justification,
      methodology_version: rating.methodologyVersion,
      residual_likelihood: rating.likelihood,
      residual_impact: rating.impact,
      residual_level: rating.level,
      accepted_at: now,
      expires_on: input.expiresOn,
    });
    if (!(await setRiskStatus(tx, organisationId, riskId, input.version, 'accepted', now)))
      throw await stale();
    await recordAudit(tx, audit, {
      organisationId,
      action: 'risk.accepted',
      subject: { type: 'risk', id: riskId },
      changes: {
        status: { before: risk.status, after: 'accepted' },
        acceptanceId: { before: null, after: id },
        justification: { before: null, after: input.justification },
        expiresOn: { before: null, after: input.expiresOn },
        acceptedRating: {
          before: null,
          after: { likelihood: rating.likelihood, impact: rating.impact, level: rating.level },
        },
        methodologyVersion: { before: null, after: rating.methodologyVersion },
      },
    });
    return historyOf(tx, organisationId, await findRisk(tx, organisationId, riskId), methodologies, today);
  });
}

/**
 * Withdraws an acceptance. When no acceptance remains in force, an accepted risk goes back to assessed.
 */
export async function withdrawAcceptance(
  deps: RiskDeps,
  actor: Actor | null,
  audit: AuditContext,
  riskId: string,
  acceptanceId: string,
  input: TWithdrawRiskAcceptanceRequest,
): Promise<TRiskAcceptanceList> {
  assertCan(actor, 'risk:accept');
  const organisationId = actor.organisationId;
  const clock = deps.now();
  const now = clock.toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const risk = await findRisk(tx, organisationId, riskId);
    const rows = await repo.listAcceptances(tx, organisationId, riskId);
    const acceptance = rows.find((r) => r.id === acceptanceId);
    if (!acceptance) throw notFound('The acceptance');
    if (!mayWithdraw(actor, { acceptedBy: acceptance.accepted_by }, { ownerId: risk.owner_id }))
      throw forbidden(
        `Only the person who accepted ${keyOf(risk)}, its owner or a security officer may withdraw the acceptance`,
      );
    if (
      acceptance.withdrawn_at !== null ||
      !(await repo.withdrawAcceptance(tx, organisationId, acceptanceId, now))
    )
      throw new AppError('conflict', `This acceptance of ${keyOf(risk)} was withdrawn already`);

    const stillInForce = rows.some((r) => r.id !== acceptanceId && r.withdrawn_at === null);
    const reopened = risk.status === 'accepted' && !stillInForce;
    if (reopened && !(await setRiskStatus(tx, organisationId, riskId, risk.version, 'assessed', now)))
      throw new AppError('conflict', `${keyOf(risk)} was changed meanwhile: try again`);
    await recordAudit(tx, audit, {
      organisationId,
      action: 'risk_acceptance.withdrawn',
      subject: { type: 'risk_acceptance', id: acceptanceId },
      changes: {
        riskId: { before: riskId, after: riskId },
        withdrawnAt: { before: null, after: now },
        ...(reopened ? { riskStatus: { before: 'accepted', after: 'assessed' } } : {}),
        ...(input.reason === undefined ? {} : { reason: { before: null, after: input.reason } }),
      },
    });
    const methodologies = await loadMethodologies(tx, audit, organisationId);
    return historyOf(
      tx,
      organisationId,
      await findRisk(tx, organisationId, riskId),
      methodologies,
      await todayOf(tx, organisationId, clock),
    );
  });
}
