import {
  DEFAULT_METHODOLOGY,
  type TMethodology,
  type TMethodologyInput,
  type TMethodologyVersionList,
  type TUpdateMethodologyRequest,
} from '@vigil/contracts';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { type AuditContext, diffChanges, recordAudit } from '../../audit/audit.ts';
import { type Actor, assertCan } from '../../authz/actor.ts';
import { toJson } from '../../db/dialect.ts';
import type { DB } from '../../db/types.ts';
import type { Deps } from '../../deps.ts';
import { AppError, notFound } from '../../errors.ts';
import { definitionOf, presentMethodology, presentVersionSummary } from './risk-methodology.presenter.ts';
import * as repo from './risk-methodology.repo.ts';

/**
 * The organisation's current methodology row. An organisation starts with none: version 1 is created
 * from the default on first use, by whichever request comes first (concurrent ones insert nothing and
 * read the winner's row), and audited as a new version.
 */
async function ensureCurrent(
  db: Kysely<DB>,
  audit: AuditContext,
  organisationId: string,
): Promise<repo.MethodologyRow> {
  const row = await repo.getCurrent(db, organisationId);
  if (row) return row;
  const create = async (tx: Kysely<DB>) => {
    const id = uuidv7();
    const inserted = await repo.insertVersionIfAbsent(tx, organisationId, {
      id,
      version: 1,
      definition: toJson(DEFAULT_METHODOLOGY),
      createdBy: null,
      createdAt: audit.now().toISOString(),
    });
    if (inserted) {
      await recordAudit(tx, audit, {
        organisationId,
        action: 'risk_methodology.versioned',
        subject: { type: 'risk_methodology', id },
        changes: { version: { before: null, after: 1 }, basis: { before: null, after: 'default' } },
      });
    }
    const created = await repo.getCurrent(tx, organisationId);
    if (!created) throw new Error(`organisation ${organisationId} has no current risk methodology`);
    return created;
  };
  return db.isTransaction ? create(db) : db.transaction().execute(create);
}

export async function getMethodology(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
): Promise<TMethodology> {
  assertCan(actor, 'risk:read');
  return presentMethodology(await ensureCurrent(deps.db, audit, actor.organisationId));
}

export async function listMethodologyVersions(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
): Promise<TMethodologyVersionList> {
  assertCan(actor, 'risk:read');
  await ensureCurrent(deps.db, audit, actor.organisationId);
  const rows = await repo.listVersions(deps.db, actor.organisationId);
  return { items: rows.map(presentVersionSummary) };
}

export async function getMethodologyVersion(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  version: number,
): Promise<TMethodology> {
  assertCan(actor, 'risk:read');
  await ensureCurrent(deps.db, audit, actor.organisationId);
  const row = await repo.getVersion(deps.db, actor.organisationId, version);
  if (!row) throw notFound(`Version ${version} of the risk methodology`);
  return presentMethodology(row);
}

function stale(current: TMethodology): AppError {
  return new AppError(
    'conflict',
    `The risk methodology was changed by someone else (it is now version ${current.version}): review it and try again`,
    { extensions: { current } },
  );
}

/**
 * Saves a new version of the methodology, based on the version the editor read. Older versions are
 * kept and the ratings made with them stay as they are; the re-rating tool moves risks on.
 */
export async function updateMethodology(
  deps: Deps,
  actor: Actor | null,
  audit: AuditContext,
  input: TUpdateMethodologyRequest,
): Promise<TMethodology> {
  assertCan(actor, 'risk_methodology:update');
  const organisationId = actor.organisationId;
  const { basedOnVersion, ...definition } = input;
  return deps.db.transaction().execute(async (tx) => {
    const current = await ensureCurrent(tx, audit, organisationId);
    if (current.version !== basedOnVersion) throw stale(presentMethodology(current));
    const changes = diffChanges(definitionOf(current), definition);
    if (Object.keys(changes).length === 0) return presentMethodology(current);

    const id = uuidv7();
    const version = current.version + 1;
    const moved =
      (await repo.retireCurrent(tx, organisationId, current.version)) &&
      (await repo.insertVersionIfAbsent(tx, organisationId, {
        id,
        version,
        definition: toJson(definition),
        createdBy: actor.userId,
        createdAt: deps.now().toISOString(),
      }));
    if (!moved) throw stale(presentMethodology(await ensureCurrent(tx, audit, organisationId)));
    await recordAudit(tx, audit, {
      organisationId,
      action: 'risk_methodology.versioned',
      subject: { type: 'risk_methodology', id },
      changes: { ...changes, version: { before: current.version, after: version } },
    });
    const saved = await repo.getVersion(tx, organisationId, version);
    if (!saved) throw new Error('the new methodology version was not saved');
    return presentMethodology(saved);
  });
}

