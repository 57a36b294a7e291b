import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import { type ParsedMail, simpleParser } from 'mailparser';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { v7 as uuidv7 } from 'uuid';
import { beforeAll, describe, expect, it } from 'vitest';
import { afterTestFile, describeEachDialect, freshDatabaseUrl } from '../../../test/databases.ts';
import { seedMember, seedOrganisation } from '../../../test/identity.ts';
import { type Database, type Dialect, openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import type { DB } from '../../db/types.ts';
import type { Deps } from '../../deps.ts';
import { JOBS } from '../../jobs/jobs.ts';
import { createScheduler } from '../../jobs/scheduler.ts';
import { createMailer } from '../../mail/mailer.ts';
import {
  notifyAcceptancesExpiring,
  notifyActionsDue,
  notifyActionsOverdue,
  notifyReviewsDue,
  retryNotificationMail,
} from './notifications.jobs.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Tuesday 1 December 2026, 09:00 UTC: "today" is 2026-12-01 in a UTC organisation. */
const NOW = new Date('2026-12-01T09:00:00.000Z');
const TODAY = '2026-12-01';
const day = (offset: number) =>
  new Date(Date.parse(`${TODAY}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);

/** A real SMTP server on loopback that keeps every message, and refuses the recipients in `refuse`. */
async function startSmtpPeer() {
  const inbox: ParsedMail[] = [];
  const refuse = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuse.has(address.address)) {
        callback(Object.assign(new Error('Mailbox unavailable, try again later'), { responseCode: 450 }));
      } else callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          inbox.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  afterTestFile(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, inbox, refuse };
}

function recipients(mail: ParsedMail): string[] {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.flatMap((a) => a.value.map((v) => v.address ?? ''));
}

const silent = pino({ level: 'silent' });

let keyNumber = 0;

async function seedRisk(
  db: Kysely<DB>,
  organisationId: string,
  ownerId: string,
  options: { title?: string; status?: string; nextReviewOn?: string; closedAt?: string | null } = {},
) {
  const id = uuidv7();
  const now = NOW.toISOString();
  const key = ++keyNumber;
  await db
    .insertInto('risks')
    .values({
      id,
      organisation_id: organisationId,
      key_number: key,
      title: options.title ?? `Risk ${key}`,
      owner_id: ownerId,
      methodology_version: 1,
      inherent_likelihood: 3,
      inherent_impact: 4,
      inherent_level: 'high',
      status: options.status ?? 'assessed',
      next_review_on: options.nextReviewOn ?? day(200),
      closed_at: options.closedAt ?? null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id, key };
}

async function seedAction(
  db: Kysely<DB>,
  organisationId: string,
  riskId: string,
  ownerId: string,
  dueOn: string,
  options: { title?: string; status?: string } = {},
) {
  const id = uuidv7();
  await db
    .insertInto('risk_actions')
    .values({
      id,
      organisation_id: organisationId,
      risk_id: riskId,
      title: options.title ?? `Action due ${dueOn}`,
      owner_id: ownerId,
      due_on: dueOn,
      status: options.status ?? 'planned',
      created_at: NOW.toISOString(),
      updated_at: NOW.toISOString(),
    })
    .execute();
  return id;
}

async function seedAcceptance(
  db: Kysely<DB>,
  organisationId: string,
  riskId: string,
  acceptedBy: string,
  expiresOn: string,
  options: { acceptedAt?: string; withdrawnAt?: string | null } = {},
) {
  const id = uuidv7();
  await db
    .insertInto('risk_acceptances')
    .values({
      id,
      organisation_id: organisationId,
      risk_id: riskId,
      accepted_by: acceptedBy,
      acceptor_role: 'top_management',
      justification: 'Within appetite until the migration lands',
      methodology_version: 1,
      residual_likelihood: 2,
      residual_impact: 2,
      residual_level: 'low',
      accepted_at: options.acceptedAt ?? '2026-06-01T10:00:00.000Z',
      expires_on: expiresOn,
      withdrawn_at: options.withdrawnAt ?? null,
    })
    .execute();
  return id;
}

describeEachDialect('notification jobs', (dialect: Dialect) => {
  let url: string;
  let database: Database;
  let db: Kysely<DB>;
  let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
  let clock = NOW;

  function depsOf(target: Database = database): Deps {
    return {
      db: target.db,
      dialect: target.dialect,
      now: () => clock,
      secretKey: randomBytes(32),
      mailer: createMailer({ smtpUrl: smtp.url, from: 'Vigil <vigil@test.invalid>' }, silent),
      publicUrl: 'http://127.0.0.1:3000/',
    };
  }

  /** An organisation with people who can act and some who cannot (disabled user or membership, ended). */
  async function organisation(name: string, timeZone = 'UTC') {
    const id = await seedOrganisation(db, name);
    await db.updateTable('organisations').set({ time_zone: timeZone }).where('id', '=', id).execute();
    const tag = name.toLowerCase().replace(/\W+/g, '-');
    const member = (label: string, role: 'contributor' | 'top_management' = 'contributor') =>
      seedMember(db, id, role, {
        name: label,
        email: `${label.toLowerCase().replace(/\W+/g, '.')}@${tag}.example`,
      });
    const rita = await member('Rita Risk');
    const anna = await member('Anna Action');
    const tom = await member('Tom Top', 'top_management');
    const disabledUser = await member('Dan Disabled');
    await db.updateTable('users').set({ status: 'disabled' }).where('id', '=', disabledUser.userId).execute();
    const disabledMember = await member('Dora Disabled');
    await db
      .updateTable('memberships')
      .set({ status: 'disabled' })
      .where('id', '=', disabledMember.membershipId)
      .execute();
    const ended = await member('Eve Ended');
    await db
      .updateTable('memberships')
      .set({ expires_at: new Date(NOW.getTime() - HOUR).toISOString() })
      .where('id', '=', ended.membershipId)
      .execute();
    return { id, rita, anna, tom, cannotAct: [disabledUser, disabledMember, ended] };
  }

  async function notificationsOf(organisationId: string, kind?: string) {
    let query = db
      .selectFrom('notifications')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .orderBy('dedupe_key');
    if (kind) query = query.where('kind', '=', kind);
    return query.execute();
  }

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    url = await freshDatabaseUrl(dialect);
    database = await openDatabase(url);
    afterTestFile(() => database.close());
    await migrateToLatest(database.db);
    db = database.db;
  });

  it('announces open actions due from today to 7 days ahead to their owner, if the owner can act', async () => {
    const org = await organisation('Due Ltd');
    const risk = await seedRisk(db, org.id, org.rita.membershipId, { title: 'Hosting provider outage' });
    const today = await seedAction(db, org.id, risk.id, org.anna.membershipId, day(0), {
      title: 'Rotate the VPN keys',
    });
    const lastDay = await seedAction(db, org.id, risk.id, org.anna.membershipId, day(7), {
      status: 'in_progress',
    });
    await seedAction(db, org.id, risk.id, org.anna.membershipId, day(8));
    await seedAction(db, org.id, risk.id, org.anna.membershipId, day(3), { status: 'done' });
    await seedAction(db, org.id, risk.id, org.anna.membershipId, day(3), { status: 'cancelled' });
    await seedAction(db, org.id, risk.id, org.anna.membershipId, day(-1));
    for (const person of org.cannotAct) await seedAction(db, org.id, risk.id, person.membershipId, day(1));

    await notifyActionsDue(depsOf(), NOW);
    const rows = await notificationsOf(org.id);
    expect(rows.map((r) => [r.dedupe_key, r.user_id])).toEqual(
      [
        [`action_due:${today}:${day(0)}:${org.anna.userId}`, org.anna.userId],
        [`action_due:${lastDay}:${day(7)}:${org.anna.userId}`, org.anna.userId],
      ].sort(),
    );
    expect(rows.find((r) => r.dedupe_key.startsWith(`action_due:${today}:`))).toEqual({
      id: expect.any(String),
      organisation_id: org.id,
      user_id: org.anna.userId,
      kind: 'action_due',
      subject_type: 'risk',
      subject_id: risk.id,
      title: `RISK-${risk.key}: "Rotate the VPN keys" is due today`,
      body: `The treatment action "Rotate the VPN keys" for RISK-${risk.key} (Hosting provider outage) is due on 2026-12-01. Complete it, or agree a new due date with the risk owner.`,
      dedupe_key: `action_due:${today}:${day(0)}:${org.anna.userId}`,
      created_at: NOW.toISOString(),
      read_at: null,
      emailed_at: NOW.toISOString(),
    });
    expect(rows.find((r) => r.dedupe_key.startsWith(`action_due:${lastDay}:`))?.title).toBe(
      `RISK-${risk.key}: "Action due ${day(7)}" is due in 7 days`,
    );
  });

  it('announces open actions past their due date as overdue, to their owner', async () => {
    const org = await organisation('Overdue Ltd');
    const risk = await seedRisk(db, org.id, org.rita.membershipId, { title: 'Phishing of support staff' });
    const yesterday = await seedAction(db, org.id, risk.id, org.anna.membershipId, day(-1), {
      title: 'Run the phishing exercise',
    });
    const longAgo = await seedAction(db, org.id, risk.id, org.anna.membershipId, day(-40), {
      status: 'in_progress',
    });
    await seedAction(db, org.id, risk.id, org.anna.membershipId, day(0));
    await seedAction(db, org.id, risk.id, org.anna.membershipId, day(-3), { status: 'done' });
    await seedAction(db, org.id, risk.id, org.anna.membershipId, day(-3), { status: 'cancelled' });
    for (const person of org.cannotAct) await seedAction(db, org.id, risk.id, person.membershipId, day(-2));

    await notifyActionsOverdue(depsOf(), NOW);
    const rows = await notificationsOf(org.id);
    expect(rows.map((r) => r.dedupe_key)).toEqual(
      [
        `action_overdue:${yesterday}:${day(-1)}:${org.anna.userId}`,
        `action_overdue:${longAgo}:${day(-40)}:${org.anna.userId}`,
      ].sort(),
    );
    const first = rows.find((r) => r.dedupe_key.includes(yesterday));
    expect(first).toMatchObject({
      kind: 'action_overdue',
      subject_id: risk.id,
      title: `RISK-${risk.key}: "Run the phishing exercise" is overdue`,
      body: `The treatment action "Run the phishing exercise" for RISK-${risk.key} (Phishing of support staff) was due on 2026-11-30 (yesterday) and is not done yet. Complete it, or agree a new due date with the risk owner.`,
    });
    expect(rows.find((r) => r.dedupe_key.includes(longAgo))?.body).toContain(
      'was due on 2026-10-22 (40 days ago)',
    );
  });

  it('announces reviews of open risks due within 14 days or overdue, to the risk owner', async () => {
    const org = await organisation('Review Ltd');
    const soon = await seedRisk(db, org.id, org.rita.membershipId, {
      title: 'Vote stuffing in a survey',
      nextReviewOn: day(14),
    });
    const late = await seedRisk(db, org.id, org.anna.membershipId, {
      title: 'A vulnerable dependency',
      nextReviewOn: day(-30),
      status: 'accepted',
    });
    await seedRisk(db, org.id, org.rita.membershipId, { nextReviewOn: day(15) });
    await seedRisk(db, org.id, org.rita.membershipId, {
      nextReviewOn: day(-5),
      status: 'closed',
      closedAt: NOW.toISOString(),
    });
    for (const person of org.cannotAct)
      await seedRisk(db, org.id, person.membershipId, { nextReviewOn: day(1) });

    await notifyReviewsDue(depsOf(), NOW);
    const rows = await notificationsOf(org.id);
    expect(rows.map((r) => [r.dedupe_key, r.user_id])).toEqual(
      [
        [`risk_review_due:${soon.id}:${day(14)}:${org.rita.userId}`, org.rita.userId],
        [`risk_review_due:${late.id}:${day(-30)}:${org.anna.userId}`, org.anna.userId],
      ].sort(),
    );
    expect(rows.find((r) => r.subject_id === soon.id)).toMatchObject({
      kind: 'risk_review_due',
      title: `RISK-${soon.key} is due for review in 14 days`,
      body: `RISK-${soon.key} (Vote stuffing in a survey) is due for review on 2026-12-15. Check its rating and treatment, then record the review.`,
    });
    expect(rows.find((r) => r.subject_id === late.id)).toMatchObject({
      title: `RISK-${late.key} is overdue for review`,
      body: `RISK-${late.key} (A vulnerable dependency) was due for review on 2026-11-01 (30 days ago). Check its rating and treatment, then record the review.`,
    });
  });

  it('announces the latest, not withdrawn acceptance of an open risk expiring within 30 days to the acceptor and the owner', async () => {
    const org = await organisation('Accept Ltd');
    const { rita, tom, anna } = org;
    const risk = (title?: string) => seedRisk(db, org.id, rita.membershipId, title ? { title } : {});

    const expiring = await risk('Personal data kept past a consultation');
    const expiringId = await seedAcceptance(db, org.id, expiring.id, tom.membershipId, day(30));
    const expired = await risk('Hosting provider outage');
    const expiredId = await seedAcceptance(db, org.id, expired.id, tom.membershipId, day(-2));
    // accepted by its own owner: one notification, not two
    const ownAcceptance = await risk();
    const ownId = await seedAcceptance(db, org.id, ownAcceptance.id, rita.membershipId, day(10));
    // an acceptor who can no longer act: only the owner hears of it
    const goneAcceptor = await risk();
    const goneId = await seedAcceptance(
      db,
      org.id,
      goneAcceptor.id,
      org.cannotAct[1]?.membershipId ?? '',
      day(5),
    );

    await seedAcceptance(db, org.id, (await risk()).id, tom.membershipId, day(31));
    await seedAcceptance(db, org.id, (await risk()).id, tom.membershipId, day(5), {
      withdrawnAt: NOW.toISOString(),
    });
    // superseded by a later acceptance that runs for long: neither is announced
    const renewed = await risk();
    await seedAcceptance(db, org.id, renewed.id, tom.membershipId, day(5));
    await seedAcceptance(db, org.id, renewed.id, anna.membershipId, day(300), {
      acceptedAt: '2026-11-20T10:00:00.000Z',
    });
    // the latest acceptance was withdrawn: an older one expiring soon is not the one that counts
    const withdrawnLatest = await risk();
    await seedAcceptance(db, org.id, withdrawnLatest.id, tom.membershipId, day(5));
    await seedAcceptance(db, org.id, withdrawnLatest.id, tom.membershipId, day(6), {
      acceptedAt: '2026-11-20T10:00:00.000Z',
      withdrawnAt: '2026-11-21T10:00:00.000Z',
    });
    const closed = await seedRisk(db, org.id, rita.membershipId, {
      status: 'closed',
      closedAt: NOW.toISOString(),
    });
    await seedAcceptance(db, org.id, closed.id, tom.membershipId, day(5));

    await notifyAcceptancesExpiring(depsOf(), NOW);
    const rows = await notificationsOf(org.id);
    expect(rows.map((r) => [r.dedupe_key, r.user_id])).toEqual(
      [
        [`acceptance_expiring:${expiringId}:${day(30)}:${tom.userId}`, tom.userId],
        [`acceptance_expiring:${expiringId}:${day(30)}:${rita.userId}`, rita.userId],
        [`acceptance_expiring:${expiredId}:${day(-2)}:${tom.userId}`, tom.userId],
        [`acceptance_expiring:${expiredId}:${day(-2)}:${rita.userId}`, rita.userId],
        [`acceptance_expiring:${ownId}:${day(10)}:${rita.userId}`, rita.userId],
        [`acceptance_expiring:${goneId}:${day(5)}:${rita.userId}`, rita.userId],
      ].sort(),
    );
    expect(rows.find((r) => r.dedupe_key.includes(expiringId))).toMatchObject({
      kind: 'acceptance_expiring',
      subject_id: expiring.id,
      title: `The acceptance of RISK-${expiring.key} expires in 30 days`,
      body: `The acceptance of RISK-${expiring.key} (Personal data kept past a consultation) by Tom Top expires on 2026-12-31. Review the risk, then have it accepted again or change its treatment before then.`,
    });
    expect(rows.find((r) => r.dedupe_key.includes(expiredId))).toMatchObject({
      title: `The acceptance of RISK-${expired.key} has expired`,
      body: `The acceptance of RISK-${expired.key} (Hosting provider outage) by Tom Top expired on 2026-11-29. The risk needs to be accepted again or treated differently.`,
    });
  });

  it("counts days on the organisation's calendar (its time zone)", async () => {
    // 12:00 UTC on 1 December is already 2 December in Auckland (UTC+13)
    const noon = new Date('2026-12-01T12:00:00.000Z');
    const auckland = await organisation('Kiwi Ltd', 'Pacific/Auckland');
    const utc = await organisation('Zulu Ltd', 'UTC');
    for (const org of [auckland, utc]) {
      const risk = await seedRisk(db, org.id, org.rita.membershipId);
      await seedAction(db, org.id, risk.id, org.anna.membershipId, '2026-12-01', { title: 'Patch' });
    }
    await notifyActionsDue(depsOf(), noon);
    await notifyActionsOverdue(depsOf(), noon);
    expect((await notificationsOf(auckland.id)).map((r) => [r.kind, r.title])).toEqual([
      ['action_overdue', `RISK-${keyNumber - 1}: "Patch" is overdue`],
    ]);
    expect((await notificationsOf(utc.id)).map((r) => [r.kind, r.title])).toEqual([
      ['action_due', `RISK-${keyNumber}: "Patch" is due today`],
    ]);
  });

  describe('through the scheduler', () => {
    /** One notification of each kind in a new organisation; returns it and the ids of its risks. */
    async function oneOfEach(name: string) {
      const org = await organisation(name);
      const risk = await seedRisk(db, org.id, org.rita.membershipId, { nextReviewOn: day(3) });
      await seedAction(db, org.id, risk.id, org.anna.membershipId, day(2));
      await seedAction(db, org.id, risk.id, org.anna.membershipId, day(-2));
      await seedAcceptance(db, org.id, risk.id, org.tom.membershipId, day(20));
      return { org, risk };
    }

    const allNotifications = () =>
      db.selectFrom('notifications').select(['id', 'dedupe_key', 'emailed_at']).orderBy('id').execute();

    it('notifies once however often it ticks, and mails each notification once, with its link', async () => {
      const { org, risk } = await oneOfEach('Tick Ltd');
      const deps = depsOf();
      const scheduler = createScheduler(deps, JOBS, { tickMs: MINUTE, log: silent });
      const inboxBefore = smtp.inbox.length;
      clock = NOW;
      const reports = await scheduler.runDue(NOW);
      expect(reports.every((r) => r.outcome === 'ran')).toBe(true);
      const rows = await notificationsOf(org.id);
      expect(rows.map((r) => [r.kind, r.user_id]).sort()).toEqual(
        [
          ['action_due', org.anna.userId],
          ['action_overdue', org.anna.userId],
          ['risk_review_due', org.rita.userId],
          ['acceptance_expiring', org.tom.userId],
          ['acceptance_expiring', org.rita.userId],
        ].sort(),
      );
      expect(rows.every((r) => r.emailed_at === NOW.toISOString())).toBe(true);

      const emails = {
        [org.anna.userId]: org.anna.email,
        [org.rita.userId]: org.rita.email,
        [org.tom.userId]: org.tom.email,
      };
      const mails = smtp.inbox
        .slice(inboxBefore)
        .filter((m) => recipients(m).some((r) => r.endsWith('@tick-ltd.example')));
      expect(mails).toHaveLength(rows.length);
      for (const row of rows) {
        const matching = mails.filter(
          (m) => m.subject === row.title && recipients(m).includes(emails[row.user_id] ?? ''),
        );
        expect(matching, row.dedupe_key).toHaveLength(1);
        expect(matching[0]?.text?.trim()).toBe(`${row.body}\n\nhttp://127.0.0.1:3000/risks/${risk.id}`);
      }

      const snapshot = await allNotifications();
      const mailed = smtp.inbox.length;
      // the same tick again, and every job due again two hours later: nothing new, nothing mailed again
      expect((await scheduler.runDue(NOW)).every((r) => r.outcome === 'not_due')).toBe(true);
      clock = new Date(NOW.getTime() + 2 * HOUR);
      expect((await scheduler.runDue(clock)).every((r) => r.outcome === 'ran')).toBe(true);
      expect(await allNotifications()).toEqual(snapshot);
      expect(smtp.inbox.length).toBe(mailed);
    });

    it('keeps a notification whose mail failed, records the failure, and mails it on a later run, once', async () => {
      clock = new Date(NOW.getTime() + 3 * HOUR);
      const org = await organisation('Bounce Ltd');
      const risk = await seedRisk(db, org.id, org.rita.membershipId);
      await seedAction(db, org.id, risk.id, org.anna.membershipId, day(-1), {
        title: 'Renew the certificate',
      });
      smtp.refuse.add(org.anna.email);
      const scheduler = createScheduler(depsOf(), JOBS, { tickMs: MINUTE, log: silent });

      const reports = await scheduler.runDue(clock);
      expect(reports.find((r) => r.name === 'notifications.action_overdue')?.outcome).toBe('failed');
      expect(reports.filter((r) => r.outcome === 'failed')).toHaveLength(1);
      const job = await db
        .selectFrom('scheduler_jobs')
        .selectAll()
        .where('name', '=', 'notifications.action_overdue')
        .executeTakeFirstOrThrow();
      expect(job.last_error).toMatch(/^1 of 1 notification mails could not be sent and will be retried: /);
      expect(job.last_error).toContain('Mailbox unavailable');
      const [row] = await notificationsOf(org.id);
      expect(row).toMatchObject({ kind: 'action_overdue', user_id: org.anna.userId, emailed_at: null });
      const toAnna = () => smtp.inbox.filter((m) => recipients(m).includes(org.anna.email));
      expect(toAnna()).toHaveLength(0);

      // still refused at the next retry, then delivered by the one after; never twice
      clock = new Date(clock.getTime() + 5 * MINUTE);
      const retried = await scheduler.runDue(clock);
      expect(retried.find((r) => r.name === 'notifications.mail_retry')?.outcome).toBe('failed');
      expect((await notificationsOf(org.id))[0]?.emailed_at).toBeNull();
      smtp.refuse.delete(org.anna.email);
      clock = new Date(clock.getTime() + 5 * MINUTE);
      const delivered = await scheduler.runDue(clock);
      expect(delivered.find((r) => r.name === 'notifications.mail_retry')?.outcome).toBe('ran');
      expect(toAnna().map((m) => m.subject)).toEqual([
        `RISK-${risk.key}: "Renew the certificate" is overdue`,
      ]);
      expect((await notificationsOf(org.id))[0]?.emailed_at).toBe(clock.toISOString());
      const retryJob = await db
        .selectFrom('scheduler_jobs')
        .selectAll()
        .where('name', '=', 'notifications.mail_retry')
        .executeTakeFirstOrThrow();
      expect(retryJob).toEqual({
        name: 'notifications.mail_retry',
        last_run_at: clock.toISOString(),
        last_error: null,
      });

      clock = new Date(clock.getTime() + 2 * HOUR);
      await scheduler.runDue(clock);
      expect(toAnna()).toHaveLength(1);
      expect(await notificationsOf(org.id)).toHaveLength(1);
    });

    it('mails nobody who can no longer act, and gives up retrying after three days', async () => {
      clock = new Date(NOW.getTime() + 8 * HOUR);
      const org = await organisation('Quiet Ltd');
      const risk = await seedRisk(db, org.id, org.rita.membershipId);
      await seedAction(db, org.id, risk.id, org.anna.membershipId, day(-1));
      smtp.refuse.add(org.anna.email);
      const scheduler = createScheduler(depsOf(), JOBS, { tickMs: MINUTE, log: silent });
      await scheduler.runDue(clock);
      smtp.refuse.delete(org.anna.email);
      // Anna's membership is disabled before the retry: no mail, and the notification waits unmailed
      await db
        .updateTable('memberships')
        .set({ status: 'disabled' })
        .where('id', '=', org.anna.membershipId)
        .execute();
      clock = new Date(clock.getTime() + 5 * MINUTE);
      await scheduler.runDue(clock);
      const toAnna = () => smtp.inbox.filter((m) => recipients(m).includes(org.anna.email));
      expect(toAnna()).toHaveLength(0);
      expect((await notificationsOf(org.id))[0]?.emailed_at).toBeNull();
      // back after more than three days: the old notification is not mailed any more
      await db
        .updateTable('memberships')
        .set({ status: 'active' })
        .where('id', '=', org.anna.membershipId)
        .execute();
      clock = new Date(clock.getTime() + 3 * 24 * HOUR + MINUTE);
      await scheduler.runDue(clock);
      expect(toAnna()).toHaveLength(0);
    });
  });

  describe.skipIf(dialect !== 'postgres')('on two nodes (PostgreSQL, two pools)', () => {
    it('creates and mails each notification exactly once when two schedulers race', async () => {
      // four days on: every job is due again, and "today" is 2026-12-05
      clock = new Date(NOW.getTime() + 4 * 24 * HOUR + 12 * HOUR);
      const base = 4;
      const other = await openDatabase(url);
      afterTestFile(() => other.close());
      const orgs = [];
      for (const name of ['Race One', 'Race Two']) {
        const org = await organisation(name);
        for (let i = 0; i < 5; i++) {
          const risk = await seedRisk(db, org.id, org.rita.membershipId, { nextReviewOn: day(base + i) });
          await seedAction(db, org.id, risk.id, org.anna.membershipId, day(base + i));
          await seedAction(db, org.id, risk.id, org.anna.membershipId, day(base - 1 - i));
          await seedAcceptance(db, org.id, risk.id, org.tom.membershipId, day(base + i + 1));
        }
        orgs.push(org);
      }
      const a = createScheduler(depsOf(database), JOBS, { tickMs: MINUTE, log: silent });
      const b = createScheduler(depsOf(other), JOBS, { tickMs: MINUTE, log: silent });
      await Promise.all([a.runDue(clock), b.runDue(clock)]);

      // and the jobs themselves racing without the scheduler's lock: the dedupe key and the mail claim hold
      const later = new Date(clock.getTime() + 30 * MINUTE);
      for (const org of orgs) {
        const risk = await seedRisk(db, org.id, org.rita.membershipId, { nextReviewOn: day(base + 1) });
        for (let i = 0; i < 5; i++) {
          await seedAction(db, org.id, risk.id, org.anna.membershipId, day(base - 2 - i));
        }
      }
      await Promise.all([
        notifyActionsOverdue(depsOf(database), later),
        notifyActionsOverdue(depsOf(other), later),
      ]);
      await Promise.all([notifyReviewsDue(depsOf(database), later), notifyReviewsDue(depsOf(other), later)]);

      // and two retries racing over mail that failed at first: the claim lets one node send each
      const [first, second] = orgs;
      if (!first || !second) throw new Error('two organisations expected');
      smtp.refuse.add(first.anna.email);
      smtp.refuse.add(second.anna.email);
      const failing = new Date(later.getTime() + MINUTE);
      for (const org of orgs) {
        const risk = await seedRisk(db, org.id, org.rita.membershipId);
        for (let i = 0; i < 4; i++) {
          await seedAction(db, org.id, risk.id, org.anna.membershipId, day(base - 10 - i));
        }
      }
      await expect(notifyActionsOverdue(depsOf(database), failing)).rejects.toThrow(
        '8 of 8 notification mails could not be sent and will be retried',
      );
      smtp.refuse.clear();
      await Promise.all([
        retryNotificationMail(depsOf(database), failing),
        retryNotificationMail(depsOf(other), failing),
      ]);

      for (const org of orgs) {
        const rows = await notificationsOf(org.id);
        // per organisation: 5 due + 5 overdue + 5 reviews + 10 acceptances, then 5 overdue + 1 review,
        // then 4 overdue mailed by a retry
        expect(rows).toHaveLength(35);
        expect(new Set(rows.map((r) => r.dedupe_key)).size).toBe(35);
        expect(rows.every((r) => r.emailed_at !== null)).toBe(true);
        const tag = org === orgs[0] ? '@race-one.example' : '@race-two.example';
        const mails = smtp.inbox.filter((m) => recipients(m).some((r) => r.endsWith(tag)));
        expect(mails).toHaveLength(35);
        const sent = mails.map((m) => `${recipients(m).join(',')} ${m.subject}`);
        const expected = rows.map((r) => {
          const email = [org.anna, org.rita, org.tom].find((p) => p.userId === r.user_id)?.email;
          return `${email} ${r.title}`;
        });
        expect(sent.sort()).toEqual(expected.sort());
      }
    });
  });
});
