import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_METHODOLOGY } from '@vigil/contracts';
import type { Insertable, Kysely } from 'kysely';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { SYSTEM_CONTEXT } from '../../apps/server/src/audit/audit.ts';
import { permissionsOf } from '../../apps/server/src/authz/actor.ts';
import { type Database, type Dialect, openDatabase } from '../../apps/server/src/db/database.ts';
import { toJson } from '../../apps/server/src/db/dialect.ts';
import { migrateToLatest } from '../../apps/server/src/db/migrate.ts';
import type { DB } from '../../apps/server/src/db/types.ts';
import { importRisks } from '../../apps/server/src/modules/risk-files/risk-files.service.ts';
import { levelOf, nextReviewDate } from '../../apps/server/src/modules/risks/risk-scoring.ts';
import { withRiskReaders } from '../../apps/server/src/modules/risks/risks.readers.ts';
import type { Figure } from '../lib/figure.ts';
import { median, round1 } from '../lib/stats.ts';

/**
 * P6: a CSV import of 10,000 risks through the import service (parse, check every row, look up owners
 * and assets, reserve the keys, insert in bulk, audit) against raw Kysely inserts of the same rows (the
 * risks, their first ratings and their asset links, prepared beforehand) in one transaction. Each run
 * gets a fresh database with the same organisation; import and raw runs alternate. SQLite is the figure;
 * PostgreSQL is measured too when it answers (VIGIL_BENCH_POSTGRES_URL, default the local server).
 */

const RISKS = 10_000;
const OWNERS = 20;
const ASSETS = 50;
const ROUNDS = 5;
const MIN_ROUNDS = 3;
const BUDGET_MS = 180_000;
const TARGET = 0.25;
/** Rows per statement of the raw baseline: the import's own batch size. */
const RAW_BATCH = 500;

const POSTGRES_ADMIN_URL =
  process.env.VIGIL_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const WORDS = ['Phishing', 'Outage', 'Injection', 'Leak', 'Stuffing', 'Dependency', 'Misconfiguration'];
const PLACES = ['portal', 'survey', 'backend', 'mailer', 'archive', 'helpdesk', 'export', 'login', 'api'];
const TREATMENTS = ['mitigate', 'accept', 'avoid', 'transfer'] as const;
const STATUSES = ['identified', 'assessed', 'treatment_planned', 'in_treatment'] as const;

/** Risk i of the file: a pure function of i, so every run imports the same rows. */
function riskOf(i: number) {
  const residual = i % 3 === 0 ? null : { likelihood: 1 + (i % 2), impact: 1 + (i % 4) };
  return {
    title: `${WORDS[i % WORDS.length]} in the ${PLACES[i % PLACES.length]} (${i})`,
    threat: 'An outside attacker with time, tools and a list of leaked passwords',
    vulnerability: i % 4 === 0 ? 'Unpatched library in the rich-text editor' : 'Weak configuration',
    consequence: 'Citizens’ personal data disclosed; a consultation disrupted for a day',
    category: ['People', 'Technology', 'Suppliers'][i % 3] as string,
    owner: i % OWNERS,
    assets: i % 4 === 0 ? [1 + (i % ASSETS), 1 + ((i + 7) % ASSETS)] : [],
    affects: [i % 2 === 0, i % 3 === 0, i % 5 === 0] as const,
    inherent: { likelihood: 1 + (i % 5), impact: 1 + (Math.floor(i / 5) % 5) },
    treatment: residual ? (TREATMENTS[i % 4] as string) : null,
    residual,
    status: STATUSES[i % 4] as string,
    tags: i % 6 === 0 ? ['gdpr', 'web'] : [],
  };
}

const ownerEmail = (n: number) => `owner${n}@bench.example`;

