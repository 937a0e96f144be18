// The envelope every operational item carries (DESIGN.md §2). The envelope alone decides who may see an item.

export const CLASSIFICATIONS = ['unclassified', 'restricted', 'confidential', 'secret'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export const HANDLING_CODES = ['H0', 'H1', 'H2', 'H3'] as const;
export type HandlingCode = (typeof HANDLING_CODES)[number];

export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];

export const SOURCE_GRADES = ['A', 'B', 'C', 'X'] as const;
export const INFORMATION_GRADES = ['1', '2', '3', '4'] as const;
export type SourceGrade = (typeof SOURCE_GRADES)[number];
export type InformationGrade = (typeof INFORMATION_GRADES)[number];
/** 4x4 grading, written as two characters: source reliability then information assessment, e.g. "B2". */
export type Grading = `${SourceGrade}${InformationGrade}`;

export const SUBJECT_CATEGORIES = [
  'suspect',
  'convicted',
  'potential-offender',
  'contact',
  'victim',
  'witness',
  'informant',
  'other',
] as const;
export type SubjectCategory = (typeof SUBJECT_CATEGORIES)[number];

export const ITEM_STATUSES = ['active', 'archived', 'erased'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export interface Handling {
  code: HandlingCode;
  /** Required with H3: the restriction, shown on every view. */
  text?: string | null;
}

export interface ReleaseTo {
  /** ISO 3166 alpha-2 codes. */
  countries: string[];
  /** Agency codes. */
  agencies: string[];
}

/** What the policy needs to know about an item: nothing of its content. */
export interface Envelope {
  originator: string;
  releaseTo: ReleaseTo;
  classification: Classification;
  handling: Handling;
  tlp: Tlp;
  grading: Grading | null;
  /** Set when the item holds personal data (Directive 2016/680 art. 6). */
  subjectCategory: SubjectCategory | null;
  legalBasis: string;
  purpose: string;
  reviewBy: string; // YYYY-MM-DD
  status: ItemStatus;
}

export function classificationRank(c: Classification): number {
  return CLASSIFICATIONS.indexOf(c);
}

export function isGrading(value: string): value is Grading {
  return (
    value.length === 2 &&
    (SOURCE_GRADES as readonly string[]).includes(value[0]!) &&
    (INFORMATION_GRADES as readonly string[]).includes(value[1]!)
  );
}

export function holdsPersonalData(envelope: Pick<Envelope, 'subjectCategory'>): boolean {
  return envelope.subjectCategory !== null;
}

/** Overdue items may not be disclosed further until their owner has reviewed them (art. 5). */
export function isReviewOverdue(envelope: Pick<Envelope, 'reviewBy'>, now: Date): boolean {
  return envelope.reviewBy < now.toISOString().slice(0, 10);
}
