// Name search over persons of interest, with the matching engine (the same as screening), under the policy.
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { ForbiddenError } from '../../../domain/errors.js';
import { decide, hasJustification } from '../../../domain/policy.js';
import { actorOf, metaOf } from '../../auth.js';
import type { App } from '../../app.js';
import { itemView, presentItem } from '../../presenters/item.js';

export function nameSearchRoutes(app: App, ctx: AppContext) {
  app.get('/api/subjects/search', {
    schema: {
      tags: ['subjects'],
      summary: 'Find persons by name in any script and spelling (optionally date of birth, nationality, document); X-Justification required',
      querystring: z.strictObject({
        name: z.string().trim().min(1).max(300),
        dob: z.string().max(100).optional(),
        nationality: z.string().max(100).optional(),
        document: z.string().max(60).optional(),
        limit: z.coerce.number().int().min(1).max(50).default(10),
      }),
      response: {
        200: z.object({
          results: z.array(z.object({ score: z.number(), band: z.string(), explanation: z.record(z.string(), z.unknown()), item: itemView })),
        }),
      },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      const meta = metaOf(request);
      const q = request.query;
      return ctx.audit.audited(actor, meta, 'subject.search', async (tx, note) => {
        note.details = { name: '[query]', limit: q.limit };
        if (!hasJustification(meta)) throw new ForbiddenError('Searching persons needs a justification', 'justification_required', { needs: ['justification'] });
        const found = await ctx.watchlist.search(actor, { name: q.name, dob: q.dob, nationality: q.nationality, documents: q.document ? [q.document] : undefined }, q.limit);
        const results = [];
        const now = ctx.clock.now();
        for (const f of found) {
          const item = await tx.items.find(f.result.id);
          if (!item) continue;
          const d = decide(actor, 'search', item.envelope, { now, justification: meta.justification });
          if (!d.allow) continue;
          results.push({ score: f.result.score, band: f.result.band, explanation: f.result.explanation as unknown as Record<string, unknown>, item: presentItem(item, d, now) });
        }
        note.items = results.map((r) => r.item.id);
        return { results };
      });
    },
  });
}
