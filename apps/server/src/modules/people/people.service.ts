import type {
  TMembershipStatus,
  TPeopleQuery,
  TPerson,
  TPersonList,
  TRole,
  TUpdatePersonRequest,
} from '@vigil/contracts';
import type { Kysely } from 'kysely';
import { type AuditContext, diffChanges, recordAudit } from '../../audit/audit.ts';
import { type Actor, assertCan, can } from '../../authz/actor.ts';
import type { DB } from '../../db/types.ts';
import type { Deps } from '../../deps.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { canManageMember, ROLES_WITH_EXPIRY, ROLES_WITHOUT_EXPIRY } from './people.policy.ts';
import { decodePeopleCursor, encodePeopleCursor, presentPerson } from './people.presenter.ts';
import * as repo from './people.repo.ts';

export async function listPeople(deps: Deps, actor: Actor | null, query: TPeopleQuery): Promise<TPersonList> {
  assertCan(actor, 'person:read');
  const after = query.cursor ? decodePeopleCursor(query.cursor) : null;
  // One row more than asked for says whether there is a next page.
  const rows = await repo.listPeople(deps.db, actor.organisationId, query, { limit: query.limit + 1, after });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(presentPerson),
    nextCursor: rows.length > query.limit && last ? encodePeopleCursor(last) : null,
  };
}

export async function getPerson(deps: Deps, actor: Actor | null, membershipId: string): Promise<TPerson> {
  assertCan(actor, 'person:read');
  return loadPerson(deps.db, actor.organisationId, membershipId);
}

async function loadPerson(db: Kysely<DB>, organisationId: string, membershipId: string): Promise<TPerson> {
  const row = await repo.getPerson(db, organisationId, membershipId);
  if (!row) throw notFound('The person');
  return presentPerson(row);
}

const invalid = (field: string, message: string) =>
  new AppError('validation_failed', message, { fieldErrors: [{ field: `body.${field}`, message }] });

function stale(current: TPerson): AppError {
  return new AppError(
    'conflict',
    `${current.name}'s membership was changed by someone else: review the current values and try again`,
    { extensions: { current } },
  );
}

/** Refuses to take away the organisation's last active owner. */
async function assertNotLastOwner(
  db: Kysely<DB>,
  organisationId: string,
  person: TPerson,
  now: string,
  outcome: string,
): Promise<void> {
  if (person.role !== 'owner' || person.status !== 'active') return;
  if ((await repo.countActiveOwners(db, organisationId, now)) > 1) return;
  throw new AppError(
    'conflict',
    `${person.name} is the last owner of this organisation and cannot be ${outcome}: make someone else an owner first`,
  );
}

function roleRefusal(actorRole: TRole | null, from: TRole, to: TRole): string | null {
  if (canManageMember(actorRole, from) && canManageMember(actorRole, to)) return null;
  return from === 'owner' || to === 'owner'
    ? 'Only an owner may grant or remove the owner role'
    : `Your role may not change a ${from} into a ${to}`;
}

/** The editable fields of a membership, as the API names them. */
type Editable = {
  department: string | null;
  jobTitle: string | null;
  seniority: TPerson['seniority'];
  accessLevel: TPerson['accessLevel'];
  managerId: string | null;
  role: TRole;
  expiresAt: string | null;
};

function editableOf(person: TPerson): Editable {
  return {
    department: person.department,
    jobTitle: person.jobTitle,
    seniority: person.seniority,
    accessLevel: person.accessLevel,
    managerId: person.manager?.id ?? null,
    role: person.role,
    expiresAt: person.expiresAt,
  };
}

/** The fields after the change: those sent replace the current ones; dates are stored as UTC ISO strings. */
function merged(before: Editable, input: TUpdatePersonRequest): Editable {
  const pick = <K extends keyof Editable>(key: K): Editable[K] =>
    input[key] === undefined ? before[key] : (input[key] as Editable[K]);
  const expiresAt = pick('expiresAt');
  return {
    department: pick('department'),
    jobTitle: pick('jobTitle'),
    seniority: pick('seniority'),
    accessLevel: pick('accessLevel'),
    managerId: pick('managerId'),
    role: pick('role'),
    expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString(),
  };
}

function assertExpiry(after: Editable, expiryChanged: boolean, now: Date): void {
  if (expiryChanged && after.expiresAt !== null && Date.parse(after.expiresAt) <= now.getTime()) {
    throw invalid('expiresAt', 'Choose an end date in the future');
  }
  if (ROLES_WITH_EXPIRY.includes(after.role) && after.expiresAt === null) {
    throw invalid('expiresAt', 'An external auditor needs an end date for their access');
  }
  if (ROLES_WITHOUT_EXPIRY.includes(after.role) && after.expiresAt !== null) {
    throw invalid('expiresAt', "An owner's membership cannot end on a date: clear the end date");
  }
}

