import { ROLES, roleCan } from '@vigil/contracts';
import { describe, expect, it } from 'vitest';
import { ASSIGNABLE_ROLES, canAssignRole, canManageMember } from './people.policy.ts';

describe('role assignment policy', () => {
  it('lets exactly the roles that invite or assign roles hand any role out', () => {
    for (const role of ROLES) {
      const hands = roleCan(role, 'person:invite') || roleCan(role, 'role:assign');
      expect(ASSIGNABLE_ROLES[role].length > 0, role).toBe(hands);
    }
  });

  it('keeps owner for owners, and owner and admin out of a security officer reach', () => {
    expect(ROLES.filter((r) => canAssignRole(r, 'owner'))).toEqual(['owner']);
    expect(ROLES.filter((r) => canAssignRole(r, 'admin'))).toEqual(['owner', 'admin']);
    expect(ASSIGNABLE_ROLES.security_officer).toEqual([
      'security_officer',
      'top_management',
      'internal_auditor',
      'contributor',
      'employee',
      'external_auditor',
    ]);
    expect(canAssignRole(null, 'employee')).toBe(false);
  });

  it('lets only owners manage an owner membership', () => {
    expect(ROLES.filter((r) => canManageMember(r, 'owner'))).toEqual(['owner']);
    expect(canManageMember('admin', 'admin')).toBe(true);
    expect(canManageMember('employee', 'employee')).toBe(false);
  });
});
