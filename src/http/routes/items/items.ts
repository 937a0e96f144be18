// The routes every item kind shares, registered once per kind: /api/<plural>[/:id[/history|/release]].
import { z } from 'zod';
import type { AppContext } from '../../../context.js';
import type { ItemKind } from '../../../domain/kinds.js';
import { actorOf, metaOf } from '../../auth.js';
import type { App } from '../../app.js';
import { itemView, presentAnnotation, presentItem, presentVersion, versionView } from '../../presenters/item.js';
import { annotationBody, createBody, itemParams, listQuery, listResponse, parseIfMatch, releaseBody, reviewBody, updateBody } from './schema.js';

export function itemRoutes(app: App, ctx: AppContext, kind: ItemKind<any>) {
  const base = `/api/${kind.plural}`;
  const tags = [kind.plural];
  const now = () => ctx.clock.now();

  app.post(base, {
    schema: { tags, summary: `Record a ${kind.kind}`, body: createBody(kind), response: { 201: itemView } },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const item = await ctx.items.create(actor, kind, request.body, metaOf(request));
      const view = presentItem(item, { allow: true, reason: 'owner', needs: [], relation: 'owner', breakGlass: false }, now());
      return reply.code(201).header('etag', `"${item.version}"`).header('location', `${base}/${item.id}`).send(view);
    },
  });

  app.get(base, {
    schema: {
      tags,
      summary: `List or search ${kind.plural} you may see (X-Justification required for personal data)`,
      querystring: listQuery,
      response: { 200: listResponse },
    },
    handler: async (request) => {
      const q = request.query;
      const page = await ctx.items.list(
        actorOf(request),
        kind,
        {
          ...(q.text ? { text: q.text } : {}),
          ...(q.originator ? { originator: q.originator } : {}),
          ...(q.country ? { country: q.country } : {}),
          ...(q.category ? { subjectCategory: q.category } : {}),
          ...(q.review ? { review: q.review } : {}),
          ...(q.status ? { status: q.status } : {}),
          ...(q.alertKind || q.subjectId ? { bodyContains: { ...(q.alertKind ? { alertKind: q.alertKind } : {}), ...(q.subjectId ? { subjectId: q.subjectId } : {}) } } : {}),
        },
        { cursor: q.cursor, limit: q.limit },
        metaOf(request),
      );
      return { items: page.items.map((d) => presentItem(d.item, d.decision, now())), total: page.total, nextCursor: page.nextCursor };
    },
  });

  app.get(`${base}/:id`, {
    schema: { tags, summary: `View a ${kind.kind}`, params: itemParams, response: { 200: itemView } },
    handler: async (request, reply) => {
      const { item, decision, annotations } = await ctx.items.view(actorOf(request), request.params.id, metaOf(request), kind);
      return reply.header('etag', `"${item.version}"`).send(presentItem(item, decision, now(), annotations));
    },
  });

  app.patch(`${base}/:id`, {
    schema: {
      tags,
      summary: `Change a ${kind.kind} (If-Match: "version"; a reason is required)`,
      params: itemParams,
      body: updateBody(kind),
      response: { 200: itemView },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const item = await ctx.items.update(actor, kind, request.params.id, request.body, parseIfMatch(request.headers['if-match']), metaOf(request));
      const view = presentItem(item, { allow: true, reason: 'owner', needs: [], relation: 'owner', breakGlass: false }, now());
      return reply.header('etag', `"${item.version}"`).send(view);
    },
  });

  app.post(`${base}/:id/release`, {
    schema: {
      tags,
      summary: `Change who a ${kind.kind} is released to (owner only; If-Match required)`,
      params: itemParams,
      body: releaseBody,
      response: { 200: itemView },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const item = await ctx.items.release(actor, kind, request.params.id, request.body, parseIfMatch(request.headers['if-match']), metaOf(request));
      const view = presentItem(item, { allow: true, reason: 'owner', needs: [], relation: 'owner', breakGlass: false }, now());
      return reply.header('etag', `"${item.version}"`).send(view);
    },
  });

  app.post(`${base}/:id/review`, {
    schema: {
      tags,
      summary: `Review a ${kind.kind} (owner): keep with a new date, archive, or erase (If-Match required)`,
      params: itemParams,
      body: reviewBody,
      response: { 200: itemView },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const item = await ctx.items.review(actor, kind, request.params.id, request.body, parseIfMatch(request.headers['if-match']), metaOf(request));
      const view = presentItem(item, { allow: true, reason: 'owner', needs: [], relation: 'owner', breakGlass: false }, now());
      return reply.header('etag', `"${item.version}"`).send(view);
    },
  });

  app.post(`${base}/:id/annotations`, {
    schema: {
      tags,
      summary: `Add a statement (fact or assessment), signed by your agency, to a ${kind.kind} you may see`,
      params: itemParams,
      body: annotationBody,
      response: { 201: z.object({ id: z.string(), agency: z.string(), author: z.string(), statement: z.enum(['fact', 'assessment']), text: z.string(), at: z.string() }) },
    },
    handler: async (request, reply) => {
      const a = await ctx.items.annotate(actorOf(request), kind, request.params.id, request.body, metaOf(request));
      return reply.code(201).send(presentAnnotation(a));
    },
  });

  app.get(`${base}/:id/history`, {
    schema: {
      tags,
      summary: `Who changed this ${kind.kind}, what and why`,
      params: itemParams,
      response: { 200: z.object({ id: z.string(), currentVersion: z.number(), versions: z.array(versionView) }) },
    },
    handler: async (request) => {
      const { item, versions } = await ctx.items.history(actorOf(request), kind, request.params.id, metaOf(request));
      return { id: item.id, currentVersion: item.version, versions: versions.map(presentVersion) };
    },
  });
}
