// TAXII 2.1 read side: the cell's records as STIX objects, in collections computed by the policy for the machine
// client asking. A client sees one collection per releasability audience it belongs to — its agency's own records,
// records released to its agency, records released to its country — and in each only what `decide(export)` allows
// it. Every request is audited with the items it disclosed.
import { NotFoundError, ValidationError } from '../domain/errors.js';
import type { Actor } from '../domain/identity.js';
import type { Item } from '../domain/item.js';
import { decide } from '../domain/policy.js';
import { commonObjects, itemToStix, linksToStix, uuidv5, type StixObject } from '../interop/stix.js';
import type { Store } from '../store/store.js';
import type { AuditService, RequestMeta } from './audit-service.js';
import type { Clock } from './clock.js';
import { STIX_KINDS } from './stix-service.js';

export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
export const STIX_OBJECT_MEDIA_TYPE = 'application/stix+json;version=2.1';

export type Audience = { type: 'own' | 'agency' | 'country'; code: string };

export interface Collection {
  id: string;
  title: string;
  description: string;
  can_read: true;
  can_write: false;
  media_types: string[];
  audience: Audience;
}

export interface ObjectQuery {
  addedAfter?: Date;
  types?: string[];
  ids?: string[];
  /** `last` (default), `first`, `all`, or modified timestamps. */
  versions?: string[];
  limit: number;
  next?: string;
}

interface Entry {
  object: StixObject;
  dateAdded: Date;
  version: string;
  /** The item behind it (common objects have none). */
  itemId?: string;
}

export interface ObjectPage {
  entries: Entry[];
  more: boolean;
  next?: string;
}

const collectionId = (a: Audience) => uuidv5(`taxii-collection:${a.type}:${a.code}`);

function inAudience(item: Item, a: Audience): boolean {
  const e = item.envelope;
  if (a.type === 'own') return e.originator === a.code;
  if (a.type === 'agency') return e.releaseTo.agencies.includes(a.code);
  return e.releaseTo.countries.includes(a.code);
}

function encodeNext(e: Entry): string {
  return Buffer.from(JSON.stringify([e.dateAdded.getTime(), e.object.id, e.version])).toString('base64url');
}
function decodeNext(token: string): [number, string, string] {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'string' && typeof v[2] === 'string') return v as [number, string, string];
  } catch {
    // fall through
  }
  throw new ValidationError('This "next" value is not one this server gave', undefined, 'bad_next');
}

const order = (a: Entry, b: Entry) => a.dateAdded.getTime() - b.dateAdded.getTime() || (a.object.id < b.object.id ? -1 : a.object.id > b.object.id ? 1 : a.version < b.version ? -1 : a.version > b.version ? 1 : 0);

