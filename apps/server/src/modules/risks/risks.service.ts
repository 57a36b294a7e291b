import type {
  TAffects,
  TCreateRiskRequest,
  TFieldError,
  TMethodologyInput,
  TRatingInput,
  TRerateRequest,
  TRerateResult,
  TRisk,
  TRiskAcceptanceState,
  TRiskControlLink,
  TRiskHeatMap,
  TRiskHeatMapQuery,
  TRiskList,
  TRiskListQuery,
  TRiskStatus,
  TRiskSummary,
  TRiskTransitionRequest,
  TRiskTreatment,
  TUpdateRiskRequest,
} from '@vigil/contracts';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { type AuditContext, diffChanges, recordAudit } from '../../audit/audit.ts';
import { type Actor, assertCan } from '../../authz/actor.ts';
import { toJson } from '../../db/dialect.ts';
import { formatKey, nextKey } from '../../db/keys.ts';
import type { DB } from '../../db/types.ts';
import type { Deps } from '../../deps.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { loadMethodologies, type Methodologies } from '../risk-methodology/risk-methodology.service.ts';
import { isOnScales, levelOf, nextReviewDate } from './risk-scoring.ts';
import { mayEditRisk } from './risks.policy.ts';
import { decodeRiskCursor, encodeRiskCursor, presentRisk, presentRiskSummary } from './risks.presenter.ts';
import * as repo from './risks.repo.ts';

/** A calendar date (UTC) as the register stores review dates. */
const dateOf = (clock: Date) => clock.toISOString().slice(0, 10);

const FIRST_RATING_REASON = 'First rating';

// ---------------------------------------------------------------- what modules built on the register add

/**
 * What the modules built on the register add to the risks it shows. Those modules import this one (to
 * find a risk, to set its status), so it cannot import them: its callers hand their readers in with the
 * platform services (`withRiskReaders` in risks.readers.ts composes them).
 */
export interface RiskReaders {
  /** The acceptance in force of each risk and whether it is stale, for all of them at once. */
  acceptanceStates(
    db: Kysely<DB>,
    organisationId: string,
    risks: readonly StoredRisk[],
    methodologies: Methodologies,
    clock: Date,
  ): Promise<Map<string, TRiskAcceptanceState>>;
  /** The controls that treat each risk (risks without one are left out of the map). */
  controlsOfRisks(
    db: Kysely<DB>,
    organisationId: string,
    riskIds: readonly string[],
  ): Promise<Map<string, TRiskControlLink[]>>;
}

/** The platform services, with the readers of the modules built on the register. */
export interface RiskDeps extends Deps {
  riskReaders: RiskReaders;
}

const NOT_ACCEPTED: TRiskAcceptanceState = { current: null, stale: false, staleReasons: [] };

/** Register rows as the API lists them: their acceptance states read in one go. */
async function summariesOf(
  db: Kysely<DB>,
  organisationId: string,
  rows: readonly repo.RiskRow[],
  methodologies: Methodologies,
  clock: Date,
  readers: RiskReaders,
): Promise<TRiskSummary[]> {
  const states = await readers.acceptanceStates(db, organisationId, rows, methodologies, clock);
  const today = dateOf(clock);
  return rows.map((row) => presentRiskSummary(row, methodologies, today, states.get(row.id) ?? NOT_ACCEPTED));
}

// ---------------------------------------------------------------- reading

async function detailOf(
  db: Kysely<DB>,
  organisationId: string,
  row: repo.RiskRow,
  methodologies: Methodologies,
  clock: Date,
  readers: RiskReaders,
): Promise<TRisk> {
  const assets = await repo.listRiskAssets(db, organisationId, row.id);
  const ratings = await repo.listRatings(db, organisationId, row.id);
  const controls = (await readers.controlsOfRisks(db, organisationId, [row.id])).get(row.id) ?? [];
  const states = await readers.acceptanceStates(db, organisationId, [row], methodologies, clock);
  const acceptance = states.get(row.id) ?? NOT_ACCEPTED;
  return presentRisk({ row, assets, ratings, controls, acceptance }, methodologies, dateOf(clock));
}

