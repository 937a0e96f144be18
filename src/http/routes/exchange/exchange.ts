// Exchange routes: messages and requests, cross-checks, duty and shift log, the live stream and the board.
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { CLASSIFICATIONS, HANDLING_CODES, SUBJECT_CATEGORIES, TLP_LEVELS } from '../../../domain/envelope.js';
import { gradingSchema } from '../../../domain/envelope-input.js';
import { PRIORITIES } from '../../../domain/exchange.js';
import { threatLevelKind } from '../../../domain/records.js';
import type { MessageView } from '../../../services/exchange-service.js';
import { actorOf, metaOf } from '../../auth.js';
import type { App } from '../../app.js';
import { presentItem } from '../../presenters/item.js';

const recipientsSchema = z.strictObject({
  agencies: z.array(z.string().regex(/^[A-Z]{2}-[A-Z0-9]{2,16}$/)).max(100).default([]),
  countries: z.array(z.string().regex(/^[A-Z]{2}$/)).max(50).default([]),
});

const newMessage = z.strictObject({
  to: recipientsSchema,
  subject: z.string().trim().min(1).max(300),
  text: z.string().trim().min(1, 'the message is empty').max(100_000),
  priority: z.enum(PRIORITIES),
  kind: z.enum(['message', 'request']).default('message'),
  answerDueAt: z.iso.datetime({ offset: true }).optional(),
  handling: z.strictObject({ code: z.enum(HANDLING_CODES), text: z.string().max(2000).nullish() }),
  grading: gradingSchema,
  classification: z.enum(CLASSIFICATIONS).optional(),
  tlp: z.enum(TLP_LEVELS).optional(),
  subjectCategory: z.enum(SUBJECT_CATEGORIES).nullish(),
  links: z.array(z.string().min(1).max(64)).max(50).optional(),
  attachments: z
    .array(z.strictObject({ filename: z.string().trim().min(1).max(200), contentType: z.string().max(100), base64: z.string().max(15 * 1024 * 1024) }))
    .max(10)
    .optional(),
});

const messageView = z.object({
  message: z.record(z.string(), z.unknown()),
  recipients: z.array(z.record(z.string(), z.unknown())),
  attachments: z.array(z.object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number(), sha256: z.string() })),
});

const id = z.strictObject({ id: z.string().min(1).max(64) });

