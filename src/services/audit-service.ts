// Writes the audit trail — in the same transaction as the change it records — and reads, verifies and exports it.
import { ChainVerifier, type ChainedAuditEntry, type VerifyResult } from '../audit/chain.js';
import { signHead, verifyHead, type NodeKey } from '../audit/node-key.js';
import { DomainError, ForbiddenError, UnauthenticatedError } from '../domain/errors.js';
import type { Actor } from '../domain/identity.js';
import { may } from '../domain/policy.js';
import type { AuditQuery } from '../store/repositories/audit-repository.js';
import type { Store } from '../store/store.js';
import type { Clock } from './clock.js';

/** Where a request came from, and why the actor says they make it. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  justification: string | null;
  breakGlass: boolean;
}

export const CLI_META: RequestMeta = { ip: null, userAgent: 'atalaya-cli', justification: null, breakGlass: false };

/** Who the trail names: a user (possibly through an API token), the command line, or nobody yet (a failed login). */
export type AuditActor = Pick<Actor, 'userId' | 'agency'> | { userId: string; agency: null };

export const CLI_ACTOR: AuditActor = { userId: 'cli', agency: null };

/** What an audited operation fills in as it goes: the items it touched, recipients, details, a flag. */
export interface AuditNote {
  items: string[];
  recipients: string[];
  details: Record<string, unknown>;
  flagged: boolean;
  justification?: string | null;
}

export interface SignedExport {
  format: 'atalaya-audit-export/v1';
  exportedAt: string;
  keyId: string;
  publicKey: string;
  head: { seq: number; hash: string; signature: string } | null;
  entries: ChainedAuditEntry[];
}

export class AuditService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly nodeKey: NodeKey,
  ) {}

  async append(
    tx: Store,
    actor: AuditActor | null,
    meta: RequestMeta,
    action: string,
    outcome: 'success' | 'denied' | 'failed',
    note: Partial<AuditNote> = {},
  ): Promise<ChainedAuditEntry> {
    return tx.audit.append({
      at: this.clock.now().toISOString(),
      actorUserId: actor?.userId ?? null,
      actorAgency: actor?.agency ?? null,
      action,
      outcome,
      items: note.items ?? [],
      justification: note.justification !== undefined ? note.justification : meta.justification,
      recipients: note.recipients ?? [],
      details: note.details ?? {},
      flagged: note.flagged ?? false,
      ip: meta.ip,
    });
  }

  /**
   * Runs `fn` in one transaction and appends its audit entry in that same transaction. If `fn` throws, the change
   * rolls back and only an entry recording the refusal or failure is written.
   */
  async audited<T>(
    actor: AuditActor | null,
    meta: RequestMeta,
    action: string,
    fn: (tx: Store, note: AuditNote) => Promise<T>,
  ): Promise<T> {
    const note: AuditNote = { items: [], recipients: [], details: {}, flagged: false };
    try {
      return await this.store.transaction(async (tx) => {
        const result = await fn(tx, note);
        await this.append(tx, actor, meta, action, 'success', note);
        return result;
      });
    } catch (error) {
      const denied = error instanceof ForbiddenError || error instanceof UnauthenticatedError || (error instanceof DomainError && error.status === 404);
      const code = error instanceof DomainError ? error.code : 'internal_error';
      await this.store.transaction((tx) =>
        this.append(tx, actor, meta, action, denied ? 'denied' : 'failed', {
          ...note,
          details: { ...note.details, error: code },
        }),
      );
      throw error;
    }
  }

  /** Recomputes the whole chain, page by page, and names the first broken entry. */
  async verify(): Promise<VerifyResult & { signedHead?: { seq: number; valid: boolean } }> {
    const verifier = new ChainVerifier();
    let after = 0;
    for (;;) {
      const page = await this.store.audit.page(after, 2000);
      if (!page.length) break;
      for (const e of page) if (!verifier.push(e)) return verifier.result();
      after = page[page.length - 1]!.seq;
    }
    const result = verifier.result();
    const signed = await this.store.audit.latestSignedHead();
    if (!signed) return result;
    // A signed head must still be in the chain with the same hash: a rewritten-and-rehashed trail fails here.
    const entry = (await this.store.audit.page(signed.seq - 1, 1))[0];
    const valid = !!entry && entry.hash === signed.hash && verifyHead(this.nodeKey.publicKeyPem, signed.seq, signed.hash, signed.signature);
    return { ...result, ok: result.ok && valid, signedHead: { seq: signed.seq, valid } };
  }

  /** Signs the current head with the node key and keeps the signature. */
  async signCurrentHead(): Promise<{ seq: number; hash: string; signature: string } | null> {
    const head = await this.store.audit.head();
    if (!head) return null;
    const signature = signHead(this.nodeKey, head.seq, head.hash);
    await this.store.audit.saveHead({ ...head, signature, keyId: this.nodeKey.keyId, signedAt: this.clock.now() });
    return { ...head, signature };
  }

  async export(): Promise<SignedExport> {
    const entries: ChainedAuditEntry[] = [];
    let after = 0;
    for (;;) {
      const page = await this.store.audit.page(after, 2000);
      if (!page.length) break;
      entries.push(...page);
      after = page[page.length - 1]!.seq;
    }
    const last = entries[entries.length - 1];
    const head = last ? { seq: last.seq, hash: last.hash, signature: signHead(this.nodeKey, last.seq, last.hash) } : null;
    return {
      format: 'atalaya-audit-export/v1',
      exportedAt: this.clock.now().toISOString(),
      keyId: this.nodeKey.keyId,
      publicKey: this.nodeKey.publicKeyPem,
      head,
      entries,
    };
  }

  /** The trail for auditors; reading it is itself recorded, in the same transaction. */
  async query(actor: Actor, q: AuditQuery, meta: RequestMeta): Promise<ChainedAuditEntry[]> {
    return this.audited(actor, meta, 'audit.read', async (tx, note) => {
      note.details = { filter: JSON.parse(JSON.stringify(q)) };
      if (!may(actor, 'audit.read')) throw new ForbiddenError('Only auditors read the audit trail', 'not_auditor');
      return tx.audit.query(q);
    });
  }
}

/** Checks an exported file on its own: the chain and the head signature, with the public key it carries. */
export function verifyExport(file: SignedExport, trustedPublicKeyPem?: string): VerifyResult & { signatureValid: boolean } {
  const verifier = new ChainVerifier();
  for (const e of file.entries) if (!verifier.push(e)) break;
  const result = verifier.result();
  const key = trustedPublicKeyPem ?? file.publicKey;
  const signatureValid =
    file.head === null
      ? file.entries.length === 0
      : result.headSeq === file.head.seq && result.headHash === file.head.hash && verifyHead(key, file.head.seq, file.head.hash, file.head.signature);
  return { ...result, ok: result.ok && signatureValid, signatureValid };
}