async function loadRow(db: Kysely<DB>, organisationId: string, riskId: string): Promise<repo.RiskRow> {
  const row = await repo.getRisk(db, organisationId, riskId);
  if (!row) throw notFound('The risk');
  return row;
}

async function loadRisk(
  db: Kysely<DB>,
  organisationId: string,
  riskId: string,
  methodologies: Methodologies,
  clock: Date,
  readers: RiskReaders,
): Promise<TRisk> {
  const row = await loadRow(db, organisationId, riskId);
  return detailOf(db, organisationId, row, methodologies, clock, readers);
}

export async function getRisk(
  deps: RiskDeps,
  actor: Actor | null,
  audit: AuditContext,
  riskId: string,
): Promise<TRisk> {
  assertCan(actor, 'risk:read');
  const methodologies = await loadMethodologies(deps.db, audit, actor.organisationId);
  return loadRisk(deps.db, actor.organisationId, riskId, methodologies, deps.now(), deps.riskReaders);
}

/**
 * Rank of every level key for sorting by level: a key's position in the newest version that has it
 * (versions with different levels are only roughly comparable; the current version decides its own).
 */
function levelRanks(methodologies: Methodologies): Map<string, number> {
  const ranks = new Map<string, number>();
  for (const version of methodologies.versions) {
    methodologies.of(version)?.levels.forEach((level, rank) => {
      ranks.set(level.key, rank);
    });
  }
  return ranks;
}

/** The register's filters as the repo takes them (a `rating` alone, without a cell, filters nothing). */
function riskFilterOf(
  query: TRiskHeatMapQuery & Partial<Pick<TRiskListQuery, 'rating' | 'likelihood' | 'impact'>>,
  clock: Date,
  currentVersion: number,
): repo.RiskFilter {
  return {
    level: query.level,
    status: query.status,
    open: query.open,
    treatment: query.treatment,
    ownerId: query.ownerId,
    category: query.category,
    tag: query.tag,
    assetId: query.assetId,
    reviewDueBefore: query.overdueReview ? dateOf(clock) : undefined,
    methodologyBefore: query.outdated ? currentVersion : undefined,
    cell:
      query.likelihood !== undefined || query.impact !== undefined
        ? { rating: query.rating ?? 'inherent', likelihood: query.likelihood, impact: query.impact }
        : undefined,
    q: query.q,
  };
}

/**
 * The heat map: how many matching risks sit in each cell, for the inherent and the residual rating.
 * Cells are of the current methodology version; risks still rated with an older one are only counted
 * (`outdated`), since their likelihood and impact mean something else on the current scales.
 */
export async function riskHeatMap(
  deps: RiskDeps,
  actor: Actor | null,
  audit: AuditContext,
  query: TRiskHeatMapQuery,
): Promise<TRiskHeatMap> {
  assertCan(actor, 'risk:read');
  const organisationId = actor.organisationId;
  const methodologies = await loadMethodologies(deps.db, audit, organisationId);
  const current = methodologies.current.version;
  const filter = riskFilterOf(query, deps.now(), current);
  const [inherent, residual] = await Promise.all([
    repo.heatMapCounts(deps.db, organisationId, filter, 'inherent'),
    repo.heatMapCounts(deps.db, organisationId, filter, 'residual'),
  ]);
  const cells = (rows: typeof inherent) =>
    rows
      .filter((row) => row.methodology_version === current && row.likelihood !== null && row.impact !== null)
      .map((row) => ({
        likelihood: Number(row.likelihood),
        impact: Number(row.impact),
        count: Number(row.count),
      }));
  const sum = (rows: typeof inherent) => rows.reduce((total, row) => total + Number(row.count), 0);
  return {
    methodologyVersion: current,
    inherent: cells(inherent),
    residual: cells(residual),
    total: sum(inherent),
    withoutResidual: sum(residual.filter((row) => row.likelihood === null)),
    outdated: sum(inherent.filter((row) => row.methodology_version !== current)),
  };
}