/** A CSV cell, quoted where RFC 4180 needs it. */
const quoted = (cell: string | number) => {
  const text = String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The import file: the template's columns, 10,000 rows. */
function csvFile(): Buffer {
  const header =
    'Title,Threat,Vulnerability,Consequence,Category,Owner email,Assets,Confidentiality,Integrity,Availability,Inherent likelihood,Inherent impact,Treatment,Residual likelihood,Residual impact,Status,Tags';
  const lines = [header];
  for (let i = 1; i <= RISKS; i++) {
    const r = riskOf(i);
    const yes = (b: boolean) => (b ? 'yes' : 'no');
    lines.push(
      [
        r.title,
        r.threat,
        r.vulnerability,
        r.consequence,
        r.category,
        ownerEmail(r.owner),
        r.assets.map((n) => `ASSET-${n}`).join('; '),
        yes(r.affects[0]),
        yes(r.affects[1]),
        yes(r.affects[2]),
        r.inherent.likelihood,
        r.inherent.impact,
        r.treatment ?? '',
        r.residual?.likelihood ?? '',
        r.residual?.impact ?? '',
        r.status,
        r.tags.join('; '),
      ]
        .map(quoted)
        .join(','),
    );
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

// ---------------------------------------------------------------- databases

interface Fresh {
  database: Database;
  drop(): Promise<void>;
}

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh migrated database of the dialect, removed by `drop`. */
async function freshDatabase(dialect: Dialect): Promise<Fresh> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-p6-'));
    const database = await openDatabase(`sqlite:${join(dir, 'vigil.db')}`);
    await migrateToLatest(database.db);
    return {
      database,
      drop: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `vigil_bench_p6_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await adminQuery(`create database "${name}"`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase(url.toString());
  await migrateToLatest(database.db);
  return {
    database,
    drop: async () => {
      await database.close();
      await adminQuery(`drop database if exists "${name}" with (force)`);
    },
  };
}

interface Organisation {
  organisationId: string;
  importer: { userId: string; membershipId: string };
  ownerIds: string[];
  assetIds: string[];
}

/** The organisation: an importer, 20 owners, 50 assets (ASSET-1 ...). */
async function seedOrganisation(db: Kysely<DB>): Promise<Organisation> {
  const now = new Date().toISOString();
  const organisationId = uuidv7();
  await db
    .insertInto('organisations')
    .values({
      id: organisationId,
      name: 'Bench',
      slug: `bench-${organisationId.slice(-6)}`,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const member = async (email: string, role: string) => {
    const userId = uuidv7();
    const membershipId = uuidv7();
    await db
      .insertInto('users')
      .values({ id: userId, email, name: email, password_hash: null, created_at: now, updated_at: now })
      .execute();
    await db
      .insertInto('memberships')
      .values({
        id: membershipId,
        organisation_id: organisationId,
        user_id: userId,
        role,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return { userId, membershipId };
  };
  const importer = await member('importer@bench.example', 'security_officer');
  const ownerIds: string[] = [];
  for (let n = 0; n < OWNERS; n++) ownerIds.push((await member(ownerEmail(n), 'contributor')).membershipId);
  const assetIds = Array.from({ length: ASSETS }, () => uuidv7());
  await db
    .insertInto('assets')
    .values(
      assetIds.map((id, i) => ({
        id,
        organisation_id: organisationId,
        key_number: i + 1,
        name: `Asset ${i + 1}`,
        kind: 'system',
        classification: 'internal',
        confidentiality: 2,
        integrity: 2,
        availability: 2,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  await db
    .insertInto('key_counters')
    .values({ organisation_id: organisationId, kind: 'asset', last_value: ASSETS })
    .execute();
  return { organisationId, importer, ownerIds, assetIds };
}

// ---------------------------------------------------------------- the two runs

/** Milliseconds for the import service to import the file. */
async function timeImport(dialect: Dialect, file: Buffer): Promise<number> {
  const fresh = await freshDatabase(dialect);
  try {
    const { db } = fresh.database;
    const org = await seedOrganisation(db);
    const clock = () => new Date();
    const deps = withRiskReaders({
      db,
      dialect,
      now: clock,
      secretKey: Buffer.alloc(32),
      mailer: { configured: false, send: async () => {}, close: () => {} },
      publicUrl: 'http://127.0.0.1:3000',
    });
    const actor = {
      userId: org.importer.userId,
      sessionId: null,
      tokenId: null,
      organisationId: org.organisationId,
      membershipId: org.importer.membershipId,
      role: 'security_officer' as const,
      permissions: permissionsOf('security_officer'),
      restriction: null,
    };
    const audit = { ...SYSTEM_CONTEXT(clock), actor: { type: 'user' as const, id: org.importer.userId } };
    // the methodology is created on first use: not part of an import of a working organisation
    await importRisks(deps, actor, audit, { dryRun: true }, async () => ({
      filename: 'warm.csv',
      data: file,
    }));
    const started = performance.now();
    const report = await importRisks(deps, actor, audit, { dryRun: false }, async () => ({
      filename: 'risks.csv',
      data: file,
    }));
    const elapsed = performance.now() - started;
    if (report.imported !== RISKS) throw new Error(`imported ${report.imported} of ${RISKS} risks`);
    return elapsed;
  } finally {
    await fresh.drop();
  }
}

/** Milliseconds to insert the same rows with Kysely in one transaction, prepared beforehand. */
async function timeRaw(dialect: Dialect, batch: number): Promise<number> {
  const fresh = await freshDatabase(dialect);
  try {
    const { db } = fresh.database;
    const org = await seedOrganisation(db);
    const now = new Date();
    const at = now.toISOString();
    const risks: Insertable<DB['risks']>[] = [];
    const ratings: Insertable<DB['risk_ratings']>[] = [];
    const links: Insertable<DB['risk_assets']>[] = [];
    for (let i = 1; i <= RISKS; i++) {
      const r = riskOf(i);
      const id = uuidv7();
      const inherentLevel = levelOf(DEFAULT_METHODOLOGY, r.inherent).key;
      const residualLevel = r.residual ? levelOf(DEFAULT_METHODOLOGY, r.residual).key : null;
      risks.push({
        id,
        organisation_id: org.organisationId,
        key_number: i,
        title: r.title,
        threat: r.threat,
        vulnerability: r.vulnerability,
        consequence: r.consequence,
        category: r.category,
        owner_id: org.ownerIds[r.owner] as string,
        affects_confidentiality: r.affects[0],
        affects_integrity: r.affects[1],
        affects_availability: r.affects[2],
        methodology_version: 1,
        inherent_likelihood: r.inherent.likelihood,
        inherent_impact: r.inherent.impact,
        inherent_level: inherentLevel,
        treatment: r.treatment,
        residual_likelihood: r.residual?.likelihood ?? null,
        residual_impact: r.residual?.impact ?? null,
        residual_level: residualLevel,
        status: r.status,
        next_review_on: nextReviewDate(DEFAULT_METHODOLOGY, residualLevel ?? inherentLevel, now),
        tags: toJson(r.tags),
        closed_at: null,
        created_at: at,
        updated_at: at,
      });
      ratings.push({
        id: uuidv7(),
        organisation_id: org.organisationId,
        risk_id: id,
        methodology_version: 1,
        inherent_likelihood: r.inherent.likelihood,
        inherent_impact: r.inherent.impact,
        inherent_level: inherentLevel,
        residual_likelihood: r.residual?.likelihood ?? null,
        residual_impact: r.residual?.impact ?? null,
        residual_level: residualLevel,
        reason: 'First rating, imported from risks.csv',
        rated_by: org.importer.userId,
        rated_at: at,
      });
      for (const n of r.assets)
        links.push({
          organisation_id: org.organisationId,
          risk_id: id,
          asset_id: org.assetIds[n - 1] as string,
        });
    }
    const started = performance.now();
    await db.transaction().execute(async (tx) => {
      for (let i = 0; i < risks.length; i += batch)
        await tx
          .insertInto('risks')
          .values(risks.slice(i, i + batch))
          .execute();
      for (let i = 0; i < ratings.length; i += batch)
        await tx
          .insertInto('risk_ratings')
          .values(ratings.slice(i, i + batch))
          .execute();
      for (let i = 0; i < links.length; i += batch)
        await tx
          .insertInto('risk_assets')
          .values(links.slice(i, i + batch))
          .execute();
    });
    return performance.now() - started;
  } finally {
    await fresh.drop();
  }
}

interface DialectResult {
  importMs: number;
  rawBatchedMs: number;
  rawSingleMs: number;
  /** Import rate / raw rate (= raw time / import time), against multi-row raw inserts. */
  ratio: number;
  /** The same against one INSERT per row. */
  ratioSingleRow: number;
  runs: number;
  importSamples: number[];
  rawBatchedSamples: number[];
  rawSingleSamples: number[];
}

async function measure(dialect: Dialect, file: Buffer, log: (line: string) => void): Promise<DialectResult> {
  const importMs: number[] = [];
  const batched: number[] = [];
  const single: number[] = [];
  const began = performance.now();
  // one unmeasured run of each warms the code and the file cache
  await timeImport(dialect, file);
  await timeRaw(dialect, RAW_BATCH);
  for (let round = 0; round < ROUNDS; round++) {
    if (round >= MIN_ROUNDS && performance.now() - began > BUDGET_MS) {
      log(`${dialect}: time budget of ${BUDGET_MS} ms used up after ${round} rounds`);
      break;
    }
    importMs.push(await timeImport(dialect, file));
    batched.push(await timeRaw(dialect, RAW_BATCH));
    single.push(await timeRaw(dialect, 1));
    log(
      `${dialect} round ${round + 1}: import ${round1(importMs.at(-1) ?? 0)} ms, raw ${round1(batched.at(-1) ?? 0)} ms (${RAW_BATCH} rows per INSERT), ${round1(single.at(-1) ?? 0)} ms (one row per INSERT)`,
    );
  }
  const m = { import: median(importMs), batched: median(batched), single: median(single) };
  return {
    importMs: round1(m.import),
    rawBatchedMs: round1(m.batched),
    rawSingleMs: round1(m.single),
    ratio: Math.round((m.batched / m.import) * 1000) / 1000,
    ratioSingleRow: Math.round((m.single / m.import) * 1000) / 1000,
    runs: importMs.length,
    importSamples: importMs.map(round1),
    rawBatchedSamples: batched.map(round1),
    rawSingleSamples: single.map(round1),
  };
}

export const p6: Figure = {
  id: 'P6',
  title: 'CSV import of 10,000 risks vs raw inserts of the same rows in one transaction',
  async run(log) {
    const file = csvFile();
    log(`file: ${RISKS} risks, ${Math.round(file.length / 1024)} KiB`);
    const sqlite = await measure('sqlite', file, log);
    const postgres = (await postgresAnswers()) ? await measure('postgres', file, log) : null;
    if (!postgres) log(`PostgreSQL at ${POSTGRES_ADMIN_URL} does not answer: measured on SQLite only`);
    return {
      value: sqlite.ratio,
      target: TARGET,
      pass: sqlite.ratio >= TARGET && (postgres === null || postgres.ratio >= TARGET),
      unit: 'import rate / raw insert rate',
      risks: RISKS,
      baselineName: `raw Kysely multi-row inserts (${RAW_BATCH} rows per INSERT) of the same risks, ratings and asset links, in one transaction`,
      importRisksPerSecond: Math.round((RISKS / sqlite.importMs) * 1000),
      sqlite,
      postgres,
      node: process.version,
    };
  },
};
