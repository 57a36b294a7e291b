import { ROLES, roleCan } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { type Actor, permissionsOf } from '../../authz/actor.ts';
import { mayEditRisk } from './risks.policy.ts';

const actorOf = (role: (typeof ROLES)[number], scopes?: string[]): Actor => ({
  userId: 'u',
  sessionId: 's',
  tokenId: null,
  organisationId: 'o',
  membershipId: 'me',
  role,
  permissions: permissionsOf(role, scopes),
  restriction: null,
});

describe('risk edit policy', () => {
  it('lets every role with risk:update edit risks it owns, and only contributors are limited to those', () => {
    for (const role of ROLES) {
      expect(mayEditRisk(actorOf(role), { ownerId: 'me' }), role).toBe(roleCan(role, 'risk:update'));
    }
    expect(ROLES.filter((role) => mayEditRisk(actorOf(role), { ownerId: 'someone else' }))).toEqual([
      'owner',
      'admin',
      'security_officer',
    ]);
  });

  it('follows a token narrowed to fewer permissions, and an MFA-restricted session may edit nothing', () => {
    expect(mayEditRisk(actorOf('admin', ['risk:read']), { ownerId: 'me' })).toBe(false);
    expect(mayEditRisk({ ...actorOf('admin'), restriction: 'mfa_challenge' }, { ownerId: 'me' })).toBe(false);
  });
});
