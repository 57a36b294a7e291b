import type { TPermission } from '@vigil/contracts';
import type { TFunction } from 'i18next';

/**
 * The words for a permission (`risk:accept` -> "Accept risks"); a permission a module added before its
 * translation shows as its code rather than as a raw key.
 */
export function permissionLabel(t: TFunction, permission: TPermission): string {
  const key = `permissions.${permission}`;
  return (t as (key: string, options: { defaultValue: string }) => string)(key, { defaultValue: permission });
}
