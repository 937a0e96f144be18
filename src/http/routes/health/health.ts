import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import type { App } from '../../app.js';

export function healthRoutes(app: App, ctx: AppContext) {
  app.get('/healthz', {
    schema: { tags: ['health'], summary: 'The process is alive', response: { 200: z.object({ status: z.literal('ok') }) } },
    config: { public: true },
    handler: async () => ({ status: 'ok' as const }),
  });

  app.get('/readyz', {
    schema: {
      tags: ['health'],
      summary: 'The store answers',
      response: { 200: z.object({ status: z.literal('ready'), database: z.string() }), 503: z.object({ status: z.literal('unavailable') }) },
    },
    config: { public: true },
    handler: async (_request, reply) => {
      try {
        await ctx.store.ping();
        return { status: 'ready' as const, database: ctx.database.kind };
      } catch {
        return reply.code(503).send({ status: 'unavailable' as const });
      }
    },
  });
}
