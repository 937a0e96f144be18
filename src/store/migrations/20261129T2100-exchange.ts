import { sql, type Kysely } from 'kysely';

// Exchange between agencies: per-recipient status of messages (deadlines, escalation), attachments, the
// disclosure log (who ever received what, for corrections and recalls), cross-check hits, the duty roster and
// shift log, and the persisted live events that the board streams (replayable by id).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table message_recipients (
      message_id text not null references items(id),
      agency text not null references agencies(code),
      status text not null,
      delivered_at timestamptz not null,
      read_at timestamptz,
      read_by text,
      acked_at timestamptz,
      acked_by text,
      answered_at timestamptz,
      answer_id text,
      closed_at timestamptz,
      ack_due_at timestamptz not null,
      answer_due_at timestamptz,
      escalation_level integer not null default 0,
      warned boolean not null default false,
      primary key (message_id, agency)
    );
    create index message_recipients_due on message_recipients (ack_due_at) where acked_at is null and closed_at is null;
    create index message_recipients_agency on message_recipients (agency, delivered_at);
    create table attachments (
      id text primary key,
      message_id text not null references items(id),
      filename text not null,
      content_type text not null,
      size integer not null,
      sha256 text not null,
      data bytea not null,
      created_at timestamptz not null
    );
    create table disclosures (
      item_id text not null,
      agency text not null,
      via text not null,
      ref text,
      at timestamptz not null
    );
    create index disclosures_item on disclosures (item_id);
    create table cross_checks (
      id text primary key,
      subject_a text not null,
      agency_a text not null,
      subject_b text not null,
      agency_b text not null,
      score real not null,
      created_at timestamptz not null,
      decision text not null default 'pending',
      decided_by text,
      decided_at timestamptz,
      reason text,
      unique (subject_a, subject_b)
    );
    create table duty_shifts (
      id text primary key,
      agency text not null references agencies(code),
      user_id text not null references users(id),
      starts_at timestamptz not null,
      ends_at timestamptz not null
    );
    create index duty_shifts_time on duty_shifts (agency, ends_at);
    create table shift_log (
      id text primary key,
      agency text not null references agencies(code),
      author text not null,
      at timestamptz not null,
      kind text not null,
      text text not null,
      acked_by text,
      acked_at timestamptz
    );
    create index shift_log_agency on shift_log (agency, at);
    create table live_events (
      id bigserial primary key,
      at timestamptz not null,
      kind text not null,
      item_id text,
      agencies text[] not null,
      roles text[],
      classification_rank smallint not null default 0,
      payload jsonb not null
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table live_events; drop table shift_log; drop table duty_shifts; drop table cross_checks;
    drop table disclosures; drop table attachments; drop table message_recipients;
  `.execute(db);
}
