// The cell's record kinds: persons of interest (subjects), alerts, reports, events and threat levels.
// There is deliberately no field for ethnic origin, religion, political opinion, health or sex life
// (Directive 2016/680 art. 10): they cannot be stored, searched or screened on.
import { z } from 'zod';
import { isIsoCountry } from './countries.js';
import { isoDate } from './envelope-input.js';
import type { ItemKind } from './kinds.js';

// ---------------------------------------------------------------- scripts and names

export const SCRIPTS = ['latin', 'arabic', 'cyrillic', 'greek', 'hebrew', 'han', 'hangul', 'devanagari', 'other'] as const;
export type Script = (typeof SCRIPTS)[number];

const SCRIPT_RE: [Script, RegExp][] = [
  ['latin', /\p{Script=Latin}/u],
  ['arabic', /\p{Script=Arabic}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['greek', /\p{Script=Greek}/u],
  ['hebrew', /\p{Script=Hebrew}/u],
  ['han', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['hangul', /\p{Script=Hangul}/u],
  ['devanagari', /\p{Script=Devanagari}/u],
];

/** The scripts whose letters appear in a text (marks, spaces and punctuation belong to none). */
export function scriptsOf(text: string): Set<Script> {
  const found = new Set<Script>();
  for (const ch of text) {
    // Modifier letters such as ʿ (ayn) or ʼ belong to no script: they go with any.
    if (!/\p{L}/u.test(ch) || /[\p{Script=Common}\p{Script=Inherited}]/u.test(ch)) continue;
    const hit = SCRIPT_RE.find(([, re]) => re.test(ch));
    found.add(hit ? hit[0] : 'other');
  }
  return found;
}

/** Letters, combining marks, spaces and the punctuation names carry: hyphens, apostrophes, periods, commas. */
const NAME_CHARS = /^[\p{L}\p{M}\s\-'’ʼ‘`.,()\u200c\u200d\u200e\u200f\u0640]+$/u;

export const NAME_KINDS = ['primary', 'alias', 'birth-name', 'transliteration', 'former', 'nickname'] as const;

const namePart = z.string().trim().min(1).max(200).optional();

export const personName = z
  .strictObject({
    full: z.string().trim().min(1).max(300),
    script: z.enum(SCRIPTS),
    kind: z.enum(NAME_KINDS),
    parts: z
      .strictObject({ given: namePart, family: namePart, patronymic: namePart, tribal: namePart })
      .optional(),
    /** Language of a transliteration: en, fr, es, nl, … */
    lang: z.string().regex(/^[a-z]{2,3}$/).optional(),
  })
  .superRefine((n, ctx) => {
    if (!NAME_CHARS.test(n.full)) {
      ctx.addIssue({ code: 'custom', path: ['full'], message: 'a name holds letters, spaces, hyphens, apostrophes and periods only' });
      return;
    }
    const scripts = scriptsOf(n.full);
    if (scripts.size > 1) {
      ctx.addIssue({ code: 'custom', path: ['full'], message: `a name is written in one script (found ${[...scripts].join(' + ')}): give each script as its own name` });
    } else if (scripts.size === 1 && !scripts.has(n.script)) {
      ctx.addIssue({ code: 'custom', path: ['script'], message: `the name is written in ${[...scripts][0]} script, not ${n.script}` });
    }
  });
export type PersonName = z.infer<typeof personName>;

// ---------------------------------------------------------------- dates, countries, documents

/** A date of birth as known: a year, a year and month, or a full date. */
export const partialDate = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected YYYY, YYYY-MM or YYYY-MM-DD')
  .refine((s) => {
    const [y, m, d] = s.split('-').map(Number);
    if (y! < 1900 || y! > 2100) return false;
    if (m === undefined) return true;
    if (m < 1 || m > 12) return false;
    if (d === undefined) return true;
    const date = new Date(Date.UTC(y!, m - 1, d));
    return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, 'not a real date');

export const isoCountry = z.string().refine(isIsoCountry, { error: (issue) => `unknown ISO 3166 country code: ${String(issue.input)}` });

export const DOCUMENT_TYPES = ['passport', 'national-id', 'residence-permit', 'visa', 'driving-licence', 'seaman-book', 'other'] as const;

export const travelDocument = z.strictObject({
  type: z.enum(DOCUMENT_TYPES),
  number: z.string().trim().min(2).max(40).regex(/^[\p{L}\p{N} \-/.]+$/u, 'letters, digits, spaces, - / . only'),
  issuingCountry: isoCountry,
  expiresOn: isoDate.optional(),
});

export const LINK_KINDS = ['associate', 'family', 'travel-companion', 'financial', 'communication', 'same-person-suspected', 'other'] as const;

export const statementSchema = z.enum(['fact', 'assessment']);

// ---------------------------------------------------------------- subject (person of interest)

export const subjectBody = z
  .strictObject({
    names: z.array(personName).min(1).max(200),
    datesOfBirth: z.array(partialDate).max(20).default([]),
    placesOfBirth: z.array(z.strictObject({ place: z.string().trim().min(1).max(200), country: isoCountry.optional() })).max(20).default([]),
    nationalities: z.array(isoCountry).max(10).default([]),
    gender: z.enum(['female', 'male', 'unknown']).default('unknown'),
    documents: z.array(travelDocument).max(50).default([]),
    links: z
      .array(z.strictObject({ subjectId: z.string().min(1).max(64), kind: z.enum(LINK_KINDS), basis: z.string().trim().min(3).max(2000) }))
      .max(200)
      .default([]),
    /** Where the person comes from when imported from a published list (UN, OFAC, Interpol): key of re-import. */
    sources: z
      .array(
        z.strictObject({
          list: z.enum(['un-sc', 'ofac-sdn', 'interpol', 'stix', 'other']),
          reference: z.string().trim().min(1).max(100),
          programme: z.string().max(200).optional(),
          listedOn: isoDate.optional(),
          delistedOn: isoDate.optional(),
        }),
      )
      .max(20)
      .default([]),
    notes: z
      .array(
        z.strictObject({
          text: z.string().trim().min(1).max(10_000),
          statement: statementSchema,
          /** Who assessed: set by the server to the author's agency when absent. */
          assessedBy: z.string().max(40).optional(),
          at: z.string().max(40).optional(),
        }),
      )
      .max(500)
      .default([]),
  })
  .refine((b) => b.names.some((n) => n.kind === 'primary'), { message: 'one name must be the primary name', path: ['names'] });
export type SubjectBody = z.infer<typeof subjectBody>;

/** Lower case, without diacritics: the simple name search (the screening engine replaces it). */
export function foldText(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

export const subjectKind: ItemKind<SubjectBody> = {
  kind: 'subject',
  plural: 'subjects',
  body: subjectBody as unknown as z.ZodType<SubjectBody>,
  personalData: 'always',
  gradingRequired: false,
  title: (b) => (b.names.find((n) => n.kind === 'primary') ?? b.names[0]!).full,
  searchText: (b) => foldText([...b.names.map((n) => n.full), ...b.documents.map((d) => d.number), ...b.nationalities].join(' ')),
  references: (b) => b.links.map((l, i) => ({ id: l.subjectId, kind: 'subject', path: `body.links[${i}].subjectId` })),
  prepare: (b, by, now) => ({
    ...b,
    notes: b.notes.map((n) => ({ ...n, assessedBy: n.assessedBy ?? by.agency, at: n.at ?? now.toISOString() })),
  }),
};

// ---------------------------------------------------------------- alert

export const ALERT_KINDS = [
  'interpol-red',
  'interpol-yellow',
  'interpol-blue',
  'interpol-green',
  'interpol-orange',
  'interpol-purple',
  'interpol-black',
  'interpol-diffusion',
  'un-special-notice',
  'national-arrest',
  'national-discreet-check',
  'national-specific-check',
  'national-refusal-of-entry',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const alertBody = z
  .strictObject({
    subjectId: z.string().min(1).max(64),
    alertKind: z.enum(ALERT_KINDS),
    /** What the officer who meets the person must do. */
    actionOnHit: z.string().trim().min(3).max(2000),
    validFrom: isoDate,
    validUntil: isoDate.optional(),
    reference: z.string().trim().max(100).optional(),
    state: z.enum(['active', 'closed']).default('active'),
    closedReason: z.string().trim().max(1000).optional(),
  })
  .refine((a) => !a.validUntil || a.validUntil >= a.validFrom, { message: 'validUntil is before validFrom', path: ['validUntil'] });
export type AlertBody = z.infer<typeof alertBody>;

export const alertKind: ItemKind<AlertBody> = {
  kind: 'alert',
  plural: 'alerts',
  body: alertBody as unknown as z.ZodType<AlertBody>,
  personalData: 'always',
  gradingRequired: false,
  title: (b) => `${b.alertKind}${b.reference ? ` ${b.reference}` : ''}`,
  searchText: (b) => foldText(`${b.alertKind} ${b.reference ?? ''} ${b.actionOnHit}`),
  references: (b) => [{ id: b.subjectId, kind: 'subject', path: 'body.subjectId' }],
};

// ---------------------------------------------------------------- report

export const reportBody = z.strictObject({
  title: z.string().trim().min(1).max(300),
  text: z.string().max(100_000),
  about: z
    .strictObject({
      subjects: z.array(z.string().min(1).max(64)).max(200).default([]),
      events: z.array(z.string().min(1).max(64)).max(200).default([]),
      places: z.array(z.string().trim().min(1).max(200)).max(200).default([]),
    })
    .default({ subjects: [], events: [], places: [] }),
  statement: statementSchema.default('assessment'),
});
export type ReportBody = z.infer<typeof reportBody>;

export const reportKind: ItemKind<ReportBody> = {
  kind: 'report',
  plural: 'reports',
  body: reportBody as unknown as z.ZodType<ReportBody>,
  personalData: 'when-categorised',
  gradingRequired: true,
  title: (b) => b.title,
  searchText: (b) => foldText(`${b.title} ${b.text} ${b.about.places.join(' ')}`),
  references: (b) => [
    ...b.about.subjects.map((id, i) => ({ id, kind: 'subject', path: `body.about.subjects[${i}]` })),
    ...b.about.events.map((id, i) => ({ id, kind: 'event', path: `body.about.events[${i}]` })),
  ],
};

// ---------------------------------------------------------------- threat scales, events and threat levels

/** National scales, kept as they are; levels in increasing order of threat. */
export const THREAT_SCALES: Record<string, { country: string; name: string; levels: string[] }> = {
  vigipirate: { country: 'FR', name: 'Vigipirate', levels: ['vigilance', 'securite-renforcee-risque-attentat', 'urgence-attentat'] },
  ocam: { country: 'BE', name: 'OCAM/OCAD', levels: ['1', '2', '3', '4'] },
  naa: { country: 'ES', name: 'Nivel de Alerta Antiterrorista', levels: ['1', '2', '3', '4', '5'] },
  'ma-vigilance': { country: 'MA', name: 'Niveau de vigilance (Maroc)', levels: ['normal', 'eleve', 'tres-eleve', 'maximal'] },
};

export const threatRating = z
  .strictObject({ scale: z.string().max(40), level: z.string().max(60) })
  .refine((t) => THREAT_SCALES[t.scale]?.levels.includes(t.level) ?? false, {
    message: `unknown scale or level (scales: ${Object.entries(THREAT_SCALES).map(([k, v]) => `${k}: ${v.levels.join('/')}`).join('; ')})`,
  });

const isoDateTime = z.iso.datetime({ offset: true });

export const eventBody = z
  .strictObject({
    name: z.string().trim().min(1).max(300),
    place: z.strictObject({
      name: z.string().trim().min(1).max(300),
      city: z.string().trim().max(200).optional(),
      country: isoCountry,
      lat: z.number().min(-90).max(90).optional(),
      lon: z.number().min(-180).max(180).optional(),
    }),
    startsAt: isoDateTime,
    endsAt: isoDateTime,
    description: z.string().max(20_000).default(''),
    threat: threatRating.optional(),
  })
  .refine((e) => new Date(e.endsAt) > new Date(e.startsAt), { message: 'the event ends before it starts', path: ['endsAt'] });
export type EventBody = z.infer<typeof eventBody>;

export const eventKind: ItemKind<EventBody> = {
  kind: 'event',
  plural: 'events',
  body: eventBody as unknown as z.ZodType<EventBody>,
  personalData: 'never',
  gradingRequired: false,
  title: (b) => b.name,
  searchText: (b) => foldText(`${b.name} ${b.place.name} ${b.place.city ?? ''} ${b.place.country}`),
};

export const threatLevelBody = z
  .strictObject({
    country: isoCountry,
    scale: z.string().max(40),
    level: z.string().max(60),
    effectiveFrom: isoDateTime,
    reason: z.string().trim().max(2000).default(''),
  })
  .refine((t) => THREAT_SCALES[t.scale]?.country === t.country && THREAT_SCALES[t.scale]!.levels.includes(t.level), {
    message: 'scale and level must be one of the country’s own national scale',
    path: ['level'],
  });
export type ThreatLevelBody = z.infer<typeof threatLevelBody>;

export const threatLevelKind: ItemKind<ThreatLevelBody> = {
  kind: 'threat-level',
  plural: 'threat-levels',
  body: threatLevelBody as unknown as z.ZodType<ThreatLevelBody>,
  personalData: 'never',
  gradingRequired: false,
  title: (b) => `${b.country} ${THREAT_SCALES[b.scale]?.name ?? b.scale}: ${b.level}`,
  searchText: (b) => foldText(`${b.country} ${b.scale} ${b.level}`),
};
