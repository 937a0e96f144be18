// STIX 2.1 in and out of the cell. Export: what the policy lets the actor export (action `export`), as one bundle
// with the markings, extension definitions and agencies it names. Import: a bundle checked whole before anything
// is written (size, depth, structure, markings), then written through the one import path of the cell.
import { ValidationError } from '../domain/errors.js';
import type { Actor } from '../domain/identity.js';
import {
  BundleError,
  buildBundle,
  jsonDepth,
  MAX_BUNDLE_DEPTH,
  readBundle,
  type BundleReading,
  type ForeignDefaults,
  type SightingInput,
  type StixBundle,
} from '../interop/stix.js';
import type { Store } from '../store/store.js';
import type { AuditService, RequestMeta } from './audit-service.js';
import { CLI_ACTOR } from './audit-service.js';
import type { Clock } from './clock.js';
import type { ImportReport, TransferService } from './transfer-service.js';

export const STIX_KINDS = ['subject', 'alert', 'report', 'event', 'threat-level', 'note'];
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

export interface StixImportReport extends ImportReport {
  dryRun: boolean;
  objects: number;
  mapped: number;
  unmapped: BundleReading['unmapped'];
  markings: BundleReading['markings'];
  /** What was approximated, per record (at most 200 listed). */
  notes: { stixId: string; itemId: string; notes: string[] }[];
}

export interface StixImportOptions {
  /** The user importing (API): every record must be one they may create. Absent: an operator at the console. */
  actor?: Actor | null;
  /** The agency recorded as originator of objects without our envelope (default: the actor's agency). */
  originator?: string;
  /** Record even our own objects as the chosen originator's (a pull from another cell). */
  reoriginate?: boolean;
  dryRun?: boolean;
  defaults?: Partial<Omit<ForeignDefaults, 'originator' | 'userId'>>;
  /** Where the bundle came from, for the audit trail and the legal basis (a file name, a TAXII collection URL). */
  source?: string;
}

