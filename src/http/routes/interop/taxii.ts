// TAXII 2.1 server (read): discovery, API root, collections, objects, manifest, object versions.
// Machine clients only (Authorization: Bearer atl_…); media type application/taxii+json;version=2.1; errors as
// TAXII error messages. What each client may read is the policy's answer for its token's agency and roles.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import { DomainError, UnauthenticatedError, ValidationError } from '../../../domain/errors.js';
import { STIX_OBJECT_MEDIA_TYPE, TAXII_MEDIA_TYPE, type ObjectQuery } from '../../../services/taxii-service.js';
import { actorOf, metaOf } from '../../auth.js';
import type { App } from '../../app.js';

export const TAXII_PREFIX = '/taxii2';
export const TAXII_ROOT = '/taxii2/';
export const API_ROOT = '/taxii2/cell/';
const ROOT = '/';
const CELL = '/cell/';

const timestampRe = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

const objectsQuery = z.looseObject({
  added_after: z.string().regex(timestampRe, 'added_after must be a STIX timestamp (YYYY-MM-DDTHH:MM:SS[.sss]Z)').optional(),
  limit: z.coerce.number().int().min(1).max(100_000).optional(),
  next: z.string().max(500).optional(),
  'match[type]': z.string().max(1000).optional(),
  'match[id]': z.string().max(10_000).optional(),
  'match[version]': z.string().max(2000).optional(),
  'match[spec_version]': z.string().max(100).optional(),
});

function taxiiError(reply: FastifyReply, status: number, title: string, description?: string) {
  return reply
    .code(status)
    .header('content-type', TAXII_MEDIA_TYPE)
    .send(Buffer.from(JSON.stringify({ title, ...(description ? { description } : {}), http_status: String(status) })));
}

function acceptable(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  if (!accept) return true;
  return accept.split(',').some((part) => {
    const [type, ...params] = part.trim().toLowerCase().split(';').map((x) => x.trim());
    if (type === '*/*' || type === 'application/*') return true;
    if (type !== 'application/taxii+json') return false;
    const version = params.find((p) => p.startsWith('version='));
    return !version || version === 'version=2.1';
  });
}

function send(reply: FastifyReply, body: unknown, headers: Record<string, string> = {}) {
  for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  return reply.header('content-type', TAXII_MEDIA_TYPE).send(Buffer.from(JSON.stringify(body)));
}

