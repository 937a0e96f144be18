// The matching engine: an inverted index over token keys for candidate retrieval (never a full scan), order-free
// weighted token alignment, evidence from dates of birth, nationality, documents and gender, a score in [0, 1]
// with a band, and an explanation of every score. Entries can be added, updated and removed at any time.
import { defaultMatchingConfig, type MatchingConfig } from './config.js';
import { parseNationalities } from './countries.js';
import { compareDates, parseDates, type DobOutcome, type PartialDate } from './dates.js';
import { compareDocuments } from './documents.js';
import { normalizeName, type NameToken, type NormalizedName, type TokenRole } from './normalize.js';
import { deletions, jaroWinkler } from './similarity.js';

export interface WatchlistEntry {
  id: string;
  names: string[];
  dob?: string | string[] | null | undefined;
  nationality?: string | string[] | null | undefined;
  documents?: string[] | null | undefined;
  gender?: string | null | undefined;
}

export interface MatchQuery {
  name: string;
  dob?: string | string[] | null | undefined;
  nationality?: string | string[] | null | undefined;
  documents?: string[] | null | undefined;
  gender?: string | null | undefined;
}

export type Band = 'strong' | 'possible' | 'weak';

export interface TokenMatch {
  query: string;
  candidate: string;
  how: 'exact' | 'spelling' | 'transliteration' | 'skeleton' | 'fuzzy' | 'compound' | 'initial';
  similarity: number;
  weight: number;
}

export interface Explanation {
  /** The listed name that matched best. */
  matchedName: string;
  nameScore: number;
  tokens: TokenMatch[];
  unmatchedQuery: string[];
  unmatchedCandidate: string[];
  queryCoverage: number;
  candidateCoverage: number;
  fields: { field: 'dob' | 'nationality' | 'document' | 'gender'; outcome: string; effect: number; detail?: string }[];
  /** One sentence for the reviewing officer. */
  summary: string;
}

export interface MatchResult {
  id: string;
  score: number;
  band: Band;
  explanation: Explanation;
}

interface IndexedName {
  norm: NormalizedName;
  vids: number[];
}

interface IndexedEntry {
  id: string;
  names: IndexedName[];
  distinct: number[];
  dobs: PartialDate[];
  nationalities: string[];
  documents: string[];
  gender: 'female' | 'male' | null;
}

interface QueryToken {
  token: NameToken;
  weight: number;
  /** Vocabulary tokens this query token resembles, with their similarity. */
  similar: Map<number, number>;
}

const ROLE_FACTOR = (c: MatchingConfig): Record<TokenRole, number> => ({ name: 1, particle: c.particleWeight, title: c.titleWeight, initial: c.initialWeight });

function gender(g: string | null | undefined): 'female' | 'male' | null {
  const s = (g ?? '').trim().toLowerCase();
  if (['f', 'female', 'femme', 'woman', 'mujer', 'vrouw', 'feminin', 'féminin'].includes(s)) return 'female';
  if (['m', 'male', 'homme', 'man', 'hombre', 'masculin'].includes(s)) return 'male';
  return null;
}

/** One field may list several names: "Mohammad Islami; Mohamed Islami", "a) M. Javad Sabet b) M. Jawad Sabet". */
export function splitNames(name: string): string[] {
  return name
    .split(/;|\s\(?[a-h]\)\s|^\(?[a-h]\)\s/)
    .map((n) => n.trim())
    .filter(Boolean);
}