export function exchangeRoutes(app: App, ctx: AppContext) {
  const present = (v: MessageView) => ({
    message: presentItem(v.item, { allow: true, reason: 'released', needs: [], relation: 'released', breakGlass: false }, ctx.clock.now()) as Record<string, unknown>,
    recipients: v.recipients.map((r) => ({
      agency: r.agency,
      status: r.status,
      deliveredAt: r.deliveredAt.toISOString(),
      readAt: r.readAt?.toISOString() ?? null,
      ackedAt: r.ackedAt?.toISOString() ?? null,
      ackedBy: r.ackedBy,
      answeredAt: r.answeredAt?.toISOString() ?? null,
      answerId: r.answerId,
      closedAt: r.closedAt?.toISOString() ?? null,
      ackDueAt: r.ackDueAt.toISOString(),
      answerDueAt: r.answerDueAt?.toISOString() ?? null,
      escalationLevel: r.escalationLevel,
    })),
    attachments: v.attachments,
  });

  app.post('/api/messages', {
    bodyLimit: 64 * 1024 * 1024,
    schema: { tags: ['exchange'], summary: 'Send a message or request for information to agencies and/or countries', body: newMessage, response: { 201: messageView } },
    handler: async (request, reply) => reply.code(201).send(present(await ctx.exchange.send(actorOf(request), request.body, metaOf(request)))),
  });

  app.get('/api/messages', {
    schema: {
      tags: ['exchange'],
      summary: 'My agency’s messages, sent and received, newest first',
      querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
      response: { 200: z.object({ messages: z.array(messageView) }) },
    },
    handler: async (request) => ({ messages: (await ctx.exchange.inbox(actorOf(request), request.query.limit)).map(present) }),
  });

  app.get('/api/messages/:id', {
    schema: { tags: ['exchange'], summary: 'Open a message (marks it read for a recipient agency)', params: id, response: { 200: messageView } },
    handler: async (request) => present(await ctx.exchange.read(actorOf(request), request.params.id, metaOf(request))),
  });

  app.post('/api/messages/:id/acknowledge', {
    schema: { tags: ['exchange'], summary: 'Acknowledge a message for my agency (once)', params: id, response: { 200: messageView } },
    handler: async (request) => present(await ctx.exchange.acknowledge(actorOf(request), request.params.id, metaOf(request))),
  });

  app.post('/api/messages/:id/answer', {
    schema: {
      tags: ['exchange'],
      summary: 'Answer a message or request (a reply in its thread)',
      params: id,
      body: z.strictObject({ text: z.string().trim().min(1).max(100_000), grading: gradingSchema, handling: z.strictObject({ code: z.enum(HANDLING_CODES), text: z.string().max(2000).nullish() }).optional(), links: z.array(z.string().max(64)).max(50).optional() }),
      response: { 201: messageView },
    },
    handler: async (request, reply) => reply.code(201).send(present(await ctx.exchange.answer(actorOf(request), request.params.id, request.body, metaOf(request)))),
  });

  app.post('/api/messages/:id/close', {
    schema: { tags: ['exchange'], summary: 'Close a message (sender)', params: id, response: { 200: messageView } },
    handler: async (request) => present(await ctx.exchange.close(actorOf(request), request.params.id, metaOf(request))),
  });

  app.post('/api/messages/:id/forward', {
    schema: {
      tags: ['exchange'],
      summary: 'Forward a received message, if its handling code allows (H2, H3: no)',
      params: id,
      body: z.strictObject({ to: recipientsSchema, note: z.string().trim().min(1).max(5000) }),
      response: { 201: messageView },
    },
    handler: async (request, reply) => reply.code(201).send(present(await ctx.exchange.forward(actorOf(request), request.params.id, request.body.to, request.body.note, metaOf(request)))),
  });

  app.post('/api/messages/:id/recall', {
    schema: { tags: ['exchange'], summary: 'Recall a message (sender): every recipient is told', params: id, body: z.strictObject({ reason: z.string().trim().min(3).max(2000) }) },
    handler: async (request, reply) => {
      await ctx.exchange.recall(actorOf(request), request.params.id, request.body.reason, metaOf(request));
      return reply.code(204).send();
    },
  });

  app.get('/api/attachments/:id', {
    schema: { tags: ['exchange'], summary: 'Download an attachment (checksummed)', params: id },
    handler: async (request, reply) => {
      const a = await ctx.exchange.attachment(actorOf(request), request.params.id, metaOf(request));
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-disposition', `attachment; filename="${a.filename.replace(/[^\w.\- ]/g, '_')}"`)
        .header('x-content-sha256', a.sha256)
        .send(a.data);
    },
  });

  app.get('/api/cross-checks', {
    schema: {
      tags: ['exchange'],
      summary: 'Possible matches between my agency’s persons and other agencies’ (content only where released)',
      querystring: z.strictObject({ decision: z.enum(['pending', 'released', 'declined']).optional() }),
      response: { 200: z.object({ crossChecks: z.array(z.record(z.string(), z.unknown())) }) },
    },
    handler: async (request) => ({ crossChecks: await ctx.crossChecks.list(actorOf(request), request.query.decision) }),
  });

  app.post('/api/cross-checks/:id/decision', {
    schema: {
      tags: ['exchange'],
      summary: 'Release my record to the other agency, or decline, with a reason',
      params: id,
      body: z.strictObject({ decision: z.enum(['release', 'decline']), reason: z.string().trim().min(3).max(2000) }),
      response: { 200: z.object({ id: z.string(), decision: z.string() }) },
    },
    handler: async (request) => ctx.crossChecks.decide(actorOf(request), request.params.id, request.body, metaOf(request)),
  });

  app.post('/api/duty/shifts', {
    schema: {
      tags: ['duty'],
      summary: 'Put an officer on the roster (supervisors, or oneself)',
      body: z.strictObject({ userId: z.string().max(64).optional(), startsAt: z.iso.datetime({ offset: true }), endsAt: z.iso.datetime({ offset: true }) }),
      response: { 201: z.object({ id: z.string(), agency: z.string(), userId: z.string(), startsAt: z.string(), endsAt: z.string() }) },
    },
    handler: async (request, reply) => reply.code(201).send(await ctx.duty.addShift(actorOf(request), request.body, metaOf(request))),
  });

  app.get('/api/duty/now', {
    schema: { tags: ['duty'], summary: 'Who is on duty now, per agency', response: { 200: z.object({ onDuty: z.array(z.object({ agency: z.string(), userId: z.string(), displayName: z.string(), until: z.string() })) }) } },
    handler: async (request) => {
      actorOf(request);
      return { onDuty: await ctx.duty.onDuty() };
    },
  });

  app.get('/api/duty/log', {
    schema: { tags: ['duty'], summary: 'My agency’s shift log, newest first', querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }), response: { 200: z.object({ entries: z.array(z.record(z.string(), z.unknown())) }) } },
    handler: async (request) => ({ entries: await ctx.duty.log(actorOf(request), request.query.limit) }),
  });

  app.post('/api/duty/log', {
    schema: { tags: ['duty'], summary: 'Write in the shift log, or a handover note for the next shift', body: z.strictObject({ text: z.string().trim().min(1).max(10_000), kind: z.enum(['entry', 'handover']).default('entry') }), response: { 201: z.object({ id: z.string(), at: z.string() }) } },
    handler: async (request, reply) => reply.code(201).send(await ctx.duty.write(actorOf(request), request.body, metaOf(request))),
  });

  app.post('/api/duty/log/:id/acknowledge', {
    schema: { tags: ['duty'], summary: 'Acknowledge a handover note (the next shift)', params: id, response: { 200: z.object({ id: z.string(), acknowledged: z.boolean() }) } },
    handler: async (request) => ctx.duty.acknowledgeHandover(actorOf(request), request.params.id, metaOf(request)),
  });

  app.get('/api/board', {
    schema: { tags: ['board'], summary: 'The board: open requests by deadline, overdue, unreviewed hits, threat levels, who is on duty', response: { 200: z.record(z.string(), z.unknown()) } },
    handler: async (request) => {
      const actor = actorOf(request);
      const open = await ctx.exchange.open(actor);
      const lists = (await ctx.store.items.all(null, 'screening-list', actor.agency)).map((l) => l.id);
      const levels = await ctx.items.list(actor, threatLevelKind, {}, { limit: 50 }, metaOf(request)).catch(() => ({ items: [] }));
      const log = await ctx.duty.log(actor, 20).catch(() => []);
      return {
        now: ctx.clock.now().toISOString(),
        openRequests: open,
        overdue: open.filter((o) => o.overdue).length,
        unreviewedHits: await ctx.store.screening.countHits(lists, 'pending'),
        crossChecksPending: (await ctx.crossChecks.list(actor, 'pending')).length,
        threatLevels: levels.items.map((d) => ({ id: d.item.id, title: d.item.title, ...d.item.body, updatedAt: d.item.updatedAt.toISOString() })),
        onDuty: await ctx.duty.onDuty(),
        shiftLog: log,
        handoversToAcknowledge: log.filter((e: { kind: string; ackedAt: string | null; author: string }) => e.kind === 'handover' && !e.ackedAt && e.author !== actor.userId).length,
      };
    },
  });

  // The live stream: server-sent events, filtered by the policy for the connected user, replayable by Last-Event-ID.
  app.get('/api/stream', {
    schema: { tags: ['board'], summary: 'Server-sent events for the board (send Last-Event-ID to get what you missed)', querystring: z.strictObject({ lastEventId: z.coerce.number().int().min(0).optional() }) },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const header = request.headers['last-event-id'];
      const lastEventId = header !== undefined && /^\d+$/.test(String(header)) ? Number(header) : (request.query.lastEventId ?? null);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.write(`retry: 3000\n: connected as ${actor.agency}\n\n`);
      const send = (frames: string) => {
        res.write(frames);
      };
      const unsubscribe = await ctx.live.subscribe({ actor, lastSent: 0, send }, lastEventId);
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
      heartbeat.unref();
      const end = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      request.raw.on('close', end);
      res.on('error', end);
    },
  });
}