export function taxiiRoutes(app: App, ctx: AppContext) {
  app.register(
    async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.setErrorHandler((error, _request, reply) => {
      if (error instanceof DomainError) return taxiiError(reply, error.status, error.message, error.code);
      const status = (error as { statusCode?: number }).statusCode ?? 500;
      if (status >= 500) ctx.logger.error({ err: error }, 'TAXII request failed');
      return taxiiError(reply, status, status >= 500 ? 'Server error' : (error as Error).message);
    });
    scope.setNotFoundHandler((request, reply) => taxiiError(reply, 404, `No TAXII resource ${request.url.split('?')[0]}`));
    scope.addHook('onRequest', async (request, reply) => {
      if (!acceptable(request)) return taxiiError(reply, 406, `This server speaks ${TAXII_MEDIA_TYPE}`);
      const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
      if (!match) {
        reply.header('www-authenticate', 'Bearer realm="atalaya-taxii"');
        throw new UnauthenticatedError('TAXII clients authenticate with an API token: Authorization: Bearer atl_…', 'token_required');
      }
      const actor = await ctx.auth.authenticateToken(match[1]!);
      if (!actor) {
        reply.header('www-authenticate', 'Bearer realm="atalaya-taxii", error="invalid_token"');
        throw new UnauthenticatedError('This API token is unknown, revoked or expired', 'invalid_token');
      }
      request.actor = actor;
      return undefined;
    });

    const base = (request: FastifyRequest) => `${request.protocol}://${request.headers.host ?? 'localhost'}`;

    scope.get(ROOT, { schema: { tags: ['taxii'], summary: 'TAXII 2.1 discovery' } }, async (request, reply) =>
      send(reply, {
        title: 'Atalaya — joint security cell',
        description: 'Records of the cell as STIX 2.1, per releasability audience, as the policy allows each client.',
        default: `${base(request)}${API_ROOT}`,
        api_roots: [`${base(request)}${API_ROOT}`],
      }),
    );

    scope.get(CELL, { schema: { tags: ['taxii'], summary: 'TAXII 2.1 API root' } }, async (_request, reply) =>
      send(reply, { title: 'Atalaya cell records', versions: [TAXII_MEDIA_TYPE], max_content_length: ctx.config.stixMaxBytes }),
    );

    scope.get(`${CELL}collections/`, { schema: { tags: ['taxii'], summary: 'Collections this client may read' } }, async (request, reply) => {
      const collections = await ctx.taxii.collections(actorOf(request));
      return send(reply, { collections: collections.map(({ audience: _a, ...c }) => c) });
    });

    const params = z.strictObject({ id: z.string().max(100) });
    scope.get(`${CELL}collections/:id/`, { schema: { tags: ['taxii'], params } }, async (request, reply) => {
      const { audience: _a, ...c } = await ctx.taxii.collection(actorOf(request), request.params.id);
      return send(reply, c);
    });

    const toQuery = (raw: z.infer<typeof objectsQuery>, extra: Partial<ObjectQuery> = {}): ObjectQuery => {
      const list = (v?: string) => v?.split(',').map((x) => x.trim()).filter(Boolean);
      const versions = list(raw['match[version]']);
      for (const v of versions ?? []) if (!['last', 'first', 'all'].includes(v) && !timestampRe.test(v)) throw new ValidationError(`match[version]: ${v} is not last, first, all or a timestamp`, undefined, 'bad_match');
      const spec = list(raw['match[spec_version]']);
      if (spec && !spec.includes('2.1')) throw new ValidationError('This server holds STIX 2.1 objects only', undefined, 'bad_match');
      return {
        limit: Math.min(raw.limit ?? ctx.config.taxiiPageSize, ctx.config.taxiiPageSize),
        ...(raw.added_after ? { addedAfter: new Date(raw.added_after) } : {}),
        ...(raw.next ? { next: raw.next } : {}),
        ...(list(raw['match[type]']) ? { types: list(raw['match[type]'])! } : {}),
        ...(list(raw['match[id]']) ? { ids: list(raw['match[id]'])! } : {}),
        ...(versions ? { versions } : {}),
        ...extra,
      };
    };
    const rangeHeaders = (entries: { dateAdded: Date }[]): Record<string, string> =>
      entries.length
        ? { 'X-TAXII-Date-Added-First': entries[0]!.dateAdded.toISOString(), 'X-TAXII-Date-Added-Last': entries[entries.length - 1]!.dateAdded.toISOString() }
        : {};

    scope.get(`${CELL}collections/:id/objects/`, { schema: { tags: ['taxii'], params, querystring: objectsQuery } }, async (request, reply) => {
      const page = await ctx.taxii.objects(actorOf(request), request.params.id, toQuery(request.query), metaOf(request), 'objects');
      return send(reply, { more: page.more, ...(page.next ? { next: page.next } : {}), ...(page.entries.length ? { objects: page.entries.map((e) => e.object) } : {}) }, rangeHeaders(page.entries));
    });

    scope.get(`${CELL}collections/:id/manifest/`, { schema: { tags: ['taxii'], params, querystring: objectsQuery } }, async (request, reply) => {
      const page = await ctx.taxii.objects(actorOf(request), request.params.id, toQuery(request.query), metaOf(request), 'manifest');
      return send(
        reply,
        {
          more: page.more,
          ...(page.next ? { next: page.next } : {}),
          ...(page.entries.length ? { objects: page.entries.map((e) => ({ id: e.object.id, date_added: e.dateAdded.toISOString(), version: e.version, media_type: STIX_OBJECT_MEDIA_TYPE })) } : {}),
        },
        rangeHeaders(page.entries),
      );
    });

    const objectParams = z.strictObject({ id: z.string().max(100), objectId: z.string().max(200) });
    scope.get(`${CELL}collections/:id/objects/:objectId/`, { schema: { tags: ['taxii'], params: objectParams, querystring: objectsQuery } }, async (request, reply) => {
      const page = await ctx.taxii.objects(actorOf(request), request.params.id, toQuery(request.query, { ids: [request.params.objectId] }), metaOf(request), 'objects');
      if (!page.entries.length && !request.query.next) return taxiiError(reply, 404, `No object ${request.params.objectId} in this collection`);
      return send(reply, { more: page.more, ...(page.next ? { next: page.next } : {}), objects: page.entries.map((e) => e.object) }, rangeHeaders(page.entries));
    });

    scope.get(`${CELL}collections/:id/objects/:objectId/versions/`, { schema: { tags: ['taxii'], params: objectParams, querystring: objectsQuery } }, async (request, reply) => {
      const page = await ctx.taxii.versionsOf(actorOf(request), request.params.id, request.params.objectId, toQuery(request.query), metaOf(request));
      return send(reply, { more: page.more, ...(page.next ? { next: page.next } : {}), versions: page.entries.map((e) => e.version) }, rangeHeaders(page.entries));
    });
  },
    { prefix: TAXII_PREFIX },
  );
}
