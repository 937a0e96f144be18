import { describe, expect, it } from 'vitest';
import { canonicalJson, ChainVerifier, entryHash, GENESIS_HASH, type AuditEntry, type ChainedAuditEntry } from './chain.js';
import { generateKeyPairSync } from 'node:crypto';
import { keyIdOf, signHead, verifyHead } from './node-key.js';

function chain(n: number): ChainedAuditEntry[] {
  const out: ChainedAuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e: AuditEntry = {
      seq: i,
      at: new Date(Date.UTC(2026, 11, 14, 2, 40, i)).toISOString(),
      actorUserId: 'u1',
      actorAgency: 'MA-DGST',
      action: 'subject.view',
      outcome: 'success',
      items: [`item-${i}`],
      justification: 'lead',
      recipients: [],
      details: { b: 1, a: [1, 'x'] },
      flagged: false,
      ip: '127.0.0.1',
      prevHash: prev,
    };
    const hash = entryHash(e);
    out.push({ ...e, hash });
    prev = hash;
  }
  return out;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined, x: null }], c: 'é' } })).toBe('{"a":{"c":"é","d":[2,{"x":null,"z":1}]},"b":1}');
  });
  it('gives the same bytes whatever the key order', () => {
    expect(canonicalJson({ x: 1, y: [1, 2] })).toBe(canonicalJson({ y: [1, 2], x: 1 }));
  });
  it('refuses what JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow();
    expect(() => canonicalJson({ a: () => 1 })).toThrow();
  });
});

describe('ChainVerifier', () => {
  it('accepts an intact chain', () => {
    const v = new ChainVerifier();
    for (const e of chain(20)) expect(v.push(e)).toBe(true);
    expect(v.result()).toMatchObject({ ok: true, checked: 20, headSeq: 20 });
  });

  it('names the first entry whose content was altered', () => {
    const entries = chain(10);
    entries[6] = { ...entries[6]!, justification: 'something else' };
    const v = new ChainVerifier();
    for (const e of entries) v.push(e);
    expect(v.result()).toMatchObject({ ok: false, checked: 6, firstBroken: { seq: 7, reason: 'hash-mismatch' } });
  });

  it('detects a rehashed entry by the broken link to the next', () => {
    const entries = chain(10);
    const altered = { ...entries[3]!, outcome: 'denied' as const };
    const { hash: _h, ...rest } = altered;
    entries[3] = { ...altered, hash: entryHash(rest) };
    const v = new ChainVerifier();
    for (const e of entries) v.push(e);
    expect(v.result().firstBroken).toEqual({ seq: 5, reason: 'broken-link' });
  });

  it('detects a deleted entry', () => {
    const entries = chain(10);
    entries.splice(4, 1);
    const v = new ChainVerifier();
    for (const e of entries) v.push(e);
    expect(v.result().firstBroken).toEqual({ seq: 6, reason: 'sequence-gap' });
  });
});

describe('signed head', () => {
  it('verifies with the public key and fails with any other key or hash', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const key = { keyId: keyIdOf(pem), privateKey, publicKeyPem: pem };
    const sig = signHead(key, 42, 'ab'.repeat(32));
    expect(verifyHead(pem, 42, 'ab'.repeat(32), sig)).toBe(true);
    expect(verifyHead(pem, 43, 'ab'.repeat(32), sig)).toBe(false);
    expect(verifyHead(pem, 42, 'cd'.repeat(32), sig)).toBe(false);
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyHead(other, 42, 'ab'.repeat(32), sig)).toBe(false);
  });
});
