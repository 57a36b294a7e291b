import type { TEvidence, TUpdateControlRequest } from '@vigil/contracts';
import { createControlCheck, recordCheckRun } from '../modules/control-checks/control-checks.service.ts';
import {
  createControl,
  getControl,
  listControls,
  setControlRisks,
  updateControl,
} from '../modules/controls/controls.service.ts';
import {
  createEvidenceLink,
  setEvidenceControls,
  uploadEvidenceFile,
} from '../modules/evidence/evidence.service.ts';
import { publishVersion } from '../modules/soa/soa.service.ts';
import type { DemoContext, DemoStep } from './demo.ts';
import {
  CHECKS_DAY,
  DECISION_DAYS,
  DEMO_CHECKS,
  DEMO_CONTROL_CHANGES,
  DEMO_CONTROL_DECISIONS,
  DEMO_CUSTOM_CONTROLS,
  DEMO_EVIDENCE,
  DEMO_SOA_VERSIONS,
  type DemoCheck,
  type DemoCheckRun,
  type DemoControlChange,
  type DemoControlDecision,
  type DemoCustomControl,
  type DemoEvidence,
  HOSTING_PROVIDER,
  mediaTypeOf,
} from './demo-controls-content.ts';

/**
 * The controls part of the demo: the security officer decides every Annex A control (the Statement of
 * Applicability) and adds the company's own, owners keep their controls up to date, people add the evidence
 * of their work, the checks are set up with the runs of the year before transcribed from the old check
 * log, later runs are recorded on their day, and two versions of the SoA are published.
 */

const KEEPER = 'security';

const annexKey = (ref: string) => `A.${ref}`;

/** The days from today, as a date; none: null. */
const targetDate = (ctx: DemoContext, targetIn: number | undefined | null) =>
  targetIn === undefined || targetIn === null ? null : ctx.date(targetIn);

const riskIds = (ctx: DemoContext, keys: readonly string[] | undefined) =>
  (keys ?? []).map((key) => ctx.record('risk', key).id);

/** The 93 Annex A controls, as the register adds them on first use. */
async function register(ctx: DemoContext): Promise<void> {
  const { actor, audit } = ctx.as(KEEPER);
  const { items } = await listControls(ctx.deps, actor, audit, { source: 'annex_a' });
  for (const control of items)
    ctx.remember('control', control.key, { id: control.id, version: control.version });
}

/** The fields of the Statement of Applicability a decision sets. */
function decided(ctx: DemoContext, decision: DemoControlDecision): Omit<TUpdateControlRequest, 'version'> {
  const ownerId = ctx.member(decision.owner).membershipId;
  if ('excluded' in decision)
    return { applicability: 'not_applicable', exclusionJustification: decision.excluded, ownerId };
  return {
    applicability: 'applicable',
    inclusionReasons: [...decision.reasons],
    inclusionNote: decision.note,
    implementationStatus: decision.status,
    inheritedFrom: decision.status === 'inherited' ? HOSTING_PROVIDER : null,
    implementationDescription: decision.description,
    ownerId,
    targetDate: targetDate(ctx, decision.targetIn),
  };
}

async function decide(ctx: DemoContext, decision: DemoControlDecision): Promise<void> {
  const { actor, audit } = ctx.as(KEEPER);
  const key = annexKey(decision.ref);
  const { id, version } = ctx.record('control', key);
  let control = await updateControl(ctx.deps, actor, audit, id, { version, ...decided(ctx, decision) });
  const risks = 'excluded' in decision ? [] : riskIds(ctx, decision.risks);
  if (risks.length > 0)
    control = await setControlRisks(ctx.deps, actor, audit, id, { version: control.version, riskIds: risks });
  ctx.remember('control', key, { id, version: control.version });
}

async function addCustom(ctx: DemoContext, custom: DemoCustomControl): Promise<void> {
  const { actor, audit } = ctx.as(KEEPER);
  const created = await createControl(ctx.deps, actor, audit, {
    title: custom.title,
    description: custom.description,
    theme: custom.theme,
    attributes: custom.attributes,
    applicability: 'applicable',
    inclusionReasons: [...custom.reasons],
    inclusionNote: custom.note,
    implementationStatus: custom.status,
    implementationDescription: custom.implementation,
    ownerId: ctx.member(custom.owner).membershipId,
    targetDate: ctx.date(custom.targetIn),
  });
  const linked = await setControlRisks(ctx.deps, actor, audit, created.id, {
    version: created.version,
    riskIds: riskIds(ctx, custom.risks),
  });
  ctx.remember('control', custom.key, { id: created.id, version: linked.version });
}

/** An owner's (or the security officer's) later edit, on the control as it is then. */
async function change(ctx: DemoContext, edit: DemoControlChange): Promise<void> {
  const { actor, audit } = ctx.as(edit.by);
  const { id } = ctx.record('control', edit.control);
  let control = await getControl(ctx.deps, actor, id);
  const fields: Omit<TUpdateControlRequest, 'version'> = {
    ...(edit.status ? { implementationStatus: edit.status } : {}),
    ...(edit.description ? { implementationDescription: edit.description } : {}),
    ...(edit.owner ? { ownerId: ctx.member(edit.owner).membershipId } : {}),
    ...(edit.targetIn !== undefined ? { targetDate: targetDate(ctx, edit.targetIn) } : {}),
  };
  if (Object.keys(fields).length > 0)
    control = await updateControl(ctx.deps, actor, audit, id, { version: control.version, ...fields });
  if (edit.linkRisks)
    control = await setControlRisks(ctx.deps, actor, audit, id, {
      version: control.version,
      riskIds: [...control.risks.map((risk) => risk.id), ...riskIds(ctx, edit.linkRisks)],
    });
  ctx.remember('control', edit.control, { id, version: control.version });
}