export class StixService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly transfer: TransferService,
    private readonly maxBytes: number,
  ) {}

  /** Items of the given kinds that the actor may export (or, for the operator, every live item), as STIX. */
  async exportBundle(as: Actor | null, meta: RequestMeta, filter: { kinds?: string[]; ids?: string[] } = {}): Promise<StixBundle> {
    const kinds = (filter.kinds ?? STIX_KINDS).filter((k) => STIX_KINDS.includes(k));
    return this.audit.audited(as ?? CLI_ACTOR, meta, 'stix.export', async (tx, note) => {
      const { items, allowed } = await this.transfer.exportable(tx, as, meta, kinds, (i) => i.envelope.status !== 'erased' && (!filter.ids || filter.ids.includes(i.id)));
      const sightings = as ? await this.sightingsFor(tx, as, new Set(allowed.map((i) => i.id))) : [];
      note.items = allowed.map((i) => i.id).slice(0, 10_000);
      note.details = { format: 'stix-2.1', count: allowed.length, sightings: sightings.length, refused: items.length - allowed.length, scope: as ? 'policy' : 'operator-backup' };
      return buildBundle({ items: allowed, agencies: await tx.identities.listAgencies(), sightings });
    });
  }

  /** The agency's own hits on persons in the bundle: screening hits of its lists and its cross-checks. */
  private async sightingsFor(tx: Store, as: Actor, exported: Set<string>): Promise<SightingInput[]> {
    const out: SightingInput[] = [];
    const lists = await tx.items.all(null, 'screening-list', as.agency);
    const byId = new Map(lists.map((l) => [l.id, l]));
    for (const h of await tx.screening.hits([...byId.keys()], { limit: 10_000 })) {
      const list = byId.get(h.listId)!;
      if (!exported.has(h.subjectId) || h.decision === 'dismissed') continue;
      out.push({
        id: h.id,
        subjectId: h.subjectId,
        seenBy: as.agency,
        at: h.createdAt,
        envelope: list.envelope,
        description: `Screening of "${list.title}", row ${h.rowNo}: ${h.band} match (${h.score.toFixed(2)}), ${h.decision}`,
        hit: { source: 'screening', score: h.score, band: h.band, decision: h.decision, reason: h.reason, listId: h.listId, rowNo: h.rowNo },
      });
    }
    for (const c of await tx.exchange.crossChecksOf(as.agency)) {
      const [mine, theirs] = c.agencyA === as.agency ? [c.subjectA, c.subjectB] : [c.subjectB, c.subjectA];
      if (!exported.has(mine) || !exported.has(theirs) || c.decision === 'dismissed') continue;
      const own = await tx.items.find(mine);
      if (!own) continue;
      out.push({
        id: c.id,
        subjectId: theirs,
        seenBy: as.agency,
        at: c.createdAt,
        envelope: own.envelope,
        description: `Cross-check: ${as.agency}'s record ${own.title} may be the same person (${c.score.toFixed(2)}), ${c.decision}`,
        hit: { source: 'cross-check', score: c.score, decision: c.decision, reason: c.reason },
      });
    }
    return out;
  }

  /** Parses a bundle's text with the limits a hostile file meets before any parser does. */
  parseText(text: string): unknown {
    const bytes = Buffer.byteLength(text);
    if (bytes > this.maxBytes) throw new ValidationError(`The bundle is ${(bytes / 1e6).toFixed(1)} MB; at most ${(this.maxBytes / 1e6).toFixed(0)} MB is read at once: split it`, undefined, 'bundle_too_large');
    const depth = jsonDepth(text, MAX_BUNDLE_DEPTH);
    if (depth > MAX_BUNDLE_DEPTH) throw new ValidationError(`The bundle nests deeper than ${MAX_BUNDLE_DEPTH} levels: not a STIX bundle`, undefined, 'bundle_too_deep');
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new ValidationError(`The bundle is not JSON: ${(e as Error).message}`, undefined, 'bad_bundle');
    }
  }

  /** A bundle as text (checked by `parseText`), or a value that came out of `parseText` or the cell itself. */
  async importBundle(input: string | unknown, meta: RequestMeta, options: StixImportOptions = {}): Promise<StixImportReport> {
    const raw = typeof input === 'string' ? this.parseText(input) : input;
    const originator = options.originator ?? options.actor?.agency;
    const now = this.clock.now();
    const defaults: ForeignDefaults = {
      originator: originator ?? '',
      releaseTo: options.defaults?.releaseTo ?? { countries: [], agencies: [] },
      classification: options.defaults?.classification ?? 'restricted',
      tlp: options.defaults?.tlp ?? 'amber',
      subjectCategory: options.defaults?.subjectCategory ?? 'other',
      legalBasis: options.defaults?.legalBasis ?? `Intelligence shared in STIX 2.1${options.source ? ` (${options.source.slice(0, 200)})` : ''}`,
      purpose: options.defaults?.purpose ?? 'Prevention of terrorist offences: partner intelligence',
      reviewBy: options.defaults?.reviewBy ?? new Date(now.getTime() + 182 * 86_400_000).toISOString().slice(0, 10),
      userId: options.actor?.userId ?? 'import',
    };
    let reading: BundleReading;
    try {
      reading = readBundle(raw, defaults);
    } catch (e) {
      if (e instanceof BundleError) throw new ValidationError(e.message, e.problems, 'bad_bundle');
      throw e;
    }
    if (!originator && reading.mapped.some((m) => !m.ours || options.reoriginate)) {
      throw new ValidationError('Objects from another system need an originator in this cell: say which agency records them (--originator)', undefined, 'originator_required');
    }
    const entries = reading.mapped.map((m) => {
      const item = m.item;
      const envelope = options.reoriginate && m.ours ? { ...item.envelope, originator: originator! } : item.envelope;
      return { ...item, envelope, foreign: !m.ours || !!options.reoriginate };
    });
    // Our items name their agencies: a pull from another cell may name some this cell does not know.
    if (options.reoriginate) {
      const agencies = new Set((await this.store.identities.listAgencies()).map((a) => a.code));
      const countries = await this.store.identities.countryCodes();
      for (const e of entries) {
        const dropped = [...e.envelope.releaseTo.agencies.filter((a) => !agencies.has(a)), ...e.envelope.releaseTo.countries.filter((c) => !countries.has(c))];
        if (!dropped.length) continue;
        e.envelope = { ...e.envelope, releaseTo: { agencies: e.envelope.releaseTo.agencies.filter((a) => agencies.has(a)), countries: e.envelope.releaseTo.countries.filter((c) => countries.has(c)) } };
        reading.mapped.find((m) => m.item.id === e.id)?.notes.push(`released to ${dropped.join(', ')} at the source: unknown here, left out of releaseTo`);
      }
    }
    const report = await this.transfer.importItems(entries, meta, {
      action: 'stix.import',
      actor: options.actor ?? null,
      dryRun: !!options.dryRun,
      details: { source: options.source ?? null, objects: reading.objects, mapped: reading.mapped.length, unmapped: Object.fromEntries(reading.unmapped.map((u) => [u.type, u.count])) },
    });
    return {
      ...report,
      dryRun: !!options.dryRun,
      objects: reading.objects,
      mapped: reading.mapped.length,
      unmapped: reading.unmapped,
      markings: reading.markings,
      notes: reading.mapped.filter((m) => m.notes.length).slice(0, 200).map((m) => ({ stixId: m.stixId, itemId: m.item.id, notes: m.notes })),
    };
  }
}
