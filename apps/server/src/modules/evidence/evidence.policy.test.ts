import { ROLES, roleCan } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { type Actor, permissionsOf } from '../../authz/actor.ts';
import { mayEditEvidence, mayLinkControl } from './evidence.policy.ts';

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

describe('evidence policy', () => {
  it('gives the roles of the issue: officers and admins manage, contributors add, auditors and top management read', () => {
    const holders = (permission: Parameters<typeof roleCan>[1]) =>
      ROLES.filter((role) => roleCan(role, permission));
    expect(holders('evidence:manage')).toEqual(['owner', 'admin', 'security_officer']);
    expect(holders('evidence:upload')).toEqual(['owner', 'admin', 'security_officer', 'contributor']);
    expect(holders('evidence:read')).toEqual(ROLES.filter((role) => role !== 'employee'));
  });

  it('lets managers change every item, and contributors only the items they added', () => {
    for (const role of ROLES) {
      expect(mayEditEvidence(actorOf(role), { uploadedBy: 'me' }), role).toBe(
        roleCan(role, 'evidence:upload'),
      );
    }
    expect(ROLES.filter((role) => mayEditEvidence(actorOf(role), { uploadedBy: 'someone else' }))).toEqual([
      'owner',
      'admin',
      'security_officer',
    ]);
  });

  it('lets managers link every control, and contributors only the controls they own', () => {
    expect(ROLES.filter((role) => mayLinkControl(actorOf(role), { ownerId: 'me' }))).toEqual([
      'owner',
      'admin',
      'security_officer',
      'contributor',
    ]);
    for (const ownerId of ['someone else', null]) {
      expect(ROLES.filter((role) => mayLinkControl(actorOf(role), { ownerId }))).toEqual([
        'owner',
        'admin',
        'security_officer',
      ]);
    }
  });

  it('follows a token narrowed to fewer permissions, and an MFA-restricted session may change nothing', () => {
    expect(mayEditEvidence(actorOf('admin', ['evidence:read']), { uploadedBy: 'me' })).toBe(false);
    expect(mayLinkControl(actorOf('admin', ['evidence:upload']), { ownerId: 'someone else' })).toBe(false);
    const restricted: Actor = { ...actorOf('admin'), restriction: 'mfa_challenge' };
    expect(mayEditEvidence(restricted, { uploadedBy: 'me' })).toBe(false);
    expect(mayLinkControl(restricted, { ownerId: 'me' })).toBe(false);
  });
});
