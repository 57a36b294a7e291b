import { type TMethodology, type TMethodologyInput, ZMethodologyInput } from '@vigil/contracts';
import type { MethodologyRow, VersionSummaryRow } from './risk-methodology.repo.ts';

/** The stored definition of a version, checked against the contract it was written with. */
export function definitionOf(row: { definition: unknown }): TMethodologyInput {
  return ZMethodologyInput.parse(row.definition);
}

const creator = (row: { created_by: string | null; created_by_name: string | null }) =>
  row.created_by !== null && row.created_by_name !== null
    ? { id: row.created_by, name: row.created_by_name }
    : null;

export function presentMethodology(row: MethodologyRow): TMethodology {
  return {
    id: row.id,
    version: row.version,
    current: row.current,
    createdAt: row.created_at,
    createdBy: creator(row),
    ...definitionOf(row),
  };
}

export function presentVersionSummary(row: VersionSummaryRow) {
  return { version: row.version, current: row.current, createdAt: row.created_at, createdBy: creator(row) };
}
