// `npm run bench`: every benchmark of the cell, each printing its figures and the peers measured in the same run.
import { benchMatching } from './matching.js';

const only = process.argv[2];
if (!only || only === 'matching') await benchMatching({ large: Number(process.env.BENCH_LARGE ?? 1_000_000) });
