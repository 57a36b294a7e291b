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

export interface KeyCountersTable {
  organisation_id: string;
  kind: string;
  last_value: number;
}

export interface RiskMethodologiesTable {
  id: string;
  organisation_id: string;
  version: number;
  current: boolean;
  /** TMethodologyInput from @vigil/contracts. */
  definition: ColumnType<unknown, string, string>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface AssetsTable {
  id: string;
  organisation_id: string;
  key_number: number;
  name: string;
  kind: string;
  description: Generated<string>;
  owner_id: string | null;
  classification: string;
  personal_data: Generated<boolean>;
  citizen_data: Generated<boolean>;
  confidentiality: number;
  integrity: number;
  availability: number;
  location: string | null;
  notes: Generated<string>;
  archived_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface RisksTable {
  id: string;
  organisation_id: string;
  key_number: number;
  title: string;
  threat: Generated<string>;
  vulnerability: Generated<string>;
  consequence: Generated<string>;
  category: string | null;
  owner_id: string;
  affects_confidentiality: Generated<boolean>;
  affects_integrity: Generated<boolean>;
  affects_availability: Generated<boolean>;
  methodology_version: number;
  inherent_likelihood: number;
  inherent_impact: number;
  inherent_level: string;
  treatment: string | null;
  residual_likelihood: number | null;
  residual_impact: number | null;
  residual_level: string | null;
  status: string;
  /** A calendar date, YYYY-MM-DD. */
  next_review_on: string;
  tags: ColumnType<string[], string | undefined, string>;
  closed_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface RiskAssetsTable {
  organisation_id: string;
  risk_id: string;
  asset_id: string;
}

export interface RiskRatingsTable {
  id: string;
  organisation_id: string;
  risk_id: string;
  methodology_version: number;
  inherent_likelihood: number;
  inherent_impact: number;
  inherent_level: string;
  residual_likelihood: number | null;
  residual_impact: number | null;
  residual_level: string | null;
  reason: string;
  rated_by: string | null;
  rated_at: Timestamp;
}

export interface RiskActionsTable {
  id: string;
  organisation_id: string;
  risk_id: string;
  title: string;
  description: Generated<string>;
  owner_id: string;
  /** YYYY-MM-DD. */
  due_on: string;
  status: string;
  completion_note: string | null;
  evidence_url: string | null;
  completed_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface RiskAcceptancesTable {
  id: string;
  organisation_id: string;
  risk_id: string;
  accepted_by: string;
  acceptor_role: string;
  justification: string;
  methodology_version: number;
  residual_likelihood: number;
  residual_impact: number;
  residual_level: string;
  accepted_at: Timestamp;
  /** YYYY-MM-DD. */
  expires_on: string;
  withdrawn_at: Timestamp | null;
}

export interface RiskAssessmentsTable {
  id: string;
  organisation_id: string;
  number: number;
  title: string;
  notes: Generated<string>;
  methodology_version: number;
  risk_count: number;
  run_by: string | null;
  run_at: Timestamp;
}

export interface RiskAssessmentItemsTable {
  assessment_id: string;
  organisation_id: string;
  risk_id: string;
  snapshot: ColumnType<unknown, string, string>;
}

export interface NotificationsTable {
  id: string;
  organisation_id: string;
  user_id: string;
  kind: string;
  subject_type: string;
  subject_id: string;
  title: string;
  body: string;
  dedupe_key: string;
  created_at: Timestamp;
  read_at: Timestamp | null;
  emailed_at: Timestamp | null;
}

export interface SchedulerJobsTable {
  name: string;
  last_run_at: Timestamp | null;
  last_error: string | null;
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
  key_counters: KeyCountersTable;
  risk_methodologies: RiskMethodologiesTable;
  assets: AssetsTable;
  risks: RisksTable;
  risk_assets: RiskAssetsTable;
  risk_ratings: RiskRatingsTable;
  risk_actions: RiskActionsTable;
  risk_acceptances: RiskAcceptancesTable;
  risk_assessments: RiskAssessmentsTable;
  risk_assessment_items: RiskAssessmentItemsTable;
  notifications: NotificationsTable;
  scheduler_jobs: SchedulerJobsTable;
  audit_events: AuditEventsTable;
  audit_chain_heads: AuditChainHeadsTable;
}
