// The hash chain of the audit trail: hash = SHA-256(prevHash ‖ canonical(entry)). Pure: no I/O.
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** What each audit entry records. `seq`, `prevHash` and `hash` are set when the entry is appended. */
export interface AuditEntry {
  seq: number;
  at: string; // ISO 8601, millisecond precision, UTC
  actorUserId: string | null;
  actorAgency: string | null;
  action: string;
  outcome: 'success' | 'denied' | 'failed';
  items: string[];
  justification: string | null;
  recipients: string[];
  details: Record<string, unknown>;
  flagged: boolean;
  ip: string | null;
  prevHash: string;
}

export interface ChainedAuditEntry extends AuditEntry {
  hash: string;
}

/**
 * Canonical JSON: object keys sorted, no whitespace, arrays in order; `undefined` members dropped.
 * Numbers must be finite. The same value always gives the same bytes, whatever the database did to key order.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('canonicalJson: non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new Error(`canonicalJson: cannot encode ${typeof value}`);
}

export function entryHash(entry: AuditEntry): string {
  return createHash('sha256').update(entry.prevHash).update(canonicalJson(entry)).digest('hex');
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  headSeq: number | null;
  headHash: string | null;
  /** The first entry whose hash or link does not hold. */
  firstBroken?: { seq: number; reason: 'hash-mismatch' | 'broken-link' | 'sequence-gap' };
}

/** Walks entries in order; `previous` carries the state between batches so a long trail verifies in pages. */
export class ChainVerifier {
  #prevHash = GENESIS_HASH;
  #prevSeq = 0;
  #checked = 0;
  #broken: VerifyResult['firstBroken'];

  push(entry: ChainedAuditEntry): boolean {
    if (this.#broken) return false;
    const { hash, ...rest } = entry;
    if (entry.seq !== this.#prevSeq + 1) this.#broken = { seq: entry.seq, reason: 'sequence-gap' };
    else if (entry.prevHash !== this.#prevHash) this.#broken = { seq: entry.seq, reason: 'broken-link' };
    else if (entryHash(rest) !== hash) this.#broken = { seq: entry.seq, reason: 'hash-mismatch' };
    if (this.#broken) return false;
    this.#prevHash = hash;
    this.#prevSeq = entry.seq;
    this.#checked++;
    return true;
  }

  result(): VerifyResult {
    return {
      ok: !this.#broken,
      checked: this.#checked,
      headSeq: this.#checked ? this.#prevSeq : null,
      headHash: this.#checked ? this.#prevHash : null,
      ...(this.#broken ? { firstBroken: this.#broken } : {}),
    };
  }
}
