// STIX 2.1: the cell's items as STIX objects and back. Pure: no store, no clock, no I/O.
//
// Each item becomes one STIX domain object (subject → identity/individual, alert → note, report → report,
// event → location, threat level → note, note → note) carrying two property extensions of ours, published as
// `extension-definition` objects in every bundle:
//   - the envelope (item id/kind/version, originator, releasability, classification, handling code, 4x4 grading,
//     subject category, legal basis, purpose, review date, status),
//   - the record (the item's body: for a person, names by script, dates of birth, documents, …).
// TLP is carried only by the standard TLP 2.0 marking-definition objects (never twice). Links between persons
// become `relationship` objects, screening and cross-check hits `sighting` objects. What a foreign bundle holds
// is mapped where the cell has a kind for it and reported otherwise; an unknown marking refuses the whole bundle.
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CLASSIFICATIONS, HANDLING_CODES, ITEM_STATUSES, SUBJECT_CATEGORIES, TLP_LEVELS, isGrading, type Envelope, type Tlp } from '../domain/envelope.js';
import type { Agency } from '../domain/identity.js';
import type { Item } from '../domain/item.js';
import { LINK_KINDS, scriptsOf, type AlertBody, type EventBody, type ReportBody, type SubjectBody, type ThreatLevelBody } from '../domain/records.js';

// ---------------------------------------------------------------- identifiers

/** Our namespace for name-based (v5) UUIDs: STIX identifiers must be UUID versions 1–5; item ids are v7. */
const NAMESPACE = 'b6f3e8a4-0c1d-5e2f-9a3b-4c5d6e7f8091';

export function uuidv5(name: string, namespace = NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const STIX_UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;
export const STIX_ID = /^([a-z][a-z0-9-]+[a-z0-9])--([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12})$/;

/** The STIX type each item kind is written as. */
export const STIX_TYPE_OF_KIND: Record<string, string> = {
  subject: 'identity',
  alert: 'note',
  report: 'report',
  event: 'location',
  'threat-level': 'note',
  note: 'note',
};

/** An item's STIX id: its own UUID when that is a version 1–5 UUID (items first read from STIX), else a v5 of it. */
export function stixIdOf(kind: string, itemId: string): string {
  const type = STIX_TYPE_OF_KIND[kind];
  if (!type) throw new Error(`no STIX type for kind ${kind}`);
  return `${type}--${STIX_UUID.test(itemId) ? itemId.toLowerCase() : uuidv5(`item:${itemId}`)}`;
}

export const agencyStixId = (code: string) => `identity--${uuidv5(`agency:${code}`)}`;
export const CELL_IDENTITY_ID = `identity--${uuidv5('atalaya-cell')}`;

// ---------------------------------------------------------------- markings and extension definitions

export const TLP2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

/** The TLP 2.0 marking definitions as OASIS publishes them (cti-stix-common-objects). */
export const TLP2_MARKING_IDS: Record<Tlp, string> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

/** TLP 1.0 (STIX 2.0/2.1 spec objects): still what many feeds send. WHITE reads as CLEAR. */
export const TLP1_MARKING_IDS: Record<string, Tlp> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'clear',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'green',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'amber',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'red',
};

const TLP_OF_MARKING = new Map<string, Tlp>([
  ...Object.entries(TLP2_MARKING_IDS).map(([tlp, id]) => [id, tlp as Tlp] as [string, Tlp]),
  ...Object.entries(TLP1_MARKING_IDS),
]);

export function tlpMarking(tlp: Tlp) {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP2_MARKING_IDS[tlp],
    created: '2022-10-01T00:00:00.000Z',
    name: `TLP:${tlp.toUpperCase()}`,
    extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: tlp } },
  };
}

export const ENVELOPE_EXTENSION_ID = `extension-definition--${uuidv5('atalaya-envelope-extension/1')}`;
export const RECORD_EXTENSION_ID = `extension-definition--${uuidv5('atalaya-record-extension/1')}`;
const EXTENSIONS_CREATED = '2026-11-29T00:00:00.000Z';

