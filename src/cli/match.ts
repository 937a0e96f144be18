// `atalaya match`: batch name matching without a server. JSON lines in, JSON lines out, in input order.
import fs from 'node:fs';
import os from 'node:os';
import readline from 'node:readline';
import { Worker } from 'node:worker_threads';
import { MatchIndex, type MatchQuery, type MatchResult, type WatchlistEntry } from '../matching/engine.js';

export interface LineProblem {
  file: string;
  line: number;
  reason: string;
}

const str = (v: unknown) => typeof v === 'string' || typeof v === 'number';
const strList = (v: unknown) => v === undefined || v === null || str(v) || (Array.isArray(v) && v.every(str));

/** One JSON-lines record as an object, or why it is not one. */
function parseObject(text: string): Record<string, unknown> | string {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  return o && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, unknown>) : 'not a JSON object';
}

/** The identifying attributes watchlist and query lines share, or why they cannot be used. */
function attributeProblem(o: Record<string, unknown>): string | null {
  if (!strList(o.dob)) return '"dob" must be a string or a list of strings';
  if (!strList(o.nationality)) return '"nationality" must be a string or a list of strings';
  if (o.documents !== undefined && o.documents !== null && !(Array.isArray(o.documents) && o.documents.every(str))) return '"documents" must be a list of strings';
  return null;
}

/** Parses one watchlist line, or says why it cannot be used. */
export function parseWatchlistLine(text: string): WatchlistEntry | string {
  const o = parseObject(text);
  if (typeof o === 'string') return o;
  if (!str(o.id) || String(o.id).trim() === '') return 'missing "id"';
  const names = o.names !== undefined ? o.names : o.name !== undefined ? [o.name] : undefined;
  if (!Array.isArray(names) || !names.length || !names.every((n) => typeof n === 'string')) return 'missing "name" or "names" (strings)';
  if (!names.some((n) => (n as string).trim())) return 'empty name';
  const problem = attributeProblem(o);
  if (problem) return problem;
  if (o.gender !== undefined && o.gender !== null && typeof o.gender !== 'string') return '"gender" must be a string';
  return {
    id: String(o.id),
    names: names as string[],
    dob: o.dob as string | string[] | undefined,
    nationality: o.nationality as string | string[] | undefined,
    documents: (o.documents as unknown[] | undefined)?.map(String),
    gender: o.gender as string | undefined,
  };
}

export function parseQueryLine(text: string): ({ qid: string } & MatchQuery) | string {
  const o = parseObject(text);
  if (typeof o === 'string') return o;
  if (!str(o.qid) || String(o.qid).trim() === '') return 'missing "qid"';
  if (typeof o.name !== 'string' || !o.name.trim()) return 'missing "name"';
  const problem = attributeProblem(o);
  if (problem) return problem;
  return {
    qid: String(o.qid),
    name: o.name,
    dob: o.dob as string | undefined,
    nationality: o.nationality as string | undefined,
    documents: (o.documents as unknown[] | undefined)?.map(String),
    gender: typeof o.gender === 'string' ? o.gender : undefined,
  };
}

async function* lines(file: string): AsyncGenerator<{ n: number; text: string }> {
  const rl = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const text of rl) {
    n++;
    if (text.trim()) yield { n, text };
  }
}

export async function loadWatchlist(file: string, problems: LineProblem[]): Promise<WatchlistEntry[]> {
  const out: WatchlistEntry[] = [];
  for await (const { n, text } of lines(file)) {
    const e = parseWatchlistLine(text);
    if (typeof e === 'string') problems.push({ file, line: n, reason: e });
    else out.push(e);
  }
  return out;
}

export function resultLine(qid: string, results: MatchResult[]): string {
  return JSON.stringify({ qid, results: results.map((r) => ({ id: r.id, score: r.score, band: r.band, explanation: r.explanation })) });
}

/** Runs the batch; returns the problems met (bad lines are skipped, the rest is matched). */
export async function runMatch(opts: {
  watchlist: string;
  queries: string;
  top: number;
  threads: number;
  out: NodeJS.WritableStream;
  onProblem: (p: LineProblem) => void;
}): Promise<{ problems: number; queries: number }> {
  const problems: LineProblem[] = [];
  const entries = await loadWatchlist(opts.watchlist, problems);
  problems.forEach(opts.onProblem);
  let queryProblems = 0;
  let count = 0;
  const threads = Math.max(1, Math.min(opts.threads, os.availableParallelism()));

  if (threads === 1) {
    const index = new MatchIndex();
    for (const e of entries) index.add(e);
    let buffer = '';
    for await (const { n, text } of lines(opts.queries)) {
      const q = parseQueryLine(text);
      if (typeof q === 'string') {
        queryProblems++;
        opts.onProblem({ file: opts.queries, line: n, reason: q });
        continue;
      }
      buffer += `${resultLine(q.qid, index.search(q, opts.top))}\n`;
      count++;
      if (buffer.length > 1 << 16) {
        if (!opts.out.write(buffer)) await new Promise((r) => opts.out.once('drain', r));
        buffer = '';
      }
    }
    if (buffer) opts.out.write(buffer);
    return { problems: problems.length + queryProblems, queries: count };
  }

  // Several threads: each worker holds its own index; batches go round-robin and come back in order.
  const workers = Array.from({ length: threads }, () =>
    new Worker(new URL('../../bin/match-worker.mjs', import.meta.url), { workerData: { entries, top: opts.top } }),
  );
  const pending = new Map<number, { resolve: (lines: string) => void; reject: (e: Error) => void }>();
  const fail = (e: Error) => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  for (const w of workers) {
    w.on('message', (m: { batch: number; out: string }) => {
      pending.get(m.batch)?.resolve(m.out);
      pending.delete(m.batch);
    });
    w.on('error', fail);
    w.on('exit', (code) => code !== 0 && fail(new Error(`a matching thread stopped (exit ${code})`)));
  }
  const inFlight: Promise<string>[] = [];
  let batch: { qid: string; q: MatchQuery }[] = [];
  let batchNo = 0;
  const flush = () => {
    const id = batchNo++;
    const w = workers[id % workers.length]!;
    inFlight.push(new Promise<string>((resolve, reject) => pending.set(id, { resolve, reject })));
    w.postMessage({ batch: id, queries: batch });
    batch = [];
  };
  const drainReady = async (keep: number) => {
    while (inFlight.length > keep) {
      const text = await inFlight.shift()!;
      if (text && !opts.out.write(text)) await new Promise((r) => opts.out.once('drain', r));
    }
  };
  for await (const { n, text } of lines(opts.queries)) {
    const q = parseQueryLine(text);
    if (typeof q === 'string') {
      queryProblems++;
      opts.onProblem({ file: opts.queries, line: n, reason: q });
      continue;
    }
    batch.push({ qid: q.qid, q });
    count++;
    if (batch.length >= 500) {
      flush();
      await drainReady(threads * 4);
    }
  }
  if (batch.length) flush();
  try {
    await drainReady(0);
  } finally {
    for (const w of workers) w.removeAllListeners('exit');
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return { problems: problems.length + queryProblems, queries: count };
}
