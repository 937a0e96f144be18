import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../context.js';
import type { Actor } from '../../../domain/identity.js';
import type { LoginResult } from '../../../services/auth-service.js';
import { actorOf, CSRF_COOKIE, metaOf, SESSION_COOKIE } from '../../auth.js';
import type { App } from '../../app.js';
import { enrolBody, loginBody, loginResponse, meResponse } from './schema.js';

export function presentActor(a: Actor) {
  return { userId: a.userId, email: a.email, displayName: a.displayName, agency: a.agency, country: a.country, roles: [...a.roles], clearance: a.clearance };
}

function answer(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, result: LoginResult) {
  if (result.status === 'enrolment_required') return result;
  const secure = ctx.config.secureCookies || request.protocol === 'https';
  reply.setCookie(SESSION_COOKIE, result.sessionToken, { path: '/', httpOnly: true, sameSite: 'strict', secure, expires: result.expiresAt });
  // Readable by the console so that it can send it back as x-csrf-token; useless to another site (SameSite).
  reply.setCookie(CSRF_COOKIE, result.csrfToken, { path: '/', httpOnly: false, sameSite: 'strict', secure, expires: result.expiresAt });
  return { status: result.status, user: presentActor(result.actor), csrfToken: result.csrfToken, expiresAt: result.expiresAt.toISOString() };
}

export function authRoutes(app: App, ctx: AppContext) {
  app.post('/api/auth/login', {
    schema: { tags: ['auth'], summary: 'Log in with email, password and TOTP code', body: loginBody, response: { 200: loginResponse } },
    config: { public: true, rateLimit: { max: ctx.config.loginPerIpPerMinute, timeWindow: '1 minute' } },
    handler: async (request, reply) => answer(ctx, request, reply, await ctx.auth.login(request.body, metaOf(request))),
  });

  app.post('/api/auth/mfa/enrol', {
    schema: { tags: ['auth'], summary: 'Finish TOTP enrolment with the first code, and log in', body: enrolBody, response: { 200: loginResponse } },
    config: { public: true, rateLimit: { max: ctx.config.loginPerIpPerMinute, timeWindow: '1 minute' } },
    handler: async (request, reply) => answer(ctx, request, reply, await ctx.auth.enrol(request.body, metaOf(request))),
  });

  app.post('/api/auth/logout', {
    schema: { tags: ['auth'], summary: 'End this session' },
    handler: async (request, reply) => {
      if (request.session) await ctx.auth.logout(request.session, metaOf(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  });

  app.get('/api/auth/me', {
    schema: { tags: ['auth'], summary: 'Who am I, and when does my session end', response: { 200: meResponse } },
    handler: async (request) => ({
      user: presentActor(actorOf(request)),
      session: request.session
        ? { idleExpiresAt: request.session.idleExpiresAt.toISOString(), absoluteExpiresAt: request.session.absoluteExpiresAt.toISOString() }
        : null,
    }),
  });
}
