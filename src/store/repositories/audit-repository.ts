import { sql, type Kysely, type Selectable } from 'kysely';
import { entryHash, GENESIS_HASH, type AuditEntry, type ChainedAuditEntry } from '../../audit/chain.js';
import type { AuditLogTable, Database } from '../schema.js';

export type AuditDraft = Omit<AuditEntry, 'seq' | 'prevHash'>;

export interface AuditQuery {
  actorUserId?: string;
  actorAgency?: string;
  action?: string;
  item?: string;
  outcome?: string;
  flagged?: boolean;
  from?: Date;
  to?: Date;
  /** Entries before this sequence number (newest first paging). */
  beforeSeq?: number;
  limit: number;
}

// One lock id for the whole chain: appends are serialised across processes sharing one PostgreSQL.
const AUDIT_CHAIN_LOCK = 0x41544c41;

function toEntry(r: Selectable<AuditLogTable>): ChainedAuditEntry {
  return {
    seq: Number(r.seq),
    at: r.at.toISOString(),
    actorUserId: r.actor_user_id,
    actorAgency: r.actor_agency,
    action: r.action,
    outcome: r.outcome as AuditEntry['outcome'],
    items: r.items as unknown as string[],
    justification: r.justification,
    recipients: r.recipients as unknown as string[],
    details: r.details as unknown as Record<string, unknown>,
    flagged: r.flagged,
    ip: r.ip,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Takes the audit chain's lock once per transaction (the state is shared by its repositories). */
export async function lockChain(db: Kysely<Database>, state: { chainLocked: boolean }): Promise<void> {
  if (state.chainLocked) return;
  await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(db);
  state.chainLocked = true;
}

export class AuditRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly state: { chainLocked: boolean } = { chainLocked: false },
  ) {}

  /** Appends one entry to the chain. Must run inside the transaction of the change it records. */
  async append(draft: AuditDraft): Promise<ChainedAuditEntry> {
    await lockChain(this.db, this.state);
    const head = await this.db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    // Millisecond precision: what the database keeps is exactly what was hashed.
    const at = new Date(draft.at).toISOString();
    const entry: AuditEntry = {
      ...draft,
      at,
      details: JSON.parse(JSON.stringify(draft.details ?? {})),
      seq: head ? Number(head.seq) + 1 : 1,
      prevHash: head?.hash ?? GENESIS_HASH,
    };
    const hash = entryHash(entry);
    await this.db
      .insertInto('audit_log')
      .values({
        seq: entry.seq,
        at: entry.at,
        actor_user_id: entry.actorUserId,
        actor_agency: entry.actorAgency,
        action: entry.action,
        outcome: entry.outcome,
        items: JSON.stringify(entry.items),
        justification: entry.justification,
        recipients: JSON.stringify(entry.recipients),
        details: JSON.stringify(entry.details),
        flagged: entry.flagged,
        ip: entry.ip,
        prev_hash: entry.prevHash,
        hash,
      })
      .execute();
    return { ...entry, hash };
  }

  async head(): Promise<{ seq: number; hash: string } | undefined> {
    const r = await this.db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return r && { seq: Number(r.seq), hash: r.hash };
  }

  /** Entries in chain order, from `afterSeq`, for verification and export. */
  async page(afterSeq: number, limit: number): Promise<ChainedAuditEntry[]> {
    const rows = await this.db.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
    return rows.map(toEntry);
  }

  async query(q: AuditQuery): Promise<ChainedAuditEntry[]> {
    let s = this.db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(q.limit);
    if (q.actorUserId) s = s.where('actor_user_id', '=', q.actorUserId);
    if (q.actorAgency) s = s.where('actor_agency', '=', q.actorAgency);
    if (q.action) s = q.action.endsWith('.') || q.action.endsWith('*')
      ? s.where('action', 'like', `${q.action.replace(/\*$/, '')}%`)
      : s.where('action', '=', q.action);
    if (q.outcome) s = s.where('outcome', '=', q.outcome);
    if (q.flagged !== undefined) s = s.where('flagged', '=', q.flagged);
    if (q.item) s = s.where(sql<boolean>`items @> ${JSON.stringify([q.item])}::jsonb`);
    if (q.from) s = s.where('at', '>=', q.from);
    if (q.to) s = s.where('at', '<', q.to);
    if (q.beforeSeq !== undefined) s = s.where('seq', '<', q.beforeSeq);
    return (await s.execute()).map(toEntry);
  }

  async saveHead(h: { seq: number; hash: string; signature: string; keyId: string; signedAt: Date }): Promise<void> {
    await this.db
      .insertInto('audit_heads')
      .values({ seq: h.seq, hash: h.hash, signature: h.signature, key_id: h.keyId, signed_at: h.signedAt })
      .onConflict((oc) => oc.column('seq').doNothing())
      .execute();
  }

  async latestSignedHead(): Promise<{ seq: number; hash: string; signature: string; keyId: string; signedAt: Date } | undefined> {
    const r = await this.db.selectFrom('audit_heads').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return r && { seq: Number(r.seq), hash: r.hash, signature: r.signature, keyId: r.key_id, signedAt: r.signed_at };
  }
}
