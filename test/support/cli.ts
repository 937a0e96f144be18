import { PassThrough } from 'node:stream';
import { run } from '../../src/cli/index.js';

/**
 * Runs the `atalaya` command in-process and collects what it prints. A run given `--data` is meant for the
 * embedded store: DATABASE_URL is withheld for its duration so a test can never write into the shared server.
 */
export async function atalaya(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (d) => (o += d));
  err.on('data', (d) => (e += d));
  const saved = process.env.DATABASE_URL;
  if (args.includes('--data')) delete process.env.DATABASE_URL;
  let code: number;
  try {
    code = await run(['node', 'atalaya', ...args], out, err);
  } finally {
    if (saved !== undefined) process.env.DATABASE_URL = saved;
  }
  return { code, out: o, err: e };
}
