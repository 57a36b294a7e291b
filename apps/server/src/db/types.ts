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
  time_zone: Generated<string>;
  locale: Generated<string>;
  session_idle_minutes: Generated<number>;
  session_absolute_minutes: Generated<number>;
  mfa_policy: Generated<'off' | 'all' | 'roles'>;
  mfa_roles: ColumnType<string[], string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  status: Generated<'active' | 'disabled'>;
  /** AES-256-GCM sealed with the instance secret key; never stored in clear. */
  totp_secret: string | null;
  totp_enabled_at: Timestamp | null;
  totp_last_step: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface MembershipsTable {
  id: string;
  organisation_id: string;
  user_id: string;
  role: string;
  department: string | null;
  job_title: string | null;
  seniority: string | null;
  access_level: string | null;
  manager_id: string | null;
  status: Generated<'active' | 'disabled'>;
  expires_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  organisation_id: string | null;
  mfa_passed: Generated<boolean>;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
  revoked_at: Timestamp | null;
}

export interface InvitationsTable {
  id: string;
  organisation_id: string;
  email: string;
  name: string | null;
  role: string;
  department: string | null;
  job_title: string | null;
  token_hash: string;
  invited_by: string | null;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface PasswordResetsTable {
  id: string;
  user_id: string;
  token_hash: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Timestamp;
}

export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: string;
  used_at: Timestamp | null;
  created_at: Timestamp;
}

export interface ApiTokensTable {
  id: string;
  organisation_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  token_prefix: string;
  scopes: ColumnType<string[], string, string>;
  expires_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: Timestamp;
}

export interface LoginThrottleTable {
  key: string;
  window_start: Timestamp;
  failures: number;
  locked_until: Timestamp | null;
}

export interface SetupTokensTable {
  id: string;
  token_hash: string;
  created_at: Timestamp;
  used_at: Timestamp | null;
}

/** Every table of Vigil, as Kysely sees it. Modules add theirs here. */
export interface DB {
  organisations: OrganisationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
  recovery_codes: RecoveryCodesTable;
  api_tokens: ApiTokensTable;
  login_throttle: LoginThrottleTable;
  setup_tokens: SetupTokensTable;
  audit_events: AuditEventsTable;
  audit_chain_heads: AuditChainHeadsTable;
}
