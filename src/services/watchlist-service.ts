// The watchlist: every active person of interest in one matching index, kept current as items change. A search
// sees only what the searching agency may see under the policy (DESIGN.md §3): the index is shared, the view is not.
import type { Envelope } from '../domain/envelope.js';
import type { Actor } from '../domain/identity.js';
import type { Item } from '../domain/item.js';
import { inReadScope, readScope } from '../domain/policy.js';
import type { AlertBody, SubjectBody } from '../domain/records.js';
import { MatchIndex, type MatchQuery, type MatchResult, type WatchlistEntry } from '../matching/engine.js';
import type { Store } from '../store/store.js';
import type { ItemEvents } from './item-events.js';

export interface WatchedAlert {
  id: string;
  envelope: Envelope;
  body: AlertBody;
}

interface Watched {
  envelope: Envelope;
  title: string;
  alerts: Map<string, WatchedAlert>;
}

export function entryOf(item: Item): WatchlistEntry {
  const b = item.body as SubjectBody;
  return {
    id: item.id,
    names: b.names.map((n) => n.full),
    dob: b.datesOfBirth,
    nationality: b.nationalities,
    documents: b.documents.map((d) => d.number),
    gender: b.gender === 'unknown' ? null : b.gender,
  };
}

export class WatchlistService {
  readonly #index = new MatchIndex();
  readonly #watched = new Map<string, Watched>();
  #ready: Promise<void> | null = null;
  #pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    events: ItemEvents,
  ) {
    events.on((ids, kind) => {
      if (!this.#ready || (kind && kind !== 'subject' && kind !== 'alert')) return;
      // Applied in order, after the build.
      this.#pending = this.#pending.then(() => this.refresh(ids)).catch(() => undefined);
    });
  }

  /** Builds the index on first use. */
  ready(): Promise<void> {
    this.#ready ??= this.build();
    return this.#ready.then(() => this.#pending);
  }

  private async build(): Promise<void> {
    for (const s of await this.store.items.all(null, 'subject')) this.put(s);
    for (const a of await this.store.items.all(null, 'alert')) this.putAlert(a);
  }

  private put(item: Item): void {
    const held = this.#watched.get(item.id);
    this.#watched.set(item.id, { envelope: item.envelope, title: item.title, alerts: held?.alerts ?? new Map() });
    this.#index.update(entryOf(item));
  }

  private putAlert(item: Item): void {
    const body = item.body as AlertBody;
    const subject = this.#watched.get(body.subjectId);
    if (!subject) return;
    if (item.envelope.status !== 'active' || body.state !== 'active') subject.alerts.delete(item.id);
    else subject.alerts.set(item.id, { id: item.id, envelope: item.envelope, body });
  }

  /** Re-reads changed items: persons are re-indexed or dropped, alerts re-attached. */
  async refresh(ids: string[]): Promise<void> {
    for (const id of ids) {
      const item = await this.store.items.find(id);
      if (!item) continue;
      if (item.kind === 'subject') {
        if (item.envelope.status === 'active') this.put(item);
        else {
          this.#watched.delete(item.id);
          this.#index.remove(item.id);
        }
      } else if (item.kind === 'alert') {
        const body = item.body as AlertBody;
        if (item.envelope.status === 'erased') {
          for (const w of this.#watched.values()) w.alerts.delete(item.id);
        } else if (body?.subjectId) this.putAlert(item);
      }
    }
  }

  get size(): number {
    return this.#index.size;
  }

  /** System-level search for the cross-check: every record, whoever holds it (results go to their owners only). */
  async searchAll(subject: Item, top: number): Promise<MatchResult[]> {
    await this.ready();
    const e = entryOf(subject);
    const seen = new Map<string, MatchResult>();
    for (const name of e.names) {
      for (const r of this.#index.search({ name, dob: e.dob, nationality: e.nationality, documents: e.documents, gender: e.gender }, top)) {
        if (r.id === subject.id) continue;
        const held = seen.get(r.id);
        if (!held || r.score > held.score) seen.set(r.id, r);
      }
    }
    return [...seen.values()].sort((a, b) => b.score - a.score);
  }

  /** Matches a query against what `actor` may see. Results carry the person's visible alerts. */
  async search(actor: Actor, query: MatchQuery, top = 10): Promise<{ result: MatchResult; title: string; alerts: WatchedAlert[] }[]> {
    await this.ready();
    const scope = readScope(actor, 'search');
    if (!scope) return [];
    const visible = (id: string) => {
      const w = this.#watched.get(id);
      return !!w && inReadScope(scope, w.envelope);
    };
    return this.#index.search(query, top, visible).map((result) => {
      const w = this.#watched.get(result.id)!;
      return { result, title: w.title, alerts: [...w.alerts.values()].filter((a) => inReadScope(scope, a.envelope)) };
    });
  }
}
