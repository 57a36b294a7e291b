import { DEFAULT_METHODOLOGY } from '@vigil/contracts';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { toJson } from '../../apps/server/src/db/dialect.ts';
import type { DB } from '../../apps/server/src/db/types.ts';
import { levelOf, nextReviewDate } from '../../apps/server/src/modules/risks/risk-scoring.ts';

/**
 * A large risk register for the benchmarks, written straight into the tables (fast; the benchmarks
 * measure reading it). Risk i is a pure function of i, so every run has the same register: a mix of
 * levels, statuses, treatments, owners, categories and tags, with titles whose words a search finds in a
 * known share of the rows, and an acceptance on every 20th risk (one in five of them stale).
 */

const WORDS = ['Phishing', 'Outage', 'Injection', 'Leak', 'Stuffing', 'Dependency', 'Misconfiguration'];
const PLACES = ['portal', 'survey', 'backend', 'mailer', 'archive', 'helpdesk', 'export', 'login', 'api'];
const STATUSES = ['identified', 'assessed', 'treatment_planned', 'in_treatment'] as const;
const TREATMENTS = ['mitigate', 'accept', 'avoid', 'transfer'] as const;
const CATEGORIES = ['People', 'Technology', 'Suppliers', 'Legal and compliance', 'Availability'];
/** Rows per INSERT: SQLite allows 32766 parameters per statement. */
const BATCH = 400;

export interface SeedOptions {
  organisationId: string;
  /** Memberships that own (and accept) the risks, in turn. */
  ownerIds: readonly string[];
  count: number;
  /** Creation time of the rows. */
  now: Date;
}

/** Inserts `count` risks (keys RISK-1 ...) and their acceptances in one transaction. */
export async function seedRisks(db: Kysely<DB>, options: SeedOptions): Promise<void> {
  const { organisationId, ownerIds, count, now } = options;
  const at = now.toISOString();
  await db.transaction().execute(async (tx) => {
    for (let start = 1; start <= count; start += BATCH) {
      const risks = [];
      const acceptances = [];
      for (let i = start; i < Math.min(start + BATCH, count + 1); i++) {
        const inherent = { likelihood: 1 + (i % 5), impact: 1 + (Math.floor(i / 5) % 5) };
        const residual = i % 3 === 0 ? null : { likelihood: 1 + (i % 2), impact: 1 + (i % 4) };
        const inherentLevel = levelOf(DEFAULT_METHODOLOGY, inherent).key;
        const residualLevel = residual ? levelOf(DEFAULT_METHODOLOGY, residual).key : null;
        const id = uuidv7();
        const ownerId = ownerIds[i % ownerIds.length] as string;
        risks.push({
          id,
          organisation_id: organisationId,
          key_number: i,
          title: `${WORDS[i % WORDS.length]} in the ${PLACES[Math.floor(i / WORDS.length) % PLACES.length]} (${i})`,
          threat: i % 10 === 0 ? 'Ransomware gang targets the consultation backend' : 'An outside attacker',
          vulnerability: i % 15 === 0 ? 'Unpatched library in the rich-text editor' : 'Weak configuration',
          consequence: 'Citizens’ personal data disclosed; a consultation disrupted',
          category: CATEGORIES[i % CATEGORIES.length] as string,
          owner_id: ownerId,
          affects_confidentiality: i % 2 === 0,
          affects_integrity: i % 3 === 0,
          affects_availability: i % 5 === 0,
          methodology_version: 1,
          inherent_likelihood: inherent.likelihood,
          inherent_impact: inherent.impact,
          inherent_level: inherentLevel,
          treatment: residual === null ? null : (TREATMENTS[i % TREATMENTS.length] as string),
          residual_likelihood: residual?.likelihood ?? null,
          residual_impact: residual?.impact ?? null,
          residual_level: residualLevel,
          status: i % 20 === 1 && residual ? 'accepted' : (STATUSES[i % STATUSES.length] as string),
          next_review_on: nextReviewDate(DEFAULT_METHODOLOGY, residualLevel ?? inherentLevel, now),
          tags: toJson(i % 6 === 0 ? ['gdpr'] : i % 6 === 1 ? ['gdpr', 'web'] : []),
          created_at: at,
          updated_at: at,
        });
        if (i % 20 === 1 && residual && residualLevel) {
          const stale = i % 100 === 1;
          acceptances.push({
            id: uuidv7(),
            organisation_id: organisationId,
            risk_id: id,
            accepted_by: ownerId,
            acceptor_role: 'security_officer',
            justification: 'Treatment costs more than the harm it prevents',
            methodology_version: 1,
            residual_likelihood: stale ? residual.likelihood + 1 : residual.likelihood,
            residual_impact: residual.impact,
            residual_level: residualLevel,
            accepted_at: at,
            expires_on: `${now.getUTCFullYear() + 1}-12-31`,
          });
        }
      }
      await tx.insertInto('risks').values(risks).execute();
      if (acceptances.length > 0) await tx.insertInto('risk_acceptances').values(acceptances).execute();
    }
    await tx
      .insertInto('key_counters')
      .values({ organisation_id: organisationId, kind: 'risk', last_value: count })
      .execute();
  });
}

/** People without a password to own risks: `count` memberships of the organisation. */
export async function seedOwners(db: Kysely<DB>, organisationId: string, count: number, now: Date) {
  const at = now.toISOString();
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) {
    const userId = uuidv7();
    const membershipId = uuidv7();
    await db
      .insertInto('users')
      .values({
        id: userId,
        email: `owner${i}@bench.example`,
        name: `Owner ${i}`,
        password_hash: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db
      .insertInto('memberships')
      .values({
        id: membershipId,
        organisation_id: organisationId,
        user_id: userId,
        role: 'contributor',
        created_at: at,
        updated_at: at,
      })
      .execute();
    ids.push(membershipId);
  }
  return ids;
}