export function extensionDefinitions() {
  const common = { type: 'extension-definition', spec_version: '2.1', created_by_ref: CELL_IDENTITY_ID, created: EXTENSIONS_CREATED, modified: EXTENSIONS_CREATED, version: '1.0.0', extension_types: ['property-extension'] };
  return [
    {
      ...common,
      id: ENVELOPE_EXTENSION_ID,
      name: 'Atalaya envelope',
      description:
        'What protects a record of a joint security cell: item_id, item_kind, item_version, item_title, originator (agency code), release_to {countries (ISO 3166 alpha-2), agencies}, classification (unclassified|restricted|confidential|secret), handling {code H0–H3, text}, grading (4x4: source A|B|C|X then information 1–4), subject_category (Directive 2016/680 art. 6), legal_basis, purpose, review_by (YYYY-MM-DD), status (active|archived). TLP is the object’s TLP 2.0 marking.',
      schema: 'Atalaya docs/interop.md, section "STIX 2.1": the envelope extension, field by field',
    },
    {
      ...common,
      id: RECORD_EXTENSION_ID,
      name: 'Atalaya record',
      description:
        'The record itself, keys in snake_case. On an identity (class individual), the person: names [{full, script, kind, parts, lang}], dates_of_birth (YYYY, YYYY-MM or YYYY-MM-DD), places_of_birth, nationalities, gender, documents [{type, number, issuing_country, expires_on}], links, sources, notes. On other objects: the alert, report, event, threat level or note.',
      schema: 'Atalaya docs/interop.md, section "STIX 2.1": the record extension, kind by kind',
    },
  ];
}

export function cellIdentity() {
  return {
    type: 'identity',
    spec_version: '2.1',
    id: CELL_IDENTITY_ID,
    created: EXTENSIONS_CREATED,
    modified: EXTENSIONS_CREATED,
    name: 'Atalaya joint security cell',
    identity_class: 'system',
  };
}

export function agencyIdentity(a: Agency) {
  return {
    type: 'identity',
    spec_version: '2.1',
    id: agencyStixId(a.code),
    created: EXTENSIONS_CREATED,
    modified: EXTENSIONS_CREATED,
    created_by_ref: CELL_IDENTITY_ID,
    name: a.name,
    identity_class: 'organization',
    sectors: ['government-national'],
    x_atalaya_agency: a.code,
    x_atalaya_country: a.country,
  };
}

// ---------------------------------------------------------------- keys: camelCase in the cell, snake_case in STIX

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const camel = (k: string) => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function rekey(value: unknown, f: (k: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => rekey(v, f));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [f(k), rekey(v, f)]));
  return value;
}
export const toSnake = (v: unknown) => rekey(v, snake);
export const toCamel = (v: unknown) => rekey(v, camel);

// ---------------------------------------------------------------- export

export interface SightingInput {
  id: string;
  /** The person seen: a subject item id. */
  subjectId: string;
  /** The agency that screened or cross-checked. */
  seenBy: string;
  at: Date;
  /** The envelope the hit lives under (the screening list's, or the cross-checked record's). */
  envelope: Envelope;
  description: string;
  hit: { source: 'screening' | 'cross-check'; score: number; band?: string; decision: string; reason?: string | null; listId?: string; rowNo?: number };
}

export type StixObject = Record<string, unknown> & { type: string; id: string };
export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

const iso = (d: Date) => d.toISOString();

function envelopeExtension(item: Item) {
  const e = item.envelope;
  return {
    extension_type: 'property-extension',
    item_id: item.id,
    item_kind: item.kind,
    item_version: item.version,
    item_title: item.title,
    created_by_user: item.createdBy,
    updated_by_user: item.updatedBy,
    originator: e.originator,
    release_to: { countries: e.releaseTo.countries, agencies: e.releaseTo.agencies },
    classification: e.classification,
    handling: e.handling.text ? { code: e.handling.code, text: e.handling.text } : { code: e.handling.code },
    ...(e.grading ? { grading: e.grading } : {}),
    ...(e.subjectCategory ? { subject_category: e.subjectCategory } : {}),
    legal_basis: e.legalBasis,
    purpose: e.purpose,
    review_by: e.reviewBy,
    status: e.status,
  };
}

const ALERT_LABEL: Record<string, string> = {
  'interpol-red': 'Interpol red notice',
  'interpol-yellow': 'Interpol yellow notice',
  'interpol-blue': 'Interpol blue notice',
  'interpol-green': 'Interpol green notice',
  'interpol-orange': 'Interpol orange notice',
  'interpol-purple': 'Interpol purple notice',
  'interpol-black': 'Interpol black notice',
  'interpol-diffusion': 'Interpol diffusion',
  'un-special-notice': 'Interpol–UN Security Council special notice',
  'national-arrest': 'National alert: arrest',
  'national-discreet-check': 'National alert: discreet check',
  'national-specific-check': 'National alert: specific check',
  'national-refusal-of-entry': 'National alert: refusal of entry',
};