export class TaxiiService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** A machine client's standing purpose: the header it sends, else what its token was issued for. */
  static justification(actor: Actor, meta: RequestMeta): string | null {
    if (meta.justification) return meta.justification;
    return actor.tokenName ? `TAXII feed: ${actor.tokenName}` : null;
  }

  async collections(actor: Actor): Promise<Collection[]> {
    const country = (await this.store.identities.listCountries()).find((c) => c.code === actor.country);
    const audiences: [Audience, string, string][] = [
      [{ type: 'own', code: actor.agency }, `Records of ${actor.agency}`, `Records ${actor.agency} originated, with their envelope`],
      [{ type: 'agency', code: actor.agency }, `Released to ${actor.agency}`, `Records other agencies released to ${actor.agency}`],
      [{ type: 'country', code: actor.country }, `Released to ${country?.name ?? actor.country}`, `Records released to every agency of ${country?.name ?? actor.country}`],
    ];
    return audiences.map(([audience, title, description]) => ({
      id: collectionId(audience),
      title,
      description,
      can_read: true,
      can_write: false,
      media_types: [STIX_OBJECT_MEDIA_TYPE],
      audience,
    }));
  }

  async collection(actor: Actor, id: string): Promise<Collection> {
    const c = (await this.collections(actor)).find((x) => x.id === id);
    // Another audience's collection does not exist for this client.
    if (!c) throw new NotFoundError(`No collection ${id}`, 'collection_not_found');
    return c;
  }

  /** Objects of a collection, in date-added order, filtered and paginated as TAXII 2.1 says; audited. */
  async objects(actor: Actor, collectionIdValue: string, q: ObjectQuery, meta: RequestMeta, what: 'objects' | 'manifest' | 'versions'): Promise<ObjectPage> {
    const collection = await this.collection(actor, collectionIdValue);
    const justification = TaxiiService.justification(actor, meta);
    return this.audit.audited(actor, { ...meta, justification }, `taxii.${what}`, async (tx, note) => {
      const now = this.clock.now();
      const items: Item[] = [];
      for (const kind of STIX_KINDS) items.push(...(await tx.items.all(null, kind)));
      const allowed = items.filter((i) => inAudience(i, collection.audience) && decide(actor, 'export', i.envelope, { now, justification }).allow);
      const subjects = new Set(allowed.filter((i) => i.kind === 'subject').map((i) => i.id));
      const allVersions = q.versions?.some((v) => v !== 'last');
      // Every object of an item (its versions, its links) was added at or before the item's last change: items
      // changed before the page's starting point cannot contribute, and are not turned into STIX at all.
      const from = Math.max(q.addedAfter ? q.addedAfter.getTime() + 1 : -Infinity, q.next ? decodeNext(q.next)[0] : -Infinity);

      let entries: Entry[] = [];
      for (const item of allowed) {
        if (item.updatedAt.getTime() < from) continue;
        const versions = allVersions ? await this.history(tx, item, actor, now, justification) : [item];
        for (const v of versions) {
          const object = itemToStix(v);
          entries.push({ object, dateAdded: v.updatedAt, version: object.modified as string, itemId: item.id });
        }
        if (item.kind === 'subject') for (const r of linksToStix(item, subjects)) entries.push({ object: r, dateAdded: item.updatedAt, version: r.modified as string, itemId: item.id });
      }
      const agencies = await tx.identities.listAgencies();
      for (const c of commonObjects(entries.map((e) => e.object), agencies)) {
        const added = new Date((c.created as string | undefined) ?? 0);
        entries.push({ object: c, dateAdded: added, version: (c.modified as string | undefined) ?? (c.created as string) });
      }

      if (q.addedAfter) entries = entries.filter((e) => e.dateAdded > q.addedAfter!);
      if (q.types?.length) entries = entries.filter((e) => q.types!.includes(e.object.type));
      if (q.ids?.length) entries = entries.filter((e) => q.ids!.includes(e.object.id));
      entries = selectVersions(entries, q.versions ?? ['last']);
      entries.sort(order);
      if (q.next) {
        const [t, id, version] = decodeNext(q.next);
        const after: Entry = { object: { type: '', id }, dateAdded: new Date(t), version };
        entries = entries.filter((e) => order(e, after) > 0);
      }
      const page = entries.slice(0, q.limit);
      const more = entries.length > page.length;
      const disclosed = [...new Set(page.flatMap((e) => (e.itemId ? [e.itemId] : [])))];
      note.items = disclosed;
      note.details = { collection: collection.id, audience: `${collection.audience.type}:${collection.audience.code}`, objects: page.length, more };
      return { entries: page, more, ...(more ? { next: encodeNext(page[page.length - 1]!) } : {}) };
    });
  }

  /** An item's versions as they were, oldest first; a version is served only if its envelope allowed it too. */
  private async history(tx: Store, item: Item, actor: Actor, now: Date, justification: string | null): Promise<Item[]> {
    const rows = (await tx.items.versions(item.id)).sort((a, b) => a.version - b.version);
    const out: Item[] = [];
    // The row for version n holds the state before it (version n-1) and when version n was made.
    for (const row of rows) {
      const prior = row.version - 1;
      const made = rows.find((r) => r.version === prior)?.changedAt ?? item.createdAt;
      const snap = row.snapshot;
      const past: Item = { ...item, version: prior, envelope: snap.envelope, title: snap.title, body: snap.body, updatedAt: made };
      if (past.version >= 1 && decide(actor, 'export', past.envelope, { now, justification }).allow) out.push(past);
    }
    out.push(item);
    return out;
  }

  /** The versions of one object in a collection. */
  async versionsOf(actor: Actor, collection: string, objectId: string, q: ObjectQuery, meta: RequestMeta): Promise<ObjectPage> {
    const page = await this.objects(actor, collection, { ...q, ids: [objectId], versions: ['all'] }, meta, 'versions');
    if (!page.entries.length && !q.next && !q.addedAfter) throw new NotFoundError(`No object ${objectId} in this collection`, 'object_not_found');
    return page;
  }
}

function selectVersions(entries: Entry[], versions: string[]): Entry[] {
  if (versions.includes('all')) return entries;
  const byId = new Map<string, Entry[]>();
  for (const e of entries) byId.set(e.object.id, [...(byId.get(e.object.id) ?? []), e]);
  const out: Entry[] = [];
  for (const list of byId.values()) {
    list.sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
    const chosen = new Set<Entry>();
    for (const v of versions) {
      if (v === 'last') chosen.add(list[list.length - 1]!);
      else if (v === 'first') chosen.add(list[0]!);
      else for (const e of list) if (e.version === v) chosen.add(e);
    }
    out.push(...chosen);
  }
  return out;
}


