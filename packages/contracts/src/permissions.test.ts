import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLE_PERMISSIONS, ROLES, roleCan } from './permissions.ts';

describe('role presets', () => {
  it('map every role to known permissions only', () => {
    for (const role of ROLES) for (const p of ROLE_PERMISSIONS[role]) expect(PERMISSIONS).toContain(p);
  });
  it('give owners and admins everything, employees almost nothing, auditors read-only', () => {
    expect(ROLE_PERMISSIONS.owner).toEqual(PERMISSIONS);
    expect(ROLE_PERMISSIONS.employee).toEqual(['organisation:read']);
    for (const role of ['internal_auditor', 'external_auditor'] as const) {
      expect(ROLE_PERMISSIONS[role].every((p) => p.endsWith(':read'))).toBe(true);
      expect(roleCan(role, 'audit_event:read')).toBe(true);
    }
    expect(roleCan('top_management', 'audit_event:read')).toBe(false);
  });
});