/** The register, filtered, searched and sorted, one page at a time (the cursor is stable under sorting). */
export async function listRisks(
  deps: RiskDeps,
  actor: Actor | null,
  audit: AuditContext,
  query: TRiskListQuery,
): Promise<TRiskList> {
  assertCan(actor, 'risk:read');
  const organisationId = actor.organisationId;
  const clock = deps.now();
  const after = query.cursor ? decodeRiskCursor(query.cursor, query.sort, query.direction) : null;
  const methodologies = await loadMethodologies(deps.db, audit, organisationId);
  const rows = await repo.listRisks(
    deps.db,
    organisationId,
    riskFilterOf(query, clock, methodologies.current.version),
    {
      sort: query.sort,
      direction: query.direction,
      // one row more than asked for says whether there is a next page
      limit: query.limit + 1,
      after,
      levelRanks: query.sort === 'level' ? levelRanks(methodologies) : new Map(),
    },
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: await summariesOf(deps.db, organisationId, page, methodologies, clock, deps.riskReaders),
    nextCursor:
      rows.length > query.limit && last ? encodeRiskCursor(query.sort, query.direction, last) : null,
  };
}

// ---------------------------------------------------------------- the state of a risk and its rating

/** What an edit can change, as the API names it. */
interface RiskState {
  title: string;
  threat: string;
  vulnerability: string;
  consequence: string;
  category: string | null;
  ownerId: string;
  /** Sorted, each once. */
  assetIds: string[];
  affects: TAffects;
  inherent: TRatingInput;
  treatment: TRiskTreatment | null;
  residual: TRatingInput | null;
  status: TRiskStatus;
  /** In the order given, each once. */
  tags: string[];
}

/** What the server derives from the ratings: never sent by a client. */
interface Assessment {
  methodologyVersion: number;
  inherentLevel: string;
  residualLevel: string | null;
  nextReviewOn: string;
}

const uniqueSorted = (ids: readonly string[]) => [...new Set(ids)].sort();
const unique = (values: readonly string[]) => [...new Set(values)];

function stateOf(risk: TRisk): RiskState {
  return {
    title: risk.title,
    threat: risk.threat,
    vulnerability: risk.vulnerability,
    consequence: risk.consequence,
    category: risk.category,
    ownerId: risk.owner.id,
    assetIds: uniqueSorted(risk.assets.map((a) => a.id)),
    affects: risk.affects,
    inherent: { likelihood: risk.inherent.likelihood, impact: risk.inherent.impact },
    treatment: risk.treatment,
    residual: risk.residual && { likelihood: risk.residual.likelihood, impact: risk.residual.impact },
    status: risk.status,
    tags: risk.tags,
  };
}

function assessmentOf(risk: TRiskSummary): Assessment {
  return {
    methodologyVersion: risk.methodologyVersion,
    inherentLevel: risk.inherent.level.key,
    residualLevel: risk.residual?.level.key ?? null,
    nextReviewOn: risk.nextReviewOn,
  };
}

/** The fields after an edit: those sent replace the current ones. */
function merged(before: RiskState, input: TUpdateRiskRequest): RiskState {
  const { version: _version, ratingReason: _reason, assetIds, tags, ...sent } = input;
  const after: RiskState = { ...before };
  for (const [key, value] of Object.entries(sent) as [keyof RiskState, unknown][]) {
    if (value !== undefined) Object.assign(after, { [key]: value });
  }
  if (assetIds !== undefined) after.assetIds = uniqueSorted(assetIds);
  if (tags !== undefined) after.tags = unique(tags);
  return after;
}

const sameRating = (a: TRatingInput | null, b: TRatingInput | null) =>
  a === null || b === null ? a === b : a.likelihood === b.likelihood && a.impact === b.impact;

