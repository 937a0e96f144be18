// Screening routes: upload a list (CSV or JSON lines, streamed), follow its progress, review its hits.
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { ValidationError } from '../../../domain/errors.js';
import { mappingSchema, SCREENING_CONTEXTS } from '../../../services/screening-service.js';
import { actorOf, metaOf } from '../../auth.js';
import type { App } from '../../app.js';
import { presentItem } from '../../presenters/item.js';

const progress = z.object({
  listId: z.string(),
  status: z.string(),
  rowsTotal: z.number(),
  rowsDone: z.number(),
  rowsRejected: z.number(),
  hits: z.number(),
  rejected: z.array(z.object({ line: z.number(), reason: z.string() })),
  percent: z.number(),
  rowsPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
});

const uploadQuery = z.strictObject({
  name: z.string().trim().min(1).max(300),
  context: z.enum(SCREENING_CONTEXTS).default('other'),
  mapping: z
    .string()
    .max(2000)
    .describe('JSON: {"name": "Full name" | ["Surname", "Given names"], "dob"?, "nationality"?, "document"?, "gender"?}'),
  purpose: z.string().max(500).optional(),
});

const hitView = z.object({
  id: z.string(),
  listId: z.string(),
  row: z.object({ line: z.number(), query: z.record(z.string(), z.unknown()) }).nullable(),
  score: z.number(),
  band: z.string(),
  decision: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable(),
  explanation: z.record(z.string(), z.unknown()),
  subject: z.record(z.string(), z.unknown()).nullable(),
  alerts: z.array(z.record(z.string(), z.unknown())),
});

export function screeningRoutes(app: App, ctx: AppContext) {
  // Lists arrive as streams: the parser reads them row by row.
  app.addContentTypeParser(['text/csv', 'application/x-ndjson', 'application/jsonl'], (_request, payload, done) => done(null, payload));

  app.post('/api/screenings', {
    bodyLimit: 512 * 1024 * 1024,
    schema: {
      tags: ['screening'],
      summary: 'Upload a list to screen (body: text/csv with a header row, or application/x-ndjson); X-Justification required',
      querystring: uploadQuery,
      response: { 202: progress },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      let mapping;
      try {
        mapping = mappingSchema.parse(JSON.parse(request.query.mapping));
      } catch (e) {
        (request.body as Readable | undefined)?.resume?.();
        throw new ValidationError(`mapping must be JSON naming the columns: ${(e as Error).message}`, undefined, 'bad_mapping');
      }
      const type = String(request.headers['content-type'] ?? '');
      const format = type.startsWith('text/csv') ? 'csv' : 'jsonl';
      const body = request.body as Readable;
      if (!body || typeof (body as Readable).pipe !== 'function') throw new ValidationError('Send the list as text/csv or application/x-ndjson', undefined, 'bad_list_type');
      const p = await ctx.screening.upload(actor, { name: request.query.name, context: request.query.context, format, mapping, purpose: request.query.purpose }, body, metaOf(request));
      return reply.code(202).header('location', `/api/screenings/${p.listId}`).send(p);
    },
  });

  app.get('/api/screenings/:id', {
    schema: { tags: ['screening'], summary: 'Progress of a screening: percent, rows/s, ETA, hits', params: z.strictObject({ id: z.string().max(64) }), response: { 200: progress } },
    handler: async (request) => ctx.screening.status(actorOf(request), request.params.id),
  });

  app.get('/api/screenings', {
    schema: {
      tags: ['screening'],
      summary: 'My agency’s screenings, newest first',
      response: { 200: z.object({ screenings: z.array(z.object({ list: z.record(z.string(), z.unknown()), progress })) }) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      const lists = (await ctx.store.items.all(null, 'screening-list', actor.agency)).reverse().slice(0, 100);
      const out = [];
      for (const l of lists) {
        const p = await ctx.screening.status(actor, l.id).catch(() => null);
        if (p) out.push({ list: presentItem(l, { allow: true, reason: 'owner', needs: [], relation: 'owner', breakGlass: false }, ctx.clock.now()) as Record<string, unknown>, progress: p });
      }
      return { screenings: out };
    },
  });

  app.get('/api/screening-hits', {
    schema: {
      tags: ['screening'],
      summary: 'The review queue: candidate hits of my agency’s screenings, best first (X-Justification required)',
      querystring: z.strictObject({
        list: z.string().max(64).optional(),
        decision: z.enum(['pending', 'confirmed', 'dismissed', 'escalated']).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(50),
        offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
      }),
      response: { 200: z.object({ hits: z.array(hitView) }) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      const q = request.query;
      const rows = await ctx.screening.hits(actor, { listId: q.list, decision: q.decision, limit: q.limit, offset: q.offset }, metaOf(request));
      const now = ctx.clock.now();
      return {
        hits: rows.map(({ hit, row, subject, alerts }) => ({
          id: hit.id,
          listId: hit.listId,
          row: row ?? null,
          score: hit.score,
          band: hit.band,
          decision: hit.decision,
          decidedBy: hit.decidedBy,
          decidedAt: hit.decidedAt?.toISOString() ?? null,
          reason: hit.reason,
          explanation: hit.explanation,
          subject: subject ? (presentItem(subject, { allow: true, reason: 'released', needs: [], relation: 'released', breakGlass: false }, now) as Record<string, unknown>) : null,
          alerts: alerts.map((a) => ({ id: a.id, originator: a.envelope.originator, ...a.body })),
        })),
      };
    },
  });

  app.post('/api/screening-hits/:id/decision', {
    schema: {
      tags: ['screening'],
      summary: 'Confirm, dismiss or escalate a candidate hit, with a reason; a confirmation tells the alert’s originator',
      params: z.strictObject({ id: z.string().max(200) }),
      body: z.strictObject({ decision: z.enum(['confirmed', 'dismissed', 'escalated']), reason: z.string().trim().min(3).max(2000) }),
      response: {
        200: z.object({
          hitId: z.string(),
          decision: z.string(),
          actionsOnHit: z.array(z.object({ alertId: z.string(), alertKind: z.string(), reference: z.string().nullable(), actionOnHit: z.string(), originator: z.string() })),
        }),
      },
    },
    handler: async (request) => ctx.screening.decide(actorOf(request), request.params.id, request.body, metaOf(request)),
  });
}
