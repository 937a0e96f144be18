// Row types of the cell's tables, as Kysely sees them. Only store/ imports this file.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface CountryTable {
  code: string;
  name: string;
  time_zone: string;
}

export interface AgencyTable {
  code: string;
  country: string;
  name: string;
  kind: string;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface UserTable {
  id: string;
  email: string;
  display_name: string;
  agency: string;
  roles: string[];
  clearance: string;
  password_hash: string;
  totp_secret: string | null;
  totp_enrolled_at: Timestamp | null;
  totp_last_step: number | null;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  disabled_at: Timestamp | null;
  locale: Generated<string>;
  time_zone: string | null;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SessionTable {
  id_hash: string;
  user_id: string;
  csrf_hash: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  idle_expires_at: Timestamp;
  absolute_expires_at: Timestamp;
  revoked_at: Timestamp | null;
  ip: string | null;
  user_agent: string | null;
}

export interface MfaEnrolmentTable {
  ticket_hash: string;
  user_id: string;
  secret: string;
  expires_at: Timestamp;
}

export interface ApiTokenTable {
  id: string;
  token_hash: string;
  user_id: string;
  agency: string;
  roles: string[];
  name: string;
  created_at: Timestamp;
  created_by: string;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface AuditLogTable {
  seq: number;
  at: Timestamp;
  actor_user_id: string | null;
  actor_agency: string | null;
  action: string;
  outcome: string;
  items: Json<string[]>;
  justification: string | null;
  recipients: Json<string[]>;
  details: Json<Record<string, unknown>>;
  flagged: boolean;
  ip: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  seq: number;
  hash: string;
  signature: string;
  key_id: string;
  signed_at: Timestamp;
}

export interface ItemTable {
  id: string;
  kind: string;
  originator: string;
  release_countries: string[];
  release_agencies: string[];
  classification: string;
  classification_rank: number;
  handling: string;
  handling_text: string | null;
  tlp: string;
  grading: string | null;
  subject_category: string | null;
  legal_basis: string;
  purpose: string;
  review_by: string;
  status: string;
  version: number;
  title: string;
  search_text: string;
  body: Json<Record<string, unknown>>;
  created_at: Timestamp;
  created_by: string;
  updated_at: Timestamp;
  updated_by: string;
}

export interface ItemVersionTable {
  item_id: string;
  version: number;
  snapshot: Json<Record<string, unknown>>;
  diff: Json<unknown[]>;
  reason: string;
  changed_at: Timestamp;
  changed_by: string;
}

export interface NotificationTable {
  id: Generated<number>;
  at: Timestamp;
  agency: string;
  /** When set, only users of the agency holding one of these roles are told. */
  roles: string[] | null;
  kind: string;
  item_id: string | null;
  payload: Json<Record<string, unknown>>;
}

export interface AnnotationTable {
  id: string;
  item_id: string;
  agency: string;
  author: string;
  statement: string;
  text: string;
  at: Timestamp;
}

export interface ScreeningJobTable {
  list_id: string;
  screened_by: string;
  status: string;
  rows_total: ColumnType<number, number | undefined, number>;
  rows_done: ColumnType<number, number | undefined, number>;
  rows_rejected: ColumnType<number, number | undefined, number>;
  hits: ColumnType<number, number | undefined, number>;
  rejected: Json<{ line: number; reason: string }[]>;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface ScreeningRowTable {
  list_id: string;
  row_no: number;
  line: number;
  query: Json<Record<string, unknown>>;
}

export interface ScreeningHitTable {
  id: string;
  list_id: string;
  row_no: number;
  subject_id: string;
  score: number;
  band: string;
  explanation: Json<Record<string, unknown>>;
  decision: ColumnType<string, string | undefined, string>;
  decided_by: string | null;
  decided_at: Timestamp | null;
  reason: string | null;
  created_at: Timestamp;
}

export interface MessageRecipientTable {
  message_id: string;
  agency: string;
  status: string;
  delivered_at: Timestamp;
  read_at: Timestamp | null;
  read_by: string | null;
  acked_at: Timestamp | null;
  acked_by: string | null;
  answered_at: Timestamp | null;
  answer_id: string | null;
  closed_at: Timestamp | null;
  ack_due_at: Timestamp;
  answer_due_at: Timestamp | null;
  escalation_level: ColumnType<number, number | undefined, number>;
  warned: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface AttachmentTable {
  id: string;
  message_id: string;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  data: Buffer | Uint8Array;
  created_at: Timestamp;
}

export interface DisclosureTable {
  item_id: string;
  agency: string;
  via: string;
  ref: string | null;
  at: Timestamp;
}

export interface CrossCheckTable {
  id: string;
  subject_a: string;
  agency_a: string;
  subject_b: string;
  agency_b: string;
  score: number;
  created_at: Timestamp;
  decision: ColumnType<string, string | undefined, string>;
  decided_by: string | null;
  decided_at: Timestamp | null;
  reason: string | null;
}

export interface DutyShiftTable {
  id: string;
  agency: string;
  user_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
}

export interface ShiftLogTable {
  id: string;
  agency: string;
  author: string;
  at: Timestamp;
  kind: string;
  text: string;
  acked_by: string | null;
  acked_at: Timestamp | null;
}

export interface LiveEventTable {
  id: Generated<number>;
  at: Timestamp;
  kind: string;
  item_id: string | null;
  agencies: string[];
  roles: string[] | null;
  classification_rank: ColumnType<number, number | undefined, number>;
  payload: Json<Record<string, unknown>>;
}

export interface NodeMetaTable {
  key: string;
  value: string;
}

export interface Database {
  countries: CountryTable;
  agencies: AgencyTable;
  users: UserTable;
  sessions: SessionTable;
  mfa_enrolments: MfaEnrolmentTable;
  api_tokens: ApiTokenTable;
  audit_log: AuditLogTable;
  audit_heads: AuditHeadTable;
  items: ItemTable;
  item_versions: ItemVersionTable;
  notifications: NotificationTable;
  node_meta: NodeMetaTable;
  annotations: AnnotationTable;
  screening_jobs: ScreeningJobTable;
  screening_rows: ScreeningRowTable;
  screening_hits: ScreeningHitTable;
  message_recipients: MessageRecipientTable;
  attachments: AttachmentTable;
  disclosures: DisclosureTable;
  cross_checks: CrossCheckTable;
  duty_shifts: DutyShiftTable;
  shift_log: ShiftLogTable;
  live_events: LiveEventTable;
}