// ---------------------------------------------------------------- for the risks service

/** The methodology versions of an organisation: the current one to rate with, any one to show levels. */
export interface Methodologies {
  current: { version: number; definition: TMethodologyInput };
  /** Every version number, oldest first. */
  versions: readonly number[];
  /** The definition of a version; undefined for a version the organisation never had. */
  of(version: number): TMethodologyInput | undefined;
}

/** A stored definition, checked against the contract when first used. */
interface DefinitionEntry {
  definition: unknown;
  parsed?: TMethodologyInput;
}

/**
 * Definitions already read, by organisation, version and row id. A version is never changed once written,
 * so any node may keep what it read; which versions exist and which is current is read on every call, so a
 * version written by any node is seen at once. The row id is part of the key because a version number is
 * only unique within one database (and one that a rolled-back transaction wrote never existed). The least
 * recently used beyond `DEFINITIONS_KEPT` are dropped.
 */
const definitions = new Map<string, DefinitionEntry>();
const DEFINITIONS_KEPT = 1000;

function keptDefinition(key: string): DefinitionEntry | undefined {
  const entry = definitions.get(key);
  if (entry) {
    // a Map iterates in insertion order: moving the entry to the end makes it the most recently used
    definitions.delete(key);
    definitions.set(key, entry);
  }
  return entry;
}

function keepDefinition(key: string, entry: DefinitionEntry): void {
  definitions.set(key, entry);
  if (definitions.size > DEFINITIONS_KEPT) definitions.delete(definitions.keys().next().value as string);
}

/** Freezes a parsed definition all the way down: every caller shares it, none may change it. */
function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) frozen(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Every methodology version of the organisation (created from the default on first use). For services
 * that have authorised their caller already; `db` may be their transaction.
 */
export async function loadMethodologies(
  db: Kysely<DB>,
  audit: AuditContext,
  organisationId: string,
): Promise<Methodologies> {
  let rows = await repo.listVersionRows(db, organisationId);
  if (!rows.some((r) => r.current)) {
    await ensureCurrent(db, audit, organisationId);
    rows = await repo.listVersionRows(db, organisationId);
  }
  const keyOf = (row: { id: string; version: number }) => `${organisationId}/${row.version}/${row.id}`;
  const byVersion = new Map<number, DefinitionEntry>();
  const missing: typeof rows = [];
  for (const row of rows) {
    const entry = keptDefinition(keyOf(row));
    if (entry) byVersion.set(row.version, entry);
    else missing.push(row);
  }
  if (missing.length > 0) {
    const read = await repo.listDefinitions(
      db,
      organisationId,
      missing.map((r) => r.id),
    );
    const definitionById = new Map(read.map((r) => [r.id, r.definition]));
    for (const row of missing) {
      if (!definitionById.has(row.id)) continue;
      const entry: DefinitionEntry = { definition: definitionById.get(row.id) };
      keepDefinition(keyOf(row), entry);
      byVersion.set(row.version, entry);
    }
  }
  const of = (version: number) => {
    const entry = byVersion.get(version);
    if (!entry) return undefined;
    entry.parsed ??= frozen(definitionOf(entry));
    return entry.parsed;
  };
  const currentRow = rows.find((r) => r.current);
  const currentDefinition = currentRow ? of(currentRow.version) : undefined;
  if (!currentRow || !currentDefinition)
    throw new Error(`organisation ${organisationId} has no current risk methodology`);
  return {
    current: { version: currentRow.version, definition: currentDefinition },
    versions: rows.map((r) => r.version),
    of,
  };
}
