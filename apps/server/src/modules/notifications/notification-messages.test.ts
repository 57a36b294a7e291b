import { describe, expect, it } from 'vitest';
import {
  acceptanceExpiringMessage,
  actionDueMessage,
  addDays,
  daysBetween,
  localDate,
  riskReviewMessage,
} from './notification-messages.ts';

describe('notification calendar', () => {
  it("gives the date in the organisation's time zone, and UTC's for a zone this runtime does not know", () => {
    const instant = new Date('2026-12-31T23:30:00.000Z');
    expect(localDate(instant, 'UTC')).toBe('2026-12-31');
    expect(localDate(instant, 'Europe/Berlin')).toBe('2027-01-01');
    expect(localDate(instant, 'America/New_York')).toBe('2026-12-31');
    expect(localDate(new Date('2026-12-01T03:00:00.000Z'), 'America/Los_Angeles')).toBe('2026-11-30');
    expect(localDate(instant, 'Mars/Olympus_Mons')).toBe('2026-12-31');
  });

  it('moves dates across months, years and leap days, and counts the days between', () => {
    expect(addDays('2026-12-25', 7)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-12-01', '2026-12-31')).toBe(30);
    expect(daysBetween('2026-12-01', '2026-11-01')).toBe(-30);
    // the clocks change in between in many zones; calendar days do not care
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
  });
});

describe('notification messages', () => {
  const action = { actionTitle: 'Patch', riskKeyNumber: 4, riskTitle: 'Outage', dueOn: '2026-12-02' };

  it('says when in words people use', () => {
    expect(actionDueMessage(action, '2026-12-02').title).toBe('RISK-4: "Patch" is due today');
    expect(actionDueMessage(action, '2026-12-01').title).toBe('RISK-4: "Patch" is due tomorrow');
    expect(actionDueMessage(action, '2026-11-27').title).toBe('RISK-4: "Patch" is due in 5 days');
    const review = { riskKeyNumber: 4, riskTitle: 'Outage', nextReviewOn: '2026-12-02' };
    expect(riskReviewMessage(review, '2026-12-02').title).toBe('RISK-4 is due for review today');
    expect(riskReviewMessage(review, '2026-12-03')).toEqual({
      title: 'RISK-4 is overdue for review',
      body: 'RISK-4 (Outage) was due for review on 2026-12-02 (yesterday). Check its rating and treatment, then record the review.',
    });
    const acceptance = {
      riskKeyNumber: 4,
      riskTitle: 'Outage',
      acceptorName: 'Tom',
      expiresOn: '2026-12-02',
    };
    expect(acceptanceExpiringMessage(acceptance, '2026-12-02').title).toBe(
      'The acceptance of RISK-4 expires today',
    );
    expect(acceptanceExpiringMessage(acceptance, '2026-12-03').title).toBe(
      'The acceptance of RISK-4 has expired',
    );
  });

  it('keeps a long or multi-line action title short in the title, and whole enough in the body', () => {
    const long = { ...action, actionTitle: `Replace\n  the ${'very '.repeat(30)}old firewall` };
    const message = actionDueMessage(long, '2026-12-01');
    expect(message.title).toBe(`RISK-4: "Replace the ${'very '.repeat(13)}ve…" is due tomorrow`);
    expect(message.title).not.toContain('\n');
    expect(message.body).toContain(`"Replace the ${'very '.repeat(30)}old firewall"`);
  });
});
