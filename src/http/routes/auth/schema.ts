import { z } from 'zod';
import { ROLES } from '../../../domain/identity.js';
import { CLASSIFICATIONS } from '../../../domain/envelope.js';

export const loginBody = z.strictObject({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(256),
  totp: z.string().regex(/^\d{6}$/, 'a 6-digit code').optional(),
});

export const enrolBody = z.strictObject({
  ticket: z.string().min(10).max(200),
  totp: z.string().regex(/^\d{6}$/, 'a 6-digit code'),
});

export const me = z.object({
  userId: z.string(),
  email: z.string(),
  displayName: z.string(),
  agency: z.string(),
  country: z.string(),
  roles: z.array(z.enum(ROLES)),
  clearance: z.enum(CLASSIFICATIONS),
});

export const loginResponse = z.union([
  z.object({
    status: z.literal('authenticated'),
    user: me,
    csrfToken: z.string(),
    expiresAt: z.string(),
  }),
  z.object({
    status: z.literal('enrolment_required'),
    ticket: z.string(),
    secret: z.string().describe('Base32 TOTP secret, to type in by hand if the QR code cannot be scanned'),
    otpauthUri: z.string(),
  }),
]);

export const meResponse = z.object({
  user: me,
  session: z.object({ idleExpiresAt: z.string(), absoluteExpiresAt: z.string() }).nullable(),
});
