import {
  API_TOKEN_PREFIX,
  type TApiToken,
  type TApiTokenCreated,
  type TApiTokenCreateRequest,
  type TFieldError,
  ZRole,
} from '@vigil/contracts';
import { v7 as uuidv7 } from 'uuid';
import { type AuditContext, recordAudit } from '../../audit/audit.ts';
import { type Actor, assertCan, assertSignedIn, permissionsOf } from '../../authz/actor.ts';
import { hashToken, randomToken } from '../../crypto.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { presentToken } from './tokens.presenter.ts';
import * as repo from './tokens.repo.ts';

/** Characters of the token kept in clear to recognise it in lists (`vgl_` and four more). */
const DISPLAY_PREFIX_LENGTH = 8;
/** `last_used_at` is written at most this often per token. */
const TOUCH_INTERVAL_MS = 60_000;
/** `api_token.used` is recorded at most this often per token, so that the audit chain is not flooded. */
const AUDIT_USE_INTERVAL_MS = 60 * 60_000;
/** Longer than any token this server hands out; anything longer is not worth a look-up. */
const MAX_TOKEN_LENGTH = 200;

/** The signed-in actor (session or token) with the organisation it acts in; 403 without one. */
function inOrganisation(actor: Actor | null): Actor & { organisationId: string } {
  const signedIn = assertSignedIn(actor);
  if (signedIn.organisationId === null) {
    throw new AppError('forbidden', 'Choose an organisation first: an API token belongs to one organisation');
  }
  return { ...signedIn, organisationId: signedIn.organisationId };
}

function oneYearAfter(date: Date): Date {
  const limit = new Date(date);
  limit.setUTCFullYear(limit.getUTCFullYear() + 1);
  return limit;
}

/**
 * A personal API token for the current organisation, with scopes from the creator's own permissions.
 * The token is returned here once; only its hash is kept.
 */
export async function createToken(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  input: TApiTokenCreateRequest,
): Promise<TApiTokenCreated> {
  const signedIn = inOrganisation(actor);
  if (signedIn.tokenId !== null) {
    throw new AppError('forbidden', 'An API token cannot create tokens: sign in to create one');
  }
  const now = deps.now();
  const scopes = [...new Set(input.scopes)].sort();
  const fieldErrors: TFieldError[] = [];
  const lacking = scopes.filter((scope) => !signedIn.permissions.has(scope));
  if (lacking.length > 0) {
    fieldErrors.push({
      field: 'body.scopes',
      message: `Your role does not allow ${lacking.join(', ')}: a token can only have permissions you have`,
    });
  }
  const expiresAt = new Date(input.expiresAt);
  if (expiresAt.getTime() <= now.getTime()) {
    fieldErrors.push({ field: 'body.expiresAt', message: 'Choose an expiry date in the future' });
  } else if (expiresAt.getTime() > oneYearAfter(now).getTime()) {
    fieldErrors.push({ field: 'body.expiresAt', message: 'Choose an expiry date at most one year ahead' });
  }
  if (fieldErrors.length > 0) {
    throw new AppError('validation_failed', fieldErrors.map((e) => e.message).join('. '), { fieldErrors });
  }

  const token = `${API_TOKEN_PREFIX}${randomToken()}`;
  const id = uuidv7();
  const created = await deps.db.transaction().execute(async (tx) => {
    await repo.insertToken(tx, signedIn.organisationId, {
      id,
      userId: signedIn.userId,
      name: input.name,
      tokenHash: hashToken(token),
      tokenPrefix: token.slice(0, DISPLAY_PREFIX_LENGTH),
      scopes,
      expiresAt: expiresAt.toISOString(),
      createdAt: now.toISOString(),
    });
    await recordAudit(tx, audit, {
      organisationId: signedIn.organisationId,
      action: 'api_token.created',
      subject: { type: 'api_token', id },
      changes: {
        name: { before: null, after: input.name },
        scopes: { before: null, after: scopes },
        expiresAt: { before: null, after: expiresAt.toISOString() },
      },
    });
    return repo.getToken(tx, signedIn.organisationId, id);
  });
  if (!created) throw new Error('the API token vanished inside its own transaction');
  return { ...presentToken(created), token };
}

