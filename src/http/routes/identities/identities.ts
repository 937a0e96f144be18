import { z } from 'zod';
import { ROLES } from '../../../domain/identity.js';
import { CLASSIFICATIONS } from '../../../domain/envelope.js';
import type { AppContext } from '../../../context.js';
import { actorOf, metaOf } from '../../auth.js';
import type { App } from '../../app.js';
import { agency, country, newAgencyBody, newTokenBody, newTokenResponse, newUserBody, userParams, userView } from './schema.js';

export function identityRoutes(app: App, ctx: AppContext) {
  app.get('/api/countries', {
    schema: { tags: ['identities'], summary: 'The countries of the cell', response: { 200: z.object({ countries: z.array(country) }) } },
    handler: async (request) => {
      actorOf(request);
      return { countries: await ctx.identities.listCountries() };
    },
  });

  app.get('/api/agencies', {
    schema: { tags: ['identities'], summary: 'The agencies of the cell', response: { 200: z.object({ agencies: z.array(agency) }) } },
    handler: async (request) => {
      actorOf(request);
      return { agencies: await ctx.identities.listAgencies() };
    },
  });

  app.post('/api/agencies', {
    schema: { tags: ['identities'], summary: 'Add an agency (administrators)', body: newAgencyBody, response: { 201: agency } },
    handler: async (request, reply) => reply.code(201).send(await ctx.identities.addAgency(actorOf(request), request.body, metaOf(request))),
  });

  app.get('/api/users', {
    schema: {
      tags: ['identities'],
      summary: 'List users (administrators)',
      querystring: z.strictObject({ agency: z.string().max(40).optional() }),
      response: { 200: z.object({ users: z.array(userView) }) },
    },
    handler: async (request) => ({
      users: await ctx.identities.listUsers(actorOf(request), request.query.agency ? { agency: request.query.agency } : {}),
    }),
  });

  app.post('/api/users', {
    schema: { tags: ['identities'], summary: 'Add a user (administrators)', body: newUserBody, response: { 201: userView } },
    handler: async (request, reply) => reply.code(201).send(await ctx.identities.addUser(actorOf(request), request.body, metaOf(request))),
  });

  app.post('/api/users/:id/disable', {
    schema: { tags: ['identities'], summary: 'Disable a user: sessions and tokens end at once', params: userParams, response: { 200: userView } },
    handler: async (request) => ctx.identities.disableUser(actorOf(request), request.params.id, metaOf(request)),
  });

  app.post('/api/users/:id/access', {
    schema: {
      tags: ['identities'],
      summary: 'Change a user’s roles or clearance (administrators); their sessions end',
      params: userParams,
      body: z.strictObject({ roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length).optional(), clearance: z.enum(CLASSIFICATIONS).optional() }).refine((b) => b.roles || b.clearance, 'give roles or clearance'),
      response: { 200: userView },
    },
    handler: async (request) => ctx.identities.changeAccess(actorOf(request), request.params.id, request.body, metaOf(request)),
  });

  app.post('/api/users/:id/reset-mfa', {
    schema: { tags: ['identities'], summary: 'Reset a user’s TOTP: they enrol again at next login', params: userParams, response: { 200: userView } },
    handler: async (request) => ctx.identities.resetMfa(actorOf(request), request.params.id, metaOf(request)),
  });

  app.post('/api/tokens', {
    schema: { tags: ['identities'], summary: 'Create an API token for a machine client (administrators)', body: newTokenBody, response: { 201: newTokenResponse } },
    handler: async (request, reply) => {
      const t = await ctx.auth.createApiToken(actorOf(request), request.body, metaOf(request));
      return reply.code(201).send({ ...t, expiresAt: t.expiresAt?.toISOString() ?? null });
    },
  });
}
