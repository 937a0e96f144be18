// The node's Ed25519 key: generated on first start and kept in the data folder. It signs the audit chain head
// so that an exported trail can be checked elsewhere with the public key alone.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface NodeKey {
  keyId: string;
  privateKey: KeyObject;
  publicKeyPem: string;
}

export function keyIdOf(publicKeyPem: string): string {
  return createHash('sha256').update(publicKeyPem).digest('hex').slice(0, 16);
}

export function loadOrCreateNodeKey(dataDir: string): NodeKey {
  const file = path.join(dataDir, 'node-key.pem');
  let pem: string;
  if (fs.existsSync(file)) {
    pem = fs.readFileSync(file, 'utf8');
  } else {
    fs.mkdirSync(dataDir, { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    fs.writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
  }
  const privateKey = createPrivateKey(pem);
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return { keyId: keyIdOf(publicKeyPem), privateKey, publicKeyPem };
}

/** The signed statement: "the chain's entry `seq` has hash `hash`". */
export function headStatement(seq: number, hash: string): Buffer {
  return Buffer.from(`atalaya-audit-head:v1:${seq}:${hash}`);
}

export function signHead(key: NodeKey, seq: number, hash: string): string {
  return sign(null, headStatement(seq, hash), key.privateKey).toString('base64');
}

export function verifyHead(publicKeyPem: string, seq: number, hash: string, signature: string): boolean {
  try {
    return verify(null, headStatement(seq, hash), createPublicKey(publicKeyPem), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
