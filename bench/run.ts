// `npm run bench`: every benchmark of the cell, each printing its figures and the peers measured in the same run.
import pg from 'pg';
import { benchMatching } from './matching.js';
import { benchStream } from './stream.js';

const only = process.argv[2];
if (!only || only === 'matching') await benchMatching({ large: Number(process.env.BENCH_LARGE ?? 1_000_000) });

if (!only || only === 'stream') {
  // On PostgreSQL (the production store) when one answers, and on the embedded database.
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: url });
  const reachable = await client.connect().then(
    () => true,
    () => false,
  );
  if (reachable) await client.end();
  if (reachable) await benchStream(url);
  else console.log(`\nLive board on PostgreSQL: skipped (no server at ${url})`);
  await benchStream(undefined);
}
