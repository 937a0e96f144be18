import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { actorOf } from '../auth.js';
import type { App } from '../app.js';

export function notificationRoutes(app: App, ctx: AppContext) {
  app.get('/api/notifications', {
    schema: {
      tags: ['notifications'],
      summary: 'Notices for my agency (break-glass openings of our items, …), newest first',
      querystring: z.strictObject({ cursor: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
      response: {
        200: z.object({
          notifications: z.array(z.object({ id: z.number(), at: z.string(), kind: z.string(), itemId: z.string().nullable(), payload: z.record(z.string(), z.unknown()) })),
        }),
      },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      const rows = await ctx.store.notifications.forAgency(actor.agency, actor.roles, request.query.limit, request.query.cursor);
      return { notifications: rows.map((n) => ({ id: n.id, at: n.at.toISOString(), kind: n.kind, itemId: n.itemId, payload: n.payload })) };
    },
  });
}
