import { Faker, allLocales, base } from '@faker-js/faker';
import { MatchIndex } from './src/matching/engine.ts';
const N = Number(process.argv[2] ?? 5000);
const locs = [[allLocales.ar, base], [allLocales.fr, allLocales.en, base], [allLocales.nl_BE, allLocales.nl, allLocales.en, base], [allLocales.es, allLocales.en, base], [allLocales.en, base]];
const fk = locs.map((l, i) => { const f = new Faker({ locale: l as any }); f.seed(i); return f; });
const idx = new MatchIndex();
const names: string[] = [];
for (let i = 0; i < N; i++) { const f = fk[i % fk.length]!; const n = i % 3 ? `${f.person.firstName()} ${f.person.lastName()}` : `${f.person.firstName()} ${f.person.firstName()} ${f.person.lastName()}`; names.push(n); idx.add({ id: 'x' + i, names: [n] }); }
const qs: string[] = []; for (let i = 0; i < 20000; i++) { const f = fk[(i * 7) % fk.length]!; qs.push(i % 2 ? names[(i * 13) % N]! : `${f.person.firstName()} ${f.person.lastName()}`); }
for (const q of qs.slice(0, 2000)) idx.search({ name: q });
const t = performance.now(); let c = 0; for (const q of qs) { c += idx.search({ name: q }).length; } console.log((qs.length / ((performance.now() - t) / 1000)).toFixed(0), 'q/s', c / qs.length, 'results/q');
