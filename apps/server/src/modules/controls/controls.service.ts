import {
  CONTROL_TYPES,
  CYBERSECURITY_CONCEPTS,
  INCLUSION_REASONS,
  OPERATIONAL_CAPABILITIES,
  SECURITY_DOMAINS,
  SECURITY_PROPERTIES,
  type TControl,
  type TControlApplicability,
  type TControlAttributes,
  type TControlList,
  type TControlListQuery,
  type TControlSummary,
  type TControlTheme,
  type TCreateControlRequest,
  type TCsfCoverage,
  type TFieldError,
  type TImplementationStatus,
  type TInclusionReason,
  type TRiskControlLink,
  type TSetControlRisksRequest,
  type TUpdateControlRequest,
} from '@vigil/contracts';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { type AuditContext, diffChanges, recordAudit } from '../../audit/audit.ts';
import { type Actor, assertCan } from '../../authz/actor.ts';
import { ANNEX_A, annexSortOrder, CSF_SUBCATEGORIES } from '../../catalogue/annex-a.ts';
import { toJson } from '../../db/dialect.ts';
import { formatKey, nextKey } from '../../db/keys.ts';
import type { DB } from '../../db/types.ts';
import type { Deps } from '../../deps.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { healthOfControls } from '../control-checks/control-checks.service.ts';
import { NO_HEALTH } from '../control-checks/control-health.ts';
import { type CoverageControl, csfCoverage } from './control-coverage.ts';
import { mayEditControl } from './controls.policy.ts';
import {
  controlKey,
  inVocabularyOrder,
  presentControl,
  presentControlSummary,
  presentCoverageControl,
  presentRiskControlLink,
} from './controls.presenter.ts';
import * as repo from './controls.repo.ts';

/** Custom controls sort after every Annex A control: VC-n at this plus n. */
const CUSTOM_SORT_BASE = 1_000_000;

// ---------------------------------------------------------------- the Annex A catalogue

/**
 * Gives the organisation every Annex A control it does not have yet: all 93 on first use of the register,
 * by whichever request comes first (concurrent ones add nothing), audited once. For services that have
 * authorised their caller already (the Statement of Applicability, the demo); `db` may be a transaction.
 */
export async function ensureControlRegister(
  db: Kysely<DB>,
  audit: AuditContext,
  organisationId: string,
): Promise<void> {
  const present = await repo.countAnnexControls(db, organisationId);
  if (present >= ANNEX_A.length) return;
  const add = async (tx: Kysely<DB>) => {
    const added = await repo.insertAnnexControlsIfAbsent(
      tx,
      organisationId,
      ANNEX_A.map((control) => ({
        id: uuidv7(),
        annex_ref: control.ref,
        sort_order: annexSortOrder(control.ref),
        title: control.title,
        theme: control.theme,
        new_in_2022: control.newIn2022,
        control_types: toJson(control.attributes.controlTypes),
        properties: toJson(control.attributes.properties),
        concepts: toJson(control.attributes.concepts),
        capabilities: toJson(control.attributes.capabilities),
        domains: toJson(control.attributes.domains),
      })),
      audit.now().toISOString(),
    );
    if (added > 0) {
      await recordAudit(tx, audit, {
        organisationId,
        action: 'control_register.annex_a_added',
        subject: { type: 'control_register', id: organisationId },
        changes: { annexAControls: { before: present, after: present + added } },
      });
    }
  };
  await (db.isTransaction ? add(db) : db.transaction().execute(add));
}

// ---------------------------------------------------------------- reading

async function loadRow(db: Kysely<DB>, organisationId: string, controlId: string): Promise<repo.ControlRow> {
  const row = await repo.getControl(db, organisationId, controlId);
  if (!row) throw notFound('The control');
  return row;
}

