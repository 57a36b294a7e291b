import type { ColumnType, Generated } from 'kysely';

/** ISO-8601 UTC timestamp string, e.g. `2026-11-28T13:00:00.000Z`, on both dialects. */
export type Timestamp = string;

export interface AuditEventsTable {
  id: string;
  organisation_id: string | null;
  seq: number;
  occurred_at: Timestamp;
  actor_type: string;
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  changes: ColumnType<unknown, string, string>;
  request_id: string | null;
  ip: string | null;
  user_agent: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditChainHeadsTable {
  chain_key: string;
  organisation_id: string | null;
  seq: number;
  hash: string;
  updated_at: Timestamp;
}

export interface OrganisationsTable {
  id: string;
  name: string;
  slug: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

/** Every table of Vigil, as Kysely sees it. Modules add theirs here. */
export interface DB {
  organisations: OrganisationsTable;
  audit_events: AuditEventsTable;
  audit_chain_heads: AuditChainHeadsTable;
}
