import { z } from 'zod';
import { SUBJECT_CATEGORIES } from '../../../domain/envelope.js';
import { ALERT_KINDS } from '../../../domain/records.js';
import { isoDate } from '../../../domain/envelope-input.js';
import { envelopeInputSchema, envelopePatchSchema, releaseToSchema } from '../../../domain/envelope-input.js';
import type { ItemKind } from '../../../domain/kinds.js';
import { itemView } from '../../presenters/item.js';

export const reason = z.string().trim().min(3, 'say why (at least a few words)').max(2000);

export const itemParams = z.strictObject({ id: z.string().min(1).max(64) });

export function createBody(kind: ItemKind<any>) {
  return z.strictObject({ envelope: envelopeInputSchema, body: kind.body });
}

export function updateBody(kind: ItemKind<any>) {
  return z
    .strictObject({ envelope: envelopePatchSchema.optional(), body: kind.body.optional(), reason })
    .refine((b) => b.envelope !== undefined || b.body !== undefined, 'send a body or an envelope change');
}

export const releaseBody = z.strictObject({ releaseTo: releaseToSchema, reason });

export const listQuery = z.strictObject({
  text: z.string().trim().max(200).optional(),
  originator: z.string().max(40).optional(),
  country: z.string().regex(/^[A-Z]{2}$/).optional(),
  category: z.enum(SUBJECT_CATEGORIES).optional(),
  review: z.enum(['overdue', 'due', 'ok']).optional(),
  status: z.enum(['active', 'archived']).optional(),
  alertKind: z.enum(ALERT_KINDS).optional(),
  subjectId: z.string().max(64).optional(),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const listResponse = z.object({ items: z.array(itemView), total: z.number(), nextCursor: z.string().nullable() });

/** `If-Match: "3"` (or W/"3", or 3) → 3. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  return m ? Number(m[1]) : -1;
}

export const reviewBody = z
  .strictObject({ decision: z.enum(['keep', 'archive', 'erase']), reason, reviewBy: isoDate.optional() })
  .refine((r) => r.decision !== 'keep' || !!r.reviewBy, { message: 'keep needs the next review date', path: ['reviewBy'] });

export const annotationBody = z.strictObject({ text: z.string().trim().min(1).max(10_000), statement: z.enum(['fact', 'assessment']) });
