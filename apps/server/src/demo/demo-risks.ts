import type { TRatingInput } from '@vigil/contracts';
import { can } from '../authz/actor.ts';
import { createAsset } from '../modules/assets/assets.service.ts';
import { acceptRisk } from '../modules/risk-acceptances/risk-acceptances.service.ts';
import { createAction, updateAction } from '../modules/risk-actions/risk-actions.service.ts';
import { runAssessment } from '../modules/risk-assessments/risk-assessments.service.ts';
import { getMethodology } from '../modules/risk-methodology/risk-methodology.service.ts';
import { withRiskReaders } from '../modules/risks/risks.readers.ts';
import { createRisk, getRisk, setRiskClosed, updateRisk } from '../modules/risks/risks.service.ts';
import type { DemoContext, DemoStep } from './demo.ts';
import {
  DEMO_ASSESSMENTS,
  DEMO_ASSETS,
  DEMO_RISKS,
  type DemoAction,
  type DemoRating,
  type DemoRisk,
  OWNER,
} from './demo-content.ts';

/**
 * The risk management part of the demo: the default methodology, the assets, the register with its
 * treatment plans, acceptances, later re-ratings and a closure, and two risk assessments to compare.
 * The security officer keeps the register; people complete their own actions and accept within their
 * authority.
 */

const KEEPER = 'security';

const rating = ([likelihood, impact]: DemoRating): TRatingInput => ({ likelihood, impact });
/** The services with the readers of the modules built on the register, as the register's routes have them. */
const riskDeps = (ctx: DemoContext) => withRiskReaders(ctx.deps);
const actionKey = (risk: DemoRisk, index: number) => `${risk.key}/${index}`;

/** The risk's current version, after a change that does not return it (an acceptance). */
async function refresh(ctx: DemoContext, risk: DemoRisk): Promise<void> {
  const { actor, audit } = ctx.as(KEEPER);
  const { id } = ctx.record('risk', risk.key);
  const current = await getRisk(riskDeps(ctx), actor, audit, id);
  ctx.remember('risk', risk.key, { id, version: current.version });
}

async function register(ctx: DemoContext, risk: DemoRisk): Promise<void> {
  const { actor, audit } = ctx.as(KEEPER);
  const created = await createRisk(riskDeps(ctx), actor, audit, {
    title: risk.title,
    threat: risk.threat,
    vulnerability: risk.vulnerability,
    consequence: risk.consequence,
    category: risk.category,
    assetIds: risk.assets.map((asset) => ctx.record('asset', asset).id),
    ownerId: ctx.member(risk.owner).membershipId,
    affects: {
      confidentiality: risk.affects.includes('C'),
      integrity: risk.affects.includes('I'),
      availability: risk.affects.includes('A'),
    },
    inherent: rating(risk.inherent),
    treatment: risk.treatment,
    residual: risk.residual && rating(risk.residual),
    status: risk.status,
    tags: [...risk.tags],
  });
  ctx.remember('risk', risk.key, { id: created.id, version: created.version });
}

async function planTreatment(ctx: DemoContext, risk: DemoRisk): Promise<void> {
  const { actor, audit } = ctx.as(KEEPER);
  const { id } = ctx.record('risk', risk.key);
  for (const [index, action] of risk.actions.entries()) {
    const created = await createAction(ctx.deps, actor, audit, id, {
      title: action.title,
      description: action.description,
      ownerId: ctx.member(action.owner).membershipId,
      dueOn: ctx.date(action.dueIn),
      status: action.status ?? 'planned',
    });
    ctx.remember('action', actionKey(risk, index), { id: created.id, version: created.version });
  }
}

/** Marked done by its owner, or by the security officer for an owner whose role edits no risks. */
async function complete(ctx: DemoContext, risk: DemoRisk, index: number, action: DemoAction): Promise<void> {
  if (!action.done) return;
  const owner = ctx.as(action.owner);
  const { actor, audit } = can(owner.actor, 'risk:update') ? owner : ctx.as(KEEPER);
  const key = actionKey(risk, index);
  const { id, version } = ctx.record('action', key);
  const done = await updateAction(ctx.deps, actor, audit, ctx.record('risk', risk.key).id, id, {
    version,
    status: 'done',
    completionNote: action.done.note,
    ...(action.done.evidenceUrl ? { evidenceUrl: action.done.evidenceUrl } : {}),
  });
  ctx.remember('action', key, { id, version: done.version });
}