function logit(p: number): number {
  const q = Math.min(0.9999, Math.max(0.0001, p));
  return Math.log(q / (1 - q));
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export class MatchIndex {
  readonly config: MatchingConfig;
  private readonly roleFactor: Record<TokenRole, number>;
  // Vocabulary of distinct folded tokens.
  private readonly vocab = new Map<string, number>();
  private readonly vFolded: string[] = [];
  private readonly vSkeleton: string[] = [];
  private readonly vDf: number[] = [];
  private readonly vArabic: boolean[] = [];
  private readonly postings: number[][] = [];
  // Keys (exact, skeleton, one-deletion variants) → vocabulary ids.
  private readonly keys = new Map<string, number[]>();
  // Entries by slot; removed slots are null and reused.
  private readonly slots: (IndexedEntry | null)[] = [];
  private readonly free: number[] = [];
  private readonly slotOf = new Map<string, number>();

  constructor(config: Partial<MatchingConfig> = {}) {
    this.config = { ...defaultMatchingConfig, ...config };
    this.roleFactor = ROLE_FACTOR(this.config);
  }

  get size(): number {
    return this.slotOf.size;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  // ---------------------------------------------------------------- building

  private keysOf(folded: string, skel: string): string[] {
    const out = [`f:${folded}`];
    if (skel.length >= 1) out.push(`s:${skel}`);
    if (folded.length >= 4) {
      out.push(`d:${folded}`);
      for (const d of deletions(folded)) out.push(`d:${d}`);
    }
    if (folded.length >= 5) out.push(`p:${folded.slice(0, 4)}`);
    if (skel.length >= 3) {
      out.push(`k:${skel}`);
      for (const d of deletions(skel)) if (d.length >= 2) out.push(`k:${d}`);
    }
    return out;
  }

  private vocabId(t: NameToken): number {
    let id = this.vocab.get(t.folded);
    if (id !== undefined) return id;
    id = this.vFolded.length;
    this.vocab.set(t.folded, id);
    this.vFolded.push(t.folded);
    this.vSkeleton.push(t.skeleton);
    this.vDf.push(0);
    this.vArabic.push(t.arabic);
    this.postings.push([]);
    for (const k of new Set(this.keysOf(t.folded, t.skeleton))) {
      const list = this.keys.get(k);
      if (list) list.push(id);
      else this.keys.set(k, [id]);
    }
    return id;
  }

  add(entry: WatchlistEntry): void {
    if (this.slotOf.has(entry.id)) this.remove(entry.id);
    const names: IndexedName[] = [];
    for (const n of entry.names.flatMap(splitNames)) {
      const norm = normalizeName(n);
      if (!norm.tokens.length) continue;
      names.push({ norm, vids: norm.tokens.map((t) => this.vocabId(t)) });
    }
    if (!names.length) return;
    const distinct = [...new Set(names.flatMap((n) => n.vids))];
    const indexed: IndexedEntry = {
      id: entry.id,
      names,
      distinct,
      dobs: parseDates(entry.dob),
      nationalities: parseNationalities(entry.nationality),
      documents: (entry.documents ?? []).filter(Boolean),
      gender: gender(entry.gender),
    };
    const slot = this.free.pop() ?? this.slots.length;
    this.slots[slot] = indexed;
    this.slotOf.set(entry.id, slot);
    for (const v of distinct) {
      this.vDf[v]!++;
      this.postings[v]!.push(slot);
    }
  }

  remove(id: string): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return false;
    const entry = this.slots[slot]!;
    for (const v of entry.distinct) {
      this.vDf[v]!--;
      const list = this.postings[v]!;
      const at = list.indexOf(slot);
      if (at >= 0) {
        list[at] = list[list.length - 1]!;
        list.pop();
      }
    }
    this.slots[slot] = null;
    this.free.push(slot);
    this.slotOf.delete(id);
    return true;
  }

  update(entry: WatchlistEntry): void {
    this.add(entry);
  }

  // ---------------------------------------------------------------- weights and similarity

  private idf(df: number): number {
    return Math.log(1 + Math.max(1, this.size) / Math.max(1, df));
  }

  /**
   * How far two tokens are the same name, in [0, 1]: 1 when they fold to one spelling; the skeleton similarity
   * when they share their consonants (for two Latin spellings, only if they also look alike — William and Lam
   * share "lm" and nothing else); else Jaro–Winkler above a floor, rescaled so that near misses count little.
   */
  private tokenSimilarity(q: NameToken, v: number): number {
    const folded = this.vFolded[v]!;
    if (q.folded === folded) return 1;
    const c = this.config;
    const jw = jaroWinkler(q.folded, folded);
    let s = jw >= c.fuzzyFloor ? c.fuzzyCeiling * ((jw - c.fuzzyFloor) / (1 - c.fuzzyFloor)) : 0;
    const skel = this.vSkeleton[v]!;
    if (q.skeleton.length > 0 && q.skeleton === skel) {
      const cross = q.arabic || this.vArabic[v]!;
      if (cross || jw >= c.skeletonMinJaroWinkler) s = Math.max(s, c.skeletonSimilarity[Math.min(3, skel.length) - 1]!);
    }
    return s >= c.minTokenSimilarity ? s : 0;
  }

  private prepareQuery(norm: NormalizedName): QueryToken[] {
    return norm.tokens.map((token) => {
      const similar = new Map<number, number>();
      if (token.role !== 'initial') {
        const seen = new Set<number>();
        for (const k of this.keysOf(token.folded, token.skeleton)) {
          for (const v of this.keys.get(k) ?? []) {
            if (seen.has(v)) continue;
            seen.add(v);
            if (this.vDf[v] === 0) continue;
            const s = this.tokenSimilarity(token, v);
            if (s > 0) similar.set(v, s);
          }
        }
      }
      const exact = this.vocab.get(token.folded);
      let df = exact !== undefined && this.vDf[exact]! > 0 ? this.vDf[exact]! : 0;
      if (!df) for (const [v, s] of similar) if (s >= 0.9 && (!df || this.vDf[v]! < df)) df = this.vDf[v]!;
      const weight = this.idf(df || this.config.unknownTokenDf) * this.roleFactor[token.role];
      return { token, weight, similar };
    });
  }

  // ---------------------------------------------------------------- search

  search(query: MatchQuery, top = 10): MatchResult[] {
    const alternatives = splitNames(query.name ?? '');
    if (alternatives.length <= 1) return this.searchOne(query, alternatives[0] ?? '', top);
    // Several names in one query: the best of each entity over all of them.
    const best = new Map<string, MatchResult>();
    for (const name of alternatives.slice(0, 20)) {
      for (const r of this.searchOne(query, name, top)) {
        const held = best.get(r.id);
        if (!held || r.score > held.score) best.set(r.id, r);
      }
    }
    return [...best.values()].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, top);
  }

  private searchOne(query: MatchQuery, name: string, top: number): MatchResult[] {
    const norm = normalizeName(name);
    if (!norm.tokens.length || !this.size) return [];
    const qts = this.prepareQuery(norm);
    const candidates = this.retrieve(qts);
    const qDobs = parseDates(query.dob);
    const qNats = parseNationalities(query.nationality);
    const qDocs = (query.documents ?? []).filter(Boolean);
    const qGender = gender(query.gender);
    const results: MatchResult[] = [];
    for (const slot of candidates) {
      const entry = this.slots[slot]!;
      const r = this.scoreEntry(qts, norm, entry, qDobs, qNats, qDocs, qGender);
      if (r && r.score >= this.config.minScore) results.push(r);
    }
    results.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return results.slice(0, top);
  }

  /** Candidate entries from the postings of the query tokens' keys, rarest first, within a budget. */
  private retrieve(qts: QueryToken[]): number[] {
    const groups = qts
      .filter((q) => q.token.role === 'name' && q.similar.size)
      .map((q) => {
        let total = 0;
        for (const v of q.similar.keys()) total += this.postings[v]!.length;
        return { q, total };
      })
      .sort((a, b) => a.total - b.total);
    // Without name tokens (all particles or initials), the particles carry the search.
    if (!groups.length) {
      for (const q of qts) if (q.similar.size) groups.push({ q, total: [...q.similar.keys()].reduce((n, v) => n + this.postings[v]!.length, 0) });
    }
    const acc = new Map<number, number>();
    let visited = 0;
    for (const { q, total } of groups) {
      if (acc.size && visited + total > this.config.maxPostingsPerQuery) break;
      for (const [v, s] of q.similar) {
        const w = this.idf(this.vDf[v]!) * s;
        for (const slot of this.postings[v]!) acc.set(slot, Math.max(acc.get(slot) ?? 0, 0) + w);
      }
      visited += total;
    }
    if (acc.size <= this.config.maxCandidatesScored) return [...acc.keys()];
    return [...acc.entries()]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, this.config.maxCandidatesScored)
      .map(([slot]) => slot);
  }

  private scoreEntry(
    qts: QueryToken[],
    qNorm: NormalizedName,
    entry: IndexedEntry,
    qDobs: PartialDate[],
    qNats: string[],
    qDocs: string[],
    qGender: 'female' | 'male' | null,
  ): MatchResult | null {
    let best: { score: number; name: IndexedName; align: Alignment } | null = null;
    for (const name of entry.names) {
      const align = this.align(qts, qNorm, name);
      if (!best || align.score > best.score) best = { score: align.score, name, align };
    }
    if (!best || best.score <= 0) return null;

    const fields: Explanation['fields'] = [];
    const dob: DobOutcome | null = compareDates(qDobs, entry.dobs);
    if (dob) fields.push({ field: 'dob', outcome: dob, effect: this.config.dob[dob] });
    if (qNats.length && entry.nationalities.length) {
      const agree = qNats.some((n) => entry.nationalities.includes(n));
      fields.push({ field: 'nationality', outcome: agree ? 'agree' : 'differ', effect: agree ? this.config.nationalityAgree : this.config.nationalityConflict });
    }
    if (qDocs.length && entry.documents.length) {
      const d = compareDocuments(qDocs, entry.documents);
      if (d.outcome) {
        fields.push({
          field: 'document',
          outcome: d.outcome,
          effect: d.outcome === 'exact' ? this.config.documentExact : this.config.documentOneCharacter,
          detail: `${d.query} ~ ${d.candidate}`,
        });
      }
    }
    if (qGender && entry.gender) {
      const agree = qGender === entry.gender;
      fields.push({ field: 'gender', outcome: agree ? 'agree' : 'differ', effect: agree ? this.config.genderAgree : this.config.genderConflict });
    }
    const evidence = fields.reduce((n, f) => n + f.effect, 0);
    const score = fields.length ? sigmoid(logit(best.score) + evidence) : best.score;
    const rounded = Math.round(score * 10000) / 10000;
    const band: Band = rounded >= this.config.bands.strong ? 'strong' : rounded >= this.config.bands.possible ? 'possible' : 'weak';
    return {
      id: entry.id,
      score: rounded,
      band,
      explanation: this.explain(best.name, best.align, best.score, fields, band),
    };
  }

  private align(qts: QueryToken[], qNorm: NormalizedName, name: IndexedName): Alignment {
    const cTokens = name.norm.tokens;
    const cWeights = name.vids.map((v, j) => this.idf(this.vDf[v]!) * this.roleFactor[cTokens[j]!.role]);
    const pairs: { i: number; j: number; s: number; key: number }[] = [];
    for (let i = 0; i < qts.length; i++) {
      const q = qts[i]!;
      for (let j = 0; j < cTokens.length; j++) {
        const c = cTokens[j]!;
        let s = 0;
        if (q.token.role === 'initial' || c.role === 'initial') {
          const other = q.token.role === 'initial' ? c : q.token;
          if (other.role === 'name' && q.token.folded[0] === c.folded[0]) s = this.config.initialSimilarity;
        } else {
          s = q.similar.get(name.vids[j]!) ?? 0;
        }
        if (s > 0) pairs.push({ i, j, s, key: s * (q.weight + cWeights[j]!) });
      }
    }
    pairs.sort((a, b) => b.key - a.key || a.i - b.i || a.j - b.j);
    const qMatch: (TokenMatch | null)[] = qts.map(() => null);
    const cSim: number[] = cTokens.map(() => 0);
    const cUsed: boolean[] = cTokens.map(() => false);
    const qSim: number[] = qts.map(() => 0);
    for (const p of pairs) {
      if (qMatch[p.i] || cUsed[p.j]) continue;
      cUsed[p.j] = true;
      cSim[p.j] = p.s;
      qSim[p.i] = p.s;
      qMatch[p.i] = this.describe(qts[p.i]!.token, cTokens[p.j]!, p.s, qNorm, name.norm, qts[p.i]!.weight);
    }
    // Compounds: one token on one side written as two on the other (Benyoussef / Ben Youssef, Taehun / Tae Hun).
    for (let i = 0; i < qts.length; i++) {
      if (qMatch[i]) continue;
      const q = qts[i]!.token;
      for (let j = 0; j + 1 < cTokens.length; j++) {
        if (cUsed[j] || cUsed[j + 1]) continue;
        const s = jaroWinkler(q.folded, cTokens[j]!.folded + cTokens[j + 1]!.folded);
        if (s >= 0.9) {
          cUsed[j] = cUsed[j + 1] = true;
          cSim[j] = cSim[j + 1] = s;
          qSim[i] = s;
          qMatch[i] = { query: q.text, candidate: `${cTokens[j]!.text} ${cTokens[j + 1]!.text}`, how: 'compound', similarity: round(s), weight: round(qts[i]!.weight) };
          break;
        }
      }
    }
    for (let j = 0; j < cTokens.length; j++) {
      if (cUsed[j]) continue;
      for (let i = 0; i + 1 < qts.length; i++) {
        if (qMatch[i] || qMatch[i + 1]) continue;
        const s = jaroWinkler(qts[i]!.token.folded + qts[i + 1]!.token.folded, cTokens[j]!.folded);
        if (s >= 0.9) {
          cUsed[j] = true;
          cSim[j] = s;
          qSim[i] = qSim[i + 1] = s;
          const m: TokenMatch = { query: `${qts[i]!.token.text} ${qts[i + 1]!.token.text}`, candidate: cTokens[j]!.text, how: 'compound', similarity: round(s), weight: round(qts[i]!.weight + qts[i + 1]!.weight) };
          qMatch[i] = m;
          qMatch[i + 1] = m;
          break;
        }
      }
    }

    let wq = 0;
    let mq = 0;
    let nameMatched = false;
    for (let i = 0; i < qts.length; i++) {
      wq += qts[i]!.weight;
      mq += qts[i]!.weight * qSim[i]!;
      if (qSim[i]! > 0 && qts[i]!.token.role === 'name') nameMatched = true;
    }
    let wc = 0;
    let mc = 0;
    for (let j = 0; j < cTokens.length; j++) {
      wc += cWeights[j]!;
      mc += cWeights[j]! * cSim[j]!;
    }
    const covQ = wq ? mq / wq : 0;
    const covC = wc ? mc / wc : 0;
    let score = nameMatched ? covQ ** this.config.queryCoverageExponent * covC ** (1 - this.config.queryCoverageExponent) : 0;
    const complete = qts.every((q, i) => q.token.role !== 'name' || qSim[i]! > 0) && cTokens.every((c, j) => c.role !== 'name' || cSim[j]! > 0);
    if (score > 0 && complete) score = Math.min(1, score + this.config.completeMatchBonus);
    const tokens: TokenMatch[] = [];
    for (const m of qMatch) if (m && !tokens.includes(m)) tokens.push(m);
    return {
      score,
      covQ,
      covC,
      tokens,
      unmatchedQuery: qts.filter((_, i) => !qSim[i]).map((q) => q.token.text),
      unmatchedCandidate: cTokens.filter((_, j) => !cUsed[j]).map((c) => c.text),
    };
  }

  private describe(q: NameToken, c: NameToken, s: number, qNorm: NormalizedName, cNorm: NormalizedName, weight: number): TokenMatch {
    let how: TokenMatch['how'];
    const crossScript = qNorm.scripts.includes('arabic') !== cNorm.scripts.includes('arabic');
    if (q.role === 'initial' || c.role === 'initial') how = 'initial';
    else if (q.text === c.text) how = 'exact';
    else if (crossScript) how = 'transliteration';
    else if (q.folded === c.folded) how = 'spelling';
    else if (q.skeleton === c.skeleton) how = 'skeleton';
    else how = 'fuzzy';
    return { query: q.text, candidate: c.text, how, similarity: round(s), weight: round(weight) };
  }

  private explain(name: IndexedName, a: Alignment, nameScore: number, fields: Explanation['fields'], band: Band): Explanation {
    const parts = a.tokens.map((t) => `${t.query}→${t.candidate} (${t.how})`);
    const f = fields.map((x) => `${x.field} ${x.outcome} (${x.effect >= 0 ? '+' : ''}${x.effect})`);
    const summary =
      `${band} match on "${name.norm.original}": ${parts.join(', ') || 'no token'}` +
      (a.unmatchedQuery.length ? `; not in the listed name: ${a.unmatchedQuery.join(' ')}` : '') +
      (a.unmatchedCandidate.length ? `; listed but not in the query: ${a.unmatchedCandidate.join(' ')}` : '') +
      (f.length ? `; ${f.join(', ')}` : '');
    return {
      matchedName: name.norm.original,
      nameScore: round(nameScore),
      tokens: a.tokens,
      unmatchedQuery: a.unmatchedQuery,
      unmatchedCandidate: a.unmatchedCandidate,
      queryCoverage: round(a.covQ),
      candidateCoverage: round(a.covC),
      fields,
      summary,
    };
  }
}

interface Alignment {
  score: number;
  covQ: number;
  covC: number;
  tokens: TokenMatch[];
  unmatchedQuery: string[];
  unmatchedCandidate: string[];
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
