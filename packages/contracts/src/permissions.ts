import { z } from 'zod';

/**
 * The permission vocabulary: `subject:action`. Services assert these; role presets map to them; API
 * token scopes are subsets of them. Ownership conditions (a contributor edits what they own) live in
 * each module's policy, not here. Later modules add their subjects.
 */
export const PERMISSIONS = [
  'organisation:read',
  'organisation:update',
  'person:read',
  'person:invite',
  'person:update',
  'person:disable',
  'role:assign',
  'api_token:manage_all',
  'audit_event:read',
  'risk:read',
  'risk:create',
  'risk:update',
  'risk:accept',
  'risk:import',
  'risk_methodology:update',
  'risk_assessment:run',
  'asset:read',
  'asset:manage',
  'control:read',
  'control:update',
  'control:manage',
  'soa:publish',
  'evidence:read',
  'evidence:upload',
  'evidence:manage',
] as const;
export type TPermission = (typeof PERMISSIONS)[number];
export const ZPermission = z.enum(PERMISSIONS);

export const ROLES = [
  'owner',
  'admin',
  'security_officer',
  'top_management',
  'internal_auditor',
  'contributor',
  'employee',
  'external_auditor',
] as const;
export type TRole = (typeof ROLES)[number];
export const ZRole = z.enum(ROLES);

const ALL: readonly TPermission[] = PERMISSIONS;

/** What each role preset may do. */
export const ROLE_PERMISSIONS: Record<TRole, readonly TPermission[]> = {
  owner: ALL,
  admin: ALL,
  security_officer: [
    'organisation:read',
    'person:read',
    'person:invite',
    'person:update',
    'audit_event:read',
    'risk:read',
    'risk:create',
    'risk:update',
    'risk:accept',
    'risk:import',
    'risk_methodology:update',
    'risk_assessment:run',
    'asset:read',
    'asset:manage',
    'control:read',
    'control:update',
    'control:manage',
    'soa:publish',
    'evidence:read',
    'evidence:upload',
    'evidence:manage',
  ],
  top_management: [
    'organisation:read',
    'person:read',
    'risk:read',
    'risk:accept',
    'asset:read',
    'control:read',
    'soa:publish',
    'evidence:read',
  ],
  internal_auditor: [
    'organisation:read',
    'person:read',
    'audit_event:read',
    'risk:read',
    'asset:read',
    'control:read',
    'evidence:read',
  ],
  // risk:update and control:update only on the risks and controls they own: the risks and controls
  // policies narrow them; risk:accept only where the methodology lets the risk owner accept the level
  // (risk-scoring mayAccept); evidence:upload lets them edit only the evidence they added and link it
  // only to the controls they own (evidence policy)
  contributor: [
    'organisation:read',
    'person:read',
    'risk:read',
    'risk:update',
    'risk:accept',
    'asset:read',
    'control:read',
    'control:update',
    'evidence:read',
    'evidence:upload',
  ],
  employee: ['organisation:read'],
  external_auditor: [
    'organisation:read',
    'person:read',
    'audit_event:read',
    'risk:read',
    'asset:read',
    'control:read',
    'evidence:read',
  ],
};

export function roleCan(role: TRole, permission: TPermission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
