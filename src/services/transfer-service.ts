// The cell's own JSON: export of items (with their envelope), and an idempotent import by id and version.
import { z } from 'zod';
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
  ) {}

  /**
   * Exports every active item a user may export (policy action `export`, justification required for personal data),
   * or — from the command line with no user — the whole store, as an operator's backup.
   */
  async export(as: Actor | null, meta: RequestMeta, filter: { kinds?: string[] } = {}): Promise<ExportFile> {
    return this.audit.audited(as ?? CLI_ACTOR, meta, 'items.export', async (tx, note) => {
      const items: Item[] = [];
      const kinds = filter.kinds ?? this.kinds.map((k) => k.kind);
      for (const kind of kinds) items.push(...(await tx.items.all(null, kind)));
      const ctx = { now: this.clock.now(), justification: meta.justification };
      const allowed = as ? items.filter((i) => decide(as, 'export', i.envelope, ctx).allow) : items;
      note.items = allowed.map((i) => i.id);
      note.details = { format: EXPORT_FORMAT, count: allowed.length, refused: items.length - allowed.length, scope: as ? 'policy' : 'operator-backup' };
      return { format: EXPORT_FORMAT, exportedAt: this.clock.now().toISOString(), items: allowed.map(toExported) };
    });
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
    const kinds = new Map(this.kinds.map((k) => [k.kind, k]));
    return this.audit.audited(CLI_ACTOR, meta, 'items.import', async (tx, note) => {
      const report: ImportReport = { created: 0, updated: 0, unchanged: 0, newerInStore: 0, ids: [] };
      const agencies = new Set((await tx.identities.listAgencies()).map((a) => a.code));
      const problems: { index: number; id: string; message: string }[] = [];
      const ready: { item: Item; searchText: string }[] = [];
      parsed.data.items.forEach((x, index) => {
        const kind = kinds.get(x.kind);
        if (!kind) return problems.push({ index, id: x.id, message: `unknown kind ${x.kind}` });
        if (!agencies.has(x.envelope.originator)) return problems.push({ index, id: x.id, message: `unknown originator ${x.envelope.originator}` });
        const unknown = x.envelope.releaseTo.agencies.filter((a) => !agencies.has(a));
        if (unknown.length) return problems.push({ index, id: x.id, message: `releaseTo names unknown agencies ${unknown.join(', ')}` });
        const erased = x.envelope.status === 'erased';
        const body = erased ? { success: true as const, data: x.body } : kind.body.safeParse(x.body);
        if (!body.success) return problems.push({ index, id: x.id, message: body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
        const envelope: Envelope = {
          ...x.envelope,
          handling: { code: x.envelope.handling.code, text: x.envelope.handling.text ?? null },
          grading: (x.envelope.grading ?? null) as Grading | null,
          subjectCategory: x.envelope.subjectCategory ?? null,
        };
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
        ready.push({ item, searchText: erased ? '' : kind.searchText(item.body) });
        return undefined;
      });
      if (problems.length) throw new ValidationError(`${problems.length} item(s) cannot be imported; nothing was`, problems.slice(0, 100), 'bad_import_file');

      for (const { item, searchText } of ready) {
        const held = await tx.items.findForUpdate(item.id);
        if (!held) {
          await tx.items.insert(item, searchText);
          report.created++;
        } else if (held.version === item.version) {
          report.unchanged++;
          continue;
        } else if (held.version > item.version) {
          report.newerInStore++;
          continue;
        } else {
          await this.replace(tx, held, item, searchText);
          report.updated++;
        }
        report.ids.push(item.id);
      }
      note.items = report.ids;
      note.details = { created: report.created, updated: report.updated, unchanged: report.unchanged, newerInStore: report.newerInStore };
      return report;
    });
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