async function detailOf(
  db: Kysely<DB>,
  organisationId: string,
  row: repo.ControlRow,
  clock: Date,
): Promise<TControl> {
  const health = await healthOfControls(db, organisationId, [row.id], clock);
  return presentControl(
    row,
    await repo.listRiskLinks(db, organisationId, [row.id]),
    health.get(row.id) ?? NO_HEALTH,
  );
}

async function loadControl(
  db: Kysely<DB>,
  organisationId: string,
  controlId: string,
  clock: Date,
): Promise<TControl> {
  return detailOf(db, organisationId, await loadRow(db, organisationId, controlId), clock);
}

/** Register rows with their linked risks and health (from the control-checks module), read in one go. */
async function summariesOf(
  db: Kysely<DB>,
  organisationId: string,
  rows: readonly repo.ControlRow[],
  clock: Date,
): Promise<TControlSummary[]> {
  const ids = rows.map((r) => r.id);
  const links = await repo.listRiskLinks(db, organisationId, ids);
  const health = await healthOfControls(db, organisationId, ids, clock);
  return rows.map((row) =>
    presentControlSummary(
      row,
      links.filter((l) => l.control_id === row.id),
      health.get(row.id) ?? NO_HEALTH,
    ),
  );
}

/**
 * The register, filtered, all at once: 93 Annex A controls plus the organisation's own are a few hundred
 * rows at most, and the Statement of Applicability is read as one list grouped by theme.
 */
export async function listControls(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  query: TControlListQuery,
): Promise<TControlList> {
  assertCan(actor, 'control:read');
  const organisationId = actor.organisationId;
  await ensureControlRegister(deps.db, audit, organisationId);
  const attributes: repo.AttributeFilter[] = [];
  if (query.controlType) attributes.push({ column: 'control_types', tag: query.controlType });
  if (query.property) attributes.push({ column: 'properties', tag: query.property });
  if (query.concept) attributes.push({ column: 'concepts', tag: query.concept });
  if (query.capability) attributes.push({ column: 'capabilities', tag: query.capability });
  if (query.domain) attributes.push({ column: 'domains', tag: query.domain });
  const rows = await repo.listControls(deps.db, organisationId, {
    source: query.source,
    theme: query.theme,
    applicability: query.applicability,
    status: query.status,
    ownerId: query.ownerId,
    attributes,
    riskId: query.riskId,
    q: query.q,
  });
  return { items: await summariesOf(deps.db, organisationId, rows, deps.now()) };
}

export async function getControl(deps: Deps, actor: Actor | null, controlId: string): Promise<TControl> {
  assertCan(actor, 'control:read');
  return loadControl(deps.db, actor.organisationId, controlId, deps.now());
}

/** Which NIST CSF 2.0 subcategories the organisation's implemented Annex A controls cover. */
export async function getCsfCoverage(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
): Promise<TCsfCoverage> {
  assertCan(actor, 'control:read');
  const organisationId = actor.organisationId;
  await ensureControlRegister(deps.db, audit, organisationId);
  const rows = await repo.listControls(deps.db, organisationId, { source: 'annex_a' });
  const byRef = new Map<string, CoverageControl>();
  for (const row of rows) if (row.annex_ref !== null) byRef.set(row.annex_ref, presentCoverageControl(row));
  return csfCoverage(CSF_SUBCATEGORIES, byRef);
}

// ---------------------------------------------------------------- the state of a control

/** What an edit can change, as the API names it. */
type ControlState = {
  title: string;
  description: string;
  theme: TControlTheme;
  attributes: TControlAttributes;
  applicability: TControlApplicability;
  /** In the vocabulary's order, each once. */
  inclusionReasons: TInclusionReason[];
  inclusionNote: string | null;
  exclusionJustification: string | null;
  implementationStatus: TImplementationStatus;
  inheritedFrom: string | null;
  implementationDescription: string;
  ownerId: string | null;
  targetDate: string | null;
};

/** The fields an Annex A control takes from Annex A (its description stays empty). */
const annexAFields = (state: ControlState) => ({
  title: state.title,
  description: state.description,
  theme: state.theme,
  attributes: state.attributes,
});

