import { describe, expect, it } from 'vitest';
import { notificationTarget } from './notification-target.ts';

const RISK = '01936f4e-0000-7000-8000-0000000000c1';

describe('notificationTarget', () => {
  it('follows a risk link to the risk page', () => {
    expect(notificationTarget(`/risks/${RISK}`)).toEqual({ to: '/risks/$riskId', params: { riskId: RISK } });
  });

  it('follows a control link to the control page', () => {
    expect(notificationTarget(`/controls/${RISK}`)).toEqual({
      to: '/controls/$controlId',
      params: { controlId: RISK },
    });
  });

  it('follows nothing else: other paths, other hosts, malformed ids', () => {
    expect(notificationTarget('/')).toBeNull();
    expect(notificationTarget('/controls/12')).toBeNull();
    expect(notificationTarget(`//evil.example/risks/${RISK}`)).toBeNull();
    expect(notificationTarget(`https://evil.example/risks/${RISK}`)).toBeNull();
    expect(notificationTarget('/risks/heat-map')).toBeNull();
    expect(notificationTarget(`/risks/${RISK}/actions`)).toBeNull();
  });
});
