import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { actorOf, metaOf } from '../auth.js';
import type { App } from '../app.js';

export function reviewRoutes(app: App, ctx: AppContext) {
  app.get('/api/reviews', {
    schema: {
      tags: ['reviews'],
      summary: 'My agency’s items past (overdue) or near (due) their review date — art. 5 of Directive 2016/680',
      querystring: z.strictObject({ state: z.enum(['overdue', 'due']).default('overdue'), limit: z.coerce.number().int().min(1).max(500).default(100) }),
      response: {
        200: z.object({
          items: z.array(z.object({ id: z.string(), kind: z.string(), title: z.string(), reviewBy: z.string(), version: z.number(), overdue: z.boolean() })),
        }),
      },
    },
    handler: async (request) => {
      const items = await ctx.items.dueForReview(actorOf(request), request.query.state, request.query.limit, metaOf(request));
      const today = ctx.clock.now().toISOString().slice(0, 10);
      return {
        items: items.map((i) => ({ id: i.id, kind: i.kind, title: i.title, reviewBy: i.envelope.reviewBy, version: i.version, overdue: i.envelope.reviewBy < today })),
      };
    },
  });
}