/** Your own live tokens in the current organisation; with `all`, everyone's (needs `api_token:manage_all`). */
export async function listTokens(
  deps: Deps,
  actor: Actor | null,
  options: { all: boolean },
): Promise<TApiToken[]> {
  if (options.all) {
    assertCan(actor, 'api_token:manage_all');
    const rows = await repo.listTokens(deps.db, actor.organisationId);
    return rows.map(presentToken);
  }
  const signedIn = inOrganisation(actor);
  const rows = await repo.listTokens(deps.db, signedIn.organisationId, { userId: signedIn.userId });
  return rows.map(presentToken);
}

/** Revokes one of your tokens, or any token of the organisation with `api_token:manage_all`. */
export async function revokeToken(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  tokenId: string,
): Promise<void> {
  const signedIn = inOrganisation(actor);
  const mayRevokeAny = signedIn.permissions.has('api_token:manage_all');
  await deps.db.transaction().execute(async (tx) => {
    const token = await repo.getToken(tx, signedIn.organisationId, tokenId);
    if (!token || (token.user_id !== signedIn.userId && !mayRevokeAny)) throw notFound('The API token');
    const now = deps.now().toISOString();
    if (!(await repo.revokeToken(tx, signedIn.organisationId, tokenId, now))) throw notFound('The API token');
    await recordAudit(tx, audit, {
      organisationId: signedIn.organisationId,
      action: 'api_token.revoked',
      subject: { type: 'api_token', id: tokenId },
      changes: { revokedAt: { before: null, after: now } },
    });
  });
}

/**
 * Resolves a personal API token (`Authorization: Bearer`) to an actor whose permissions are the
 * owner's role narrowed to the token's scopes; null when unknown, expired, revoked or its owner lost access.
 */
export async function resolveApiToken(deps: Deps, token: string, audit: AuditContext): Promise<Actor | null> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > MAX_TOKEN_LENGTH) return null;
  const row = await repo.unsafeFindTokenByHash(deps.db, hashToken(token));
  const now = deps.now();
  const live = (until: string | null) => until === null || Date.parse(until) > now.getTime();
  if (
    !row ||
    row.revoked_at !== null ||
    !live(row.expires_at) ||
    row.user_status !== 'active' ||
    row.membership_id === null ||
    row.membership_status !== 'active' ||
    !live(row.membership_expires_at)
  ) {
    return null;
  }
  const role = ZRole.safeParse(row.role);
  if (!role.success) return null;
  await noteUse(deps, audit, { id: row.id, organisationId: row.organisation_id }, now);
  return {
    userId: row.user_id,
    sessionId: null,
    tokenId: row.id,
    organisationId: row.organisation_id,
    membershipId: row.membership_id,
    role: role.data,
    permissions: permissionsOf(role.data, row.scopes),
    restriction: null,
  };
}

/** `last_used_at` at most once a minute; `api_token.used` in the audit trail at most once an hour. */
async function noteUse(
  deps: Deps,
  audit: AuditContext,
  token: { id: string; organisationId: string },
  now: Date,
): Promise<void> {
  const touched = await repo.touchToken(
    deps.db,
    token.organisationId,
    token.id,
    now.toISOString(),
    new Date(now.getTime() - TOUCH_INTERVAL_MS).toISOString(),
  );
  if (!touched) return;
  await deps.db.transaction().execute(async (tx) => {
    const last = await repo.lastRecordedUse(tx, token.organisationId, token.id);
    if (last !== undefined && Date.parse(last) > now.getTime() - AUDIT_USE_INTERVAL_MS) return;
    await recordAudit(
      tx,
      { ...audit, actor: { type: 'token', id: token.id } },
      {
        organisationId: token.organisationId,
        action: 'api_token.used',
        subject: { type: 'api_token', id: token.id },
      },
    );
  });
}