/** The standard STIX properties of an item, from its kind (what a STIX tool without our extensions reads). */
function standardProperties(item: Item): Record<string, unknown> {
  const own = agencyStixId(item.envelope.originator);
  switch (item.kind) {
    case 'subject': {
      const b = item.body as SubjectBody;
      const refs = b.sources.map((s) => ({ source_name: s.list, external_id: s.reference }));
      return { name: item.title, identity_class: 'individual', ...(refs.length ? { external_references: refs } : {}) };
    }
    case 'alert': {
      const b = item.body as AlertBody;
      return {
        abstract: `${ALERT_LABEL[b.alertKind] ?? b.alertKind}${b.reference ? ` ${b.reference}` : ''}${b.state === 'closed' ? ' (closed)' : ''}`,
        content: `Action on hit: ${b.actionOnHit}`,
        object_refs: [stixIdOf('subject', b.subjectId)],
        labels: ['alert', b.alertKind],
      };
    }
    case 'report': {
      const b = item.body as ReportBody;
      const refs = [...b.about.subjects.map((id) => stixIdOf('subject', id)), ...b.about.events.map((id) => stixIdOf('event', id))];
      return { name: b.title, description: b.text || b.title, report_types: ['threat-report'], published: iso(item.createdAt), object_refs: refs.length ? refs : [own] };
    }
    case 'event': {
      const b = item.body as EventBody;
      return {
        name: b.name,
        description: `${b.description ? `${b.description}\n` : ''}${b.place.name}, ${b.startsAt} – ${b.endsAt}${b.threat ? ` (threat: ${b.threat.scale} ${b.threat.level})` : ''}`,
        country: b.place.country,
        ...(b.place.city ? { city: b.place.city } : {}),
        ...(b.place.lat !== undefined && b.place.lon !== undefined ? { latitude: b.place.lat, longitude: b.place.lon } : {}),
      };
    }
    case 'threat-level': {
      const b = item.body as ThreatLevelBody;
      return { abstract: item.title, content: `${item.title} from ${b.effectiveFrom}${b.reason ? `: ${b.reason}` : ''}`, object_refs: [own], labels: ['threat-level'] };
    }
    case 'note': {
      const b = item.body as { title: string; text: string };
      return { abstract: b.title, content: b.text || b.title, object_refs: [own] };
    }
  }
  throw new Error(`no STIX mapping for kind ${item.kind}`);
}

export function itemToStix(item: Item): StixObject {
  return {
    type: STIX_TYPE_OF_KIND[item.kind]!,
    spec_version: '2.1',
    id: stixIdOf(item.kind, item.id),
    created_by_ref: agencyStixId(item.envelope.originator),
    created: iso(item.createdAt),
    modified: iso(item.updatedAt),
    ...standardProperties(item),
    object_marking_refs: [TLP2_MARKING_IDS[item.envelope.tlp]],
    extensions: {
      [ENVELOPE_EXTENSION_ID]: envelopeExtension(item),
      [RECORD_EXTENSION_ID]: { extension_type: 'property-extension', record: toSnake(item.body) },
    },
  };
}

/** Links between persons as relationships: only towards persons also in the bundle (no dangling references). */
export function linksToStix(subject: Item, present: Set<string>): StixObject[] {
  const b = subject.body as SubjectBody;
  return b.links
    .filter((l) => present.has(l.subjectId))
    .map((l) => ({
      type: 'relationship',
      spec_version: '2.1',
      id: `relationship--${uuidv5(`link:${subject.id}:${l.subjectId}:${l.kind}`)}`,
      created_by_ref: agencyStixId(subject.envelope.originator),
      created: iso(subject.createdAt),
      modified: iso(subject.updatedAt),
      relationship_type: 'related-to',
      source_ref: stixIdOf('subject', subject.id),
      target_ref: stixIdOf('subject', l.subjectId),
      description: `${l.kind}: ${l.basis}`,
      object_marking_refs: [TLP2_MARKING_IDS[subject.envelope.tlp]],
      x_atalaya_link_kind: l.kind,
    }));
}

export function sightingToStix(s: SightingInput): StixObject {
  return {
    type: 'sighting',
    spec_version: '2.1',
    id: `sighting--${uuidv5(`hit:${s.hit.source}:${s.id}`)}`,
    created_by_ref: agencyStixId(s.seenBy),
    created: iso(s.at),
    modified: iso(s.at),
    first_seen: iso(s.at),
    last_seen: iso(s.at),
    count: 1,
    sighting_of_ref: stixIdOf('subject', s.subjectId),
    where_sighted_refs: [agencyStixId(s.seenBy)],
    description: s.description,
    object_marking_refs: [TLP2_MARKING_IDS[s.envelope.tlp]],
    x_atalaya_hit: toSnake({ ...s.hit, reason: s.hit.reason ?? undefined }),
  };
}

