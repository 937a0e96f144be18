// What a client sends as an item's envelope. The originator, version and timestamps are never taken from the
// client: the server sets them.
import { z } from 'zod';
import { CLASSIFICATIONS, HANDLING_CODES, ITEM_STATUSES, SUBJECT_CATEGORIES, TLP_LEVELS } from './envelope.js';

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a real calendar date');

export const countryCode = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166 alpha-2 country code, e.g. MA');
export const agencyCode = z.string().regex(/^[A-Z]{2}-[A-Z0-9]{2,16}$/, 'expected an agency code, e.g. MA-DGST');

export const releaseToSchema = z.strictObject({
  countries: z.array(countryCode).max(64).default([]),
  agencies: z.array(agencyCode).max(256).default([]),
});

export const handlingSchema = z
  .strictObject({
    code: z.enum(HANDLING_CODES),
    text: z.string().trim().min(1).max(2000).nullish(),
  })
  .refine((h) => h.code !== 'H3' || !!h.text, { message: 'H3 needs the text of its restriction', path: ['text'] });

export const gradingSchema = z.string().regex(/^[ABCX][1-4]$/, 'expected 4x4 grading: source A/B/C/X then information 1–4, e.g. B2');

export const envelopeInputSchema = z.strictObject({
  releaseTo: releaseToSchema,
  classification: z.enum(CLASSIFICATIONS),
  handling: handlingSchema,
  tlp: z.enum(TLP_LEVELS),
  grading: gradingSchema.nullish(),
  subjectCategory: z.enum(SUBJECT_CATEGORIES).nullish(),
  legalBasis: z.string().trim().min(3).max(500),
  purpose: z.string().trim().min(3).max(500),
  reviewBy: isoDate.optional(),
});
export type EnvelopeInput = z.infer<typeof envelopeInputSchema>;

/** What may change in an envelope after creation (releasability has its own route). */
export const envelopePatchSchema = envelopeInputSchema.omit({ releaseTo: true }).partial().strict();
export type EnvelopePatch = z.infer<typeof envelopePatchSchema>;

export const itemStatusSchema = z.enum(ITEM_STATUSES);