/** Levels and the next review date of a rating on the current methodology version, from `clock`. */
function assess(
  current: { version: number; definition: TMethodologyInput },
  ratings: { inherent: TRatingInput; residual: TRatingInput | null },
  clock: Date,
): Assessment {
  const inherentLevel = levelOf(current.definition, ratings.inherent).key;
  const residualLevel = ratings.residual ? levelOf(current.definition, ratings.residual).key : null;
  return {
    methodologyVersion: current.version,
    inherentLevel,
    residualLevel,
    nextReviewOn: nextReviewDate(current.definition, residualLevel ?? inherentLevel, clock),
  };
}

/** Field errors for a rating outside the current methodology's scales. */
function offScale(
  definition: TMethodologyInput,
  rating: TRatingInput,
  fields: { likelihood: string; impact: string },
): TFieldError[] {
  if (isOnScales(definition, rating)) return [];
  const errors: TFieldError[] = [];
  if (!isOnScales(definition, { likelihood: rating.likelihood, impact: 1 }))
    errors.push({
      field: fields.likelihood,
      message: `Rate the likelihood from 1 to ${definition.likelihood.length}, on the current methodology's scale`,
    });
  if (!isOnScales(definition, { likelihood: 1, impact: rating.impact }))
    errors.push({
      field: fields.impact,
      message: `Rate the impact from 1 to ${definition.impact.length}, on the current methodology's scale`,
    });
  return errors;
}

const ratingFields = (path: string) => ({ likelihood: `${path}.likelihood`, impact: `${path}.impact` });

function invalidFields(errors: TFieldError[]): AppError {
  const detail = errors.length === 1 && errors[0] ? errors[0].message : 'Some fields are not valid';
  return new AppError('validation_failed', detail, { fieldErrors: errors });
}

/** Asset links being added must name assets of this organisation that are not archived. */
async function assetErrors(
  db: Kysely<DB>,
  organisationId: string,
  wanted: readonly string[],
  linked: readonly string[],
): Promise<TFieldError[]> {
  const found = await repo.findAssets(
    db,
    organisationId,
    wanted.filter((id) => !linked.includes(id)),
  );
  const byId = new Map(found.map((a) => [a.id, a]));
  const errors: TFieldError[] = [];
  wanted.forEach((id, i) => {
    if (linked.includes(id)) return;
    const asset = byId.get(id);
    if (!asset) errors.push({ field: `body.assetIds.${i}`, message: 'Choose an asset of this organisation' });
    else if (asset.archived_at !== null)
      errors.push({
        field: `body.assetIds.${i}`,
        message: `${formatKey('asset', asset.key_number)} is archived: restore it before linking it`,
      });
  });
  return errors;
}

async function ownerErrors(db: Kysely<DB>, organisationId: string, ownerId: string): Promise<TFieldError[]> {
  return (await repo.isActiveMember(db, organisationId, ownerId))
    ? []
    : [{ field: 'body.ownerId', message: 'Choose the owner from the active people of this organisation' }];
}

function columnsOf(state: RiskState, assessment: Assessment, closedAt: string | null): repo.RiskColumns {
  return {
    title: state.title,
    threat: state.threat,
    vulnerability: state.vulnerability,
    consequence: state.consequence,
    category: state.category,
    owner_id: state.ownerId,
    affects_confidentiality: state.affects.confidentiality,
    affects_integrity: state.affects.integrity,
    affects_availability: state.affects.availability,
    methodology_version: assessment.methodologyVersion,
    inherent_likelihood: state.inherent.likelihood,
    inherent_impact: state.inherent.impact,
    inherent_level: assessment.inherentLevel,
    treatment: state.treatment,
    residual_likelihood: state.residual?.likelihood ?? null,
    residual_impact: state.residual?.impact ?? null,
    residual_level: assessment.residualLevel,
    status: state.status,
    next_review_on: assessment.nextReviewOn,
    tags: toJson(state.tags),
    closed_at: closedAt,
  };
}

