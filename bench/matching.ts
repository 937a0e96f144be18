// Matching throughput and memory: Atalaya's engine against Fuse.js and PostgreSQL pg_trgm on the same synthetic
// watchlists (5,000 and 1,000,000 names generated for the cell's countries), in the same run.
// Every engine is warmed for a few seconds (BENCH_WARM_MS, default 3,000) before it is measured: a cell screens
// for days on end, and what counts is its steady speed, not the compiler's first seconds.
import { Faker, allLocales, base } from '@faker-js/faker';
import Fuse from 'fuse.js';
import pg from 'pg';
import { MatchIndex } from '../src/matching/engine.js';

interface Person {
  id: string;
  name: string;
  dob: string;
}

const LOCALES = [
  [allLocales.ar, base], // Arabic script
  [allLocales.fr, allLocales.en, base],
  [allLocales.fr_BE, allLocales.fr, allLocales.en, base],
  [allLocales.nl_BE, allLocales.nl, allLocales.en, base],
  [allLocales.es, allLocales.en, base],
  [allLocales.en, base],
] as const;

export function generate(n: number, seed: number): Person[] {
  const fakers = LOCALES.map((locale, i) => {
    const f = new Faker({ locale: [...locale] });
    f.seed(seed * 31 + i);
    return f;
  });
  const out: Person[] = [];
  for (let i = 0; i < n; i++) {
    const f = fakers[i % fakers.length]!;
    const name = i % 3 === 0 ? `${f.person.firstName()} ${f.person.firstName()} ${f.person.lastName()}` : `${f.person.firstName()} ${f.person.lastName()}`;
    const d = f.date.birthdate({ min: 18, max: 80, mode: 'age' });
    out.push({ id: `P${seed}-${i}`, name, dob: d.toISOString().slice(0, 10) });
  }
  return out;
}

/** Queries as lists bring them: half listed people with a typo, reordered or a token dropped; half other people. */
export function queries(listed: Person[], n: number, seed: number): { name: string; dob: string }[] {
  const f = new Faker({ locale: [allLocales.en, base] });
  f.seed(seed);
  const others = generate(n, seed + 7);
  const out: { name: string; dob: string }[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 2) {
      out.push(others[i]!);
      continue;
    }
    const p = listed[f.number.int({ max: listed.length - 1 })]!;
    const tokens = p.name.split(' ');
    const kind = i % 6;
    if (kind === 0 && tokens.length > 1) tokens.reverse();
    else if (kind === 2) {
      const t = tokens[0]!;
      const at = f.number.int({ min: 1, max: Math.max(1, t.length - 1) });
      tokens[0] = t.slice(0, at) + t.slice(at + 1);
    } else if (kind === 4 && tokens.length > 2) tokens.splice(1, 1);
    out.push({ name: tokens.join(' '), dob: p.dob });
  }
  return out;
}

const WARM_MS = Number(process.env.BENCH_WARM_MS ?? 3000);

function rssMb(): number {
  return Math.round(process.memoryUsage().rss / 1024 / 1024);
}

/** Runs queries for `warmMs` (compilers warm, caches filled, as in a cell that has been up for a while), then
 *  measures the next ones for up to `budgetMs`. The same for every engine measured. */
function timeQueries(label: string, run: () => void, count: number, budgetMs = 20_000, warmMs = WARM_MS): number {
  const warmed = performance.now();
  while (performance.now() - warmed < warmMs) run();
  const started = performance.now();
  let done = 0;
  while (done < count && performance.now() - started < budgetMs) {
    run();
    done++;
  }
  const qps = done / ((performance.now() - started) / 1000);
  console.log(`  ${label.padEnd(34)} ${qps.toFixed(qps < 10 ? 2 : 0).padStart(8)} queries/s  (${done} queries)`);
  return qps;
}