/** A bundle of items (and the links and hits between them), with every marking, extension and agency it names. */
export function buildBundle(input: { items: Item[]; agencies: Agency[]; sightings?: SightingInput[]; bundleId?: string }): StixBundle {
  const objects: StixObject[] = [];
  const subjects = new Set(input.items.filter((i) => i.kind === 'subject').map((i) => i.id));
  for (const item of input.items) {
    objects.push(itemToStix(item));
    if (item.kind === 'subject') objects.push(...linksToStix(item, subjects));
  }
  for (const s of input.sightings ?? []) if (subjects.has(s.subjectId)) objects.push(sightingToStix(s));
  return { type: 'bundle', id: input.bundleId ?? `bundle--${randomUUID()}`, objects: [...commonObjects(objects, input.agencies), ...objects] };
}

/** The objects every bundle carries so that its references resolve: the cell, the agencies named, TLP, extensions. */
export function commonObjects(objects: StixObject[], agencies: Agency[]): StixObject[] {
  const named = new Set(objects.map((o) => o.created_by_ref as string));
  for (const o of objects) for (const r of (o.where_sighted_refs as string[] | undefined) ?? []) named.add(r);
  const tlps = new Set(objects.flatMap((o) => (o.object_marking_refs as string[] | undefined) ?? []));
  return [
    cellIdentity(),
    ...agencies.filter((a) => named.has(agencyStixId(a.code))).map(agencyIdentity),
    ...TLP_LEVELS.filter((t) => tlps.has(TLP2_MARKING_IDS[t])).map(tlpMarking),
    ...extensionDefinitions(),
  ] as StixObject[];
}

// ---------------------------------------------------------------- import: structure first

export const MAX_BUNDLE_DEPTH = 32;
export const MAX_BUNDLE_OBJECTS = 200_000;

/** The deepest nesting of a JSON text, found without parsing it (a hostile file can be deep enough to break a parser). */
export function jsonDepth(text: string, stopAt = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) {
        max = depth;
        if (max > stopAt) return max;
      }
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

const timestamp = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?Z$/, 'not a STIX timestamp (RFC 3339, UTC, Z)');
const identifier = z.string().regex(STIX_ID, 'not a STIX identifier (type--UUID)');

/** The common properties every STIX object must have right, whatever its type. */
const commonObject = z.looseObject({
  type: z.string().regex(/^([a-z][a-z0-9]*)+(-[a-z0-9]+)*-?$/, 'not a STIX type name').min(3).max(250),
  id: identifier,
  spec_version: z.enum(['2.0', '2.1']).optional(),
  created: timestamp.optional(),
  modified: timestamp.optional(),
  created_by_ref: identifier.optional(),
  object_marking_refs: z.array(identifier).min(1).optional(),
  granular_markings: z.array(z.looseObject({ marking_ref: identifier.optional(), lang: z.string().optional(), selectors: z.array(z.string()).min(1) })).min(1).optional(),
  extensions: z.record(z.string(), z.looseObject({})).optional(),
  labels: z.array(z.string()).optional(),
});

/** Type-specific properties the mapping reads: a wrong type here is a corrupt bundle, not an unmapped object. */
const typed: Record<string, z.ZodType> = {
  identity: z.looseObject({ name: z.string(), identity_class: z.string().optional(), x_opencti_aliases: z.array(z.string()).optional() }),
  report: z.looseObject({ name: z.string(), published: timestamp, object_refs: z.array(identifier).min(1), description: z.string().optional() }),
  note: z.looseObject({ content: z.string(), object_refs: z.array(identifier).min(1), abstract: z.string().optional() }),
  location: z.looseObject({ name: z.string().optional(), country: z.string().optional(), latitude: z.number().min(-90).max(90).optional(), longitude: z.number().min(-180).max(180).optional() }),
  relationship: z.looseObject({ relationship_type: z.string().regex(/^[a-z0-9-]+$/), source_ref: identifier, target_ref: identifier, description: z.string().optional() }),
  sighting: z.looseObject({ sighting_of_ref: identifier, count: z.number().int().min(0).max(999_999_999).optional() }),
  'marking-definition': z.looseObject({ definition_type: z.string().optional(), definition: z.looseObject({}).optional(), name: z.string().optional() }),
};

const envelopeExt = z.looseObject({
  extension_type: z.literal('property-extension'),
  item_id: z.string().min(1).max(64),
  item_kind: z.string().max(40),
  item_version: z.number().int().min(1),
  item_title: z.string().max(500),
  created_by_user: z.string().max(200),
  updated_by_user: z.string().max(200),
  originator: z.string().min(1).max(40),
  release_to: z.strictObject({ countries: z.array(z.string().max(2)).max(300), agencies: z.array(z.string().max(40)).max(300) }),
  classification: z.enum(CLASSIFICATIONS),
  handling: z.strictObject({ code: z.enum(HANDLING_CODES), text: z.string().max(2000).optional() }),
  grading: z.string().refine(isGrading, 'not a 4x4 grading (A|B|C|X then 1–4)').optional(),
  subject_category: z.enum(SUBJECT_CATEGORIES).optional(),
  legal_basis: z.string().max(2000),
  purpose: z.string().max(2000),
  review_by: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  status: z.enum(ITEM_STATUSES),
});