/** A risk as its audit events record it: flat, so that each changed rating part shows on its own. */
function auditView(state: RiskState, assessment: Assessment): Record<string, unknown> {
  const { inherent, residual, ...rest } = state;
  return {
    ...rest,
    methodologyVersion: assessment.methodologyVersion,
    inherentLikelihood: inherent.likelihood,
    inherentImpact: inherent.impact,
    inherentLevel: assessment.inherentLevel,
    residualLikelihood: residual?.likelihood ?? null,
    residualImpact: residual?.impact ?? null,
    residualLevel: assessment.residualLevel,
    nextReviewOn: assessment.nextReviewOn,
  };
}

function ratingRow(
  riskId: string,
  ratings: { inherent: TRatingInput; residual: TRatingInput | null },
  assessment: Assessment,
  reason: string,
  actor: Actor,
  now: string,
): repo.NewRating {
  return {
    id: uuidv7(),
    riskId,
    methodologyVersion: assessment.methodologyVersion,
    inherent: { ...ratings.inherent, level: assessment.inherentLevel },
    residual:
      ratings.residual && assessment.residualLevel !== null
        ? { ...ratings.residual, level: assessment.residualLevel }
        : null,
    reason,
    ratedBy: actor.userId,
    ratedAt: now,
  };
}

function stale(current: TRisk): AppError {
  return new AppError(
    'conflict',
    `${current.key} was changed by someone else: review the current values and try again`,
    { extensions: { current } },
  );
}

function assertMayEdit(actor: Actor, row: repo.RiskRow): void {
  if (!mayEditRisk(actor, { ownerId: row.owner_id })) {
    throw forbidden(
      `Your role lets you edit only the risks you own: ask the owner of ${formatKey('risk', row.key_number)} or a security officer`,
    );
  }
}

// ---------------------------------------------------------------- writing

/** Registers a risk rated on the current methodology; the first rating opens its history. */
export async function createRisk(
  deps: RiskDeps,
  actor: Actor | null,
  audit: AuditContext,
  input: TCreateRiskRequest,
): Promise<TRisk> {
  assertCan(actor, 'risk:create');
  const organisationId = actor.organisationId;
  const clock = deps.now();
  const now = clock.toISOString();
  const state: RiskState = {
    title: input.title,
    threat: input.threat ?? '',
    vulnerability: input.vulnerability ?? '',
    consequence: input.consequence ?? '',
    category: input.category ?? null,
    ownerId: input.ownerId,
    assetIds: uniqueSorted(input.assetIds ?? []),
    affects: input.affects ?? { confidentiality: false, integrity: false, availability: false },
    inherent: input.inherent,
    treatment: input.treatment ?? null,
    residual: input.residual ?? null,
    status: input.status ?? 'identified',
    tags: unique(input.tags ?? []),
  };
  const reason = input.ratingReason ?? FIRST_RATING_REASON;
  return deps.db.transaction().execute(async (tx) => {
    const methodologies = await loadMethodologies(tx, audit, organisationId);
    const { definition } = methodologies.current;
    const errors = [
      ...offScale(definition, state.inherent, ratingFields('body.inherent')),
      ...(state.residual ? offScale(definition, state.residual, ratingFields('body.residual')) : []),
      ...(await ownerErrors(tx, organisationId, state.ownerId)),
      ...(await assetErrors(tx, organisationId, input.assetIds ?? [], [])),
    ];
    if (errors.length > 0) throw invalidFields(errors);

    const assessment = assess(methodologies.current, state, clock);
    const id = uuidv7();
    const keyNumber = await nextKey(tx, organisationId, 'risk');
    await repo.insertRisk(
      tx,
      organisationId,
      { id, key_number: keyNumber, ...columnsOf(state, assessment, null) },
      now,
    );
    await repo.replaceRiskAssets(tx, organisationId, id, state.assetIds);
    await repo.insertRating(tx, organisationId, ratingRow(id, state, assessment, reason, actor, now));
    await recordAudit(tx, audit, {
      organisationId,
      action: 'risk.created',
      subject: { type: 'risk', id },
      changes: diffChanges(null, {
        key: formatKey('risk', keyNumber),
        ...auditView(state, assessment),
        ratingReason: reason,
      }),
    });
    return loadRisk(tx, organisationId, id, methodologies, clock, deps.riskReaders);
  });
}

