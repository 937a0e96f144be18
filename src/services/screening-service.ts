// Screening: a list (passenger manifest, hotel register, accreditations) is streamed in, each row matched against
// what the screening agency may see, candidate hits explained and queued for a named person to confirm, dismiss or
// escalate. The system never decides about a person by itself.
import { EventEmitter } from 'node:events';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { z } from 'zod';
import type { Config } from '../config.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.js';
import { uuidv7 } from '../domain/ids.js';
import type { Actor } from '../domain/identity.js';
import type { ItemKind } from '../domain/kinds.js';
import { decide, hasJustification } from '../domain/policy.js';
import type { AlertBody } from '../domain/records.js';
import type { MatchQuery } from '../matching/engine.js';
import type { ScreeningHit, ScreeningJob } from '../store/repositories/screening-repository.js';
import type { Store } from '../store/store.js';
import type { AuditService, RequestMeta } from './audit-service.js';
import { actorOf } from './auth-service.js';
import type { Clock } from './clock.js';
import type { ItemService } from './item-service.js';
import type { WatchlistService } from './watchlist-service.js';
import type { LiveEvents } from './live-events.js';

const column = z.string().trim().min(1).max(200);
export const mappingSchema = z.strictObject({
  name: z.union([column, z.array(column).min(1).max(5)]),
  dob: column.optional(),
  nationality: column.optional(),
  document: column.optional(),
  gender: column.optional(),
});
export type ColumnMapping = z.infer<typeof mappingSchema>;

export const SCREENING_CONTEXTS = ['passenger-manifest', 'hotel-register', 'event-accreditation', 'other'] as const;

export const screeningListBody = z.strictObject({
  name: z.string().trim().min(1).max(300),
  context: z.enum(SCREENING_CONTEXTS),
  format: z.enum(['csv', 'jsonl']),
  mapping: mappingSchema,
});
export type ScreeningListBody = z.infer<typeof screeningListBody>;

export const screeningListKind: ItemKind<ScreeningListBody> = {
  kind: 'screening-list',
  plural: 'screening-lists',
  body: screeningListBody as unknown as z.ZodType<ScreeningListBody>,
  personalData: 'always',
  gradingRequired: false,
  title: (b) => b.name,
  searchText: (b) => b.name.toLowerCase(),
};

export interface ScreeningProgress extends ScreeningJob {
  percent: number;
  rowsPerSecond: number;
  etaSeconds: number | null;
}

const MAX_ROWS = 2_000_000;
const MAX_REJECTED_KEPT = 1000;
const BATCH = 500;

function progressOf(job: ScreeningJob, now: Date): ScreeningProgress {
  const elapsed = job.startedAt ? ((job.finishedAt ?? now).getTime() - job.startedAt.getTime()) / 1000 : 0;
  const rate = elapsed > 0 ? job.rowsDone / elapsed : 0;
  const left = job.rowsTotal - job.rowsDone;
  return {
    ...job,
    percent: job.rowsTotal ? Math.round((1000 * job.rowsDone) / job.rowsTotal) / 10 : job.status === 'done' ? 100 : 0,
    rowsPerSecond: Math.round(rate),
    etaSeconds: job.status === 'done' ? 0 : rate > 0 ? Math.round(left / rate) : null,
  };
}

function pick(record: Record<string, unknown>, key: string): string {
  const v = record[key];
  return v === undefined || v === null ? '' : String(v).trim();
}

/** One row as a matching query, or why it cannot be screened. */
export function rowQuery(record: Record<string, unknown>, mapping: ColumnMapping): MatchQuery | string {
  const name = (Array.isArray(mapping.name) ? mapping.name : [mapping.name]).map((c) => pick(record, c)).filter(Boolean).join(' ');
  if (!name) return `no name in column${Array.isArray(mapping.name) ? 's' : ''} ${JSON.stringify(mapping.name)}`;
  if (name.length > 500) return 'name longer than 500 characters';
  const q: MatchQuery = { name };
  if (mapping.dob && pick(record, mapping.dob)) q.dob = pick(record, mapping.dob);
  if (mapping.nationality && pick(record, mapping.nationality)) q.nationality = pick(record, mapping.nationality);
  if (mapping.document && pick(record, mapping.document)) q.documents = [pick(record, mapping.document)];
  if (mapping.gender && pick(record, mapping.gender)) q.gender = pick(record, mapping.gender);
  return q;
}

