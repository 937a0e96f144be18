// `npm run bench`: every benchmark of the cell, each in a process of its own (a fresh heap), each printing its
// figures and the peers measured in the same run. `npm run bench matching` or `npm run bench stream` runs one.
import { spawnSync } from 'node:child_process';
import pg from 'pg';

const only = process.argv[2];
const self = new URL(import.meta.url).pathname;

function child(name: string, env: Record<string, string | undefined> = {}): void {
  const r = spawnSync(process.execPath, ['--max-old-space-size=6144', '--import', 'tsx', self, name], { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status) process.exitCode = r.status;
}

if (only === 'matching-run') {
  const { benchMatching } = await import('./matching.js');
  await benchMatching({ large: Number(process.env.BENCH_LARGE ?? 1_000_000) });
} else if (only === 'stream-run') {
  const { benchStream } = await import('./stream.js');
  await benchStream(process.env.BENCH_STREAM_URL || undefined);
} else {
  if (!only || only === 'matching') child('matching-run');
  if (!only || only === 'stream') {
    // On PostgreSQL (the production store) when one answers, and on the embedded database.
    const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const client = new pg.Client({ connectionString: url });
    const reachable = await client.connect().then(
      () => true,
      () => false,
    );
    if (reachable) await client.end();
    if (reachable) child('stream-run', { BENCH_STREAM_URL: url });
    else console.log(`\nLive board on PostgreSQL: skipped (no server at ${url})`);
    child('stream-run', { BENCH_STREAM_URL: '' });
  }
}