/**
 * Edits a risk. A change of rating needs a reason, is made on the current methodology version (levels
 * and the next review date are computed here), and is kept in the rating history; the whole edit is one
 * audit event.
 */
export async function updateRisk(
  deps: RiskDeps,
  actor: Actor | null,
  audit: AuditContext,
  riskId: string,
  input: TUpdateRiskRequest,
): Promise<TRisk> {
  assertCan(actor, 'risk:update');
  const organisationId = actor.organisationId;
  const clock = deps.now();
  const now = clock.toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const methodologies = await loadMethodologies(tx, audit, organisationId);
    const row = await loadRow(tx, organisationId, riskId);
    assertMayEdit(actor, row);
    const current = await detailOf(tx, organisationId, row, methodologies, clock, deps.riskReaders);
    if (current.version !== input.version) throw stale(current);
    if (current.status === 'closed')
      throw new AppError('conflict', `${current.key} is closed: reopen it before editing it`);

    const before = stateOf(current);
    const after = merged(before, input);
    const rated =
      !sameRating(before.inherent, after.inherent) || !sameRating(before.residual, after.residual);
    const { definition } = methodologies.current;
    const errors: TFieldError[] = [];
    if (rated) {
      if (input.ratingReason === undefined)
        errors.push({
          field: 'body.ratingReason',
          message: 'Say why the rating changes: the reason is kept in the rating history',
        });
      errors.push(...offScale(definition, after.inherent, ratingFields('body.inherent')));
      if (after.residual) errors.push(...offScale(definition, after.residual, ratingFields('body.residual')));
    }
    if (after.ownerId !== before.ownerId)
      errors.push(...(await ownerErrors(tx, organisationId, after.ownerId)));
    if (input.assetIds)
      errors.push(...(await assetErrors(tx, organisationId, input.assetIds, before.assetIds)));
    if (errors.length > 0) throw invalidFields(errors);

    const previous = assessmentOf(current);
    const assessment = rated ? assess(methodologies.current, after, clock) : previous;
    const changes = diffChanges(auditView(before, previous), auditView(after, assessment));
    if (Object.keys(changes).length === 0) return current;
    if (rated) changes.ratingReason = { before: null, after: input.ratingReason };

    const updated = await repo.updateRisk(
      tx,
      organisationId,
      riskId,
      input.version,
      columnsOf(after, assessment, row.closed_at),
      now,
    );
    if (!updated)
      throw stale(await loadRisk(tx, organisationId, riskId, methodologies, clock, deps.riskReaders));
    if ('assetIds' in changes) await repo.replaceRiskAssets(tx, organisationId, riskId, after.assetIds);
    if (rated && input.ratingReason !== undefined)
      await repo.insertRating(
        tx,
        organisationId,
        ratingRow(riskId, after, assessment, input.ratingReason, actor, now),
      );
    await recordAudit(tx, audit, {
      organisationId,
      action: 'risk.updated',
      subject: { type: 'risk', id: riskId },
      changes,
    });
    return loadRisk(tx, organisationId, riskId, methodologies, clock, deps.riskReaders);
  });
}

/**
 * Closes a risk, or reopens a closed one (it comes back as assessed: its ratings stand, and its review
 * date says whether it needs looking at).
 */
