import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, LiveEventTable, MessageRecipientTable } from '../schema.js';
import { lockChain } from './audit-repository.js';

export type RecipientStatus = 'delivered' | 'read' | 'acknowledged' | 'answered' | 'closed' | 'recalled';

export interface Recipient {
  messageId: string;
  agency: string;
  status: RecipientStatus;
  deliveredAt: Date;
  readAt: Date | null;
  readBy: string | null;
  ackedAt: Date | null;
  ackedBy: string | null;
  answeredAt: Date | null;
  answerId: string | null;
  closedAt: Date | null;
  ackDueAt: Date;
  answerDueAt: Date | null;
  escalationLevel: number;
  warned: boolean;
}

export interface LiveEvent {
  id: number;
  at: Date;
  kind: string;
  itemId: string | null;
  agencies: string[];
  roles: string[] | null;
  classificationRank: number;
  payload: Record<string, unknown>;
}

function toRecipient(r: Selectable<MessageRecipientTable>): Recipient {
  return {
    messageId: r.message_id,
    agency: r.agency,
    status: r.status as RecipientStatus,
    deliveredAt: r.delivered_at,
    readAt: r.read_at,
    readBy: r.read_by,
    ackedAt: r.acked_at,
    ackedBy: r.acked_by,
    answeredAt: r.answered_at,
    answerId: r.answer_id,
    closedAt: r.closed_at,
    ackDueAt: r.ack_due_at,
    answerDueAt: r.answer_due_at,
    escalationLevel: r.escalation_level,
    warned: r.warned,
  };
}

function toEvent(r: Selectable<LiveEventTable>): LiveEvent {
  return {
    id: Number(r.id),
    at: r.at,
    kind: r.kind,
    itemId: r.item_id,
    agencies: r.agencies,
    roles: r.roles,
    classificationRank: r.classification_rank,
    payload: r.payload as unknown as Record<string, unknown>,
  };
}