const NO_ATTRIBUTES: TControlAttributes = {
  controlTypes: [],
  properties: [],
  concepts: [],
  capabilities: [],
  domains: [],
};

/** Attributes in the vocabulary's order, each once; the lists not sent keep their values. */
function mergedAttributes(
  before: TControlAttributes,
  sent: TUpdateControlRequest['attributes'],
): TControlAttributes {
  if (!sent) return before;
  return {
    controlTypes: inVocabularyOrder(CONTROL_TYPES, sent.controlTypes ?? before.controlTypes),
    properties: inVocabularyOrder(SECURITY_PROPERTIES, sent.properties ?? before.properties),
    concepts: inVocabularyOrder(CYBERSECURITY_CONCEPTS, sent.concepts ?? before.concepts),
    capabilities: inVocabularyOrder(OPERATIONAL_CAPABILITIES, sent.capabilities ?? before.capabilities),
    domains: inVocabularyOrder(SECURITY_DOMAINS, sent.domains ?? before.domains),
  };
}

function stateOf(control: TControlSummary): ControlState {
  return {
    title: control.title,
    description: control.description,
    theme: control.theme,
    attributes: control.attributes,
    applicability: control.applicability,
    inclusionReasons: control.inclusionReasons,
    inclusionNote: control.inclusionNote,
    exclusionJustification: control.exclusionJustification,
    implementationStatus: control.implementationStatus,
    inheritedFrom: control.inheritedFrom,
    implementationDescription: control.implementationDescription,
    ownerId: control.owner?.id ?? null,
    targetDate: control.targetDate,
  };
}

/** The fields after an edit: those sent replace the current ones. */
function merged(before: ControlState, input: Omit<TUpdateControlRequest, 'version'>): ControlState {
  const { attributes, inclusionReasons, ...sent } = input;
  const after: ControlState = { ...before };
  for (const [key, value] of Object.entries(sent) as [keyof ControlState, unknown][]) {
    if (value !== undefined) Object.assign(after, { [key]: value });
  }
  after.attributes = mergedAttributes(before.attributes, attributes);
  if (inclusionReasons !== undefined)
    after.inclusionReasons = inVocabularyOrder(INCLUSION_REASONS, inclusionReasons);
  // a supplier goes with the inherited status: leaving that status drops the supplier it named
  if (after.implementationStatus !== 'inherited' && input.inheritedFrom === undefined)
    after.inheritedFrom = null;
  return after;
}

/** The rules of the Statement of Applicability that the schema alone cannot state. */
async function stateErrors(
  db: Kysely<DB>,
  organisationId: string,
  source: 'annex_a' | 'custom',
  before: ControlState,
  after: ControlState,
): Promise<TFieldError[]> {
  const errors: TFieldError[] = [];
  if (source === 'annex_a') {
    for (const field of Object.keys(diffChanges(annexAFields(before), annexAFields(after))))
      errors.push({
        field: `body.${field}`,
        message:
          'An Annex A control keeps its Annex A title, theme and attributes: add your own control instead',
      });
  }
  if (after.applicability === 'not_applicable' && after.exclusionJustification === null)
    errors.push({
      field: 'body.exclusionJustification',
      message: 'Say why the control is excluded: the Statement of Applicability must justify every exclusion',
    });
  if (after.implementationStatus === 'inherited' && after.inheritedFrom === null)
    errors.push({
      field: 'body.inheritedFrom',
      message: 'Name the supplier the control is inherited from (e.g. the hosting provider)',
    });
  if (after.implementationStatus !== 'inherited' && after.inheritedFrom !== null)
    errors.push({
      field: 'body.inheritedFrom',
      message:
        'Only an inherited control names a supplier: set the status to inherited, or leave the supplier out',
    });
  if (after.ownerId !== null && after.ownerId !== before.ownerId) {
    if (!(await repo.isActiveMember(db, organisationId, after.ownerId)))
      errors.push({
        field: 'body.ownerId',
        message: 'Choose the owner from the active people of this organisation',
      });
  }
  return errors;
}

