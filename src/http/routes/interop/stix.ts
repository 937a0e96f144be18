// STIX 2.1 bundles over the API: export what the policy lets you export; import (or dry-run) a bundle as your agency.
// The import route reads the body as text so that size and depth are checked before any JSON parser runs.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { TLP_LEVELS } from '../../../domain/envelope.js';
import { ValidationError } from '../../../domain/errors.js';
import { STIX_KINDS, STIX_MEDIA_TYPE } from '../../../services/stix-service.js';
import { recordImportOptionsSchema } from '../../../services/record-import-service.js';
import { actorOf, metaOf } from '../../auth.js';
import type { App } from '../../app.js';

const exportQuery = z.strictObject({
  kinds: z.string().max(200).optional().describe(`comma-separated: ${STIX_KINDS.join(', ')}`),
});

const importQuery = z.strictObject({
  dryRun: z.enum(['true', 'false']).default('false'),
  tlp: z.enum(TLP_LEVELS).optional().describe('TLP for objects that carry none (default amber)'),
  releaseTo: z.string().max(400).optional().describe('comma-separated country codes to release foreign objects to (default: none)'),
  source: z.string().max(200).optional(),
});

export function stixRoutes(app: App, ctx: AppContext) {
  app.get('/api/stix/bundle', {
    schema: { tags: ['interop'], summary: 'Export as a STIX 2.1 bundle what you may export (X-Justification required for personal data)', querystring: exportQuery },
    handler: async (request, reply) => {
      const kinds = request.query.kinds?.split(',').map((k) => k.trim()).filter(Boolean);
      const unknown = kinds?.filter((k) => !STIX_KINDS.includes(k)) ?? [];
      if (unknown.length) throw new ValidationError(`No STIX mapping for ${unknown.join(', ')} (kinds: ${STIX_KINDS.join(', ')})`, undefined, 'unknown_kind');
      const bundle = await ctx.stix.exportBundle(actorOf(request), metaOf(request), kinds ? { kinds } : {});
      return reply.header('content-type', STIX_MEDIA_TYPE).send(Buffer.from(JSON.stringify(bundle)));
    },
  });

  app.post('/api/import/persons', {
    bodyLimit: 20 * 1024 * 1024,
    schema: {
      tags: ['interop'],
      summary: 'Import persons of interest from CSV or JSON with a column mapping, as your agency (dryRun: report every row it would reject, write nothing)',
      body: recordImportOptionsSchema.extend({ content: z.string().min(1).max(20 * 1024 * 1024) }),
    },
    handler: async (request) => {
      const { content, ...options } = request.body;
      return ctx.recordImport.importPersons(actorOf(request), content, options, metaOf(request));
    },
  });

  app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    // Bodies arrive as text: a 100 MB or a 100,000-deep document is refused before it is parsed.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(['application/json', 'application/stix+json'], { parseAs: 'string', bodyLimit: ctx.config.stixMaxBytes }, (_req, body, done) => done(null, body));
    scope.post('/api/stix/import', {
      bodyLimit: ctx.config.stixMaxBytes,
      schema: { tags: ['interop'], summary: 'Import a STIX 2.1 bundle as your agency (all or nothing; dryRun=true writes nothing)', querystring: importQuery },
      handler: async (request) => {
        const actor = actorOf(request);
        const q = request.query;
        const body = request.body;
        if (typeof body !== 'string' || !body.trim()) throw new ValidationError('Send a STIX 2.1 bundle as the request body', undefined, 'empty_body');
        return ctx.stix.importBundle(body, metaOf(request), {
          actor,
          dryRun: q.dryRun === 'true',
          source: q.source ?? `upload by ${actor.email}`,
          defaults: {
            ...(q.tlp ? { tlp: q.tlp } : {}),
            ...(q.releaseTo ? { releaseTo: { countries: q.releaseTo.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean), agencies: [] } } : {}),
          },
        });
      },
    });
  });
}
