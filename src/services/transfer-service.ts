// The cell's own JSON: export of items (with their envelope), and an idempotent import by id and version.
import { z } from 'zod';
import { canonicalJson } from '../audit/chain.js';
import { envelopeInputSchema } from '../domain/envelope-input.js';
import { ITEM_STATUSES, type Envelope, type Grading } from '../domain/envelope.js';
import { ValidationError } from '../domain/errors.js';
import type { Actor } from '../domain/identity.js';
import { diffValues, itemToJson, type Item } from '../domain/item.js';
import type { ItemKind } from '../domain/kinds.js';
import { decide } from '../domain/policy.js';
import type { Store } from '../store/store.js';
import type { AuditService, RequestMeta } from './audit-service.js';
import { CLI_ACTOR } from './audit-service.js';
import type { Clock } from './clock.js';
import type { ItemEvents } from './item-events.js';

export const EXPORT_FORMAT = 'atalaya-items/v1';

const exportedItem = z.strictObject({
  id: z.string().min(1).max(64),
  kind: z.string().max(40),
  version: z.number().int().min(1),
  title: z.string().max(500),
  envelope: envelopeInputSchema.extend({ originator: z.string().max(40), reviewBy: z.string(), status: z.enum(ITEM_STATUSES) }),
  body: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

export const exportFile = z.strictObject({
  format: z.literal(EXPORT_FORMAT),
  exportedAt: z.string(),
  items: z.array(exportedItem).max(1_000_000),
});
export type ExportFile = z.infer<typeof exportFile>;

/** An item on its way in: as the cell writes it, and whether it was read from another system. */
export type IncomingItem = Omit<ExportFile['items'][number], 'envelope'> & {
  envelope: Omit<Envelope, 'handling' | 'grading' | 'subjectCategory'> & { handling: { code: Envelope['handling']['code']; text?: string | null | undefined }; grading?: string | null | undefined; subjectCategory?: Envelope['subjectCategory'] | undefined };
  foreign: boolean;
};

export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
  /** Items the store holds in a newer version than the file: left as they are. */
  newerInStore: number;
  ids: string[];
}

function toExported(item: Item): ExportFile['items'][number] {
  return itemToJson(item);
}

export class TransferService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly kinds: ItemKind<any>[],
    private readonly events?: ItemEvents,
  ) {}

  /**
   * Exports every active item a user may export (policy action `export`, justification required for personal data),
   * or — from the command line with no user — the whole store, as an operator's backup.
   */
  async export(as: Actor | null, meta: RequestMeta, filter: { kinds?: string[] } = {}): Promise<ExportFile> {
    return this.audit.audited(as ?? CLI_ACTOR, meta, 'items.export', async (tx, note) => {
      const { items, allowed } = await this.exportable(tx, as, meta, filter.kinds ?? this.kinds.map((k) => k.kind));
      note.items = allowed.map((i) => i.id);
      note.details = { format: EXPORT_FORMAT, count: allowed.length, refused: items.length - allowed.length, scope: as ? 'policy' : 'operator-backup' };
      return { format: EXPORT_FORMAT, exportedAt: this.clock.now().toISOString(), items: allowed.map(toExported) };
    });
  }

  /** Items of these kinds, and those of them the actor may export (all of them for the operator: a backup). */
  async exportable(tx: Store, as: Actor | null, meta: RequestMeta, kinds: string[], keep: (i: Item) => boolean = () => true): Promise<{ items: Item[]; allowed: Item[] }> {
    const items: Item[] = [];
    for (const kind of kinds) items.push(...(await tx.items.all(null, kind)).filter(keep));
    const ctx = { now: this.clock.now(), justification: meta.justification };
    return { items, allowed: as ? items.filter((i) => decide(as, 'export', i.envelope, ctx).allow) : items };
  }

  /** Imports a file all or nothing: every item is checked first; an item already held in that version is skipped. */
  async import(raw: unknown, meta: RequestMeta): Promise<ImportReport> {
    const parsed = exportFile.safeParse(raw);
    if (!parsed.success) {
      throw new ValidationError(
        `Not an Atalaya export (${EXPORT_FORMAT})`,
        parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message })),
        'bad_import_file',
      );
    }
    return this.importItems(parsed.data.items.map((x) => ({ ...x, foreign: false })), meta, { action: 'items.import' });
  }

  /**
   * The one write path of every import (the cell's JSON, STIX, TAXII pulls): all items are checked before any is
   * written, in one transaction with one audit entry. Items of the cell (`foreign: false`) are kept by id and
   * version; items read from elsewhere (`foreign: true`) are compared by content, and a changed one becomes a new
   * version that keeps the holder's envelope (a re-import does not undo a release or a review).
   * With `actor`, each item must be one the actor may create (originator control); without, it is an operator's.
   */
  async importItems(
    entries: IncomingItem[],
    meta: RequestMeta,
    options: { action: string; actor?: Actor | null; dryRun?: boolean; details?: Record<string, unknown> },
  ): Promise<ImportReport> {
    const kinds = new Map(this.kinds.map((k) => [k.kind, k]));
    const now = this.clock.now();
    const run = async (tx: Store, note: { items?: string[]; details?: Record<string, unknown> }) => {
      const report: ImportReport = { created: 0, updated: 0, unchanged: 0, newerInStore: 0, ids: [] };
      const agencies = new Set((await tx.identities.listAgencies()).map((a) => a.code));
      const countries = await tx.identities.countryCodes();
      const problems: { index: number; id: string; message: string }[] = [];
      const ready: { item: Item; searchText: string; foreign: boolean }[] = [];
      entries.forEach((x, index) => {
        const kind = kinds.get(x.kind);
        if (!kind) return problems.push({ index, id: x.id, message: `unknown kind ${x.kind}` });
        if (!agencies.has(x.envelope.originator)) return problems.push({ index, id: x.id, message: `unknown originator ${x.envelope.originator}` });
        const unknown = x.envelope.releaseTo.agencies.filter((a) => !agencies.has(a));
        if (unknown.length) return problems.push({ index, id: x.id, message: `releaseTo names unknown agencies ${unknown.join(', ')}` });
        const unknownCountries = x.envelope.releaseTo.countries.filter((c) => !countries.has(c));
        if (unknownCountries.length) return problems.push({ index, id: x.id, message: `releaseTo names unknown countries ${unknownCountries.join(', ')}` });
        const erased = x.envelope.status === 'erased';
        const body = erased ? { success: true as const, data: x.body } : kind.body.safeParse(x.body);
        if (!body.success) return problems.push({ index, id: x.id, message: body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
        const envelope: Envelope = {
          ...x.envelope,
          handling: { code: x.envelope.handling.code, text: x.envelope.handling.text ?? null },
          grading: (x.envelope.grading ?? null) as Grading | null,
          subjectCategory: x.envelope.subjectCategory ?? null,
        };
        if (kind.personalData === 'always' && !envelope.subjectCategory) return problems.push({ index, id: x.id, message: 'a record of a person needs its subject category' });
        if (kind.gradingRequired && !envelope.grading) return problems.push({ index, id: x.id, message: `a ${kind.kind} needs its 4x4 grading` });
        if (options.actor) {
          const d = decide(options.actor, 'create', envelope, { now });
          if (!d.allow) return problems.push({ index, id: x.id, message: `not yours to record (${d.reason}): originator ${envelope.originator}` });
        }
        const item: Item = {
          id: x.id,
          kind: x.kind,
          version: x.version,
          title: x.title,
          envelope,
          body: body.data as Record<string, unknown>,
          createdAt: new Date(x.createdAt),
          createdBy: x.createdBy,
          updatedAt: new Date(x.updatedAt),
          updatedBy: x.updatedBy,
        };
        if (Number.isNaN(item.createdAt.getTime()) || Number.isNaN(item.updatedAt.getTime())) return problems.push({ index, id: x.id, message: 'createdAt/updatedAt are not dates' });
        ready.push({ item, searchText: erased ? '' : kind.searchText(item.body), foreign: x.foreign });
        return undefined;
      });
      if (problems.length) throw new ValidationError(`${problems.length} item(s) cannot be imported; nothing was`, problems.slice(0, 100), 'bad_import_file');

      for (const { item, searchText, foreign } of ready) {
        const held = await tx.items.findForUpdate(item.id);
        if (held && held.kind !== item.kind) throw new ValidationError(`${item.id} is held as a ${held.kind}, not a ${item.kind}; nothing was imported`, undefined, 'bad_import_file');
        if (foreign && held) {
          if (held.envelope.originator !== item.envelope.originator) {
            throw new ValidationError(`${item.id} is held by ${held.envelope.originator}: another agency's record is not overwritten; nothing was imported`, undefined, 'bad_import_file');
          }
          const same = canonicalJson([held.title, held.body, held.envelope.tlp, held.envelope.handling]) === canonicalJson([item.title, item.body, item.envelope.tlp, item.envelope.handling]);
          if (same) {
            report.unchanged++;
            continue;
          }
          const next: Item = { ...item, version: held.version + 1, envelope: { ...held.envelope, tlp: item.envelope.tlp, handling: item.envelope.handling }, createdAt: held.createdAt, createdBy: held.createdBy };
          if (!options.dryRun) await this.replace(tx, held, next, searchText);
          report.updated++;
        } else if (!held) {
          if (!options.dryRun) await tx.items.insert(foreign ? { ...item, version: 1 } : item, searchText);
          report.created++;
        } else if (held.version === item.version) {
          report.unchanged++;
          continue;
        } else if (held.version > item.version) {
          report.newerInStore++;
          continue;
        } else {
          if (!options.dryRun) await this.replace(tx, held, item, searchText);
          report.updated++;
        }
        report.ids.push(item.id);
      }
      note.items = report.ids.slice(0, 10_000);
      note.details = { ...options.details, dryRun: !!options.dryRun, created: report.created, updated: report.updated, unchanged: report.unchanged, newerInStore: report.newerInStore };
      return report;
    };
    const report = await this.audit.audited(options.actor ?? CLI_ACTOR, meta, options.dryRun ? `${options.action}.dry-run` : options.action, run);
    if (!options.dryRun) this.events?.changed(report.ids);
    return report;
  }

  private async replace(tx: Store, held: Item, incoming: Item, searchText: string): Promise<void> {
    await tx.items.insertVersion({
      itemId: held.id,
      version: incoming.version,
      snapshot: { envelope: held.envelope, title: held.title, body: held.body },
      diff: diffValues({ envelope: held.envelope, title: held.title, body: held.body }, { envelope: incoming.envelope, title: incoming.title, body: incoming.body }),
      reason: `import of version ${incoming.version}`,
      changedAt: this.clock.now(),
      changedBy: 'import',
    });
    await tx.items.update(incoming, held.version, searchText);
  }
}
