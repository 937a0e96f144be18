// Presenters decide what leaves the server: an item shaped for the viewer, with the markings the policy asks for.
import { z } from 'zod';
import { CLASSIFICATIONS, HANDLING_CODES, ITEM_STATUSES, SUBJECT_CATEGORIES, TLP_LEVELS } from '../../domain/envelope.js';
import { itemToJson, type Annotation, type Item, type ItemVersion } from '../../domain/item.js';
import type { Decision } from '../../domain/policy.js';

export const envelopeView = z.object({
  originator: z.string(),
  releaseTo: z.object({ countries: z.array(z.string()), agencies: z.array(z.string()) }),
  classification: z.enum(CLASSIFICATIONS),
  handling: z.object({ code: z.enum(HANDLING_CODES), text: z.string().nullable().optional() }),
  tlp: z.enum(TLP_LEVELS),
  grading: z.string().nullable(),
  subjectCategory: z.enum(SUBJECT_CATEGORIES).nullable(),
  legalBasis: z.string(),
  purpose: z.string(),
  reviewBy: z.string(),
  status: z.enum(ITEM_STATUSES),
});

export const itemView = z.object({
  id: z.string(),
  kind: z.string(),
  version: z.number(),
  title: z.string(),
  envelope: envelopeView,
  body: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
  access: z.object({
    relation: z.string(),
    breakGlass: z.boolean(),
    /** H1: not to be used as evidence without the owner's consent — shown on every view. */
    h1Marking: z.boolean(),
    /** H3: the restriction text, shown on every view. */
    restriction: z.string().nullable(),
    reviewOverdue: z.boolean(),
  }),
  annotations: z
    .array(z.object({ id: z.string(), agency: z.string(), author: z.string(), statement: z.enum(['fact', 'assessment']), text: z.string(), at: z.string() }))
    .optional(),
});
export type ItemView = z.infer<typeof itemView>;

export function presentAnnotation(a: Annotation) {
  return { id: a.id, agency: a.agency, author: a.author, statement: a.statement, text: a.text, at: a.at.toISOString() };
}

export function presentItem(item: Item, decision: Decision, now: Date, annotations?: Annotation[]): ItemView {
  return {
    ...(annotations ? { annotations: annotations.map(presentAnnotation) } : {}),
    ...itemToJson(item),
    access: {
      relation: decision.relation,
      breakGlass: decision.breakGlass,
      h1Marking: decision.needs.includes('h1-marking'),
      restriction: decision.needs.includes('h3-restriction') ? (item.envelope.handling.text ?? null) : null,
      reviewOverdue: item.envelope.reviewBy < now.toISOString().slice(0, 10),
    },
  };
}

export const versionView = z.object({
  version: z.number(),
  changedAt: z.string(),
  changedBy: z.string(),
  reason: z.string(),
  diff: z.array(z.object({ path: z.string(), before: z.unknown().optional(), after: z.unknown().optional() })),
});

/** History: who changed what when, and why — each entry is the change that produced `version`. */
export function presentVersion(v: ItemVersion) {
  return { version: v.version, changedAt: v.changedAt.toISOString(), changedBy: v.changedBy, reason: v.reason, diff: v.diff };
}
