import { z } from 'zod';
import { CLASSIFICATIONS } from '../../../domain/envelope.js';
import { agencyCode, countryCode } from '../../../domain/envelope-input.js';
import { AGENCY_KINDS, ROLES } from '../../../domain/identity.js';

export const country = z.object({ code: z.string(), name: z.string(), timeZone: z.string() });
export const agency = z.object({ code: z.string(), country: z.string(), name: z.string(), kind: z.enum(AGENCY_KINDS) });

export const newAgencyBody = z.strictObject({
  code: agencyCode,
  country: countryCode,
  name: z.string().trim().min(2).max(200),
  kind: z.enum(AGENCY_KINDS),
});

export const userView = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  agency: z.string(),
  country: z.string(),
  roles: z.array(z.enum(ROLES)),
  clearance: z.enum(CLASSIFICATIONS),
  mfaEnrolled: z.boolean(),
  locked: z.boolean(),
  disabled: z.boolean(),
  locale: z.string(),
  timeZone: z.string().nullable(),
});

export const newUserBody = z.strictObject({
  email: z.email().max(254),
  displayName: z.string().trim().min(2).max(200),
  agency: agencyCode,
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
  clearance: z.enum(CLASSIFICATIONS),
  password: z.string().min(12).max(256),
  locale: z.enum(['en', 'fr', 'es', 'ar', 'nl']).optional(),
  timeZone: z.string().max(64).optional(),
});

export const userParams = z.strictObject({ id: z.string().min(1).max(254) });

export const newTokenBody = z.strictObject({
  email: z.email().max(254),
  name: z.string().trim().min(2).max(200),
  roles: z.array(z.enum(ROLES)).min(1).optional(),
  expiresInDays: z.number().int().min(1).max(730).optional(),
});

export const newTokenResponse = z.object({
  id: z.string(),
  token: z.string().describe('Shown once: keep it in the client’s secret store'),
  agency: z.string(),
  roles: z.array(z.enum(ROLES)),
  expiresAt: z.string().nullable(),
});