function invalidFields(errors: TFieldError[]): AppError {
  const detail = errors.length === 1 && errors[0] ? errors[0].message : 'Some fields are not valid';
  return new AppError('validation_failed', detail, { fieldErrors: errors });
}

function columnsOf(state: ControlState): repo.ControlColumns {
  return {
    title: state.title,
    description: state.description,
    theme: state.theme,
    control_types: toJson(state.attributes.controlTypes),
    properties: toJson(state.attributes.properties),
    concepts: toJson(state.attributes.concepts),
    capabilities: toJson(state.attributes.capabilities),
    domains: toJson(state.attributes.domains),
    applicability: state.applicability,
    inclusion_reasons: toJson(state.inclusionReasons),
    inclusion_note: state.inclusionNote,
    exclusion_justification: state.exclusionJustification,
    implementation_status: state.implementationStatus,
    inherited_from: state.inheritedFrom,
    implementation_description: state.implementationDescription,
    owner_id: state.ownerId,
    target_on: state.targetDate,
  };
}

function stale(current: TControl): AppError {
  return new AppError(
    'conflict',
    `${current.key} was changed by someone else: review the current values and try again`,
    { extensions: { current } },
  );
}

function assertMayEdit(actor: Actor, row: repo.ControlRow): void {
  if (!mayEditControl(actor, { ownerId: row.owner_id })) {
    throw forbidden(
      `Your role lets you edit only the controls you own: ask the owner of ${controlKey(row)} or a security officer`,
    );
  }
}

// ---------------------------------------------------------------- writing

/** Adds a control of the organisation's own (`VC-n`), after the Annex A controls. */
export async function createControl(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  input: TCreateControlRequest,
): Promise<TControl> {
  assertCan(actor, 'control:manage');
  const organisationId = actor.organisationId;
  const blank: ControlState = {
    title: input.title,
    description: '',
    theme: input.theme,
    attributes: NO_ATTRIBUTES,
    applicability: 'undecided',
    inclusionReasons: [],
    inclusionNote: null,
    exclusionJustification: null,
    implementationStatus: 'not_started',
    inheritedFrom: null,
    implementationDescription: '',
    ownerId: null,
    targetDate: null,
  };
  const state = merged(blank, input);
  const clock = deps.now();
  const now = clock.toISOString();
  await ensureControlRegister(deps.db, audit, organisationId);
  return deps.db.transaction().execute(async (tx) => {
    const errors = await stateErrors(tx, organisationId, 'custom', blank, state);
    if (errors.length > 0) throw invalidFields(errors);
    const id = uuidv7();
    const keyNumber = await nextKey(tx, organisationId, 'control');
    await repo.insertCustomControl(
      tx,
      organisationId,
      { id, key_number: keyNumber, sort_order: CUSTOM_SORT_BASE + keyNumber, ...columnsOf(state) },
      now,
    );
    await recordAudit(tx, audit, {
      organisationId,
      action: 'control.created',
      subject: { type: 'control', id },
      changes: diffChanges(null, { key: formatKey('control', keyNumber), ...state }),
    });
    return loadControl(tx, organisationId, id, clock);
  });
}

/**
 * Edits a control's place in the Statement of Applicability (and a custom control's own fields): a
 * control that does not apply needs an exclusion justification, an inherited one the supplier's name.
 */