/** The manager must be another person of this organisation, and must not report (at any depth) to this one. */
async function assertManager(
  db: Kysely<DB>,
  organisationId: string,
  personId: string,
  managerId: string,
): Promise<void> {
  if (managerId === personId) throw invalid('managerId', 'A person cannot be their own manager');
  let next = await repo.getManagerId(db, organisationId, managerId);
  if (next === undefined) throw invalid('managerId', 'Choose a manager from the people of this organisation');
  const seen = new Set<string>();
  while (next) {
    if (next === personId) {
      throw invalid(
        'managerId',
        'The chosen manager already reports, directly or indirectly, to this person: that would make a loop',
      );
    }
    if (seen.has(next)) return;
    seen.add(next);
    next = await repo.getManagerId(db, organisationId, next);
  }
}

/**
 * Edits a membership. Role and end date are privileges (`role:assign`); a role change also ends the
 * person's sessions in this organisation, so they sign in again with a new session.
 */
export async function updatePerson(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  membershipId: string,
  input: TUpdatePersonRequest,
): Promise<TPerson> {
  assertCan(actor, 'person:update');
  const organisationId = actor.organisationId;
  const clock = deps.now();
  const now = clock.toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const current = await loadPerson(tx, organisationId, membershipId);
    if (current.version !== input.version) throw stale(current);
    const before = editableOf(current);
    const after = merged(before, input);
    const changes = diffChanges(before, after);
    if (Object.keys(changes).length === 0) return current;

    const roleChanged = 'role' in changes;
    const expiryChanged = 'expiresAt' in changes;
    if ((roleChanged || expiryChanged) && !can(actor, 'role:assign')) {
      throw forbidden('Your role does not allow changing roles or when access ends');
    }
    if (roleChanged) {
      const refusal = roleRefusal(actor.role, before.role, after.role);
      if (refusal) throw forbidden(refusal);
      await assertNotLastOwner(tx, organisationId, current, now, 'given another role');
    }
    if (roleChanged || expiryChanged) assertExpiry(after, expiryChanged, clock);
    if ('managerId' in changes && after.managerId !== null) {
      await assertManager(tx, organisationId, membershipId, after.managerId);
    }

    const updated = await repo.updateMembership(
      tx,
      organisationId,
      membershipId,
      input.version,
      {
        department: after.department,
        job_title: after.jobTitle,
        seniority: after.seniority,
        access_level: after.accessLevel,
        manager_id: after.managerId,
        role: after.role,
        expires_at: after.expiresAt,
      },
      now,
    );
    if (!updated) throw stale(await loadPerson(tx, organisationId, membershipId));
    const sessionsEnded = roleChanged
      ? await repo.revokeSessionsInOrganisation(tx, organisationId, current.userId, now)
      : null;
    await recordAudit(tx, audit, {
      organisationId,
      action: roleChanged ? 'membership.role_changed' : 'membership.updated',
      subject: { type: 'membership', id: membershipId },
      changes:
        sessionsEnded === null
          ? changes
          : { ...changes, sessionsEnded: { before: null, after: sessionsEnded } },
    });
    return loadPerson(tx, organisationId, membershipId);
  });
}

/**
 * Disables or enables a membership. Disabling ends the person's sessions in this organisation at once;
 * nobody disables themselves, and the last owner stays.
 */
export async function setPersonStatus(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  membershipId: string,
  status: TMembershipStatus,
): Promise<TPerson> {
  assertCan(actor, 'person:disable');
  const organisationId = actor.organisationId;
  const now = deps.now().toISOString();
  return deps.db.transaction().execute(async (tx) => {
    const current = await loadPerson(tx, organisationId, membershipId);
    if (status === 'disabled' && current.userId === actor.userId) {
      throw forbidden('You cannot disable your own access: ask another administrator');
    }
    if (!canManageMember(actor.role, current.role)) {
      throw forbidden(
        current.role === 'owner'
          ? 'Only an owner may disable or enable an owner'
          : `Your role may not disable or enable a ${current.role}`,
      );
    }
    if (current.status === status) return current;
    if (status === 'disabled') await assertNotLastOwner(tx, organisationId, current, now, 'disabled');

    const updated = await repo.updateMembership(
      tx,
      organisationId,
      membershipId,
      current.version,
      { status },
      now,
    );
    if (!updated) throw stale(await loadPerson(tx, organisationId, membershipId));
    const changes: Record<string, { before: unknown; after: unknown }> = {
      status: { before: current.status, after: status },
    };
    if (status === 'disabled') {
      const ended = await repo.revokeSessionsInOrganisation(tx, organisationId, current.userId, now);
      changes.sessionsEnded = { before: null, after: ended };
    }
    await recordAudit(tx, audit, {
      organisationId,
      action: status === 'disabled' ? 'membership.disabled' : 'membership.enabled',
      subject: { type: 'membership', id: membershipId },
      changes,
    });
    return loadPerson(tx, organisationId, membershipId);
  });
}
