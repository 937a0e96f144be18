// Authentication of every /api request: a session cookie (with a CSRF token on changes) or an API token.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { ForbiddenError, UnauthenticatedError } from '../domain/errors.js';
import type { Actor } from '../domain/identity.js';
import type { RequestMeta } from '../services/audit-service.js';
import type { SessionAuth } from '../services/auth-service.js';

export const SESSION_COOKIE = 'atalaya_session';
export const CSRF_COOKIE = 'atalaya_csrf';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    session: SessionAuth | null;
  }
  interface FastifyContextConfig {
    /** Routes reachable without a login (health, login itself, OpenAPI). */
    public?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function makeAuthHook(ctx: AppContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    request.actor = null;
    request.session = null;
    if (request.routeOptions.config?.public || !request.url.startsWith('/api/')) return;
    const header = request.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const actor = match ? await ctx.auth.authenticateToken(match[1]!) : null;
      if (!actor) throw new UnauthenticatedError('This API token is unknown, revoked or expired', 'invalid_token');
      request.actor = actor;
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) throw new UnauthenticatedError('Log in first', 'unauthenticated');
    const session = await ctx.auth.authenticateSession(cookie);
    if (!session) {
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      throw new UnauthenticatedError('Your session has expired or was ended: log in again', 'session_expired');
    }
    if (!SAFE_METHODS.has(request.method) && !ctx.auth.checkCsrf(session, request.headers[CSRF_HEADER] as string | undefined)) {
      throw new ForbiddenError('Missing or wrong CSRF token (send the x-csrf-token header given at login)', 'csrf_failed');
    }
    request.actor = session.actor;
    request.session = session;
  };
}

export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new UnauthenticatedError();
  return request.actor;
}

function decodeHeader(value: string | string[] | undefined): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return null;
  try {
    return decodeURIComponent(v).trim().slice(0, 2000) || null;
  } catch {
    return v.trim().slice(0, 2000) || null;
  }
}

/** Where the request comes from and the justification it carries (header `X-Justification`, URI-encoded). */
export function metaOf(request: FastifyRequest): RequestMeta {
  return {
    ip: request.ip ?? null,
    userAgent: (request.headers['user-agent'] as string | undefined)?.slice(0, 300) ?? null,
    justification: decodeHeader(request.headers['x-justification']),
    breakGlass: request.headers['x-break-glass'] === '1' || request.headers['x-break-glass'] === 'true',
  };
}
