// Where a matching index spends its memory and its time (development tool): builds the synthetic watchlist of
// `bench/matching.ts`, prints the index's own counts and the heap it takes, then runs queries for SECS seconds so
// that a CPU profile can be taken.
//   N=1000000 SECS=20 PROF=/tmp/queries.cpuprofile node --import tsx bench/profile.ts   (profiles the queries only)
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import v8 from 'node:v8';
import { MatchIndex } from '../src/matching/engine.js';
import { generate, queries } from './matching.js';

const n = Number(process.env.N ?? 200_000);
const secs = Number(process.env.SECS ?? 10);
const listed = generate(n, 1);
// Enough queries that none comes twice (a repeated query finds its spellings cached, as few do in a real list).
const qs = queries(listed, Number(process.env.Q ?? 100_000), 2);
const heap = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round(v8.getHeapStatistics().used_heap_size / 1024 / 1024);
};
const before = heap();
const index = new MatchIndex();
const t0 = performance.now();
for (const p of listed) index.add({ id: p.id, names: [p.name], dob: p.dob });
console.log(`${n.toLocaleString('en')} names indexed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
console.log(`  heap ${heap() - before} MB for the index${(globalThis as { gc?: unknown }).gc ? '' : ' (run with --expose-gc for an exact figure)'}; RSS ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB`);
console.log(' ', index.stats());
for (const q of qs.slice(0, 3000)) index.search({ name: q.name }, 10);
let done = 3000;
const session = process.env.PROF ? new Session() : null;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
const started = performance.now();
while (performance.now() - started < secs * 1000) index.search({ name: qs[done++ % qs.length]!.name }, 10);
console.log(`  ${(((done - 3000) / (performance.now() - started)) * 1000).toFixed(0)} queries/s over ${done - 3000} queries${done > qs.length ? ' (some repeated)' : ''}`);
if (session) {
  const { profile } = await session.post('Profiler.stop');
  fs.writeFileSync(process.env.PROF!, JSON.stringify(profile));
  console.log(`  profile of the queries written to ${process.env.PROF}`);
}