export class ExchangeRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly state: { chainLocked: boolean } = { chainLocked: false },
  ) {}

  // ------------------------------------------------------------ recipients

  async insertRecipients(rows: Omit<Recipient, 'readAt' | 'readBy' | 'ackedAt' | 'ackedBy' | 'answeredAt' | 'answerId' | 'closedAt' | 'escalationLevel' | 'warned'>[]): Promise<void> {
    if (!rows.length) return;
    await this.db
      .insertInto('message_recipients')
      .values(
        rows.map((r) => ({
          message_id: r.messageId,
          agency: r.agency,
          status: r.status,
          delivered_at: r.deliveredAt,
          ack_due_at: r.ackDueAt,
          answer_due_at: r.answerDueAt,
        })),
      )
      .execute();
  }

  async recipients(messageId: string): Promise<Recipient[]> {
    const rows = await this.db.selectFrom('message_recipients').selectAll().where('message_id', '=', messageId).orderBy('agency').execute();
    return rows.map(toRecipient);
  }

  async recipient(messageId: string, agency: string): Promise<Recipient | undefined> {
    const r = await this.db.selectFrom('message_recipients').selectAll().where('message_id', '=', messageId).where('agency', '=', agency).forUpdate().executeTakeFirst();
    return r && toRecipient(r);
  }

  async updateRecipient(messageId: string, agency: string, patch: Partial<Recipient>): Promise<void> {
    const map: Record<string, string> = {
      status: 'status',
      readAt: 'read_at',
      readBy: 'read_by',
      ackedAt: 'acked_at',
      ackedBy: 'acked_by',
      answeredAt: 'answered_at',
      answerId: 'answer_id',
      closedAt: 'closed_at',
      escalationLevel: 'escalation_level',
      warned: 'warned',
    };
    const set: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(patch)) if (v !== undefined && map[k]) set[map[k]!] = v;
    if (Object.keys(set).length) await this.db.updateTable('message_recipients').set(set).where('message_id', '=', messageId).where('agency', '=', agency).execute();
  }

  /** Messages an agency sent or received, newest first. */
  async messageIdsOf(agency: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('items')
      .select('id')
      .where('kind', '=', 'message')
      .where((eb) => eb.or([eb('originator', '=', agency), eb('id', 'in', eb.selectFrom('message_recipients').select('message_id').where('agency', '=', agency))]))
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /** Open recipients whose acknowledgement or answer deadline falls before `warnBefore`, for the escalation tick. */
  async dueRecipients(warnBefore: Date): Promise<Recipient[]> {
    const rows = await this.db
      .selectFrom('message_recipients')
      .selectAll()
      .where('closed_at', 'is', null)
      .where('status', '!=', 'recalled')
      .where((eb) =>
        eb.or([
          eb.and([eb('acked_at', 'is', null), eb('ack_due_at', '<=', warnBefore)]),
          eb.and([eb('answered_at', 'is', null), eb('answer_due_at', 'is not', null), eb('answer_due_at', '<=', warnBefore)]),
        ]),
      )
      .orderBy('ack_due_at')
      .limit(1000)
      .execute();
    return rows.map(toRecipient);
  }

  async openForAgency(agency: string): Promise<Recipient[]> {
    const rows = await this.db
      .selectFrom('message_recipients')
      .selectAll()
      .where((eb) => eb.or([eb('agency', '=', agency), eb('message_id', 'in', eb.selectFrom('items').select('id').where('originator', '=', agency).where('kind', '=', 'message'))]))
      .where('closed_at', 'is', null)
      .where('status', 'not in', ['recalled', 'closed'])
      .orderBy('ack_due_at')
      .limit(500)
      .execute();
    return rows.map(toRecipient);
  }

  // ------------------------------------------------------------ attachments

  async insertAttachment(a: { id: string; messageId: string; filename: string; contentType: string; size: number; sha256: string; data: Buffer; createdAt: Date }): Promise<void> {
    await this.db
      .insertInto('attachments')
      .values({ id: a.id, message_id: a.messageId, filename: a.filename, content_type: a.contentType, size: a.size, sha256: a.sha256, data: a.data, created_at: a.createdAt })
      .execute();
  }

  async attachments(messageId: string): Promise<{ id: string; filename: string; contentType: string; size: number; sha256: string }[]> {
    const rows = await this.db.selectFrom('attachments').select(['id', 'filename', 'content_type', 'size', 'sha256']).where('message_id', '=', messageId).orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, filename: r.filename, contentType: r.content_type, size: r.size, sha256: r.sha256 }));
  }

  async attachment(id: string): Promise<{ id: string; messageId: string; filename: string; contentType: string; sha256: string; data: Buffer } | undefined> {
    const r = await this.db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
    return r && { id: r.id, messageId: r.message_id, filename: r.filename, contentType: r.content_type, sha256: r.sha256, data: Buffer.from(r.data) };
  }

  // ------------------------------------------------------------ disclosures

  async disclose(itemId: string, agencies: string[], via: string, ref: string | null, at: Date): Promise<void> {
    if (!agencies.length) return;
    await this.db.insertInto('disclosures').values(agencies.map((agency) => ({ item_id: itemId, agency, via, ref, at }))).execute();
  }

  /** Every agency an item was ever disclosed to. */
  async disclosedTo(itemId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('disclosures').select('agency').distinct().where('item_id', '=', itemId).execute();
    return rows.map((r) => r.agency).sort();
  }

  // ------------------------------------------------------------ cross-checks

  async insertCrossCheck(c: { id: string; subjectA: string; agencyA: string; subjectB: string; agencyB: string; score: number; createdAt: Date }): Promise<boolean> {
    const r = await this.db
      .insertInto('cross_checks')
      .values({ id: c.id, subject_a: c.subjectA, agency_a: c.agencyA, subject_b: c.subjectB, agency_b: c.agencyB, score: c.score, created_at: c.createdAt })
      .onConflict((oc) => oc.columns(['subject_a', 'subject_b']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async crossChecksOf(agency: string, decision?: string) {
    let q = this.db.selectFrom('cross_checks').selectAll().where((eb) => eb.or([eb('agency_a', '=', agency), eb('agency_b', '=', agency)])).orderBy('created_at', 'desc').limit(200);
    if (decision) q = q.where('decision', '=', decision);
    return (await q.execute()).map((r) => ({
      id: r.id,
      subjectA: r.subject_a,
      agencyA: r.agency_a,
      subjectB: r.subject_b,
      agencyB: r.agency_b,
      score: Number(r.score),
      createdAt: r.created_at,
      decision: r.decision,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at,
      reason: r.reason,
    }));
  }

  async crossCheck(id: string) {
    const r = await this.db.selectFrom('cross_checks').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    return r && { id: r.id, subjectA: r.subject_a, agencyA: r.agency_a, subjectB: r.subject_b, agencyB: r.agency_b, score: Number(r.score), decision: r.decision };
  }

  async decideCrossCheck(id: string, decision: string, by: string, reason: string, at: Date): Promise<boolean> {
    const r = await this.db.updateTable('cross_checks').set({ decision, decided_by: by, decided_at: at, reason }).where('id', '=', id).where('decision', '=', 'pending').executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  // ------------------------------------------------------------ duty

  async insertShift(s: { id: string; agency: string; userId: string; startsAt: Date; endsAt: Date }): Promise<void> {
    await this.db.insertInto('duty_shifts').values({ id: s.id, agency: s.agency, user_id: s.userId, starts_at: s.startsAt, ends_at: s.endsAt }).execute();
  }

  async onDuty(at: Date): Promise<{ agency: string; userId: string; displayName: string; startsAt: Date; endsAt: Date }[]> {
    const rows = await this.db
      .selectFrom('duty_shifts')
      .innerJoin('users', 'users.id', 'duty_shifts.user_id')
      .select(['duty_shifts.agency', 'duty_shifts.user_id', 'users.display_name', 'duty_shifts.starts_at', 'duty_shifts.ends_at'])
      .where('starts_at', '<=', at)
      .where('ends_at', '>', at)
      .orderBy('duty_shifts.agency')
      .execute();
    return rows.map((r) => ({ agency: r.agency, userId: r.user_id, displayName: r.display_name, startsAt: r.starts_at, endsAt: r.ends_at }));
  }

  async insertLog(e: { id: string; agency: string; author: string; at: Date; kind: string; text: string }): Promise<void> {
    await this.db.insertInto('shift_log').values({ ...e, acked_by: null, acked_at: null }).execute();
  }

  async log(agency: string, limit: number) {
    const rows = await this.db.selectFrom('shift_log').selectAll().where('agency', '=', agency).orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({ id: r.id, agency: r.agency, author: r.author, at: r.at, kind: r.kind, text: r.text, ackedBy: r.acked_by, ackedAt: r.acked_at }));
  }

  async ackHandover(id: string, agency: string, by: string, at: Date): Promise<'ok' | 'missing' | 'already' | 'own'> {
    const r = await this.db.selectFrom('shift_log').selectAll().where('id', '=', id).where('agency', '=', agency).where('kind', '=', 'handover').executeTakeFirst();
    if (!r) return 'missing';
    if (r.acked_at) return 'already';
    if (r.author === by) return 'own';
    await this.db.updateTable('shift_log').set({ acked_by: by, acked_at: at }).where('id', '=', id).execute();
    return 'ok';
  }

  // ------------------------------------------------------------ live events

  /** Inserted under the audit chain's lock, so that event ids follow commit order (a reader never skips one). */
  async lockChain(): Promise<void> {
    await lockChain(this.db, this.state);
  }

  async insertEvent(e: Omit<LiveEvent, 'id'>): Promise<number> {
    await lockChain(this.db, this.state);
    // Inserted and announced in one statement; the announcement is delivered at commit.
    const r = await sql<{ id: number }>`
      with e as (
        insert into live_events (at, kind, item_id, agencies, roles, classification_rank, payload)
        values (${e.at}, ${e.kind}, ${e.itemId}, ${e.agencies}::text[], ${e.roles}::text[], ${e.classificationRank}, ${JSON.stringify(e.payload)}::jsonb)
        returning id
      )
      select id, pg_notify('atalaya_events', id::text) from e`.execute(this.db);
    return Number(r.rows[0]!.id);
  }

  async eventsAfter(id: number, limit: number): Promise<LiveEvent[]> {
    const rows = await this.db.selectFrom('live_events').selectAll().where('id', '>', id).orderBy('id').limit(limit).execute();
    return rows.map(toEvent);
  }

  async lastEventId(): Promise<number> {
    const r = await this.db.selectFrom('live_events').select(sql<number>`coalesce(max(id), 0)`.as('m')).executeTakeFirstOrThrow();
    return Number(r.m);
  }
}
