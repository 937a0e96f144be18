import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { ForbiddenError } from '../../../domain/errors.js';
import { may } from '../../../domain/policy.js';
import { actorOf, metaOf } from '../../auth.js';
import type { App } from '../../app.js';

const entry = z.object({
  seq: z.number(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorAgency: z.string().nullable(),
  action: z.string(),
  outcome: z.string(),
  items: z.array(z.string()),
  justification: z.string().nullable(),
  recipients: z.array(z.string()),
  details: z.record(z.string(), z.unknown()),
  flagged: z.boolean(),
  ip: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});

const auditQuery = z.strictObject({
  actor: z.string().max(100).optional(),
  agency: z.string().max(40).optional(),
  action: z.string().max(100).optional(),
  item: z.string().max(100).optional(),
  outcome: z.enum(['success', 'denied', 'failed']).optional(),
  flagged: z.enum(['true', 'false']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function auditRoutes(app: App, ctx: AppContext) {
  app.get('/api/audit', {
    schema: {
      tags: ['audit'],
      summary: 'Read the audit trail (auditors), newest first, with filters',
      querystring: auditQuery,
      response: { 200: z.object({ entries: z.array(entry), nextCursor: z.number().nullable() }) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      const q = request.query;
      const entries = await ctx.audit.query(
        actor,
        {
          ...(q.actor ? { actorUserId: q.actor } : {}),
          ...(q.agency ? { actorAgency: q.agency } : {}),
          ...(q.action ? { action: q.action } : {}),
          ...(q.item ? { item: q.item } : {}),
          ...(q.outcome ? { outcome: q.outcome } : {}),
          ...(q.flagged ? { flagged: q.flagged === 'true' } : {}),
          ...(q.from ? { from: new Date(q.from) } : {}),
          ...(q.to ? { to: new Date(q.to) } : {}),
          ...(q.cursor ? { beforeSeq: q.cursor } : {}),
          limit: q.limit,
        },
        metaOf(request),
      );
      return { entries, nextCursor: entries.length === q.limit ? entries[entries.length - 1]!.seq : null };
    },
  });

  app.get('/api/audit/verify', {
    schema: {
      tags: ['audit'],
      summary: 'Recompute the hash chain and check the signed head (auditors)',
      response: {
        200: z.object({
          ok: z.boolean(),
          checked: z.number(),
          headSeq: z.number().nullable(),
          headHash: z.string().nullable(),
          firstBroken: z.object({ seq: z.number(), reason: z.string() }).optional(),
          signedHead: z.object({ seq: z.number(), valid: z.boolean() }).optional(),
        }),
      },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      if (!may(actor, 'audit.read')) throw new ForbiddenError('Only auditors verify the audit trail', 'not_auditor');
      const result = await ctx.audit.verify();
      await ctx.audit.audited(actor, metaOf(request), 'audit.verify', async (_tx, note) => {
        note.details = { ok: result.ok, checked: result.checked, firstBroken: result.firstBroken ?? null };
      });
      return result;
    },
  });
}
