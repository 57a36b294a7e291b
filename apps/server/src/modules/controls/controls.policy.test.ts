import { ROLES, roleCan } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { type Actor, permissionsOf } from '../../authz/actor.ts';
import { mayEditControl } from './controls.policy.ts';

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

describe('control edit policy', () => {
  it('lets every role with control:update edit controls it owns, and only contributors are limited to those', () => {
    for (const role of ROLES) {
      expect(mayEditControl(actorOf(role), { ownerId: 'me' }), role).toBe(roleCan(role, 'control:update'));
    }
    expect(ROLES.filter((role) => roleCan(role, 'control:update'))).toEqual([
      'owner',
      'admin',
      'security_officer',
      'contributor',
    ]);
    for (const ownerId of ['someone else', null]) {
      expect(ROLES.filter((role) => mayEditControl(actorOf(role), { ownerId }))).toEqual([
        'owner',
        'admin',
        'security_officer',
      ]);
    }
  });

  it('follows a token narrowed to fewer permissions, and an MFA-restricted session may edit nothing', () => {
    expect(mayEditControl(actorOf('admin', ['control:read']), { ownerId: 'me' })).toBe(false);
    expect(mayEditControl({ ...actorOf('admin'), restriction: 'mfa_challenge' }, { ownerId: 'me' })).toBe(
      false,
    );
  });
});
