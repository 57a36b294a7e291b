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

export interface ControlsTable {
  id: string;
  organisation_id: string;
  /** The Annex A id (`5.1`) of an Annex A control; null for the organisation's own. */
  annex_ref: string | null;
  /** The number of a custom control's key (`VC-3`); null for Annex A controls. */
  key_number: number | null;
  /** Natural key order: Annex A 5.1 = 5001, 5.10 = 5010; custom controls after them. */
  sort_order: number;
  title: string;
  description: Generated<string>;
  theme: string;
  new_in_2022: Generated<boolean>;
  control_types: ColumnType<string[], string | undefined, string>;
  properties: ColumnType<string[], string | undefined, string>;
  concepts: ColumnType<string[], string | undefined, string>;
  capabilities: ColumnType<string[], string | undefined, string>;
  domains: ColumnType<string[], string | undefined, string>;
  applicability: Generated<string>;
  inclusion_reasons: ColumnType<string[], string | undefined, string>;
  inclusion_note: string | null;
  exclusion_justification: string | null;
  implementation_status: Generated<string>;
  inherited_from: string | null;
  implementation_description: Generated<string>;
  owner_id: string | null;
  /** YYYY-MM-DD. */
  target_on: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface ControlRisksTable {
  organisation_id: string;
  control_id: string;
  risk_id: string;
}

export interface SoaVersionsTable {
  id: string;
  organisation_id: string;
  number: number;
  /** A user id; the name and role are frozen beside it. */
  approved_by: string;
  approver_name: string;
  approver_role: string;
  approval_note: Generated<string>;
  approved_at: Timestamp;
  summary: ColumnType<unknown, string, string>;
  acknowledged_warnings: ColumnType<unknown, string | undefined, string>;
}

export interface SoaVersionItemsTable {
  version_id: string;
  organisation_id: string;
  control_id: string;
  /** The control's place in the version (key order). */
  position: number;
  entry: ColumnType<unknown, string, string>;
}

/** An evidence file's bytes, addressed by their SHA-256 within the organisation. */
export interface EvidenceBlobsTable {
  organisation_id: string;
  /** Lower-case hex. */
  sha256: string;
  size: number;
  /** Uint8Array on SQLite, Buffer (a Uint8Array) on PostgreSQL. */
  content: Uint8Array;
  created_at: Timestamp;
}

export interface EvidenceTable {
  id: string;
  organisation_id: string;
  /** `EV-n`. */
  key_number: number;
  kind: 'file' | 'link';
  title: string;
  description: Generated<string>;
  /** A link's address; null for files. */
  url: string | null;
  /** A file's address in evidence_blobs, its sanitised name and detected type; null for links. */
  file_sha256: string | null;
  file_name: string | null;
  file_type: string | null;
  /** YYYY-MM-DD. */
  collected_on: string;
  /** YYYY-MM-DD, the last day it counts. */
  valid_until: string | null;
  /** The membership that added it. */
  uploaded_by: string;
  archived_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface EvidenceControlsTable {
  organisation_id: string;
  evidence_id: string;
  control_id: string;
}

export interface ControlChecksTable {
  id: string;
  organisation_id: string;
  control_id: string;
  title: string;
  method: string;
  procedure: Generated<string>;
  frequency: string;
  /** A membership. */
  assignee_id: string;
  /** YYYY-MM-DD. */
  next_due_on: string;
  /** The latest run (control_check_runs.id), its date (YYYY-MM-DD) and result; null before the first. */
  last_run_id: string | null;
  last_run_on: string | null;
  last_result: string | null;
  /** The first not-effective run since the last effective one, and its date; null when none is open. */
  follow_up_run_id: string | null;
  follow_up_since: string | null;
  retired_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface ControlCheckRunsTable {
  id: string;
  organisation_id: string;
  check_id: string;
  result: string;
  notes: Generated<string>;
  /** YYYY-MM-DD. */
  performed_on: string;
  /** A membership. */
  performed_by: string;
  follow_up_required: boolean;
  /** YYYY-MM-DD: the due date the run scheduled. */
  next_due_on: string;
  recorded_at: Timestamp;
}

export interface ControlCheckRunEvidenceTable {
  organisation_id: string;
  run_id: string;
  evidence_id: string;
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
  controls: ControlsTable;
  control_risks: ControlRisksTable;
  evidence_blobs: EvidenceBlobsTable;
  evidence: EvidenceTable;
  evidence_controls: EvidenceControlsTable;
  control_checks: ControlChecksTable;
  control_check_runs: ControlCheckRunsTable;
  control_check_run_evidence: ControlCheckRunEvidenceTable;
  soa_versions: SoaVersionsTable;
  soa_version_items: SoaVersionItemsTable;
  audit_events: AuditEventsTable;
  audit_chain_heads: AuditChainHeadsTable;
}