async function pgTrgm(listed: Person[], qs: { name: string }[], budgetMs: number): Promise<number | null> {
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch {
    console.log(`  pg_trgm                            skipped (no PostgreSQL at ${url})`);
    return null;
  }
  // Leave the server as we found it: drop the extension afterwards only if this run created it.
  const had = (await client.query("select 1 from pg_extension where extname = 'pg_trgm'")).rowCount! > 0;
  try {
    await client.query('create extension if not exists pg_trgm');
    await client.query('drop table if exists bench_watchlist');
    await client.query('create unlogged table bench_watchlist (id text primary key, name text not null)');
    for (let i = 0; i < listed.length; i += 5000) {
      const chunk = listed.slice(i, i + 5000);
      await client.query('insert into bench_watchlist select * from unnest($1::text[], $2::text[])', [chunk.map((p) => p.id), chunk.map((p) => p.name)]);
    }
    await client.query('create index on bench_watchlist using gin (name gin_trgm_ops)');
    await client.query('analyze bench_watchlist');
    const sql = 'select id, similarity(name, $1) s from bench_watchlist where name % $1 order by s desc limit 10';
    // Warmed like the others: the server's caches hold the table and index, the statement is planned.
    let k = 0;
    const warmed = performance.now();
    while (performance.now() - warmed < Math.min(WARM_MS, budgetMs / 4)) await client.query(sql, [qs[k++ % qs.length]!.name]);
    const started = performance.now();
    let done = 0;
    while (done < qs.length && performance.now() - started < budgetMs) {
      await client.query(sql, [qs[k++ % qs.length]!.name]);
      done++;
    }
    const qps = done / ((performance.now() - started) / 1000);
    console.log(`  ${'PostgreSQL pg_trgm (GIN, %)'.padEnd(34)} ${qps.toFixed(0).padStart(8)} queries/s  (${done} queries)`);
    return qps;
  } finally {
    await client.query('drop table if exists bench_watchlist');
    if (!had) await client.query('drop extension if exists pg_trgm');
    await client.end();
  }
}

export async function benchMatching(options: { large: number }): Promise<void> {
  for (const size of [5_000, options.large]) {
    console.log(`\nMatching against a ${size.toLocaleString('en')}-name synthetic watchlist (ar, fr, fr_BE, nl_BE, es, en)`);
    const listed = generate(size, 1);
    // Enough distinct queries that the warm-up and the measurement never repeat one.
    const qs = queries(listed, 200_000, 2);
    const rssBefore = rssMb();
    const builtAt = performance.now();
    const index = new MatchIndex();
    for (const p of listed) index.add({ id: p.id, names: [p.name], dob: p.dob });
    const buildSeconds = (performance.now() - builtAt) / 1000;
    console.log(`  index built in ${buildSeconds.toFixed(1)} s; RSS ${rssMb()} MB (was ${rssBefore} MB before the index)`);
    let k = 0;
    const ours = timeQueries('Atalaya (names)', () => index.search({ name: qs[k++ % qs.length]!.name }, 10), 100_000, 15_000);
    timeQueries('Atalaya (names + dates of birth)', () => index.search(qs[k++ % qs.length]!, 10), 100_000, 15_000);
    console.log(`  RSS after queries: ${rssMb()} MB`);

    const fuse = new Fuse(listed, { keys: ['name'], includeScore: true, threshold: 0.4 });
    k = 0;
    const fuseQps = timeQueries('Fuse.js (threshold 0.4)', () => fuse.search(qs[k++ % qs.length]!.name, { limit: 10 }), 100_000, size > 100_000 ? 30_000 : 15_000, Math.min(WARM_MS, 1000));
    const trgm = await pgTrgm(listed, qs, size > 100_000 ? 30_000 : 15_000);
    console.log(
      `  ratios: Atalaya/Fuse.js ${(ours / fuseQps).toFixed(1)}×` + (trgm ? `, Atalaya/pg_trgm ${(ours / trgm).toFixed(1)}×` : ''),
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchMatching({ large: Number(process.env.BENCH_LARGE ?? 1_000_000) });
}