export class ScreeningService {
  /** 'progress' (listId, ScreeningProgress), 'done' (listId). */
  readonly progress = new EventEmitter();
  readonly #running = new Map<string, Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly items: ItemService,
    private readonly watchlist: WatchlistService,
    private readonly config: Config,
    private readonly live?: LiveEvents,
  ) {
    this.progress.setMaxListeners(1000);
  }

  /**
   * Streams a list in (never the whole file in memory), records its rows, reports malformed ones by line, and
   * queues it for screening. Returns when the upload is read; screening goes on in the background (`whenDone`).
   */
  async upload(
    actor: Actor,
    input: { name: string; context: ScreeningListBody['context']; format: 'csv' | 'jsonl'; mapping: ColumnMapping; purpose?: string | undefined },
    source: Readable,
    meta: RequestMeta,
  ): Promise<ScreeningProgress> {
    if (!hasJustification(meta)) {
      source.resume();
      throw new ForbiddenError('Screening consults personal data: say why (a justification)', 'justification_required', { needs: ['justification'] });
    }
    const now = this.clock.now();
    const list = await this.items.create(
      actor,
      screeningListKind,
      {
        envelope: {
          releaseTo: { countries: [], agencies: [] },
          classification: 'restricted',
          handling: { code: 'H2' },
          tlp: 'amber+strict',
          subjectCategory: 'other',
          legalBasis: 'Joint cell agreement: screening of lists during the threat period',
          purpose: input.purpose ?? `Screening of ${input.context}`,
          reviewBy: new Date(now.getTime() + (this.config.reviewDays['screening-list'] ?? 90) * 86_400_000).toISOString().slice(0, 10),
        },
        body: { name: input.name, context: input.context, format: input.format, mapping: input.mapping },
      },
      meta,
    );
    await this.store.screening.insertJob(list.id, actor.userId, now);
    const rejected: { line: number; reason: string }[] = [];
    let rowsRejected = 0;
    let rowNo = 0;
    let batch: { rowNo: number; line: number; query: Record<string, unknown> }[] = [];
    const flush = async () => {
      const rows = batch;
      batch = [];
      await this.store.screening.insertRows(list.id, rows);
    };
    const accept = async (record: Record<string, unknown>, line: number) => {
      const q = rowQuery(record, input.mapping);
      if (typeof q === 'string') return reject(line, q);
      if (rowNo >= MAX_ROWS) return reject(line, `more than ${MAX_ROWS} rows: not screened`);
      batch.push({ rowNo: rowNo++, line, query: q as unknown as Record<string, unknown> });
      if (batch.length >= BATCH) await flush();
    };
    const reject = (line: number, reason: string) => {
      rowsRejected++;
      if (rejected.length < MAX_REJECTED_KEPT) rejected.push({ line, reason });
    };
    try {
      if (input.format === 'csv') {
        const parser = source.pipe(
          parseCsv({ columns: true, bom: true, trim: true, skip_empty_lines: true, skip_records_with_error: true, info: true, max_record_size: 64 * 1024 }),
        );
        parser.on('skip', (e: { lines?: number; message: string }) => reject(e.lines ?? 0, e.message));
        let headerChecked = false;
        for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, unknown>; info: { lines: number } }>) {
          if (!headerChecked) {
            headerChecked = true;
            const wanted = [...(Array.isArray(input.mapping.name) ? input.mapping.name : [input.mapping.name]), input.mapping.dob, input.mapping.nationality, input.mapping.document, input.mapping.gender].filter(Boolean) as string[];
            const missing = wanted.filter((c) => !(c in record));
            if (missing.length) throw new ValidationError(`The list has no column ${missing.map((m) => JSON.stringify(m)).join(', ')} (columns: ${Object.keys(record).join(', ')})`, { missing }, 'unknown_column');
          }
          await accept(record, info.lines);
        }
      } else {
        const rl = readline.createInterface({ input: source, crlfDelay: Infinity });
        let line = 0;
        for await (const text of rl) {
          line++;
          if (!text.trim()) continue;
          let record: unknown;
          try {
            record = JSON.parse(text);
          } catch {
            reject(line, 'not valid JSON');
            continue;
          }
          if (!record || typeof record !== 'object' || Array.isArray(record)) reject(line, 'not a JSON object');
          else await accept(record as Record<string, unknown>, line);
        }
      }
      await flush();
    } catch (e) {
      await this.store.screening.updateJob(list.id, { status: 'failed', rejected, rowsRejected, finishedAt: this.clock.now() }, this.clock.now());
      await this.store.transaction((tx) => this.audit.append(tx, actor, meta, 'screening.upload', 'failed', { items: [list.id], details: { error: (e as Error).message.slice(0, 300) } }));
      throw e instanceof ValidationError ? e : new ValidationError(`The list could not be read: ${(e as Error).message}`, undefined, 'unreadable_list');
    }
    await this.store.transaction(async (tx) => {
      await tx.screening.updateJob(list.id, { status: 'queued', rowsTotal: rowNo, rowsRejected, rejected }, this.clock.now());
      await this.audit.append(tx, actor, meta, 'screening.upload', 'success', { items: [list.id], details: { rows: rowNo, rejected: rowsRejected, context: input.context } });
    });
    this.start(list.id);
    return this.status(actor, list.id);
  }

  private start(listId: string): void {
    if (this.#running.has(listId)) return;
    const run = this.run(listId).finally(() => this.#running.delete(listId));
    this.#running.set(listId, run);
  }

  /** Resumes lists left queued or running by a stopped server. */
  async resume(): Promise<number> {
    const ids = await this.store.screening.jobsWithStatus(['queued', 'running']);
    for (const id of ids) this.start(id);
    return ids.length;
  }

  async whenDone(listId: string): Promise<void> {
    await this.#running.get(listId);
  }

  private async run(listId: string): Promise<void> {
    const job = await this.store.screening.job(listId);
    if (!job || job.status === 'done' || job.status === 'failed') return;
    const user = await this.store.identities.findUser(job.screenedBy);
    const list = await this.store.items.find(listId);
    if (!user || !list) return;
    // The watchlist is what the person who screens may see, now.
    const actor = actorOf(user);
    const startedAt = job.startedAt ?? this.clock.now();
    await this.store.screening.updateJob(listId, { status: 'running', startedAt }, this.clock.now());
    let done = job.rowsDone;
    let hits = job.hits;
    const minScore = this.config.screeningMinScore;
    const subjects = new Set<string>();
    let lastLive = 0;
    try {
      for (;;) {
        const rows = await this.store.screening.rows(listId, done, BATCH);
        if (!rows.length) break;
        const found: Omit<ScreeningHit, 'decision' | 'decidedBy' | 'decidedAt' | 'reason'>[] = [];
        for (const row of rows) {
          const matches = await this.watchlist.search(actor, row.query as unknown as MatchQuery, 5);
          for (const { result } of matches) {
            if (result.score < minScore) continue;
            subjects.add(result.id);
            found.push({
              id: `${listId}:${row.rowNo}:${result.id}`,
              listId,
              rowNo: row.rowNo,
              subjectId: result.id,
              score: result.score,
              band: result.band,
              explanation: result.explanation as unknown as Record<string, unknown>,
              createdAt: this.clock.now(),
            });
          }
        }
        await this.store.screening.insertHits(found);
        done += rows.length;
        hits += found.length;
        await this.store.screening.updateJob(listId, { rowsDone: done, hits }, this.clock.now());
        const j = await this.store.screening.job(listId);
        if (j) {
          const p = progressOf(j, this.clock.now());
          this.progress.emit('progress', listId, p);
          // The screening agency's boards follow the progress live (at most one event a second).
          if (this.live && Date.now() - lastLive >= 1000) {
            lastLive = Date.now();
            await this.store.transaction((tx) =>
              this.live!.publish(tx, { kind: 'screening.progress', itemId: listId, agencies: [list.envelope.originator], classification: list.envelope.classification, payload: { id: listId, status: p.status, percent: p.percent, rowsDone: p.rowsDone, rowsTotal: p.rowsTotal, rowsPerSecond: p.rowsPerSecond, etaSeconds: p.etaSeconds, hits: p.hits } }),
            );
          }
        }
      }
      const finishedAt = this.clock.now();
      await this.store.transaction(async (tx) => {
        await tx.screening.updateJob(listId, { status: 'done', finishedAt }, finishedAt);
        // The board of the screening agency shows hits awaiting review.
        if (hits && this.live) {
          await this.live.publish(tx, { kind: 'screening.hits', itemId: listId, agencies: [list.envelope.originator], classification: list.envelope.classification, payload: { id: listId, name: list.title, hits, rows: done } });
        }
        // The screening consulted these persons: the trail says which, for whom and why.
        await this.audit.append(tx, actor, { ip: null, userAgent: 'screening', justification: list.envelope.purpose, breakGlass: false }, 'screening.run', 'success', {
          items: [listId, ...[...subjects].slice(0, 5000)],
          details: { rows: done, hits, candidates: subjects.size },
        });
      });
      const j = await this.store.screening.job(listId);
      if (j) this.progress.emit('progress', listId, progressOf(j, this.clock.now()));
      this.progress.emit('done', listId);
    } catch (e) {
      await this.store.screening.updateJob(listId, { status: 'failed', finishedAt: this.clock.now() }, this.clock.now());
      this.progress.emit('done', listId);
      throw e;
    }
  }

  private async ownList(actor: Actor, listId: string, tx: Store = this.store): Promise<void> {
    const list = await tx.items.find(listId);
    if (!list || list.kind !== 'screening-list') throw new NotFoundError(`No screening ${listId}`, 'screening_not_found');
    const d = decide(actor, 'view', list.envelope, { now: this.clock.now(), justification: 'screening review' });
    if (!d.allow) throw new NotFoundError(`No screening ${listId}`, 'screening_not_found');
  }

  async status(actor: Actor, listId: string): Promise<ScreeningProgress> {
    await this.ownList(actor, listId);
    const job = await this.store.screening.job(listId);
    if (!job) throw new NotFoundError(`No screening ${listId}`, 'screening_not_found');
    return progressOf(job, this.clock.now());
  }

  /** Hits of the actor's agency's screenings, best first, with the person's visible names and alerts. */
  async hits(actor: Actor, filter: { listId?: string | undefined; decision?: string | undefined; limit: number; offset?: number | undefined }, meta: RequestMeta) {
    return this.audit.audited(actor, meta, 'screening.hits.view', async (tx, note) => {
      if (!hasJustification(meta)) throw new ForbiddenError('Reviewing hits consults personal data: say why (a justification)', 'justification_required', { needs: ['justification'] });
      const lists = filter.listId ? [filter.listId] : (await tx.items.all(null, 'screening-list', actor.agency)).map((l) => l.id);
      if (filter.listId) await this.ownList(actor, filter.listId, tx);
      const hits = await tx.screening.hits(lists, { ...(filter.decision ? { decision: filter.decision } : {}), limit: filter.limit, ...(filter.offset ? { offset: filter.offset } : {}) });
      const out = [];
      for (const h of hits) {
        const row = await tx.screening.row(h.listId, h.rowNo);
        const subject = await tx.items.find(h.subjectId);
        const visible = subject && decide(actor, 'view', subject.envelope, { now: this.clock.now(), justification: meta.justification }).allow;
        const alerts = visible ? (await tx.items.alertsOf(h.subjectId)).filter((a) => a.envelope.status === 'active' && decide(actor, 'view', a.envelope, { now: this.clock.now(), justification: meta.justification }).allow) : [];
        out.push({ hit: h, row, subject: visible ? subject : null, alerts });
      }
      note.items = out.filter((o) => o.subject).map((o) => o.hit.subjectId);
      note.details = { lists: lists.length, returned: out.length, decision: filter.decision ?? null };
      return out;
    });
  }

  /** A named person decides about a candidate: confirmed, dismissed or escalated, always with a reason. */
  async decide(actor: Actor, hitId: string, input: { decision: 'confirmed' | 'dismissed' | 'escalated'; reason: string }, meta: RequestMeta) {
    return this.audit.audited(actor, meta, `screening.hit.${input.decision}`, async (tx, note) => {
      const hit = await tx.screening.hit(hitId);
      if (!hit) throw new NotFoundError(`No hit ${hitId}`, 'hit_not_found');
      await this.ownList(actor, hit.listId, tx);
      note.items = [hit.listId, hit.subjectId];
      const now = this.clock.now();
      if (!(await tx.screening.decide(hitId, input.decision, actor.userId, input.reason, now))) {
        throw new ConflictError('This hit was already decided', 'already_decided');
      }
      const alerts = (await tx.items.alertsOf(hit.subjectId)).filter(
        (a) => a.envelope.status === 'active' && (a.body as AlertBody).state === 'active' && decide(actor, 'view', a.envelope, { now, justification: meta.justification ?? input.reason }).allow,
      );
      const actionsOnHit = alerts.map((a) => ({ alertId: a.id, alertKind: (a.body as AlertBody).alertKind, reference: (a.body as AlertBody).reference ?? null, actionOnHit: (a.body as AlertBody).actionOnHit, originator: a.envelope.originator }));
      if (input.decision === 'confirmed') {
        // The alert's originator is told at once, with what was asked on a hit.
        const told = new Set<string>();
        for (const a of actionsOnHit) {
          await tx.notifications.insert({
            at: now,
            agency: a.originator,
            roles: null,
            kind: 'screening-hit-confirmed',
            itemId: a.alertId,
            payload: { subjectId: hit.subjectId, alertId: a.alertId, actionOnHit: a.actionOnHit, confirmedBy: actor.userId, agency: actor.agency, score: hit.score, reason: input.reason },
          });
          told.add(a.originator);
        }
        note.recipients = [...told];
      } else if (input.decision === 'escalated') {
        await tx.notifications.insert({ at: now, agency: actor.agency, roles: ['supervisor'], kind: 'screening-hit-escalated', itemId: hit.listId, payload: { hitId, subjectId: hit.subjectId, by: actor.userId, reason: input.reason } });
        note.recipients = [`${actor.agency}:supervisor`];
      }
      note.details = { decision: input.decision, reason: input.reason, score: hit.score, band: hit.band };
      return { hitId, decision: input.decision, actionsOnHit };
    });
  }
}
