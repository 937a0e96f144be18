// Interleaved A/B of the matching engine's speed on a shared, noisy machine: two indexes over one synthetic
// watchlist, timed batch by batch in turn so that the machine's noise falls on both alike, and their results
// compared (a faster configuration that changes results is not the same engine).
//
//   N=200000 A='{}' B='{"minPreScoreShare":0.35}' node --import tsx bench/ab.ts
//   N=200000 OTHER=/path/to/other/checkout/src/matching/engine.ts node --import tsx bench/ab.ts   (A = that engine)
import { pathToFileURL } from 'node:url';
import { MatchIndex } from '../src/matching/engine.js';
import { generate, queries } from './matching.js';

interface Engine {
  add(entry: { id: string; names: string[]; dob?: string }): void;
  search(query: { name: string }, top: number): { id: string; score: number }[];
}

const n = Number(process.env.N ?? 200_000);
const listed = generate(n, 1);
const qs = queries(listed, 6000, 2);
const configs = [JSON.parse(process.env.A ?? '{}'), JSON.parse(process.env.B ?? '{}')] as Record<string, unknown>[];
const Other = process.env.OTHER ? ((await import(pathToFileURL(process.env.OTHER).href)) as { MatchIndex: new (c?: object) => Engine }).MatchIndex : null;
const labels = [Other ? `${process.env.OTHER} ${JSON.stringify(configs[0])}` : JSON.stringify(configs[0]), JSON.stringify(configs[1])];
const engines: Engine[] = [Other ? new Other(configs[0]) : new MatchIndex(configs[0]), new MatchIndex(configs[1])];
for (const e of engines) for (const p of listed) e.add({ id: p.id, names: [p.name], dob: p.dob });
for (const e of engines) for (const q of qs.slice(0, 300)) e.search({ name: q.name }, 10);

const ms = [0, 0];
const results: string[][] = [[], []];
const batch = 250;
for (let b = 0; b < qs.length; b += batch) {
  for (const k of (b / batch) % 2 ? [1, 0] : [0, 1]) {
    const t0 = performance.now();
    for (const q of qs.slice(b, b + batch)) {
      const r = engines[k]!.search({ name: q.name }, 10);
      results[k]!.push(r.filter((x) => x.score > 0.45).map((x) => x.id).join(','));
    }
    ms[k] = ms[k]! + performance.now() - t0;
  }
}
let same = 0;
let sameTop = 0;
for (let i = 0; i < qs.length; i++) {
  if (results[0]![i] === results[1]![i]) same++;
  if (results[0]![i]!.split(',')[0] === results[1]![i]!.split(',')[0]) sameTop++;
}
console.log(`${n.toLocaleString('en')} names, ${qs.length} queries, interleaved in batches of ${batch}`);
for (const k of [0, 1]) console.log(`  ${k ? 'B' : 'A'} ${labels[k]}: ${((qs.length / ms[k]!) * 1000).toFixed(0)} queries/s`);
console.log(`  results above 0.45 identical for ${((same / qs.length) * 100).toFixed(1)}% of queries, best result for ${((sameTop / qs.length) * 100).toFixed(1)}%`);
