import type { TRole } from '@vigil/contracts';
import type { Kysely } from 'kysely';
import type { AuditContext } from '../audit/audit.ts';
import { type Actor, permissionsOf } from '../authz/actor.ts';
import type { DB } from '../db/types.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import type { Mailer } from '../mail/mailer.ts';
import {
  addMemberWithoutPassword,
  createOrganisationWithOwner,
  type NewOrganisation,
} from '../modules/auth/auth.service.ts';
import { getOrganisation } from '../modules/organisations/organisations.service.ts';
import { DEMO_PEOPLE, OWNER } from './demo-content.ts';
import { controlSteps } from './demo-controls.ts';
import { riskManagementSteps } from './demo-risks.ts';

/**
 * The demo organisation (`vigil demo`, or "Explore with demo data" at first-run setup): Agora Civic, a
 * vendor of an online public-engagement platform, as its people would have built it over half a year.
 * Everything is made through the module services, so its audit trail, keys, rating history and levels
 * are real. Each module adds its part as dated steps (`DEMO_PARTS`); the steps run in the order of their
 * day, with the clock set to that day, all in the caller's one transaction: the demo is made whole or not
 * at all. Its people other than the owner have no password: nobody can sign in as them.
 */

const DAY_MS = 86_400_000;

/** Where the demo's audit events say they came from. */
export const DEMO_USER_AGENT = 'vigil demo';

/** A step of the demo: what a module's people did on one day. */
export interface DemoStep {
  /** Days before the demo is made. */
  day: number;
  name: string;
  run(ctx: DemoContext): Promise<void>;
}

/** A record a step made, for the steps after it (a risk to accept, a control to link). */
export interface DemoRecord {
  id: string;
  /** Its version, for the next edit. */
  version: number;
}

export interface DemoMember {
  userId: string;
  membershipId: string;
  role: TRole;
}

export interface DemoContext {
  /** The platform services, on the demo's transaction and clock; they send no mail. */
  deps: Deps;
  organisationId: string;
  /** The date (YYYY-MM-DD) `days` after the day the demo is made; negative: before it. */
  date(days: number): string;
  /** The people by content key (`owner`, `cto`, ...); the first step adds the owner's colleagues. */
  people: Map<string, DemoMember>;
  /** A person's membership; an unknown key is a mistake in the content. */
  member(person: string): DemoMember;
  /** The actor and audit context of one of the people. */
  as(person: string): { actor: Actor; audit: AuditContext };
  /** What the steps made, by kind and content key: `record('risk', 'phishing')`. */
  record(kind: string, key: string): DemoRecord;
  remember(kind: string, key: string, record: DemoRecord): void;
}

/** The people, first of all: every later step acts as one of them. */
function peopleSteps(): DemoStep[] {
  return [
    {
      day: 180,
      name: 'the colleagues join',
      async run(ctx) {
        const { actor, audit } = ctx.as(OWNER);
        const { slug } = await getOrganisation(ctx.deps, actor);
        for (const person of DEMO_PEOPLE) {
          const member = await addMemberWithoutPassword(ctx.deps, ctx.deps.db, audit, ctx.organisationId, {
            email: `${person.mailbox}@${slug}.example`,
            name: person.name,
            role: person.role,
            department: person.department,
            jobTitle: person.jobTitle,
          });
          ctx.people.set(person.key, { ...member, role: person.role });
        }
      },
    },
  ];
}

/** The parts of the demo, module by module; a later module adds its steps here. */
const DEMO_PARTS: readonly (() => DemoStep[])[] = [peopleSteps, riskManagementSteps, controlSteps];

/** Every step of every part, oldest day first; steps of one day keep the order of their parts. */
export function demoSteps(): DemoStep[] {
  return DEMO_PARTS.flatMap((part) => part()).sort((a, b) => b.day - a.day);
}

/** The demo never mails anyone: its people have addresses under .example, and nobody is invited. */
const NO_MAIL: Mailer = {
  configured: false,
  send: async (message) => {
    throw new Error(`the demo sends no mail (it tried to write to ${message.to})`);
  },
  close: () => {},
};

/**
 * `tx` as the services' database. Each service makes its changes in `db.transaction().execute(fn)`;
 * here that runs `fn` in `tx` itself, so that every step joins the caller's one transaction. (Kysely
 * keeps private fields, hence methods bound to the transaction rather than to the proxy.)
 */
function joined(tx: Kysely<DB>): Kysely<DB> {
  return new Proxy(tx, {
    get(target, property) {
      if (property === 'transaction')
        return () => ({ execute: <T>(fn: (t: Kysely<DB>) => Promise<T>) => fn(target) });
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * The demo's clock: a day's steps start at 09:00 UTC on that day, each reading is 15 seconds after the
 * one before, and it never goes back (the audit trail stays in order).
 */
function demoClock(today: Date) {
  const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  let time = 0;
  return {
    midnight,
    at(daysAgo: number) {
      time = Math.max(time, midnight - daysAgo * DAY_MS + 9 * 3_600_000);
    },
    now: () => {
      const reading = new Date(time);
      time += 15_000;
      return reading;
    },
  };
}

/**
 * Makes the demo organisation owned by `input` (an existing user by email, or a new one), in `tx`, with
 * dates counted back from `deps.now()`. Fits wherever an empty organisation is made (setup, the CLI).
 */
export async function createDemoOrganisation(
  deps: Omit<Deps, 'mailer'>,
  tx: Kysely<DB>,
  audit: AuditContext,
  input: NewOrganisation,
): Promise<{ organisationId: string; userId: string }> {
  if (!tx.isTransaction) throw new Error('the demo is made in one transaction: call it with one');
  const clock = demoClock(deps.now());
  const steps = demoSteps();
  clock.at(steps[0]?.day ?? 0);
  const platform: Deps = { ...deps, db: joined(tx), now: clock.now, mailer: NO_MAIL };
  const demoAudit: AuditContext = { ...audit, userAgent: DEMO_USER_AGENT, now: clock.now };
  const owner = await createOrganisationWithOwner(platform, tx, demoAudit, input);
  const organisationId = owner.organisationId;

  const people = new Map<string, DemoMember>([[OWNER, { ...owner, role: 'owner' }]]);
  const records = new Map<string, DemoRecord>();
  const member = (person: string): DemoMember => {
    const found = people.get(person);
    if (!found) throw new Error(`the demo has no person "${person}"`);
    return found;
  };
  const ctx: DemoContext = {
    deps: platform,
    organisationId,
    date: (days) => new Date(clock.midnight + days * DAY_MS).toISOString().slice(0, 10),
    people,
    member,
    as(person) {
      const { userId, membershipId, role } = member(person);
      return {
        actor: {
          userId,
          sessionId: null,
          tokenId: null,
          organisationId,
          membershipId,
          role,
          permissions: permissionsOf(role),
          restriction: null,
        },
        audit: { ...demoAudit, actor: { type: 'user', id: userId } },
      };
    },
    record(kind, key) {
      const found = records.get(`${kind}:${key}`);
      if (!found) throw new Error(`the demo made no ${kind} "${key}" before this step`);
      return found;
    },
    remember(kind, key, record) {
      records.set(`${kind}:${key}`, record);
    },
  };

  for (const step of steps) {
    clock.at(step.day);
    try {
      await step.run(ctx);
    } catch (error) {
      // a refusal the person can act on stays one (say, an email that has an account already)
      if (error instanceof AppError) throw error;
      throw new Error(`the demo step "${step.name}" failed: ${(error as Error).message}`, { cause: error });
    }
  }
  return { organisationId, userId: owner.userId };
}