async function accept(ctx: DemoContext, risk: DemoRisk): Promise<void> {
  if (!risk.acceptance) return;
  const { day, by, days, justification } = risk.acceptance;
  const { actor, audit } = ctx.as(by);
  const { id, version } = ctx.record('risk', risk.key);
  await acceptRisk(riskDeps(ctx), actor, audit, id, {
    justification,
    expiresOn: ctx.date(days - day),
    version,
  });
  await refresh(ctx, risk);
}

async function rerate(
  ctx: DemoContext,
  risk: DemoRisk,
  change: NonNullable<DemoRisk['rerated']>[number],
): Promise<void> {
  const { actor, audit } = ctx.as(KEEPER);
  const { id, version } = ctx.record('risk', risk.key);
  const updated = await updateRisk(riskDeps(ctx), actor, audit, id, {
    version,
    ...(change.inherent ? { inherent: rating(change.inherent) } : {}),
    ...(change.residual ? { residual: rating(change.residual) } : {}),
    ratingReason: change.reason,
  });
  ctx.remember('risk', risk.key, { id, version: updated.version });
}

async function close(ctx: DemoContext, risk: DemoRisk): Promise<void> {
  if (!risk.closed) return;
  const { actor, audit } = ctx.as(risk.owner);
  const { id, version } = ctx.record('risk', risk.key);
  const closed = await setRiskClosed(riskDeps(ctx), actor, audit, id, true, {
    version,
    reason: risk.closed.reason,
  });
  ctx.remember('risk', risk.key, { id, version: closed.version });
}

export function riskManagementSteps(): DemoStep[] {
  const steps: DemoStep[] = [
    {
      day: 180,
      name: 'the default risk methodology',
      async run(ctx) {
        const { actor, audit } = ctx.as(OWNER);
        await getMethodology(ctx.deps, actor, audit);
      },
    },
    {
      day: 178,
      name: 'the assets',
      async run(ctx) {
        const { actor, audit } = ctx.as(OWNER);
        for (const asset of DEMO_ASSETS) {
          const [confidentiality, integrity, availability] = asset.cia;
          const created = await createAsset(ctx.deps, actor, audit, {
            name: asset.name,
            kind: asset.kind,
            description: asset.description,
            ownerId: ctx.member(asset.owner).membershipId,
            classification: asset.classification,
            personalData: asset.personalData,
            citizenData: asset.citizenData,
            confidentiality,
            integrity,
            availability,
            location: asset.location,
          });
          ctx.remember('asset', asset.key, { id: created.id, version: created.version });
        }
      },
    },
  ];
  for (const risk of DEMO_RISKS) {
    steps.push({ day: risk.day, name: `register ${risk.key}`, run: (ctx) => register(ctx, risk) });
    // the treatment plan is drawn up a few days after the risk is registered
    if (risk.actions.length > 0)
      steps.push({ day: risk.day - 3, name: `plan ${risk.key}`, run: (ctx) => planTreatment(ctx, risk) });
    risk.actions.forEach((action, index) => {
      if (action.done)
        steps.push({
          day: action.done.day,
          name: `complete ${actionKey(risk, index)}`,
          run: (ctx) => complete(ctx, risk, index, action),
        });
    });
    if (risk.acceptance)
      steps.push({ day: risk.acceptance.day, name: `accept ${risk.key}`, run: (ctx) => accept(ctx, risk) });
    for (const change of risk.rerated ?? [])
      steps.push({ day: change.day, name: `re-rate ${risk.key}`, run: (ctx) => rerate(ctx, risk, change) });
    if (risk.closed)
      steps.push({ day: risk.closed.day, name: `close ${risk.key}`, run: (ctx) => close(ctx, risk) });
  }
  for (const assessment of DEMO_ASSESSMENTS)
    steps.push({
      day: assessment.day,
      name: `assessment "${assessment.title}"`,
      async run(ctx) {
        const { actor, audit } = ctx.as(assessment.by);
        await runAssessment(ctx.deps, actor, audit, { title: assessment.title, notes: assessment.notes });
      },
    });
  return steps;
}
