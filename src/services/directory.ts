// The cell's countries and agencies, read often and changed rarely: kept for a few seconds between reads.
// Changes made in this process clear it at once; another process's changes show within the TTL.
import type { Agency } from '../domain/identity.js';
import type { Store } from '../store/store.js';

const TTL_MS = 5000;

export class Directory {
  #agencies: { at: number; value: Agency[] } | null = null;
  #countries: { at: number; value: Set<string> } | null = null;

  constructor(private readonly store: Store) {}

  /** `tx`: the open transaction to read through, if any (the embedded database has one connection). */
  async agencies(tx: Store = this.store): Promise<Agency[]> {
    if (!this.#agencies || Date.now() - this.#agencies.at > TTL_MS) this.#agencies = { at: Date.now(), value: await tx.identities.listAgencies() };
    return this.#agencies.value;
  }

  async countries(tx: Store = this.store): Promise<Set<string>> {
    if (!this.#countries || Date.now() - this.#countries.at > TTL_MS) this.#countries = { at: Date.now(), value: await tx.identities.countryCodes() };
    return this.#countries.value;
  }

  invalidate(): void {
    this.#agencies = null;
    this.#countries = null;
  }
}
