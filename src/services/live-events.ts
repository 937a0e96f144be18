// Live events for the board: persisted with increasing ids (so a client reconnecting with Last-Event-ID gets what
// it missed), announced with NOTIFY at commit (so every server process on one PostgreSQL delivers them), and
// filtered for each connected user by the policy (audience agencies and roles, clearance, content roles).
import type { Envelope } from '../domain/envelope.js';
import { classificationRank } from '../domain/envelope.js';
import { hasContentRole, type Actor } from '../domain/identity.js';
import type { OpenDatabase } from '../store/db.js';
import type { LiveEvent } from '../store/repositories/exchange-repository.js';
import type { Store } from '../store/store.js';
import type { Clock } from './clock.js';

export type { LiveEvent };

export interface Subscriber {
  actor: Actor;
  lastSent: number;
  /** `frames`: one or more events as server-sent-events frames, in id order, written at once. */
  send(frames: string, lastId: number): void;
}

/** The server-sent-events frame of an event. */
export function sseFrame(e: LiveEvent): string {
  return `id: ${e.id}\nevent: ${e.kind}\ndata: ${JSON.stringify({ ...e.payload, at: e.at.toISOString() })}\n\n`;
}

/** Who may receive an event about an item: its owner and everyone it is released to (agencies of released countries). */
export async function audienceOf(tx: Store, envelope: Pick<Envelope, 'originator' | 'releaseTo'>): Promise<string[]> {
  const agencies = new Set([envelope.originator, ...envelope.releaseTo.agencies]);
  if (envelope.releaseTo.countries.length) {
    for (const a of await tx.identities.listAgencies()) if (envelope.releaseTo.countries.includes(a.country)) agencies.add(a.code);
  }
  return [...agencies].sort();
}

export function mayReceive(actor: Actor, e: LiveEvent): boolean {
  if (!hasContentRole(actor)) return false;
  if (!e.agencies.includes(actor.agency)) return false;
  if (e.roles && !e.roles.some((r) => actor.roles.includes(r as never))) return false;
  return classificationRank(actor.clearance) >= e.classificationRank;
}

export class LiveEvents {
  readonly #subscribers = new Set<Subscriber>();
  #lastSeen = 0;
  #draining: Promise<void> | null = null;
  #again = false;
  #rewind: number | null = null;
  #unlisten: (() => Promise<void>) | null = null;
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Records an event in the current transaction; it is delivered once that transaction commits. */
  async publish(
    tx: Store,
    e: { kind: string; itemId?: string | null; agencies: string[]; roles?: string[] | null; classification?: Envelope['classification']; payload: Record<string, unknown> },
  ): Promise<number> {
    return tx.exchange.insertEvent({
      at: this.clock.now(),
      kind: e.kind,
      itemId: e.itemId ?? null,
      agencies: [...new Set(e.agencies)],
      roles: e.roles ?? null,
      classificationRank: e.classification ? classificationRank(e.classification) : 0,
      payload: e.payload,
    });
  }

  /** Starts listening for NOTIFY (both databases) and a slow poll as a safety net. */
  async start(database: OpenDatabase): Promise<void> {
    this.#lastSeen = await this.store.exchange.lastEventId();
    const onNotify = () => this.poke();
    if (database.pglite) {
      this.#unlisten = await database.pglite.listen('atalaya_events', onNotify);
    } else if (database.pool) {
      const client = await database.pool.connect();
      client.on('notification', onNotify);
      await client.query('listen atalaya_events');
      this.#unlisten = async () => {
        await client.query('unlisten atalaya_events').catch(() => undefined);
        client.release();
      };
    }
    this.#timer = setInterval(onNotify, 2000);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#unlisten?.();
    this.#unlisten = null;
    await this.#draining;
  }

  /**
   * Reads events since the last seen — or since a new subscriber's Last-Event-ID — and hands each to the
   * subscribers that may receive it and have not had it. One drain at a time, ids in order: nothing is sent twice
   * and nothing is skipped.
   */
  poke(): Promise<void> {
    // Nobody listening here: nothing to read (a new subscriber starts from the store's last id).
    if (!this.#subscribers.size) return this.#draining ?? Promise.resolve();
    if (this.#draining) {
      this.#again = true;
      return this.#draining;
    }
    this.#draining = (async () => {
      do {
        this.#again = false;
        let cursor = Math.min(this.#lastSeen, this.#rewind ?? Number.POSITIVE_INFINITY);
        this.#rewind = null;
        for (;;) {
          const events = await this.store.exchange.eventsAfter(cursor, 500);
          if (!events.length) break;
          // Each subscriber gets the batch's frames in one write: a busy board costs one write per drain, not per event.
          const pending = new Map<Subscriber, string[]>();
          for (const e of events) {
            cursor = e.id;
            if (e.id > this.#lastSeen) this.#lastSeen = e.id;
            let frame: string | undefined;
            for (const s of this.#subscribers) {
              if (e.id <= s.lastSent || !mayReceive(s.actor, e)) continue;
              s.lastSent = e.id;
              const list = pending.get(s);
              if (list) list.push((frame ??= sseFrame(e)));
              else pending.set(s, [(frame ??= sseFrame(e))]);
            }
          }
          for (const [s, frames] of pending) this.deliver(s, frames.join(''), s.lastSent);
        }
      } while (this.#again || this.#rewind !== null);
    })().finally(() => (this.#draining = null));
    return this.#draining;
  }

  private deliver(s: Subscriber, frames: string, lastId: number): void {
    try {
      s.send(frames, lastId);
    } catch {
      this.#subscribers.delete(s);
    }
  }

  /** Subscribes; with `lastEventId`, the subscriber first gets what it may receive since then. */
  async subscribe(s: Subscriber, lastEventId: number | null): Promise<() => void> {
    if (lastEventId === null && !this.#subscribers.size) this.#lastSeen = await this.store.exchange.lastEventId();
    s.lastSent = lastEventId ?? this.#lastSeen;
    this.#subscribers.add(s);
    this.#rewind = Math.min(this.#rewind ?? Number.POSITIVE_INFINITY, s.lastSent);
    await this.poke();
    return () => this.#subscribers.delete(s);
  }

  get subscribers(): number {
    return this.#subscribers.size;
  }
}
