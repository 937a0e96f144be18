// Explains how the engine scores given names against a prepared evaluation watchlist (development tool).
//   python3 ../shared/eval/tools/prepare.py ../shared/eval . /tmp/ev --names-only
//   EX=1 CFG='{"minScore":0}' node --import tsx bench/probe.ts /tmp/ev "DARRAJI, Kamal Ben Mohamed Ben Ahmed"
import fs from 'node:fs';
import { MatchIndex, type WatchlistEntry } from '../src/matching/engine.js';
import { parseWatchlistLine } from '../src/cli/match.js';

const dir = process.argv[2];
if (!dir || !fs.existsSync(`${dir}/watchlist.jsonl`)) {
  console.error('usage: bench/probe.ts DIR NAME… (DIR made by the reference prepare.py)');
  process.exit(2);
}
const entries = fs
  .readFileSync(`${dir}/watchlist.jsonl`, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => parseWatchlistLine(l))
  .filter((e): e is WatchlistEntry => typeof e !== 'string');
const index = new MatchIndex(JSON.parse(process.env.CFG ?? '{}'));
for (const e of entries) index.add(e);
const listedName = new Map(entries.map((e) => [e.id, e.names.join(' | ')]));
for (const name of process.argv.slice(3)) {
  console.log(`Q ${name}`);
  for (const r of index.search({ name }, 10)) {
    console.log(`   ${r.score.toFixed(3)} ${r.id} ${listedName.get(r.id)}${process.env.EX ? `\n      ${r.explanation.summary}` : ''}`);
  }
}