export interface BundleProblem {
  index: number;
  id?: string;
  message: string;
}

/** What the cell makes of one object. */
export interface MappedItem {
  stixId: string;
  /** Carried our envelope extension: the envelope and id are the ones written there. */
  ours: boolean;
  item: Omit<Item, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string };
  /** What was approximated on the way in (a granular marking applied to the whole, a grading assigned, …). */
  notes: string[];
}

export interface BundleReading {
  objects: number;
  mapped: MappedItem[];
  /** Objects the cell has no kind for, or could not read into one: counted by type, with the first reasons. */
  unmapped: { type: string; count: number; examples: { id: string; reason: string }[] }[];
  markings: { tlp: Record<string, number>; statements: string[] };
}

export class BundleError extends Error {
  constructor(
    message: string,
    readonly problems: BundleProblem[],
  ) {
    super(message);
  }
}

/** What the importing side decides for objects that do not carry our envelope. */
export interface ForeignDefaults {
  originator: string;
  releaseTo: { countries: string[]; agencies: string[] };
  classification: Envelope['classification'];
  /** When no TLP marking is present. */
  tlp: Tlp;
  subjectCategory: NonNullable<Envelope['subjectCategory']>;
  legalBasis: string;
  purpose: string;
  reviewBy: string;
  /** Who is recorded as having created the item. */
  userId: string;
}

const TLP_RANK: Record<Tlp, number> = { clear: 0, green: 1, amber: 2, 'amber+strict': 3, red: 4 };

/**
 * Reads a parsed bundle (or a single STIX object). Structural faults — not STIX, wrong property types, bad ids or
 * timestamps, a marking that is neither TLP nor defined in the bundle — throw a BundleError listing them: nothing is
 * imported from such a bundle. Objects the cell has no kind for are reported, never silently dropped.
 */
