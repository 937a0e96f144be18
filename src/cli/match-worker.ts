// A worker of `atalaya match --threads N`: builds its own index, answers batches of queries.
import { parentPort, workerData } from 'node:worker_threads';
import { MatchIndex, type MatchQuery, type WatchlistEntry } from '../matching/engine.js';
import { resultLine } from './match.js';

const { entries, top } = workerData as { entries: WatchlistEntry[]; top: number };
const index = new MatchIndex();
for (const e of entries) index.add(e);

parentPort!.on('message', (m: { batch: number; queries: { qid: string; q: MatchQuery }[] }) => {
  let out = '';
  for (const { qid, q } of m.queries) out += `${resultLine(qid, index.search(q, top))}\n`;
  parentPort!.postMessage({ batch: m.batch, out });
});