async function addEvidence(ctx: DemoContext, item: DemoEvidence): Promise<void> {
  const { actor, audit } = ctx.as(item.by);
  const collectedOn = ctx.date(-item.collected);
  const controlIds = item.controls.map((key) => ctx.record('control', key).id);
  const fields = {
    title: item.title,
    description: item.description,
    collectedOn,
    validUntil: item.validForDays === undefined ? null : ctx.date(item.validForDays - item.collected),
    // an uploader who owns none of the controls leaves the linking to someone who may
    controlIds: item.linkedBy ? [] : controlIds,
  };
  const { file, url } = item;
  let created: TEvidence;
  if (file)
    created = await uploadEvidenceFile(ctx.deps, actor, audit, async () => ({
      filename: file.name,
      mimetype: mediaTypeOf(file),
      data: Buffer.from(file.text(collectedOn), 'utf8'),
      fields,
    }));
  else if (url) created = await createEvidenceLink(ctx.deps, actor, audit, { ...fields, url });
  else throw new Error(`the evidence "${item.key}" has neither a file nor a link`);
  let version = created.version;
  if (item.linkedBy) {
    const keeper = ctx.as(item.linkedBy);
    version = (
      await setEvidenceControls(ctx.deps, keeper.actor, keeper.audit, created.id, { version, controlIds })
    ).version;
  }
  ctx.remember('evidence', item.key, { id: created.id, version });
}

async function recordRun(ctx: DemoContext, check: DemoCheck, run: DemoCheckRun): Promise<void> {
  const { actor, audit } = ctx.as(check.assignee);
  await recordCheckRun(
    ctx.deps,
    actor,
    audit,
    ctx.record('control', check.control).id,
    ctx.record('check', check.key).id,
    {
      result: run.result,
      notes: run.notes,
      performedOn: ctx.date(-run.day),
      evidenceIds: (run.evidence ?? []).map((key) => ctx.record('evidence', key).id),
    },
  );
}

/** The check, then the runs done before it was set up, transcribed by its assignee from the old check log. */
async function setUpCheck(ctx: DemoContext, check: DemoCheck): Promise<void> {
  const { actor, audit } = ctx.as(KEEPER);
  const created = await createControlCheck(ctx.deps, actor, audit, ctx.record('control', check.control).id, {
    title: check.title,
    method: check.method,
    procedure: check.procedure,
    frequency: check.frequency,
    assigneeId: ctx.member(check.assignee).membershipId,
    nextDueOn: ctx.date(-(check.firstDue ?? CHECKS_DAY)),
  });
  ctx.remember('check', check.key, { id: created.id, version: created.version });
  for (const run of check.runs) if (run.day > CHECKS_DAY) await recordRun(ctx, check, run);
}

export function controlSteps(): DemoStep[] {
  const steps: DemoStep[] = [{ day: DECISION_DAYS[5], name: 'the Annex A controls', run: register }];
  for (const [theme, day] of Object.entries(DECISION_DAYS)) {
    const decisions = DEMO_CONTROL_DECISIONS.filter((d) => d.ref.startsWith(`${theme}.`));
    steps.push({
      day,
      name: `the Statement of Applicability, A.${theme}`,
      async run(ctx) {
        for (const decision of decisions) await decide(ctx, decision);
      },
    });
  }
  for (const custom of DEMO_CUSTOM_CONTROLS)
    steps.push({ day: custom.day, name: `control "${custom.title}"`, run: (ctx) => addCustom(ctx, custom) });
  for (const edit of DEMO_CONTROL_CHANGES)
    steps.push({ day: edit.day, name: `${edit.control}: ${edit.what}`, run: (ctx) => change(ctx, edit) });
  for (const item of DEMO_EVIDENCE)
    steps.push({ day: item.day, name: `evidence "${item.title}"`, run: (ctx) => addEvidence(ctx, item) });
  for (const check of DEMO_CHECKS) {
    steps.push({ day: CHECKS_DAY, name: `check "${check.title}"`, run: (ctx) => setUpCheck(ctx, check) });
    for (const run of check.runs)
      if (run.day <= CHECKS_DAY)
        steps.push({
          day: run.day,
          name: `run of "${check.title}"`,
          run: (ctx) => recordRun(ctx, check, run),
        });
  }
  for (const version of DEMO_SOA_VERSIONS)
    steps.push({
      day: version.day,
      name: 'publish the Statement of Applicability',
      async run(ctx) {
        const { actor, audit } = ctx.as(version.by);
        await publishVersion(ctx.deps, actor, audit, {
          approvalNote: version.note,
          acknowledgeWarnings: version.acknowledgeWarnings,
        });
      },
    });
  return steps;
}
