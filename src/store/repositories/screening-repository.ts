import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

export type JobStatus = 'receiving' | 'queued' | 'running' | 'done' | 'failed';

export interface ScreeningJob {
  listId: string;
  screenedBy: string;
  status: JobStatus;
  rowsTotal: number;
  rowsDone: number;
  rowsRejected: number;
  hits: number;
  rejected: { line: number; reason: string }[];
  startedAt: Date | null;
  finishedAt: Date | null;
  updatedAt: Date;
}

export interface ScreeningHit {
  id: string;
  listId: string;
  rowNo: number;
  subjectId: string;
  score: number;
  band: string;
  explanation: Record<string, unknown>;
  decision: 'pending' | 'confirmed' | 'dismissed' | 'escalated';
  decidedBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
  createdAt: Date;
}

export class ScreeningRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insertJob(listId: string, screenedBy: string, now: Date): Promise<void> {
    await this.db.insertInto('screening_jobs').values({ list_id: listId, screened_by: screenedBy, status: 'receiving', rejected: '[]', updated_at: now }).execute();
  }

  async job(listId: string): Promise<ScreeningJob | undefined> {
    const r = await this.db.selectFrom('screening_jobs').selectAll().where('list_id', '=', listId).executeTakeFirst();
    return (
      r && {
        listId: r.list_id,
        screenedBy: r.screened_by,
        status: r.status as JobStatus,
        rowsTotal: r.rows_total,
        rowsDone: r.rows_done,
        rowsRejected: r.rows_rejected,
        hits: r.hits,
        rejected: r.rejected as unknown as ScreeningJob['rejected'],
        startedAt: r.started_at,
        finishedAt: r.finished_at,
        updatedAt: r.updated_at,
      }
    );
  }

  async jobsWithStatus(statuses: JobStatus[]): Promise<string[]> {
    const rows = await this.db.selectFrom('screening_jobs').select('list_id').where('status', 'in', statuses).orderBy('list_id').execute();
    return rows.map((r) => r.list_id);
  }

  async updateJob(listId: string, patch: Partial<Omit<ScreeningJob, 'listId' | 'screenedBy'>>, now: Date): Promise<void> {
    const set: Record<string, unknown> = { updated_at: now };
    if (patch.status) set.status = patch.status;
    if (patch.rowsTotal !== undefined) set.rows_total = patch.rowsTotal;
    if (patch.rowsDone !== undefined) set.rows_done = patch.rowsDone;
    if (patch.rowsRejected !== undefined) set.rows_rejected = patch.rowsRejected;
    if (patch.hits !== undefined) set.hits = patch.hits;
    if (patch.rejected) set.rejected = JSON.stringify(patch.rejected);
    if (patch.startedAt !== undefined) set.started_at = patch.startedAt;
    if (patch.finishedAt !== undefined) set.finished_at = patch.finishedAt;
    await this.db.updateTable('screening_jobs').set(set).where('list_id', '=', listId).execute();
  }

  async insertRows(listId: string, rows: { rowNo: number; line: number; query: Record<string, unknown> }[]): Promise<void> {
    if (!rows.length) return;
    await this.db
      .insertInto('screening_rows')
      .values(rows.map((r) => ({ list_id: listId, row_no: r.rowNo, line: r.line, query: JSON.stringify(r.query) })))
      .execute();
  }

  async rows(listId: string, fromRow: number, limit: number): Promise<{ rowNo: number; line: number; query: Record<string, unknown> }[]> {
    const rows = await this.db
      .selectFrom('screening_rows')
      .selectAll()
      .where('list_id', '=', listId)
      .where('row_no', '>=', fromRow)
      .orderBy('row_no')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ rowNo: r.row_no, line: r.line, query: r.query as unknown as Record<string, unknown> }));
  }

  async row(listId: string, rowNo: number): Promise<{ line: number; query: Record<string, unknown> } | undefined> {
    const r = await this.db.selectFrom('screening_rows').selectAll().where('list_id', '=', listId).where('row_no', '=', rowNo).executeTakeFirst();
    return r && { line: r.line, query: r.query as unknown as Record<string, unknown> };
  }

  async insertHits(hits: Omit<ScreeningHit, 'decision' | 'decidedBy' | 'decidedAt' | 'reason'>[]): Promise<void> {
    if (!hits.length) return;
    await this.db
      .insertInto('screening_hits')
      .values(
        hits.map((h) => ({
          id: h.id,
          list_id: h.listId,
          row_no: h.rowNo,
          subject_id: h.subjectId,
          score: h.score,
          band: h.band,
          explanation: JSON.stringify(h.explanation),
          created_at: h.createdAt,
        })),
      )
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  private toHit(r: any): ScreeningHit {
    return {
      id: r.id,
      listId: r.list_id,
      rowNo: r.row_no,
      subjectId: r.subject_id,
      score: Number(r.score),
      band: r.band,
      explanation: r.explanation,
      decision: r.decision,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at,
      reason: r.reason,
      createdAt: r.created_at,
    };
  }

  async hits(listIds: string[], filter: { decision?: string; limit: number; offset?: number }): Promise<ScreeningHit[]> {
    if (!listIds.length) return [];
    let q = this.db.selectFrom('screening_hits').selectAll().where('list_id', 'in', listIds).orderBy('score', 'desc').orderBy('id').limit(filter.limit);
    if (filter.decision) q = q.where('decision', '=', filter.decision);
    if (filter.offset) q = q.offset(filter.offset);
    return (await q.execute()).map((r) => this.toHit(r));
  }

  async hit(id: string): Promise<ScreeningHit | undefined> {
    const r = await this.db.selectFrom('screening_hits').selectAll().where('id', '=', id).executeTakeFirst();
    return r && this.toHit(r);
  }

  async decide(id: string, decision: ScreeningHit['decision'], by: string, reason: string, now: Date): Promise<boolean> {
    const r = await this.db
      .updateTable('screening_hits')
      .set({ decision, decided_by: by, decided_at: now, reason })
      .where('id', '=', id)
      .where('decision', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async countHits(listIds: string[], decision: string): Promise<number> {
    if (!listIds.length) return 0;
    const r = await this.db
      .selectFrom('screening_hits')
      .select(sql<number>`count(*)`.as('n'))
      .where('list_id', 'in', listIds)
      .where('decision', '=', decision)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
