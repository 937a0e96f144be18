// The matching engine: an inverted index over token keys for candidate retrieval (never a full scan), order-free
// weighted token alignment, evidence from dates of birth, nationality, documents and gender, a score in [0, 1]
// with a band, and an explanation of every score. Entries can be added, updated and removed at any time.
import { defaultMatchingConfig, type MatchingConfig } from './config.js';
import { parseNationalities } from './countries.js';
import { compareDates, parseDates, type DobOutcome, type PartialDate } from './dates.js';
import { compareDocuments } from './documents.js';
import { normalizeName, skeleton, type NameToken, type NormalizedName, type TokenRole } from './normalize.js';
import { boundedEditDistance, classSkeleton, deletions, jaroWinkler, transliterationDistance } from './similarity.js';
import { commonNames } from './lexicon.js';

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

/** A stretch of a name's tokens that can match as one: a token, a token without its fused particle, or
 *  adjacent tokens written as one word elsewhere (Hamid Reza / Hamidreza, Shams ur-Rahman / Shamsurrahman). */
interface Unit {
  from: number;
  to: number; // inclusive
  vid: number;
  /** Counts for less than the whole token (a stripped particle). */
  factor: number;
}

interface IndexedName {
  norm: NormalizedName;
  vids: number[];
  units: Unit[];
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

interface QuerySpan {
  from: number;
  to: number;
  similar: Map<number, number>;
}

/**
 * The multi-token and stripped forms of a name, as extra units: a fused particle's bare name, adjacent names
 * joined, and name + particle + name joined with and without the particle.
 */
function spans(tokens: NameToken[]): { from: number; to: number; form: Pick<NameToken, 'folded' | 'skeleton' | 'arabic'>; factor: number }[] {
  const out: { from: number; to: number; form: Pick<NameToken, 'folded' | 'skeleton' | 'arabic'>; factor: number }[] = [];
  const form = (folded: string, arabic: boolean) => ({ folded, skeleton: skeleton(folded), arabic });
  tokens.forEach((t, i) => {
    if (t.stripped) out.push({ from: i, to: i, form: form(t.stripped, t.arabic), factor: 0.95 });
    const next = tokens[i + 1];
    if (!next || t.role === 'title' || t.role === 'initial' || next.role === 'title' || next.role === 'initial') return;
    if (t.role === 'name' && next.role === 'name') out.push({ from: i, to: i + 1, form: form(t.folded + next.folded, t.arabic), factor: 1 });
    // A name and the particle after it written as one (Mati ur / Matiur).
    if (t.role === 'name' && next.role === 'particle' && next.folded.length <= 3) out.push({ from: i, to: i + 1, form: form(t.folded + next.folded, t.arabic), factor: 1 });
    const third = tokens[i + 2];
    if (t.role === 'name' && next.role === 'particle' && third?.role === 'name') {
      out.push({ from: i, to: i + 2, form: form(t.folded + next.folded + third.folded, t.arabic), factor: 1 });
      out.push({ from: i, to: i + 2, form: form(t.folded + third.folded, t.arabic), factor: 1 });
    }
  });
  return out;
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

/** Consonant–vowel shape (runs collapsed): Hilel and Helal are both CVCVC; Terka (CVCCV) and Torek are not. */
function shape(folded: string): string {
  return folded.replace(/[aeiou]+/g, 'V').replace(/[^V]+/g, 'C');
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

  private readonly common: Set<string>;

  constructor(config: Partial<MatchingConfig> = {}) {
    this.config = { ...defaultMatchingConfig, ...config };
    this.roleFactor = ROLE_FACTOR(this.config);
    this.common = this.config.commonNameMaxWeight > 0 ? commonNames() : new Set();
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
    if (skel.length >= 1) out.push(`s:${classSkeleton(skel)}`);
    if (folded.length >= 4) {
      out.push(`d:${folded}`);
      for (const d of deletions(folded)) out.push(`d:${d}`);
    }
    if (folded.length >= 5) out.push(`p:${folded.slice(0, 4)}`);
    const cls = classSkeleton(skel);
    if (cls.length >= 2 && cls !== skel) out.push(`s:${cls}`);
    if (skel.length >= 3) {
      out.push(`k:${skel}`);
      for (const d of deletions(skel)) if (d.length >= 2) out.push(`k:${d}`);
    }
    return out;
  }

  private vocabId(t: Pick<NameToken, 'folded' | 'skeleton' | 'arabic'>): number {
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
      const vids = norm.tokens.map((t) => this.vocabId(t));
      const units: Unit[] = [];
      for (const span of spans(norm.tokens)) {
        units.push({ ...span, vid: this.vocabId(span.form), factor: span.factor });
      }
      names.push({ norm, vids, units });
    }
    if (!names.length) return;
    const distinct = [...new Set(names.flatMap((n) => [...n.vids, ...n.units.map((u) => u.vid)]))];
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

  /** A token's weight: its rarity in the watchlist, capped for names common in life. */
  private weightOf(v: number): number {
    const w = this.idf(this.vDf[v]!);
    return this.common.has(this.vFolded[v]!) ? Math.min(w, this.config.commonNameMaxWeight) : w;
  }

  /**
   * How far two tokens are the same name, in [0, 1]: 1 when they fold to one spelling; the skeleton similarity
   * when they share their consonants (for two Latin spellings, only if they also look alike — William and Lam
   * share "lm" and nothing else); else Jaro–Winkler above a floor, rescaled so that near misses count little.
   */
  /** For joined tokens: the spellings must agree, not merely the consonants. */
  private strictSimilarity(q: NameToken, v: number): number {
    const folded = this.vFolded[v]!;
    if (q.folded === folded) return 1;
    const longest = Math.max(q.folded.length, folded.length);
    const budget = Math.floor((1 - this.config.minCompoundSimilarity) * longest);
    const d = boundedEditDistance(q.folded, folded, budget);
    return d > budget ? 0 : 1 - d / longest;
  }

  private tokenSimilarity(q: NameToken, v: number): number {
    const folded = this.vFolded[v]!;
    if (q.folded === folded) return 1;
    const c = this.config;
    const cross = q.arabic !== this.vArabic[v]!;
    // Across scripts short vowels were never written: their absence costs little.
    const costs = cross ? { ...c.transliteration, vowelIndel: c.crossScriptVowelIndel } : c.transliteration;
    const length = (q.folded.length + folded.length) / 2;
    const maxDistance = (1 - c.fuzzyFloor) * length;
    const d = transliterationDistance(q.folded, folded, costs, maxDistance);
    let s = d > maxDistance ? 0 : (1 - d / length - c.fuzzyFloor) / (1 - c.fuzzyFloor);
    // Latin spellings that differ in consonant-vowel shape are less alike than their distance says.
    if (!cross && s > 0 && shape(q.folded) !== shape(folded)) s *= c.shapeMismatchFactor;
    // A slip late in a long name (Guzman / Guman, Loera / Loeral) keeps the prefix: Jaro–Winkler sees it.
    if (!cross) {
      const jw = jaroWinkler(q.folded, folded);
      if (jw > c.jaroWinklerFloor) s = Math.max(s, (jw - c.jaroWinklerFloor) / (1 - c.jaroWinklerFloor));
    }
    s *= cross ? c.crossScriptCeiling : c.fuzzyCeiling;
    return s >= c.minTokenSimilarity ? s : 0;
  }

  /** Vocabulary tokens resembling a form, found through its keys, with their similarity times `factor`. */
  private lookup(form: NameToken, factor: number, into: Map<number, number>, strict = false): void {
    const seen = new Set<number>();
    for (const k of this.keysOf(form.folded, form.skeleton)) {
      if (strict && (k.startsWith('s:') || k.startsWith('k:'))) continue;
      for (const v of this.keys.get(k) ?? []) {
        if (seen.has(v)) continue;
        seen.add(v);
        if (this.vDf[v] === 0) continue;
        const s = (strict ? this.strictSimilarity(form, v) : this.tokenSimilarity(form, v)) * factor;
        if (s > (into.get(v) ?? 0)) into.set(v, s);
      }
    }
  }

  private querySpans(norm: NormalizedName): QuerySpan[] {
    const out: QuerySpan[] = [];
    for (const sp of spans(norm.tokens)) {
      if (sp.from === sp.to) continue; // stripped forms are looked up with their token
      const similar = new Map<number, number>();
      this.lookup({ ...sp.form, text: '', role: 'name' }, 1, similar, true);
      if (similar.size) out.push({ from: sp.from, to: sp.to, similar });
    }
    return out;
  }

  private prepareQuery(norm: NormalizedName): QueryToken[] {
    return norm.tokens.map((token) => {
      const similar = new Map<number, number>();
      if (token.role !== 'initial') {
        this.lookup(token, 1, similar);
        // A fused particle (Benomar, Elhaddad): the bare name is looked up too.
        if (token.stripped) {
          this.lookup({ ...token, folded: token.stripped, skeleton: skeleton(token.stripped), stripped: undefined }, this.config.strippedParticleFactor, similar);
        }
      }
      const exact = this.vocab.get(token.folded);
      let df = exact !== undefined && this.vDf[exact]! > 0 ? this.vDf[exact]! : 0;
      if (!df) for (const [v, s] of similar) if (s >= 0.9 && (!df || this.vDf[v]! < df)) df = this.vDf[v]!;
      let base = this.idf(df || this.config.unknownTokenDf);
      if (this.common.has(token.folded) || (token.stripped && this.common.has(token.stripped))) base = Math.min(base, this.config.commonNameMaxWeight);
      const weight = base * this.roleFactor[token.role];
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
    const qSpans = this.querySpans(norm);
    const candidates = this.retrieve(qts, qSpans);
    const qDobs = parseDates(query.dob);
    const qNats = parseNationalities(query.nationality);
    const qDocs = (query.documents ?? []).filter(Boolean);
    const qGender = gender(query.gender);
    const results: MatchResult[] = [];
    for (const slot of candidates) {
      const entry = this.slots[slot]!;
      const r = this.scoreEntry(qts, qSpans, norm, entry, qDobs, qNats, qDocs, qGender);
      if (r && r.score >= this.config.minScore) results.push(r);
    }
    results.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return results.slice(0, top);
  }

  /** Candidate entries from the postings of the query tokens' keys, rarest first, within a budget. */
  private retrieve(qts: QueryToken[], qSpans: QuerySpan[]): number[] {
    const total = (similar: Map<number, number>) => {
      let n = 0;
      for (const v of similar.keys()) n += this.postings[v]!.length;
      return n;
    };
    const groups = [
      ...qts.filter((q) => q.token.role === 'name' && q.similar.size).map((q) => ({ q: { similar: q.similar }, total: total(q.similar) })),
      ...qSpans.map((sp) => ({ q: { similar: sp.similar }, total: total(sp.similar) })),
    ].sort((a, b) => a.total - b.total);
    // Without name tokens (all particles or initials), the particles carry the search.
    if (!groups.length) {
      for (const q of qts) if (q.similar.size) groups.push({ q: { similar: q.similar }, total: total(q.similar) });
    }
    const acc = new Map<number, number>();
    let visited = 0;
    for (const { q, total } of groups) {
      if (acc.size && visited + total > this.config.maxPostingsPerQuery) break;
      for (const [v, s] of q.similar) {
        const w = this.weightOf(v) * s;
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
    qSpans: QuerySpan[],
    qNorm: NormalizedName,
    entry: IndexedEntry,
    qDobs: PartialDate[],
    qNats: string[],
    qDocs: string[],
    qGender: 'female' | 'male' | null,
  ): MatchResult | null {
    let best: { score: number; name: IndexedName; align: Alignment } | null = null;
    for (const name of entry.names) {
      const align = this.align(qts, qSpans, qNorm, name);
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

  /**
   * Best one-to-one alignment of query and listed tokens, order-free, greedy on similarity × weight. Units let one
   * word on one side match several on the other (a compound, a fused particle).
   */
  private align(qts: QueryToken[], qSpans: QuerySpan[], qNorm: NormalizedName, name: IndexedName): Alignment {
    const cTokens = name.norm.tokens;
    const cWeights = name.vids.map((v, j) => this.weightOf(v) * this.roleFactor[cTokens[j]!.role]);
    type Pair = { q0: number; q1: number; c0: number; c1: number; s: number; key: number };
    const pairs: Pair[] = [];
    const weightQ = (a: number, b: number) => {
      let w = 0;
      for (let i = a; i <= b; i++) w += qts[i]!.weight;
      return w;
    };
    const weightC = (a: number, b: number) => {
      let w = 0;
      for (let j = a; j <= b; j++) w += cWeights[j]!;
      return w;
    };
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
        if (s > 0) pairs.push({ q0: i, q1: i, c0: j, c1: j, s, key: s * (q.weight + cWeights[j]!) });
      }
      // The query token against the listed name's other forms: without a fused particle, or several tokens joined.
      if (q.token.role === 'initial') continue;
      for (const u of name.units) {
        let raw = q.similar.get(u.vid) ?? 0;
        // Joined tokens must agree in spelling: a loose match of a long joined string is mostly chance.
        if (u.to > u.from && raw > 0) raw = this.strictSimilarity(q.token, u.vid);
        const s = raw * u.factor;
        if (s > 0) pairs.push({ q0: i, q1: i, c0: u.from, c1: u.to, s, key: s * (q.weight + weightC(u.from, u.to) / (u.to - u.from + 1)) });
      }
    }
    // Several query tokens written as one listed token.
    for (const sp of qSpans) {
      for (let j = 0; j < cTokens.length; j++) {
        const s = sp.similar.get(name.vids[j]!) ?? 0;
        if (s >= this.config.minCompoundSimilarity) pairs.push({ q0: sp.from, q1: sp.to, c0: j, c1: j, s, key: s * (weightQ(sp.from, sp.to) / (sp.to - sp.from + 1) + cWeights[j]!) });
      }
    }
    pairs.sort((a, b) => b.key - a.key || a.q0 - b.q0 || a.c0 - b.c0);
    const qSim: number[] = qts.map(() => 0);
    const cSim: number[] = cTokens.map(() => 0);
    const qUsed: boolean[] = qts.map(() => false);
    const cUsed: boolean[] = cTokens.map(() => false);
    const tokens: TokenMatch[] = [];
    for (const p of pairs) {
      let free = true;
      for (let i = p.q0; i <= p.q1 && free; i++) if (qUsed[i]) free = false;
      for (let j = p.c0; j <= p.c1 && free; j++) if (cUsed[j]) free = false;
      if (!free) continue;
      for (let i = p.q0; i <= p.q1; i++) {
        qUsed[i] = true;
        qSim[i] = p.s;
      }
      for (let j = p.c0; j <= p.c1; j++) {
        cUsed[j] = true;
        cSim[j] = p.s;
      }
      tokens.push(this.describe(qts, p, cTokens, qNorm, name.norm, weightQ(p.q0, p.q1)));
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
    // The fuller side (the name that is a subset of the other: an alias of a longer name, or the reverse) counts
    // most; the other side's coverage still pulls the score down.
    const hi = Math.max(covQ, covC);
    const lo = Math.min(covQ, covC);
    let score = nameMatched ? hi ** this.config.queryCoverageExponent * lo ** (1 - this.config.queryCoverageExponent) : 0;
    // How much was matched, not only what share: two common names agreeing is weaker evidence than two rare ones.
    if (this.config.evidenceScale > 0) score *= 1 - Math.exp(-Math.min(mq, mc) / this.config.evidenceScale);
    // One name in common between names of several is weak evidence: many people share one name.
    const qNames = qts.filter((q) => q.token.role === 'name').length;
    const cNames = cTokens.filter((c) => c.role === 'name').length;
    const matchedNames = tokens.filter((t) => t.how !== 'initial' && qts.some((q) => q.token.role === 'name' && t.query.split(' ').includes(q.token.text))).length;
    if (score > 0 && matchedNames <= 1 && Math.min(qNames, cNames) >= 2) score *= this.config.singleNameFactor;
    const complete = qts.every((q, i) => q.token.role !== 'name' || qSim[i]! > 0) && cTokens.every((c, j) => c.role !== 'name' || cSim[j]! > 0);
    if (score > 0 && complete) score = Math.min(1, score + this.config.completeMatchBonus);
    return {
      score,
      covQ,
      covC,
      tokens,
      unmatchedQuery: qts.filter((_, i) => !qUsed[i]).map((q) => q.token.text),
      unmatchedCandidate: cTokens.filter((_, j) => !cUsed[j]).map((c) => c.text),
    };
  }

  private describe(
    qts: QueryToken[],
    p: { q0: number; q1: number; c0: number; c1: number; s: number },
    cTokens: NameToken[],
    qNorm: NormalizedName,
    cNorm: NormalizedName,
    weight: number,
  ): TokenMatch {
    const qs = qts.slice(p.q0, p.q1 + 1).map((q) => q.token);
    const cs = cTokens.slice(p.c0, p.c1 + 1);
    const q = qs[0]!;
    const c = cs[0]!;
    let how: TokenMatch['how'];
    const crossScript = qNorm.scripts.includes('arabic') !== cNorm.scripts.includes('arabic');
    if (qs.length > 1 || cs.length > 1 || (q.stripped && q.folded !== c.folded) || (c.stripped && q.folded !== c.folded && q.stripped !== c.folded)) how = 'compound';
    else if (q.role === 'initial' || c.role === 'initial') how = 'initial';
    else if (q.text === c.text) how = 'exact';
    else if (crossScript) how = 'transliteration';
    else if (q.folded === c.folded) how = 'spelling';
    else if (q.skeleton === c.skeleton) how = 'skeleton';
    else how = 'fuzzy';
    return { query: qs.map((t) => t.text).join(' '), candidate: cs.map((t) => t.text).join(' '), how, similarity: round(p.s), weight: round(weight) };
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
