import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The cell's shared reference folder (eval data, formats): ATALAYA_SHARED_DIR, else `../shared` beside the
 * checkout, else /work/shared — so a checkout made anywhere on this machine finds the same files.
 */
export function sharedDir(): string {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const candidates = [process.env.ATALAYA_SHARED_DIR, path.join(root, '../shared'), '/work/shared'].filter((x): x is string => !!x);
  return candidates.find((c) => fs.existsSync(path.join(c, 'eval'))) ?? candidates[0]!;
}

export const sharedFile = (...parts: string[]) => path.join(sharedDir(), ...parts);
