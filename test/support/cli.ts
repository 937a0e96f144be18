import { PassThrough } from 'node:stream';
import { run } from '../../src/cli/index.js';

/** Runs the `atalaya` command in-process and collects what it prints. */
export async function atalaya(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (d) => (o += d));
  err.on('data', (d) => (e += d));
  const code = await run(['node', 'atalaya', ...args], out, err);
  return { code, out: o, err: e };
}
