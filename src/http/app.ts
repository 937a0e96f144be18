// The Fastify application: security headers, cookies, rate limits, zod schemas, OpenAPI, one error handler.
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type RawReplyDefaultExpression, type RawRequestDefaultExpression, type RawServerDefault } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { ALL_KINDS } from '../domain/all-kinds.js';
import { reviewRoutes } from './routes/reviews.js';
import { screeningRoutes } from './routes/screening/screening.js';
import { nameSearchRoutes } from './routes/items/name-search.js';
import { exchangeRoutes } from './routes/exchange/exchange.js';
import { makeAuthHook } from './auth.js';
import { errorBody, makeErrorHandler } from './errors.js';
import { auditRoutes } from './routes/audit/audit.js';
import { authRoutes } from './routes/auth/auth.js';
import { healthRoutes } from './routes/health/health.js';
import { identityRoutes } from './routes/identities/identities.js';
import { itemRoutes } from './routes/items/items.js';
import { notificationRoutes } from './routes/notifications.js';
import { stixRoutes } from './routes/interop/stix.js';
import { taxiiRoutes } from './routes/interop/taxii.js';
import { consoleRoutes } from './console.js';

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

export interface AppOptions {
  /** Log each request (off in tests). */
  logRequests?: boolean;
  /** Trust X-Forwarded-* from a reverse proxy. */
  trustProxy?: boolean;
}

export async function buildApp(ctx: AppContext, options: AppOptions = {}): Promise<App> {
  const app = Fastify({
    loggerInstance: ctx.logger.child({ subsystem: 'http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: !options.logRequests }),
    bodyLimit: ctx.config.bodyLimitBytes,
    trustProxy: options.trustProxy ?? false,
    // Live streams are long-lived: closing the server ends them rather than waiting.
    forceCloseConnections: true,
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  // JSON only: a text/plain body is refused (415) rather than half-parsed.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(makeErrorHandler(ctx.logger));
  // The console routes by #hash: every page of it is `/`, so an unknown path is an error, never the console.
  app.setNotFoundHandler((request, reply) => reply.code(404).send(errorBody('route_not_found', `No route ${request.method} ${request.url.split('?')[0]}`)));

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // One inline stylesheet is allowed, by its hash: the one rule cytoscape (the link graph) inserts for its
        // container. No other <style>, and no inline script at all.
        styleSrc: ["'self'", "'sha256-pgvDUBa4IjFA2yuSJ2cqcyxmNYJMborsd0ORcRv9vw8='"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
    hsts: ctx.config.secureCookies ? { maxAge: 31536000, includeSubDomains: true } : false,
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: true,
    max: ctx.config.requestsPerMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      ...errorBody('rate_limited', `Too many requests: at most ${context.max} per ${context.after}; try again shortly`),
    }),
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Atalaya API',
        version: '0.1.0',
        description:
          'The joint security cell’s API. Log in at /api/auth/login (cookie session; send x-csrf-token on changes) or use ' +
          'an API token (Authorization: Bearer atl_…). Consultations of personal data need an X-Justification header ' +
          '(URI-encoded text). Errors are { error: { code, message, details? } }.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'atalaya_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });

  app.addHook('onRequest', makeAuthHook(ctx));

  healthRoutes(app, ctx);
  authRoutes(app, ctx);
  identityRoutes(app, ctx);
  auditRoutes(app, ctx);
  notificationRoutes(app, ctx);
  for (const kind of ALL_KINDS) itemRoutes(app, ctx, kind);
  reviewRoutes(app, ctx);
  screeningRoutes(app, ctx);
  nameSearchRoutes(app, ctx);
  exchangeRoutes(app, ctx);
  stixRoutes(app, ctx);
  taxiiRoutes(app, ctx);

  await consoleRoutes(app);

  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());

  return app;
}
