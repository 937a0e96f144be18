import { sql, type Kysely } from 'kysely';

// Annotations: statements (fact or assessment) that an agency adds to an item it may see but does not own —
// kept beside the item so that the owner's item stays under originator control.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table annotations (
      id text primary key,
      item_id text not null references items(id),
      agency text not null references agencies(code),
      author text not null,
      statement text not null check (statement in ('fact','assessment')),
      text text not null,
      at timestamptz not null
    );
    create index annotations_item on annotations (item_id, at);
    create index items_body_subject on items ((body->>'subjectId')) where kind = 'alert';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index items_body_subject; drop table annotations;`.execute(db);
}
