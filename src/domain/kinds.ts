// The kinds of operational item. Each declares its body schema and what it needs of the envelope; the item
// service treats them all alike, so one policy, one audit and one history serve every kind.
import { z } from 'zod';

export interface ItemKind<Body extends Record<string, unknown> = Record<string, unknown>> {
  kind: string;
  /** The route segment: /api/<plural>. */
  plural: string;
  body: z.ZodType<Body>;
  /** Persons' data: subjectCategory required, justification on every consultation. */
  personalData: 'always' | 'never' | 'when-categorised';
  gradingRequired: boolean;
  title(body: Body): string;
  /** Lower-case text for the simple word search. */
  searchText(body: Body): string;
  /** Other items this one points at: they must exist, be of that kind and be visible to the author. */
  references?(body: Body): { id: string; kind: string; path: string }[];
  /** Fills what the server sets (who assessed a statement, when) before the body is stored. */
  prepare?(body: Body, by: { agency: string; userId: string }, now: Date): Body;
}

/** Text that a person wrote into the record: stored as given, shown as text, never as markup. */
export const freeText = (max: number) => z.string().max(max);

export const noteBody = z.strictObject({
  title: z.string().trim().min(1).max(300),
  text: freeText(20_000),
  statement: z.enum(['fact', 'assessment']).default('fact'),
});
export type NoteBody = z.infer<typeof noteBody>;

/** A note: the simplest item, used to prove the envelope and the policy end to end before the richer kinds. */
export const noteKind: ItemKind<NoteBody> = {
  kind: 'note',
  plural: 'notes',
  body: noteBody,
  personalData: 'when-categorised',
  gradingRequired: false,
  title: (b) => b.title,
  searchText: (b) => `${b.title} ${b.text}`.toLowerCase(),
};