export async function setRiskClosed(
  deps: RiskDeps,
  actor: Actor | null,
  audit: AuditContext,
  riskId: string,
  closed: boolean,
  input: TRiskTransitionRequest,
): Promise<TRisk> {
  assertCan(actor, 'risk:update');
  const organisationId = actor.organisationId;
  const clock = deps.now();
  const now = clock.toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const methodologies = await loadMethodologies(tx, audit, organisationId);
    const row = await loadRow(tx, organisationId, riskId);
    assertMayEdit(actor, row);
    const current = await detailOf(tx, organisationId, row, methodologies, clock, deps.riskReaders);
    if (current.version !== input.version) throw stale(current);
    if ((current.status === 'closed') === closed) return current;

    const status: TRiskStatus = closed ? 'closed' : 'assessed';
    const closedAt = closed ? now : null;
    const updated = await repo.updateRisk(
      tx,
      organisationId,
      riskId,
      input.version,
      { status, closed_at: closedAt },
      now,
    );
    if (!updated)
      throw stale(await loadRisk(tx, organisationId, riskId, methodologies, clock, deps.riskReaders));
    await recordAudit(tx, audit, {
      organisationId,
      action: closed ? 'risk.closed' : 'risk.reopened',
      subject: { type: 'risk', id: riskId },
      changes: {
        status: { before: current.status, after: status },
        closedAt: { before: current.closedAt, after: closedAt },
        ...(input.reason === undefined ? {} : { reason: { before: null, after: input.reason } }),
      },
    });
    return loadRisk(tx, organisationId, riskId, methodologies, clock, deps.riskReaders);
  });
}

/**
 * Moves the listed risks to the current methodology version with new ratings, in one transaction: a
 * risk that is missing, changed since it was read, or rated off the new scales stops the whole batch.
 */
export async function rerateRisks(
  deps: RiskDeps,
  actor: Actor | null,
  audit: AuditContext,
  input: TRerateRequest,
): Promise<TRerateResult> {
  assertCan(actor, 'risk_methodology:update');
  const organisationId = actor.organisationId;
  const clock = deps.now();
  const now = clock.toISOString();
  const ratings = input.ratings.map((r) => ({
    riskId: r.riskId,
    version: r.version,
    inherent: { likelihood: r.inherentLikelihood, impact: r.inherentImpact },
    residual:
      r.residualLikelihood != null && r.residualImpact != null
        ? { likelihood: r.residualLikelihood, impact: r.residualImpact }
        : null,
  }));
  return deps.db.transaction().execute(async (tx) => {
    const methodologies = await loadMethodologies(tx, audit, organisationId);
    const { definition } = methodologies.current;
    const rows = new Map(
      (
        await repo.getRisks(
          tx,
          organisationId,
          ratings.map((r) => r.riskId),
        )
      ).map((row) => [row.id, row]),
    );
    const rowOf = (i: number) => {
      const row = rows.get(ratings[i]?.riskId ?? '');
      if (row) return row;
      throw new AppError('not_found', `The risk in line ${i + 1} was not found: nothing was re-rated`, {
        fieldErrors: [
          { field: `body.ratings.${i}.riskId`, message: 'No risk with this id in this organisation' },
        ],
      });
    };
    for (const [i, rating] of ratings.entries()) {
      const row = rowOf(i);
      if (row.version !== rating.version) {
        const key = formatKey('risk', row.key_number);
        const [current] = await summariesOf(
          tx,
          organisationId,
          [row],
          methodologies,
          clock,
          deps.riskReaders,
        );
        throw new AppError(
          'conflict',
          `${key} was changed by someone else since you read it: nothing was re-rated; review ${key} and try again`,
          { extensions: { riskId: row.id, current } },
        );
      }
    }
    const errors = ratings.flatMap((rating, i) => {
      const path = `body.ratings.${i}`;
      const row = rowOf(i);
      const found = offScale(definition, rating.inherent, {
        likelihood: `${path}.inherentLikelihood`,
        impact: `${path}.inherentImpact`,
      });
      if (rating.residual)
        found.push(
          ...offScale(definition, rating.residual, {
            likelihood: `${path}.residualLikelihood`,
            impact: `${path}.residualImpact`,
          }),
        );
      else if (row.residual_level !== null)
        found.push({
          field: `${path}.residualLikelihood`,
          message: `${formatKey('risk', row.key_number)} has a residual rating: rate it on the new scales too`,
        });
      return found;
    });
    if (errors.length > 0) throw invalidFields(errors);

    for (const [i, rating] of ratings.entries()) {
      const row = rowOf(i);
      const assessment = assess(methodologies.current, rating, clock);
      const before = {
        methodologyVersion: row.methodology_version,
        inherentLikelihood: row.inherent_likelihood,
        inherentImpact: row.inherent_impact,
        inherentLevel: row.inherent_level,
        residualLikelihood: row.residual_likelihood,
        residualImpact: row.residual_impact,
        residualLevel: row.residual_level,
        nextReviewOn: row.next_review_on,
      };
      const columns = {
        methodology_version: assessment.methodologyVersion,
        inherent_likelihood: rating.inherent.likelihood,
        inherent_impact: rating.inherent.impact,
        inherent_level: assessment.inherentLevel,
        residual_likelihood: rating.residual?.likelihood ?? null,
        residual_impact: rating.residual?.impact ?? null,
        residual_level: assessment.residualLevel,
        next_review_on: assessment.nextReviewOn,
      };
      if (!(await repo.updateRisk(tx, organisationId, row.id, rating.version, columns, now))) {
        throw new AppError(
          'conflict',
          `${formatKey('risk', row.key_number)} was changed by someone else meanwhile: nothing was re-rated`,
          { extensions: { riskId: row.id } },
        );
      }
      await repo.insertRating(
        tx,
        organisationId,
        ratingRow(row.id, rating, assessment, input.reason, actor, now),
      );
      await recordAudit(tx, audit, {
        organisationId,
        action: 'risk.rerated',
        subject: { type: 'risk', id: row.id },
        changes: {
          ...diffChanges(before, {
            methodologyVersion: assessment.methodologyVersion,
            inherentLikelihood: rating.inherent.likelihood,
            inherentImpact: rating.inherent.impact,
            inherentLevel: assessment.inherentLevel,
            residualLikelihood: rating.residual?.likelihood ?? null,
            residualImpact: rating.residual?.impact ?? null,
            residualLevel: assessment.residualLevel,
            nextReviewOn: assessment.nextReviewOn,
          }),
          ratingReason: { before: null, after: input.reason },
        },
      });
    }
    const saved = await repo.getRisks(
      tx,
      organisationId,
      ratings.map((r) => r.riskId),
    );
    const summaries = new Map(
      (await summariesOf(tx, organisationId, saved, methodologies, clock, deps.riskReaders)).map((risk) => [
        risk.id,
        risk,
      ]),
    );
    return {
      methodologyVersion: methodologies.current.version,
      items: ratings.flatMap((r) => {
        const risk = summaries.get(r.riskId);
        return risk ? [risk] : [];
      }),
    };
  });
}