export async function updateControl(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  controlId: string,
  input: TUpdateControlRequest,
): Promise<TControl> {
  assertCan(actor, 'control:update');
  const organisationId = actor.organisationId;
  const clock = deps.now();
  const now = clock.toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const row = await loadRow(tx, organisationId, controlId);
    assertMayEdit(actor, row);
    const current = await detailOf(tx, organisationId, row, clock);
    if (current.version !== input.version) throw stale(current);

    const before = stateOf(current);
    const { version: _version, ...sent } = input;
    const after = merged(before, sent);
    const errors = await stateErrors(tx, organisationId, current.source, before, after);
    if (errors.length > 0) throw invalidFields(errors);
    const changes = diffChanges(before, after);
    if (Object.keys(changes).length === 0) return current;

    if (!(await repo.updateControl(tx, organisationId, controlId, input.version, columnsOf(after), now)))
      throw stale(await loadControl(tx, organisationId, controlId, clock));
    await recordAudit(tx, audit, {
      organisationId,
      action: 'control.updated',
      subject: { type: 'control', id: controlId },
      changes,
    });
    return loadControl(tx, organisationId, controlId, clock);
  });
}

/**
 * Makes `riskIds` the complete set of risks the control treats. Every risk must be one of the
 * organisation's (another organisation's is a 404, like a missing one); a closed risk stays linked but
 * cannot be newly linked. The change is an edit of the control: it carries the version read and bumps it.
 */
export async function setControlRisks(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  controlId: string,
  input: TSetControlRisksRequest,
): Promise<TControl> {
  assertCan(actor, 'control:update');
  const organisationId = actor.organisationId;
  const clock = deps.now();
  const now = clock.toISOString();
  const wanted = [...new Set(input.riskIds)].sort();
  return deps.db.transaction().execute(async (tx) => {
    const row = await loadRow(tx, organisationId, controlId);
    assertMayEdit(actor, row);
    const current = await detailOf(tx, organisationId, row, clock);
    if (current.version !== input.version) throw stale(current);

    const linked = current.risks.map((r) => r.id).sort();
    const found = new Map((await repo.findRisks(tx, organisationId, wanted)).map((r) => [r.id, r]));
    const missing: TFieldError[] = [];
    const closed: TFieldError[] = [];
    input.riskIds.forEach((riskId, i) => {
      const risk = found.get(riskId);
      if (!risk)
        missing.push({ field: `body.riskIds.${i}`, message: 'No risk with this id in this organisation' });
      else if (risk.status === 'closed' && !linked.includes(riskId))
        closed.push({
          field: `body.riskIds.${i}`,
          message: `${formatKey('risk', risk.key_number)} is closed: reopen it before linking it`,
        });
    });
    if (missing.length > 0)
      throw new AppError('not_found', 'A risk to link was not found: nothing was linked', {
        fieldErrors: missing,
      });
    if (closed.length > 0) throw invalidFields(closed);
    const changes = diffChanges({ riskIds: linked }, { riskIds: wanted });
    if (Object.keys(changes).length === 0) return current;

    if (!(await repo.updateControl(tx, organisationId, controlId, input.version, {}, now)))
      throw stale(await loadControl(tx, organisationId, controlId, clock));
    await repo.replaceControlRisks(tx, organisationId, controlId, wanted);
    await recordAudit(tx, audit, {
      organisationId,
      action: 'control.risks_linked',
      subject: { type: 'control', id: controlId },
      changes,
    });
    return loadControl(tx, organisationId, controlId, clock);
  });
}

// ---------------------------------------------------------------- for the risk register

/**
 * The controls that treat each of the risks (in key order), for risks the caller may read already: the
 * risk register shows them as `links.controls`. Risks without controls are missing from the map.
 */
export async function controlsOfRisks(
  db: Kysely<DB>,
  organisationId: string,
  riskIds: readonly string[],
): Promise<Map<string, TRiskControlLink[]>> {
  const byRisk = new Map<string, TRiskControlLink[]>();
  for (const row of await repo.listControlsOfRisks(db, organisationId, riskIds)) {
    const links = byRisk.get(row.risk_id) ?? [];
    links.push(presentRiskControlLink(row));
    byRisk.set(row.risk_id, links);
  }
  return byRisk;
}
