import { ROLES, type TOrganisation, type TUpdateOrganisationRequest } from '@vigil/contracts';
import { type AuditContext, diffChanges, recordAudit } from '../../audit/audit.ts';
import { type Actor, assertCan } from '../../authz/actor.ts';
import { toJson } from '../../db/dialect.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { presentOrganisation } from './organisations.presenter.ts';
import * as repo from './organisations.repo.ts';

export async function getOrganisation(deps: Deps, actor: Actor | null): Promise<TOrganisation> {
  assertCan(actor, 'organisation:read');
  const row = await repo.getOrganisation(deps.db, actor.organisationId);
  if (!row) throw notFound('The organisation');
  return presentOrganisation(row);
}

type Settings = Omit<TOrganisation, 'id' | 'version'>;

const invalid = (field: keyof Settings, message: string) =>
  new AppError('validation_failed', message, { fieldErrors: [{ field: `body.${field}`, message }] });

/** The settings after the change: the fields sent replace the current ones. */
function merged(before: Settings, input: TUpdateOrganisationRequest): Settings {
  const { version: _version, ...sent } = input;
  const after: Settings = { ...before };
  for (const [key, value] of Object.entries(sent) as [keyof Settings, unknown][]) {
    if (value !== undefined) Object.assign(after, { [key]: value });
  }
  // One entry per role, in the vocabulary's order, so that the same set never reads as a change.
  after.mfaRoles = ROLES.filter((r) => after.mfaRoles.includes(r));
  return after;
}

/** Rules between fields, checked on the settings as they would be after the change. */
function assertConsistent(after: Settings, input: TUpdateOrganisationRequest): void {
  if (after.sessionAbsoluteMinutes < after.sessionIdleMinutes) {
    throw invalid(
      input.sessionAbsoluteMinutes === undefined ? 'sessionIdleMinutes' : 'sessionAbsoluteMinutes',
      `A session cannot idle longer than it may last: keep the idle timeout (${after.sessionIdleMinutes} min) at or below the absolute timeout (${after.sessionAbsoluteMinutes} min)`,
    );
  }
  if (after.mfaPolicy === 'roles' && after.mfaRoles.length === 0) {
    throw invalid('mfaRoles', 'Choose at least one role that must use two-factor authentication');
  }
}

/** Edits the settings of the actor's organisation; `version` must be the one the editor read. */
export async function updateOrganisation(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  input: TUpdateOrganisationRequest,
): Promise<TOrganisation> {
  assertCan(actor, 'organisation:update');
  const organisationId = actor.organisationId;
  const now = deps.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const load = async () => {
      const row = await repo.getOrganisation(tx, organisationId);
      if (!row) throw notFound('The organisation');
      return presentOrganisation(row);
    };
    const stale = (current: TOrganisation) =>
      new AppError(
        'conflict',
        'The organisation settings were changed by someone else: review the current values and try again',
        { extensions: { current } },
      );

    const current = await load();
    if (current.version !== input.version) throw stale(current);
    const { id: _id, version: _version, ...before } = current;
    const after = merged(before, input);
    assertConsistent(after, input);
    const changes = diffChanges(before, after);
    if (Object.keys(changes).length === 0) return current;

    const slugTaken = () =>
      new AppError('conflict', `The URL name "${after.slug}" is already taken: choose another`, {
        fieldErrors: [{ field: 'body.slug', message: 'Already taken by another organisation' }],
      });
    if ('slug' in changes && (await repo.unsafeSlugTakenElsewhere(tx, organisationId, after.slug))) {
      throw slugTaken();
    }
    let updated: boolean;
    try {
      updated = await repo.updateOrganisation(
        tx,
        organisationId,
        input.version,
        {
          name: after.name,
          slug: after.slug,
          time_zone: after.timeZone,
          locale: after.locale,
          session_idle_minutes: after.sessionIdleMinutes,
          session_absolute_minutes: after.sessionAbsoluteMinutes,
          mfa_policy: after.mfaPolicy,
          mfa_roles: toJson(after.mfaRoles),
        },
        now,
      );
    } catch (error) {
      // Another organisation took the slug between the check and the write.
      if (isUniqueViolation(error)) throw slugTaken();
      throw error;
    }
    if (!updated) throw stale(await load());
    await recordAudit(tx, audit, {
      organisationId,
      action: 'organisation.updated',
      subject: { type: 'organisation', id: organisationId },
      changes,
    });
    return load();
  });
}
