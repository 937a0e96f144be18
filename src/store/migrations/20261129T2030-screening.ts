import { sql, type Kysely } from 'kysely';

// Screening: the rows of an uploaded list (an item of kind screening-list, under its envelope), the job's
// progress, and candidate hits with the human decision on each.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table screening_jobs (
      list_id text primary key references items(id),
      screened_by text not null,
      status text not null,
      rows_total integer not null default 0,
      rows_done integer not null default 0,
      rows_rejected integer not null default 0,
      hits integer not null default 0,
      rejected jsonb not null default '[]',
      started_at timestamptz,
      finished_at timestamptz,
      updated_at timestamptz not null
    );
    create table screening_rows (
      list_id text not null references items(id),
      row_no integer not null,
      line integer not null,
      query jsonb not null,
      primary key (list_id, row_no)
    );
    create table screening_hits (
      id text primary key,
      list_id text not null references items(id),
      row_no integer not null,
      subject_id text not null,
      score real not null,
      band text not null,
      explanation jsonb not null,
      decision text not null default 'pending',
      decided_by text,
      decided_at timestamptz,
      reason text,
      created_at timestamptz not null
    );
    create index screening_hits_list on screening_hits (list_id, decision, score desc);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table screening_hits; drop table screening_rows; drop table screening_jobs;`.execute(db);
}
