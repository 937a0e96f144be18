// One place maps every error to `{ error: { code, message, details? } }` with a stable code.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { DomainError } from '../domain/errors.js';
import type { Logger } from '../logger.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: { code, message, ...(details !== undefined ? { details } : {}) } };
}

export function makeErrorHandler(log: Logger) {
  return (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof DomainError) {
      return reply.code(error.status).send(errorBody(error.code, error.message, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = (error as FastifyError).validationContext ?? 'body';
      const details = error.validation.map((v) => ({
        path: [where, ...String(v.instancePath ?? '').split('/').filter(Boolean)].join('.'),
        message: v.message,
      }));
      return reply.code(400).send(errorBody('validation_failed', `Invalid request ${where}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details));
    }
    if (isResponseSerializationError(error)) {
      log.error({ err: error, url: request.url }, 'response did not match its schema');
      return reply.code(500).send(errorBody('internal_error', 'The server could not shape its answer'));
    }
    const fe = error as FastifyError;
    switch (fe.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply.code(413).send(errorBody('body_too_large', 'The request body is larger than this route accepts'));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply.code(415).send(errorBody('unsupported_media_type', 'Send JSON (Content-Type: application/json)'));
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply.code(400).send(errorBody('empty_body', 'The request body is empty'));
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return reply.code(400).send(errorBody('malformed_json', 'The request body is not valid JSON'));
    }
    if (fe.statusCode === 429) {
      return reply.code(429).send(errorBody('rate_limited', 'Too many requests: slow down and try again shortly'));
    }
    if (error instanceof SyntaxError || (fe.statusCode === 400 && /JSON/i.test(fe.message))) {
      return reply.code(400).send(errorBody('malformed_json', 'The request body is not valid JSON'));
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.code(fe.statusCode).send(errorBody('bad_request', fe.message));
    }
    log.error({ err: error, url: request.url }, 'unhandled error');
    return reply.code(500).send(errorBody('internal_error', 'Something went wrong on the server; the error was logged'));
  };
}