export function readBundle(raw: unknown, defaults: ForeignDefaults): BundleReading {
  const top = z.looseObject({ type: z.string() }).safeParse(raw);
  if (!top.success) throw new BundleError('Not a STIX 2.1 bundle or object (expected a JSON object with a "type")', []);
  let objects: unknown[];
  if (top.data.type === 'bundle') {
    const bundle = z.looseObject({ id: identifier.optional(), objects: z.array(z.unknown()).max(MAX_BUNDLE_OBJECTS).optional() }).safeParse(raw);
    if (!bundle.success) throw new BundleError('Not a STIX 2.1 bundle', bundle.error.issues.slice(0, 20).map((i) => ({ index: -1, message: `${i.path.join('.')}: ${i.message}` })));
    objects = bundle.data.objects ?? [];
  } else {
    objects = [raw];
  }

  const problems: BundleProblem[] = [];
  const parsed: StixObject[] = [];
  objects.forEach((o, index) => {
    const common = commonObject.safeParse(o);
    if (!common.success) {
      const id = typeof (o as { id?: unknown })?.id === 'string' ? (o as { id: string }).id : undefined;
      problems.push({ index, ...(id ? { id } : {}), message: common.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(object)'}: ${i.message}`).join('; ') });
      return;
    }
    const obj = common.data as StixObject;
    const idType = STIX_ID.exec(obj.id)![1];
    if (idType !== obj.type) problems.push({ index, id: obj.id, message: `id ${obj.id} is not of type ${obj.type}` });
    const specific = typed[obj.type]?.safeParse(obj);
    if (specific && !specific.success) {
      problems.push({ index, id: obj.id, message: specific.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
      return;
    }
    parsed.push(obj);
  });

  // Markings: TLP (1.0 or 2.0) by id, statements defined in the bundle; anything else is unknown.
  const statements = new Map<string, string>();
  const definedTlp = new Map<string, Tlp>();
  for (const o of parsed.filter((x) => x.type === 'marking-definition')) {
    const tlp2 = (o.extensions as Record<string, { tlp_2_0?: string }> | undefined)?.[TLP2_EXTENSION_ID]?.tlp_2_0;
    const def = o.definition as Record<string, unknown> | undefined;
    if (TLP_OF_MARKING.has(o.id)) continue;
    if (tlp2 && (TLP_LEVELS as readonly string[]).includes(tlp2)) definedTlp.set(o.id, tlp2 as Tlp);
    else if (o.definition_type === 'tlp' && typeof def?.tlp === 'string') {
      const t = def.tlp.toLowerCase() === 'white' ? 'clear' : def.tlp.toLowerCase();
      if ((TLP_LEVELS as readonly string[]).includes(t)) definedTlp.set(o.id, t as Tlp);
    } else if (o.definition_type === 'statement' && typeof def?.statement === 'string') statements.set(o.id, def.statement.slice(0, 500));
  }
  const tlpOf = (ref: string) => TLP_OF_MARKING.get(ref) ?? definedTlp.get(ref);

  const byId = new Map(parsed.map((o) => [o.id, o]));
  const unmapped = new Map<string, { type: string; count: number; examples: { id: string; reason: string }[] }>();
  const leaveOut = (o: StixObject, reason: string) => {
    const u = unmapped.get(o.type) ?? { type: o.type, count: 0, examples: [] };
    u.count++;
    if (u.examples.length < 5) u.examples.push({ id: o.id, reason });
    unmapped.set(o.type, u);
  };

  const mapped: MappedItem[] = [];
  const tlpCount: Record<string, number> = {};
  const usedStatements = new Set<string>();
  parsed.forEach((o, index) => {
    if (o.type === 'marking-definition' || o.type === 'extension-definition' || o.type === 'relationship' || o.type === 'sighting') return;
    const refs = [...((o.object_marking_refs as string[] | undefined) ?? []), ...((o.granular_markings as { marking_ref?: string }[] | undefined) ?? []).flatMap((g) => (g.marking_ref ? [g.marking_ref] : []))];
    const target = mappingOf(o);
    if (!target) {
      leaveOut(o, reasonUnmapped(o));
      return;
    }
    const unknown = refs.filter((r) => !tlpOf(r) && !statements.has(r));
    if (unknown.length) {
      problems.push({ index, id: o.id, message: `unknown marking ${unknown.join(', ')}: the bundle does not define it and it is not TLP; refusing rather than dropping it` });
      return;
    }
    const tlps = refs.map(tlpOf).filter((t): t is Tlp => !!t);
    const notes: string[] = [];
    if ((o.granular_markings as unknown[] | undefined)?.length) notes.push('granular markings applied to the whole record');
    const strictest = tlps.sort((a, b) => TLP_RANK[b] - TLP_RANK[a])[0];
    if (tlps.length > 1 && new Set(tlps).size > 1) notes.push(`several TLP markings: the strictest (${strictest}) kept`);
    const stmts = refs.filter((r) => statements.has(r)).map((r) => statements.get(r)!);
    stmts.forEach((s) => usedStatements.add(s));
    try {
      const item = target(o, { byId, tlp: strictest, statements: stmts, notes, defaults });
      if (typeof item === 'string') {
        leaveOut(o, item);
        return;
      }
      tlpCount[item.envelope.tlp] = (tlpCount[item.envelope.tlp] ?? 0) + 1;
      mapped.push({ stixId: o.id, ours: !!(o.extensions as Record<string, unknown> | undefined)?.[ENVELOPE_EXTENSION_ID], item, notes });
    } catch (e) {
      if (e instanceof EnvelopeFault) problems.push({ index, id: o.id, message: e.message });
      else throw e;
    }
  });
  if (problems.length) throw new BundleError(`${problems.length} object(s) in this bundle are not valid STIX 2.1 or carry unknown markings; nothing was imported`, problems.slice(0, 100));

  // A foreign report names only the persons that were read into records.
  const personIds = new Set(mapped.filter((m) => m.item.kind === 'subject').map((m) => m.item.id));
  for (const m of mapped.filter((x) => !x.ours && x.item.kind === 'report')) {
    const about = (m.item.body as ReportBody).about;
    const kept = about.subjects.filter((id) => personIds.has(id));
    if (kept.length < about.subjects.length) m.notes.push(`${about.subjects.length - kept.length} referenced person(s) could not be read: left out of "about"`);
    about.subjects = kept;
  }

  // Foreign relationships between two mapped persons become links on the source person.
  const subjects = new Map(mapped.filter((m) => m.item.kind === 'subject').map((m) => [m.stixId, m]));
  for (const o of parsed.filter((x) => x.type === 'relationship')) {
    if (o.x_atalaya_link_kind !== undefined && subjects.get(o.source_ref as string)?.ours) continue; // ours: the link is in the record
    const from = subjects.get(o.source_ref as string);
    const to = subjects.get(o.target_ref as string);
    if (!from || !to) {
      leaveOut(o, 'not between two persons of this bundle');
      continue;
    }
    if (from.ours) {
      leaveOut(o, 'a relationship added to a record another system exported: not applied to it');
      continue;
    }
    const body = from.item.body as SubjectBody;
    const kind = (LINK_KINDS as readonly string[]).includes(o.x_atalaya_link_kind as string) ? (o.x_atalaya_link_kind as SubjectBody['links'][number]['kind']) : o.relationship_type === 'related-to' ? 'associate' : 'other';
    const basis = (typeof o.description === 'string' && o.description.length >= 3 ? o.description : `STIX relationship "${o.relationship_type}" (${o.id})`).slice(0, 2000);
    if (!body.links.some((l) => l.subjectId === to.item.id)) body.links.push({ subjectId: to.item.id, kind, basis });
  }
  const foreignSightings = parsed.filter((x) => x.type === 'sighting');
  for (const s of foreignSightings) leaveOut(s, 'hits stay with the agency that screened; a sighting is shown in the report, not recorded');

  return {
    objects: objects.length,
    mapped,
    unmapped: [...unmapped.values()].sort((a, b) => b.count - a.count),
    markings: { tlp: tlpCount, statements: [...usedStatements] },
  };
}

class EnvelopeFault extends Error {}

interface MapContext {
  byId: Map<string, StixObject>;
  tlp: Tlp | undefined;
  statements: string[];
  notes: string[];
  defaults: ForeignDefaults;
}
type Mapper = (o: StixObject, ctx: MapContext) => MappedItem['item'] | string;

function reasonUnmapped(o: StixObject): string {
  if (o.type === 'identity' && (o.x_atalaya_agency || o.id === CELL_IDENTITY_ID)) return 'an agency of the cell, named as author: a reference, not a record';
  if (o.type === 'identity') return `identity of class "${String(o.identity_class ?? 'unset')}": the cell records persons (class individual) only`;
  if (o.type === 'location') return 'a location that is not an Atalaya event: the cell has no kind for places alone';
  return `the cell has no kind for STIX ${o.type} objects`;
}

function mappingOf(o: StixObject): Mapper | null {
  const ext = (o.extensions as Record<string, unknown> | undefined)?.[ENVELOPE_EXTENSION_ID];
  if (ext) return fromOurs;
  if (o.type === 'identity' && o.identity_class === 'individual' && !o.x_atalaya_agency) return foreignPerson;
  if (o.type === 'report') return foreignReport;
  if (o.type === 'note') return foreignNote;
  return null;
}

/** An object we wrote: envelope and record as written, TLP from its marking (which must be there). */
const fromOurs: Mapper = (o, ctx) => {
  const exts = o.extensions as Record<string, unknown>;
  const e = envelopeExt.safeParse(exts[ENVELOPE_EXTENSION_ID]);
  if (!e.success) throw new EnvelopeFault(`Atalaya envelope extension: ${e.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const record = z.looseObject({ record: z.looseObject({}) }).safeParse(exts[RECORD_EXTENSION_ID]);
  if (!record.success) throw new EnvelopeFault('Atalaya record extension missing or not an object');
  if (STIX_TYPE_OF_KIND[e.data.item_kind] !== o.type) throw new EnvelopeFault(`an Atalaya ${e.data.item_kind} is not written as STIX ${o.type}`);
  if (!ctx.tlp) throw new EnvelopeFault('an Atalaya object without its TLP marking: refusing to guess it');
  const x = e.data;
  const handlingText = [x.handling.text, ...ctx.statements].filter(Boolean).join(' / ') || null;
  if (ctx.statements.length) ctx.notes.push('statement markings added to the handling text');
  return {
    id: x.item_id,
    kind: x.item_kind,
    version: x.item_version,
    title: x.item_title,
    envelope: {
      originator: x.originator,
      releaseTo: x.release_to,
      classification: x.classification,
      handling: { code: x.handling.code, text: handlingText },
      tlp: ctx.tlp,
      grading: (x.grading ?? null) as Envelope['grading'],
      subjectCategory: x.subject_category ?? null,
      legalBasis: x.legal_basis,
      purpose: x.purpose,
      reviewBy: x.review_by,
      status: x.status,
    },
    body: toCamel(record.data.record) as Record<string, unknown>,
    createdAt: (o.created as string | undefined) ?? new Date(0).toISOString(),
    createdBy: x.created_by_user,
    updatedAt: (o.modified as string | undefined) ?? (o.created as string | undefined) ?? new Date(0).toISOString(),
    updatedBy: x.updated_by_user,
  };
};

function foreignEnvelope(ctx: MapContext, personal: boolean, grading: Envelope['grading']): Envelope {
  const d = ctx.defaults;
  if (!ctx.tlp) ctx.notes.push(`no TLP marking: ${d.tlp} assumed`);
  if (ctx.statements.length) ctx.notes.push('statement markings kept as the handling text (H1: shown with the record)');
  return {
    originator: d.originator,
    releaseTo: d.releaseTo,
    classification: d.classification,
    handling: ctx.statements.length ? { code: 'H1', text: ctx.statements.join(' / ').slice(0, 2000) } : { code: 'H0', text: null },
    tlp: ctx.tlp ?? d.tlp,
    grading,
    subjectCategory: personal ? d.subjectCategory : null,
    legalBasis: d.legalBasis,
    purpose: d.purpose,
    reviewBy: d.reviewBy,
    status: 'active',
  };
}

/** A foreign object's item id: the UUID of its STIX id, so that a re-import finds it again. */
const foreignId = (o: StixObject) => STIX_ID.exec(o.id)![2]!.toLowerCase();

function times(o: StixObject) {
  const created = (o.created as string | undefined) ?? (o.modified as string | undefined) ?? new Date(0).toISOString();
  return { createdAt: created, updatedAt: (o.modified as string | undefined) ?? created };
}

const NOT_A_NAME = /[^\p{L}\p{M}\s\-'’ʼ‘`.,()]/u;

const foreignPerson: Mapper = (o, ctx) => {
  const raw = [o.name as string, ...(((o.x_opencti_aliases as string[] | undefined) ?? []) as string[])];
  const names: SubjectBody['names'] = [];
  for (const [i, n] of raw.entries()) {
    const full = n.replace(/\s+/g, ' ').trim();
    if (!full || NOT_A_NAME.test(full) || full.length > 300) {
      if (i === 0) return `the name "${n.slice(0, 60)}" holds characters a person's name does not (digits, symbols)`;
      ctx.notes.push(`alias "${n.slice(0, 60)}" left out: not a name`);
      continue;
    }
    const scripts = [...scriptsOf(full)];
    if (scripts.length !== 1) {
      if (i === 0) return `the name "${n.slice(0, 60)}" mixes scripts or has no letters`;
      continue;
    }
    names.push({ full, script: scripts[0]!, kind: i === 0 ? 'primary' : 'alias' });
  }
  const body: SubjectBody = {
    names,
    datesOfBirth: [],
    placesOfBirth: [],
    nationalities: [],
    gender: 'unknown',
    documents: [],
    links: [],
    sources: [{ list: 'stix', reference: o.id }],
    notes: typeof o.description === 'string' && o.description.trim() ? [{ text: o.description.trim().slice(0, 10_000), statement: 'assessment' }] : [],
  };
  return { id: foreignId(o), kind: 'subject', version: 1, title: names[0]!.full, envelope: foreignEnvelope(ctx, true, null), body, ...times(o), createdBy: ctx.defaults.userId, updatedBy: ctx.defaults.userId };
};

/** STIX confidence (0–100) says how sure the producer is of the content: it grades the information, not the source. */
function gradingOf(o: StixObject, ctx: MapContext): Envelope['grading'] {
  const c = o.confidence;
  if (typeof c !== 'number') {
    ctx.notes.push('no confidence: graded X4 (source and information cannot be judged)');
    return 'X4';
  }
  const info = c >= 90 ? '1' : c >= 70 ? '2' : c >= 50 ? '3' : '4';
  ctx.notes.push(`confidence ${c} read as information grade ${info}; source reliability X (cannot be judged)`);
  return `X${info}` as Envelope['grading'];
}

const foreignReport: Mapper = (o, ctx) => {
  const refs = o.object_refs as string[];
  const subjects = refs.filter((r) => r.startsWith('identity--') && ctx.byId.get(r)?.identity_class === 'individual').map((r) => STIX_ID.exec(r)![2]!.toLowerCase());
  if (refs.length > subjects.length) ctx.notes.push(`${refs.length - subjects.length} of ${refs.length} referenced objects are not persons of this bundle: named in the text only`);
  const others = refs.filter((r) => !subjects.includes(STIX_ID.exec(r)![2]!.toLowerCase()));
  const text = `${(o.description as string | undefined) ?? ''}${others.length ? `\n\nSTIX objects referenced: ${others.slice(0, 200).join(', ')}` : ''}`.trim();
  const body: ReportBody = { title: (o.name as string).slice(0, 300) || o.id, text: text.slice(0, 100_000), about: { subjects, events: [], places: [] }, statement: 'assessment' };
  return { id: foreignId(o), kind: 'report', version: 1, title: body.title, envelope: foreignEnvelope(ctx, false, gradingOf(o, ctx)), body, ...times(o), createdBy: ctx.defaults.userId, updatedBy: ctx.defaults.userId };
};

const foreignNote: Mapper = (o, ctx) => {
  const content = (o.content as string).slice(0, 20_000);
  const title = ((o.abstract as string | undefined) || content.split('\n')[0] || o.id).slice(0, 300).trim() || o.id;
  return {
    id: foreignId(o),
    kind: 'note',
    version: 1,
    title,
    envelope: foreignEnvelope(ctx, false, null),
    body: { title, text: `${content}\n\nAbout: ${(o.object_refs as string[]).join(', ')}`.slice(0, 20_000), statement: 'assessment' },
    ...times(o),
    createdBy: ctx.defaults.userId,
    updatedBy: ctx.defaults.userId,
  };
};
