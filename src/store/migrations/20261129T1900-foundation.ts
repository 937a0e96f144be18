import { sql, type Kysely } from 'kysely';

// Identities, sessions, tokens, the hash-chained audit trail (append-only, enforced by triggers),
// and operational items with their envelope and version history.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table countries (
      code text primary key check (code ~ '^[A-Z]{2}$'),
      name text not null,
      time_zone text not null
    );
    create table agencies (
      code text primary key check (code ~ '^[A-Z]{2}-[A-Z0-9]{2,16}$'),
      country text not null references countries(code),
      name text not null,
      kind text not null,
      created_at timestamptz not null default now()
    );
    create table users (
      id text primary key,
      email text not null unique,
      display_name text not null,
      agency text not null references agencies(code),
      roles text[] not null,
      clearance text not null,
      password_hash text not null,
      totp_secret text,
      totp_enrolled_at timestamptz,
      totp_last_step bigint,
      failed_logins integer not null default 0,
      locked_until timestamptz,
      disabled_at timestamptz,
      locale text not null default 'en',
      time_zone text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index users_agency on users (agency);
    create table sessions (
      id_hash text primary key,
      user_id text not null references users(id),
      csrf_hash text not null,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      idle_expires_at timestamptz not null,
      absolute_expires_at timestamptz not null,
      revoked_at timestamptz,
      ip text,
      user_agent text
    );
    create index sessions_user on sessions (user_id);
    create table mfa_enrolments (
      ticket_hash text primary key,
      user_id text not null references users(id),
      secret text not null,
      expires_at timestamptz not null
    );
    create table api_tokens (
      id text primary key,
      token_hash text not null unique,
      user_id text not null references users(id),
      agency text not null references agencies(code),
      roles text[] not null,
      name text not null,
      created_at timestamptz not null,
      created_by text not null,
      expires_at timestamptz,
      revoked_at timestamptz,
      last_used_at timestamptz
    );
    create table audit_log (
      seq bigint primary key,
      at timestamptz not null,
      actor_user_id text,
      actor_agency text,
      action text not null,
      outcome text not null,
      items jsonb not null,
      justification text,
      recipients jsonb not null,
      details jsonb not null,
      flagged boolean not null,
      ip text,
      prev_hash text not null,
      hash text not null unique
    );
    create index audit_log_at on audit_log (at);
    create index audit_log_actor on audit_log (actor_user_id, seq);
    create index audit_log_action on audit_log (action, seq);
    create index audit_log_items on audit_log using gin (items jsonb_path_ops);
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end $$;
    create trigger audit_log_no_update before update or delete on audit_log
      for each row execute function audit_log_append_only();
    create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_append_only();
    create table audit_heads (
      seq bigint primary key,
      hash text not null,
      signature text not null,
      key_id text not null,
      signed_at timestamptz not null
    );
    create table items (
      id text primary key,
      kind text not null,
      originator text not null references agencies(code),
      release_countries text[] not null,
      release_agencies text[] not null,
      classification text not null,
      classification_rank smallint not null,
      handling text not null check (handling in ('H0','H1','H2','H3')),
      handling_text text,
      tlp text not null,
      grading text check (grading ~ '^[ABCX][1-4]$'),
      subject_category text,
      legal_basis text not null,
      purpose text not null,
      review_by date not null,
      status text not null check (status in ('active','archived','erased')),
      version integer not null,
      title text not null,
      search_text text not null,
      body jsonb not null,
      created_at timestamptz not null,
      created_by text not null,
      updated_at timestamptz not null,
      updated_by text not null
    );
    create index items_kind on items (kind, id);
    create index items_originator on items (originator, id);
    create index items_release_countries on items using gin (release_countries);
    create index items_release_agencies on items using gin (release_agencies);
    create index items_review_by on items (review_by) where status = 'active';
    create table item_versions (
      item_id text not null references items(id),
      version integer not null,
      snapshot jsonb not null,
      diff jsonb not null,
      reason text not null,
      changed_at timestamptz not null,
      changed_by text not null,
      primary key (item_id, version)
    );
    create table notifications (
      id bigserial primary key,
      at timestamptz not null,
      agency text not null references agencies(code),
      roles text[],
      kind text not null,
      item_id text,
      payload jsonb not null
    );
    create index notifications_agency on notifications (agency, id);
    create table node_meta (
      key text primary key,
      value text not null
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table node_meta; drop table notifications; drop table item_versions; drop table items;
    drop table audit_heads; drop table audit_log; drop function audit_log_append_only;
    drop table api_tokens; drop table mfa_enrolments; drop table sessions; drop table users;
    drop table agencies; drop table countries;
  `.execute(db);
}
