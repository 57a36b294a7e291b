import { describe, expect, it } from 'vitest';
import { addDays, todayIn } from './days.ts';

describe('days', () => {
  it('takes today from the organisation’s time zone, not the browser’s', () => {
    const lateEvening = new Date('2026-11-28T23:30:00.000Z');
    expect(todayIn('UTC', lateEvening)).toBe('2026-11-28');
    expect(todayIn('Europe/Berlin', lateEvening)).toBe('2026-11-29');
    expect(todayIn('America/New_York', lateEvening)).toBe('2026-11-28');
  });

  it('falls back to UTC for a time zone this browser does not know', () => {
    expect(todayIn('Mars/Olympus_Mons', new Date('2026-11-28T23:30:00.000Z'))).toBe('2026-11-28');
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
