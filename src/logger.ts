// Loggers per subsystem. Secrets and personal data never reach the logs: the paths below are redacted,
// and services log ids, never names.
import pino, { type Logger } from 'pino';

export const REDACT_PATHS = [
  'password',
  '*.password',
  'totp',
  '*.totp',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'ticket',
  '*.ticket',
  'csrfToken',
  '*.csrfToken',
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'req.headers["x-justification"]',
  'res.headers["set-cookie"]',
];

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'atalaya' } });
}

export type { Logger };