// ---------------------------------------------------------------- for the modules built on the register

/** A risk as stored, for modules that keep records of a risk (actions, acceptances, assessments). */
export type StoredRisk = repo.RiskRow;

/** A risk of the organisation as stored; another organisation's or a missing one is a 404. */
export function findRisk(db: Kysely<DB>, organisationId: string, riskId: string): Promise<StoredRisk> {
  return loadRow(db, organisationId, riskId);
}

/** The risk as GET /api/v1/risks/:id shows it, e.g. as the current state of a 409. */
export async function riskDetail(
  db: Kysely<DB>,
  audit: AuditContext,
  organisationId: string,
  riskId: string,
  clock: Date,
  readers: RiskReaders,
): Promise<TRisk> {
  const methodologies = await loadMethodologies(db, audit, organisationId);
  return loadRisk(db, organisationId, riskId, methodologies, clock, readers);
}

/**
 * Sets a risk's status (e.g. `accepted`, reached only through an acceptance) when it still has `version`;
 * false when it was changed meanwhile. Call it in the caller's transaction; the caller records the audit.
 */
export function setRiskStatus(
  tx: Kysely<DB>,
  organisationId: string,
  riskId: string,
  version: number,
  status: TRiskStatus,
  now: string,
): Promise<boolean> {
  return repo.updateRisk(tx, organisationId, riskId, version, { status }, now);
}

/** Every risk of the organisation that is not closed, by key (for assessments). */
export function listOpenRisks(db: Kysely<DB>, organisationId: string): Promise<StoredRisk[]> {
  return repo.listOpenRisks(db, organisationId);
}
