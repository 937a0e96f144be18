// Parameter sweep on the development half (names only): prints the four figures per configuration.
// Usage: node --import tsx bench/sweep.ts '[{"singleNameFactor":0.6}, {...}]'
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MatchIndex } from '../src/matching/engine.js';
import { parseQueryLine, parseWatchlistLine } from '../src/cli/match.js';

const evalDir = path.resolve(process.env.ATALAYA_EVAL_DIR ?? '../shared/eval');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'atalaya-sweep-'));
execFileSync('python3', [path.join(evalDir, 'tools', 'prepare.py'), evalDir, '.', work, '--names-only'], { stdio: 'ignore' });
const wl = fs.readFileSync(path.join(work, 'watchlist.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).map((l) => parseWatchlistLine(l)).filter((e) => typeof e !== 'string');
const wlName = new Map(wl.map((e) => [(e as { id: string }).id, JSON.stringify((e as { names?: string[] }).names ?? (e as { name?: string }).name)]));
// STRUCT_NEG=1: the negatives written "FAMILY, Given" as the listed names and many aliases are (last word as the
// family name), to see whether a rule gains only because the probe is written in free order.
type QueryRow = { kind: string; name: string; expected?: string; variant?: boolean; qid?: string };
const structure = (r: QueryRow): QueryRow => {
  if (!process.env.STRUCT_NEG || r.kind !== 'negative' || r.name.includes(',')) return r;
  const w = r.name.trim().split(/\s+/);
  return w.length < 2 ? r : { ...r, name: `${w[w.length - 1]}, ${w.slice(0, -1).join(' ')}` };
};
const qs = fs.readFileSync(path.join(work, 'queries.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).map((l) => structure(JSON.parse(l))).map((raw) => ({ raw, q: parseQueryLine(JSON.stringify(raw)) }));

for (const cfg of JSON.parse(process.argv[2] ?? '[{}]')) {
  const index = new MatchIndex(cfg);
  for (const e of wl) index.add(e as never);
  const rows = qs.map(({ raw, q }) => ({ raw, results: typeof q === 'string' ? [] : index.search(q, 10) }));
  const neg = rows.filter((r) => r.raw.kind === 'negative').map((r) => r.results[0]?.score ?? -Infinity).sort((a, b) => b - a);
  const at = (fp: number) => neg[Math.max(0, Math.ceil(neg.length * fp) - 1)]!;
  const rec = (f: (r: (typeof rows)[number]) => boolean, fp: number) => {
    const rs = rows.filter(f);
    const t = at(fp);
    return rs.filter((r) => r.results.slice(0, 10).some((x) => x.id === r.raw.expected && x.score > t)).length / rs.length;
  };
  const v = rec((r) => !!r.raw.variant, 0.01);
  const l1 = rec((r) => r.raw.kind === 'alias-latin', 0.01);
  const l01 = rec((r) => r.raw.kind === 'alias-latin', 0.001);
  const a = rec((r) => r.raw.kind === 'alias-arabic', 0.01);
  const p1 = rec((r) => r.raw.kind === 'perturbed', 0.01);
  const p01 = rec((r) => r.raw.kind === 'perturbed', 0.001);
  if (process.env.HIST) {
    const t = at(0.01);
    const vs = rows.filter((r) => !!r.raw.variant);
    const hist = new Map<string, number>();
    let absent = 0;
    for (const r of vs) {
      const x = r.results.find((y) => y.id === r.raw.expected);
      if (!x) { absent++; continue; }
      if (x.score > t) continue;
      const b = (Math.floor(x.score * 20) / 20).toFixed(2);
      hist.set(b, (hist.get(b) ?? 0) + 1);
    }
    console.log('  variant misses by score band:', [...hist.entries()].sort().map(([b, n]) => `${b}:${n}`).join(' '), 'absent:', absent);
  }
  if (process.env.DUMP) {
    const negs = rows.filter((r) => r.raw.kind === 'negative' && r.results[0]).sort((a, b) => b.results[0]!.score - a.results[0]!.score).slice(0, Number(process.env.DUMP));
    for (const r of negs) console.log(`  neg ${r.results[0]!.score.toFixed(3)}  ${r.raw.name}  =>  ${wlName.get(r.results[0]!.id)}`);
  }
  if (process.env.MISS) {
    const t = at(0.01);
    for (const r of rows.filter((y) => !!y.raw.variant)) {
      const x = r.results.find((y) => y.id === r.raw.expected);
      if (x && x.score > t) continue;
      const top = r.results[0];
      console.log(`  miss ${x ? x.score.toFixed(3) : 'absent'}\t${r.raw.name}\t=> ${wlName.get(r.raw.expected ?? "")}\t| top ${top ? top.score.toFixed(3) + ' ' + wlName.get(top.id) : '-'}${x && process.env.MISS === '2' ? '\n      ' + x.explanation.summary + ` covQ ${x.explanation.queryCoverage} covC ${x.explanation.candidateCoverage}` : ''}`);
    }
  }
  console.log(`${JSON.stringify(cfg)}\tvariant ${v.toFixed(4)} (${Math.round(v * rows.filter((r) => !!r.raw.variant).length)} of ${rows.filter((r) => !!r.raw.variant).length})\tlatin ${l1.toFixed(3)}/${l01.toFixed(3)}\tarabic ${a.toFixed(3)}\tperturbed ${p1.toFixed(3)}/${p01.toFixed(3)}\tthr ${at(0.01).toFixed(3)}`);
}
fs.rmSync(work, { recursive: true, force: true });
