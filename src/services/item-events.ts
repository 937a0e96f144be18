// Item changes, told after their transaction committed: the screening watchlists and the cross-check listen.
// In-process here; across processes on one PostgreSQL the live-event service relays them (LISTEN/NOTIFY).
export type ItemChangeListener = (ids: string[], kind?: string) => void | Promise<void>;

export class ItemEvents {
  readonly #listeners = new Set<ItemChangeListener>();

  on(listener: ItemChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** `kind` when all the ids are of one kind (listeners may skip kinds they do not follow). */
  changed(ids: string[], kind?: string): void {
    if (!ids.length) return;
    for (const l of this.#listeners) {
      try {
        const r = l(ids, kind);
        if (r instanceof Promise) r.catch(() => undefined);
      } catch {
        // A listener's failure must not undo a committed change.
      }
    }
  }
}
