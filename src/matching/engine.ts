// The matching engine: an inverted index over token keys for candidate retrieval (never a full scan), order-free
// weighted token alignment, evidence from dates of birth, nationality, documents and gender, a score in [0, 1]
// with a band, and an explanation of every score. Entries can be added, updated and removed at any time.
import { defaultMatchingConfig, type MatchingConfig } from './config.js';
import { parseNationalities } from './countries.js';
import { compareDates, parseDates, type DobOutcome, type PartialDate } from './dates.js';
import { compareDocuments } from './documents.js';
import { fold, normalizeName, skeleton, type NameToken, type NormalizedName, type TokenRole } from './normalize.js';
import { classSkeleton, deletions, jaroWinkler, transliterationDistance } from './similarity.js';
import { commonNames } from './lexicon.js';
import { equivalents } from './equivalents.js';

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
  how: 'exact' | 'spelling' | 'transliteration' | 'skeleton' | 'equivalent' | 'fuzzy' | 'compound' | 'initial';
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
  /** Joined in the spoken order of a "FAMILY, Given" name. */
  spoken?: true;
}

const ROLES: TokenRole[] = ['name', 'particle', 'title', 'initial', 'patronymic'];
const EMPTY: ReadonlyMap<number, number> = new Map();
// Shared empty list for the many entries without dates, nationalities or documents (memory).
const NONE: never[] = [];
const NAME = 0;
const INITIAL = 3;

/** A listed name as it is being indexed, before it is packed into the pool (see `MatchIndex.pool`). */
interface NewName {
  original: string;
  /** What an explanation shows of the name (see `explainForm`). */
  words: string;
  vids: number[];
  roles: number[];
  units: Unit[];
  /** For "FAMILY NAMES, Given" names: each token's place among the family names (0 = first), else null. */
  family?: (number | null)[];
}

/** What few entries carry (memory: a million entries without them share nothing). */
interface EntryExtra {
  nationalities: string[];
  documents: string[];
  gender: 'female' | 'male' | null;
}

// The packed layout of an entry in the pool, at offset o:
//   [o] length of the block, [o+1] number of names, [o+2] number of distinct vocabulary ids (d), then the d ids;
//   then each name at p: [p] tokens (n), [p+1] units (u), [p+2] 1 if family places follow, then n token ids,
//   n roles, u units of four numbers (from, to, vocabulary id, factor index × 2 + spoken), and n family places
//   (-1 for a given name) if any.
const HEAD = 3;
const NAME_HEAD = 3;

function nameLength(pool: Int32Array, p: number): number {
  const n = pool[p]!;
  return NAME_HEAD + 2 * n + 4 * pool[p + 1]! + (pool[p + 2]! & 1 ? n : 0);
}

// What an explanation needs of a listed name beyond the pool, kept as one string per name so that showing a
// result does not normalise its name again: the tokens' texts (as written, lower-cased) separated by SEP, a
// token with a fused particle (Benomar) marked by STRIPPED, and a name written in Arabic script by ARABIC.
const SEP = '\u0001';
const STRIPPED = '\u0002';
const ARABIC_NAME = '\u0003';

function explainForm(norm: NormalizedName): string {
  return (norm.scripts.includes('arabic') ? ARABIC_NAME : '') + norm.tokens.map((t) => (t.stripped ? STRIPPED : '') + t.text).join(SEP);
}

interface QueryToken {
  token: NameToken;
  weight: number;
  /** Vocabulary tokens this query token resembles, with their similarity (shared with the lookup cache). */
  similar: ReadonlyMap<number, number>;
  /** The same given name in other languages (Joseph / Yusuf): scored in the alignment, never read for candidates —
   *  a common given name's forms would bring thousands. */
  equivalent: ReadonlyMap<number, number>;
}

interface QuerySpan {
  from: number;
  to: number;
  similar: ReadonlyMap<number, number>;
  /** Joined in the spoken order of a "FAMILY, Given" query. */
  spoken?: true;
}

/**
 * The multi-token and stripped forms of a name, as extra units: a fused particle's bare name, adjacent names
 * joined, and name + particle + name joined with and without the particle.
 */
function form(joined: string, arabic: boolean): Pick<NameToken, 'folded' | 'skeleton' | 'arabic'> {
  // Folded words have no double letters; two joined may meet in one (Inayat-ur Rahman → inayaturahman).
  const folded = joined.replace(/(.)\1+/g, '$1');
  return { folded, skeleton: skeleton(folded), arabic };
}

/** A Latin-spelled name read without its Arabic nisba ending (-i: Malahi "of Mallah", Masri "of Misr"), or null. */
function withoutNisba(t: NameToken): string | null {
  if (t.role !== 'name' || t.arabic || t.folded.length < 5 || !t.folded.endsWith('i')) return null;
  const bare = fold(t.folded.slice(0, -1));
  return bare.length >= 3 ? bare : null;
}

function spans(tokens: NameToken[], nisba = 0): { from: number; to: number; form: Pick<NameToken, 'folded' | 'skeleton' | 'arabic'>; factor: number }[] {
  const out: { from: number; to: number; form: Pick<NameToken, 'folded' | 'skeleton' | 'arabic'>; factor: number }[] = [];
  tokens.forEach((t, i) => {
    if (t.stripped) out.push({ from: i, to: i, form: form(t.stripped, t.arabic), factor: 0.95 });
    // A listed name with a nisba ending (Malahi, Masri) is also known without it, as a query's is (see prepareQuery).
    else if (nisba > 0) {
      const bare = withoutNisba(t);
      if (bare) out.push({ from: i, to: i, form: form(bare, false), factor: nisba });
    }
    const next = tokens[i + 1];
    if (!next || t.role === 'title' || t.role === 'initial' || next.role === 'title' || next.role === 'initial') return;
    if (t.role === 'name' && next.role === 'name') out.push({ from: i, to: i + 1, form: form(t.folded + next.folded, t.arabic), factor: 1 });
    // An article or filiation word and the name after it written as one (Al-Otaibi / Alotaibi, Ben Ali / Benali).
    if (t.role === 'particle' && next.role === 'name' && t.folded.length >= 2) out.push({ from: i, to: i + 1, form: form(t.folded + next.folded, t.arabic), factor: 1 });
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

/**
 * "RAHMAN, Inayat ur" is said Inayat ur Rahman, and written so joined (Inayaturrahman): the joined forms of a
 * "FAMILY, Given" name in its spoken order, where they cover a stretch of its tokens that the written order does
 * not already join.
 */
function spokenSpans(norm: NormalizedName): ReturnType<typeof spans> {
  if (norm.givenFrom === undefined) return [];
  const keys = [...norm.tokens.keys()];
  const order = keys.slice(norm.givenFrom).concat(keys.slice(0, norm.givenFrom));
  const out: ReturnType<typeof spans> = [];
  for (const span of spans(order.map((k) => norm.tokens[k]!))) {
    if (span.from === span.to) continue;
    const idx = order.slice(span.from, span.to + 1);
    const lo = Math.min(...idx);
    const hi = Math.max(...idx);
    const written = idx.every((k, n) => n === 0 || k === idx[n - 1]! + 1);
    if (hi - lo === idx.length - 1 && !written) out.push({ ...span, from: lo, to: hi });
  }
  return out;
}

/** Numbers per slot on the retrieval scoreboard (see `board`). */
const BOARD = 3;

const ROLE_FACTOR = (c: MatchingConfig): Record<TokenRole, number> => ({ name: 1, particle: c.particleWeight, title: c.titleWeight, initial: c.initialWeight, patronymic: c.patronymicWeight });

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

/**
 * The k slots of highest score (score[slot × stride]), ties to the lower slot; quickselect, O(n). The scores are
 * first copied beside their slots, so that the selection's passes read memory in order, not the scoreboard at
 * random.
 */
function topBy(slots: number[], score: Float64Array, k: number, stride: number): number[] {
  const n = slots.length;
  if (topSlots.length < n) {
    topSlots = new Int32Array(n * 2);
    topScores = new Float64Array(n * 2);
  }
  const a = topSlots;
  const v = topScores;
  for (let x = 0; x < n; x++) {
    a[x] = slots[x]!;
    v[x] = score[slots[x]! * stride]!;
  }
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const ps = a[mid]!;
    const pv = v[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (v[i]! > pv || (v[i] === pv && a[i]! < ps)) i++;
      while (pv > v[j]! || (pv === v[j] && ps < a[j]!)) j--;
      if (i <= j) {
        const ta = a[i]!;
        a[i] = a[j]!;
        a[j] = ta;
        const tv = v[i]!;
        v[i] = v[j]!;
        v[j] = tv;
        i++;
        j--;
      }
    }
    if (k - 1 <= j) hi = j;
    else if (k - 1 >= i) lo = i;
    else break;
  }
  return Array.from(a.subarray(0, k));
}
let topSlots = new Int32Array(1024);
let topScores = new Float64Array(1024);

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
  private readonly vShape: string[] = [];
  private readonly vCommon: boolean[] = [];
  private readonly vKeyed: boolean[] = [];
  // Weights depend on the watchlist size: cached per size.
  private weights = new Float64Array(0);
  private weightsFor = -1;
  // Similar-vocabulary lists per looked-up form, valid while the vocabulary does not grow.
  // One map per kind of lookup (loose or strict × Latin or Arabic script), keyed by the folded form itself: its hash
  // is computed once per string, where a composed key would be built and hashed on every lookup.
  private readonly lookupCache: Map<string, Map<number, number>>[] = [new Map(), new Map(), new Map(), new Map()];
  private lookupCacheVocab = 0;
  /** Retrieval scoreboard, three numbers per slot side by side so that they share a cache line: the
   *  candidate's pre-score, the current group's best for it, its best joined reading. */
  private board = new Float64Array(0);
  private seen = new Int32Array(1024);
  /** The alignment's working arrays (see `align`). */
  private scratch = scratchFor(64, 16);
  private readonly postings: number[][] = [];
  // Keys (exact, skeleton, one-deletion variants) → vocabulary ids.
  private readonly keys = new Map<string, number[]>();
  // Entries by slot, in columns; a removed slot's id is null and the slot is reused. Names, their token ids, roles
  // and units are packed in one pool of integers (layout above `nameLength`): a million entries as objects took
  // most of a gigabyte, and the alignment reads them in a few cache lines.
  private readonly slotIds: (string | null)[] = [];
  private readonly slotAt: number[] = [];
  private readonly slotNames: (string | string[])[] = [];
  private readonly slotWords: (string | string[])[] = [];
  private readonly slotDobs: PartialDate[][] = [];
  private readonly slotExtra: (EntryExtra | null)[] = [];
  private pool = new Int32Array(1 << 12);
  private poolEnd = 0;
  /** Pool space left by removed entries, reclaimed when it is half the pool. */
  private poolGarbage = 0;
  /** Unit factors, by index (a handful of distinct values). */
  private readonly factors: number[] = [];
  // Dates of birth and nationalities repeat across entries: parsed once, shared.
  private readonly dobsOf = new Map<string, PartialDate[]>();
  private readonly natsOf = new Map<string, string[]>();
  private readonly free: number[] = [];
  private readonly slotOf = new Map<string, number>();

  private readonly common: Set<string>;

  constructor(config: Partial<MatchingConfig> = {}) {
    this.config = { ...defaultMatchingConfig, ...config };
    this.roleFactor = ROLE_FACTOR(this.config);
    this.common = this.config.commonNameMaxWeight > 0 ? commonNames() : new Set();
    this.crossCosts = { ...this.config.transliteration, vowelIndel: this.config.crossScriptVowelIndel };
  }

  /** Across scripts short vowels were never written: their absence costs little. */
  private readonly crossCosts: MatchingConfig['transliteration'];

  get size(): number {
    return this.slotOf.size;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** The index's own counts (entries, vocabulary, keys, postings), for operators and benchmarks. */
  stats(): { entries: number; vocabulary: number; keyedVocabulary: number; keys: number; keyRefs: number; postings: number; packed: number; reclaimable: number } {
    let keyRefs = 0;
    for (const list of this.keys.values()) keyRefs += list.length;
    let postings = 0;
    for (const list of this.postings) postings += list.length;
    return {
      entries: this.size,
      vocabulary: this.vFolded.length,
      keyedVocabulary: this.vKeyed.filter(Boolean).length,
      keys: this.keys.size,
      keyRefs,
      postings,
      // Integers in the entries' pool: in use, and left by removed entries until the next compaction.
      packed: this.poolEnd - this.poolGarbage,
      reclaimable: this.poolGarbage,
    };
  }

  // ---------------------------------------------------------------- building

  private keysOf(folded: string, skel: string): string[] {
    const out = [`f:${folded}`];
    if (skel.length >= 1) out.push(`s:${classSkeleton(skel)}`);
    // A three-letter name is keyed whole among the deletions, so that a four-letter spelling finds it (Htun / Tun).
    if (folded.length === 3) out.push(`d:${folded}`);
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

  /** The keys a strict lookup (a joined form) reads, in `keysOf`'s order: its spelling and one-letter deletions,
   *  and its whole consonant skeleton. */
  private strictKeysOf(folded: string, skel: string): string[] {
    const out = [`f:${folded}`];
    if (folded.length >= 3) out.push(`d:${folded}`);
    if (folded.length >= 4) for (const d of deletions(folded)) out.push(`d:${d}`);
    if (skel.length >= 3) out.push(`k:${skel}`);
    return out;
  }

  /** `exactOnly`: joined and stripped forms are found by their exact spelling only (keys cost memory). */
  private vocabId(t: Pick<NameToken, 'folded' | 'skeleton' | 'arabic'>, exactOnly = false): number {
    let id = this.vocab.get(t.folded);
    if (id !== undefined) {
      if (!exactOnly && !this.vKeyed[id]) this.addKeys(id, t.folded, t.skeleton);
      return id;
    }
    id = this.vFolded.length;
    this.vocab.set(t.folded, id);
    this.vFolded.push(t.folded);
    this.vSkeleton.push(t.skeleton);
    this.vDf.push(0);
    this.vArabic.push(t.arabic);
    this.vShape.push(shape(t.folded));
    this.vCommon.push(this.common.has(t.folded));
    this.vKeyed.push(false);
    this.postings.push([]);
    // Joined forms are found by exact spelling through the vocabulary itself, and a long one by its consonant
    // skeleton (Mahammadkazem / Mohammad Kazem): one key, not the dozens a name gets (memory).
    if (!exactOnly) this.addKeys(id, t.folded, t.skeleton);
    else if (t.skeleton.length >= 7) this.addKey(`k:${t.skeleton}`, id);
    return id;
  }

  private addKey(k: string, id: number): void {
    const list = this.keys.get(k);
    if (!list) this.keys.set(k, [id]);
    else if (list[list.length - 1] !== id) list.push(id);
  }

  private addKeys(id: number, folded: string, skel: string): void {
    this.vKeyed[id] = true;
    for (const k of new Set(this.keysOf(folded, skel))) this.addKey(k, id);
  }

  add(entry: WatchlistEntry): void {
    if (this.slotOf.has(entry.id)) this.remove(entry.id);
    const names: NewName[] = [];
    for (const n of entry.names.flatMap(splitNames)) {
      const norm = normalizeName(n);
      if (!norm.tokens.length) continue;
      const vids = norm.tokens.map((t) => this.vocabId(t));
      const roles = norm.tokens.map((t) => ROLES.indexOf(t.role));
      const units: Unit[] = [];
      for (const span of spans(norm.tokens, this.config.nisbaFactor)) {
        // A name without its fused particle (Benhammedi → Hammedi) is keyed like a name, so that other spellings
        // find it; joined forms, many more, are found by their spelling only (memory).
        units.push({ from: span.from, to: span.to, vid: this.vocabId(span.form, span.from !== span.to), factor: span.factor });
      }
      for (const span of spokenSpans(norm)) units.push({ from: span.from, to: span.to, vid: this.vocabId(span.form, true), factor: span.factor, spoken: true });
      names.push({ original: norm.original, words: explainForm(norm), vids, roles, units, ...(norm.familyPlace ? { family: norm.familyPlace } : {}) });
    }
    if (!names.length) return;
    const distinct = [...new Set(names.flatMap((n) => [...n.vids, ...n.units.map((u) => u.vid)]))];
    // Packed first: packing may compact the pool, which moves the live entries only.
    const at = this.pack(distinct, names);
    const slot = this.free.pop() ?? this.slotIds.length;
    this.slotIds[slot] = entry.id;
    this.slotAt[slot] = at;
    this.slotNames[slot] = names.length === 1 ? names[0]!.original : names.map((n) => n.original);
    this.slotWords[slot] = names.length === 1 ? names[0]!.words : names.map((n) => n.words);
    this.slotDobs[slot] = entry.dob ? this.shared(this.dobsOf, entry.dob, parseDates) : NONE;
    const nationalities = entry.nationality ? this.shared(this.natsOf, entry.nationality, parseNationalities) : NONE;
    const documents = entry.documents?.length ? entry.documents.filter(Boolean) : NONE;
    const g = gender(entry.gender);
    this.slotExtra[slot] = nationalities.length || documents.length || g ? { nationalities, documents, gender: g } : null;
    this.slotOf.set(entry.id, slot);
    for (const v of distinct) {
      this.vDf[v]!++;
      const list = this.postings[v]!;
      // A literal, not a push: most joined forms belong to one entry, and a pushed-to array reserves seventeen.
      if (list.length) list.push(slot);
      else this.postings[v] = [slot];
    }
  }

  /** One parsed value per distinct input (dates, nationalities), shared by every entry that has it. */
  private shared<T>(cache: Map<string, T[]>, input: string | string[], parse: (x: string | string[]) => T[]): T[] {
    const key = typeof input === 'string' ? input : JSON.stringify(input);
    let out = cache.get(key);
    if (!out) {
      out = parse(input);
      if (!out.length) out = NONE;
      cache.set(key, out);
    }
    return out;
  }

  private factorIndex(f: number): number {
    let i = this.factors.indexOf(f);
    if (i < 0) i = this.factors.push(f) - 1;
    return i;
  }

  /** Writes an entry's block at the end of the pool (growing or compacting it first) and returns its offset. */
  private pack(distinct: number[], names: NewName[]): number {
    let length = HEAD + distinct.length;
    for (const n of names) length += NAME_HEAD + 2 * n.vids.length + 4 * n.units.length + (n.family ? n.vids.length : 0);
    if (this.poolEnd + length > this.pool.length) {
      if (this.poolGarbage * 2 > this.poolEnd) this.compact();
      if (this.poolEnd + length > this.pool.length) {
        const grown = new Int32Array(Math.max(this.pool.length * 2, this.poolEnd + length));
        grown.set(this.pool.subarray(0, this.poolEnd));
        this.pool = grown;
      }
    }
    const pool = this.pool;
    const at = this.poolEnd;
    let o = at;
    pool[o++] = length;
    pool[o++] = names.length;
    pool[o++] = distinct.length;
    for (const v of distinct) pool[o++] = v;
    for (const n of names) {
      pool[o++] = n.vids.length;
      pool[o++] = n.units.length;
      pool[o++] = n.family ? 1 : 0; // flags: 1 = family places follow
      for (const v of n.vids) pool[o++] = v;
      for (const r of n.roles) pool[o++] = r;
      for (const u of n.units) {
        pool[o++] = u.from;
        pool[o++] = u.to;
        pool[o++] = u.vid;
        pool[o++] = this.factorIndex(u.factor) * 2 + (u.spoken ? 1 : 0);
      }
      if (n.family) for (const f of n.family) pool[o++] = f ?? -1;
    }
    this.poolEnd = o;
    return at;
  }

  /** Moves the live entries' blocks together, dropping what removed entries left. */
  private compact(): void {
    const pool = new Int32Array(this.pool.length);
    let end = 0;
    for (let slot = 0; slot < this.slotIds.length; slot++) {
      if (this.slotIds[slot] === null) continue;
      const at = this.slotAt[slot]!;
      const length = this.pool[at]!;
      pool.set(this.pool.subarray(at, at + length), end);
      this.slotAt[slot] = end;
      end += length;
    }
    this.pool = pool;
    this.poolEnd = end;
    this.poolGarbage = 0;
  }

  remove(id: string): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return false;
    const pool = this.pool;
    const at = this.slotAt[slot]!;
    for (let x = at + HEAD, end = x + pool[at + 2]!; x < end; x++) {
      const v = pool[x]!;
      this.vDf[v]!--;
      const list = this.postings[v]!;
      const i = list.indexOf(slot);
      if (i >= 0) {
        list[i] = list[list.length - 1]!;
        list.pop();
      }
    }
    this.poolGarbage += pool[at]!;
    this.slotIds[slot] = null;
    this.slotNames[slot] = '';
    this.slotWords[slot] = '';
    this.slotDobs[slot] = NONE;
    this.slotExtra[slot] = null;
    this.free.push(slot);
    this.slotOf.delete(id);
    return true;
  }

  update(entry: WatchlistEntry): void {
    this.add(entry);
  }

  // ---------------------------------------------------------------- weights and similarity

  /** Rarity, against a population of at least `referencePopulation` names, so that scores from a small watchlist
   *  mean what they mean on a large one. */
  private idf(df: number): number {
    return Math.log(1 + Math.max(this.config.referencePopulation, this.size) / Math.max(1, df));
  }

  /** A token's weight: its rarity in the watchlist, capped for names common in life. */
  private weightOf(v: number): number {
    if (this.weightsFor !== this.size || this.weights.length !== this.vDf.length) {
      this.weights = new Float64Array(this.vDf.length).fill(-1);
      this.weightsFor = this.size;
    }
    let w = this.weights[v]!;
    if (w < 0 || this.dfAtWeight[v] !== this.vDf[v]) {
      w = this.idf(this.vDf[v]!);
      if (this.vCommon[v]) w = Math.min(w, this.config.commonNameMaxWeight);
      this.weights[v] = w;
      this.dfAtWeight[v] = this.vDf[v]!;
    }
    return w;
  }
  private dfAtWeight: number[] = [];

  /**
   * How far two tokens are the same name, in [0, 1]: 1 when they fold to one spelling; the skeleton similarity
   * when they share their consonants (for two Latin spellings, only if they also look alike — William and Lam
   * share "lm" and nothing else); else Jaro–Winkler above a floor, rescaled so that near misses count little.
   */
  /** For joined tokens: the spellings must agree (vowels aside), not merely the consonants. */
  private strictSimilarity(q: NameToken, v: number): number {
    const folded = this.vFolded[v]!;
    if (q.folded === folded) return 1;
    const longest = Math.max(q.folded.length, folded.length);
    // The transliteration distance, so that a vowel spelled otherwise costs little (Seltan Mohammedi /
    // Soltanmohammadi) while a consonant costs a whole letter.
    const budget = (1 - this.config.minCompoundSimilarity) * longest;
    const d = transliterationDistance(q.folded, folded, this.config.transliteration, budget);
    return d > budget ? 0 : 1 - d / longest;
  }

  /** `qShape`: the query form's `shape`, computed once by the caller for all the spellings it compares. */
  private tokenSimilarity(q: NameToken, v: number, qShape = shape(q.folded)): number {
    const folded = this.vFolded[v]!;
    if (q.folded === folded) return 1;
    const c = this.config;
    const cross = q.arabic !== this.vArabic[v]!;
    // Across scripts short vowels were never written: their absence costs little.
    const costs = cross ? this.crossCosts : c.transliteration;
    const length = (q.folded.length + folded.length) / 2;
    const maxDistance = (1 - c.fuzzyFloor) * length;
    const d = transliterationDistance(q.folded, folded, costs, maxDistance);
    let s = d > maxDistance ? 0 : (1 - d / length - c.fuzzyFloor) / (1 - c.fuzzyFloor);
    // Latin spellings that differ in consonant-vowel shape are less alike than their distance says.
    if (!cross && s > 0 && qShape !== this.vShape[v]) s *= c.shapeMismatchFactor;
    // A slip late in a long name (Guzman / Guman, Loera / Loeral) keeps the prefix: Jaro–Winkler sees it.
    if (!cross) {
      const jw = jaroWinkler(q.folded, folded);
      if (jw > c.jaroWinklerFloor) s = Math.max(s, (jw - c.jaroWinklerFloor) / (1 - c.jaroWinklerFloor));
    }
    s *= cross ? (Math.min(q.skeleton.length, this.vSkeleton[v]!.length) >= 4 ? c.crossScriptLongCeiling : c.crossScriptCeiling) : c.fuzzyCeiling;
    return s >= c.minTokenSimilarity ? s : 0;
  }

  /** Vocabulary tokens resembling a form, found through its keys, with their similarity times `factor`. */
  private lookup(form: NameToken, strict = false): Map<number, number> {
    if (this.lookupCacheVocab !== this.vFolded.length) {
      for (const c of this.lookupCache) c.clear();
      this.lookupCacheVocab = this.vFolded.length;
    }
    const cache = this.lookupCache[(strict ? 2 : 0) + (form.arabic ? 1 : 0)]!;
    let found = cache.get(form.folded);
    if (!found) {
      found = new Map();
      const qShape = shape(form.folded);
      const exact = this.vocab.get(form.folded);
      if (exact !== undefined) found.set(exact, 1);
      // Joined forms are read through their spelling and its deletions, and their full consonant skeleton
      // (Seltan Mohammedi / Soltanmohammadi differ in vowels only); strictSimilarity then decides.
      for (const k of strict ? this.strictKeysOf(form.folded, form.skeleton) : this.keysOf(form.folded, form.skeleton)) {
        for (const v of this.keys.get(k) ?? []) {
          if (found.has(v)) continue;
          const s = strict ? this.strictSimilarity(form, v) : this.tokenSimilarity(form, v, qShape);
          found.set(v, s);
        }
      }
      // A four-letter form may be the short form of a longer name (Rafa / Rafael, Kakha / Kakhaber): the longer
      // names it begins are read too, and Jaro–Winkler (which rewards a shared beginning) says how alike.
      if (!strict && form.folded.length === 4) {
        for (const v of this.keys.get(`p:${form.folded}`) ?? []) if (!found.has(v)) found.set(v, this.tokenSimilarity(form, v, qShape));
      }
      for (const [v, s] of found) if (s <= 0) found.delete(v);
      if (cache.size >= 50_000) cache.clear();
      cache.set(form.folded, found);
    }
    // Shared with the cache: callers read it and never change it.
    return found;
  }

  /** Vocabulary forms of the same given name in other languages, where no closer spelling was found. */
  private equivalentsOf(folded: string, similar: ReadonlyMap<number, number>): ReadonlyMap<number, number> {
    const eq = this.config.equivalentSimilarity;
    if (eq <= 0) return EMPTY;
    let out: Map<number, number> | null = null;
    for (const alt of equivalents(folded)) {
      const v = this.vocab.get(alt);
      if (v === undefined || (similar.get(v) ?? 0) >= eq) continue;
      (out ??= new Map()).set(v, eq);
    }
    return out ?? EMPTY;
  }

  private querySpans(norm: NormalizedName): QuerySpan[] {
    const out: QuerySpan[] = [];
    for (const sp of spans(norm.tokens)) {
      if (sp.from === sp.to) continue; // stripped forms are looked up with their token
      const similar = this.lookup({ ...sp.form, text: '', role: 'name' }, true);
      if (similar.size) out.push({ from: sp.from, to: sp.to, similar });
    }
    for (const sp of spokenSpans(norm)) {
      const similar = this.lookup({ ...sp.form, text: '', role: 'name' }, true);
      if (similar.size) out.push({ from: sp.from, to: sp.to, similar, spoken: true });
    }
    return out;
  }

  private prepareQuery(norm: NormalizedName): QueryToken[] {
    return norm.tokens.map((token) => {
      let similar = EMPTY;
      if (token.role !== 'initial') {
        similar = this.lookup(token);
        // A fused particle (Benomar, Elhaddad): the bare name is looked up too, and counts a little less.
        if (token.stripped) {
          const bare = this.lookup({ ...token, folded: token.stripped, skeleton: skeleton(token.stripped), stripped: undefined });
          const merged = new Map(similar);
          for (const [v, s0] of bare) {
            const s = s0 * this.config.strippedParticleFactor;
            if (s > (merged.get(v) ?? 0)) merged.set(v, s);
          }
          similar = merged;
        }
        // An Arabic nisba (-i: Malahi "of Mallah", Masri "of Misr") is looked up without its ending too.
        const nisba = this.config.nisbaFactor > 0 ? withoutNisba(token) : null;
        if (nisba) {
          const bare = this.lookup({ ...token, folded: nisba, skeleton: skeleton(nisba), stripped: undefined });
          const merged = new Map(similar);
          for (const [v, s0] of bare) {
            const s = s0 * this.config.nisbaFactor;
            if (s > (merged.get(v) ?? 0)) merged.set(v, s);
          }
          similar = merged;
        }
      }
      const exact = this.vocab.get(token.folded);
      let df = exact !== undefined && this.vDf[exact]! > 0 ? this.vDf[exact]! : 0;
      if (!df) for (const [v, s] of similar) if (s >= 0.9 && (!df || this.vDf[v]! < df)) df = this.vDf[v]!;
      let base = this.idf(df || this.config.unknownTokenDf);
      if (this.common.has(token.folded) || (token.stripped && this.common.has(token.stripped))) base = Math.min(base, this.config.commonNameMaxWeight);
      const weight = base * this.roleFactor[token.role];
      return { token, weight, similar, equivalent: token.role === 'name' ? this.equivalentsOf(token.folded, similar) : EMPTY };
    });
  }

  // ---------------------------------------------------------------- search

  /** `allow`: only entries it accepts are candidates (the screening agency's view of the watchlist). */
  search(query: MatchQuery, top = 10, allow?: (id: string) => boolean): MatchResult[] {
    const alternatives = splitNames(query.name ?? '');
    if (alternatives.length <= 1) return this.searchOne(query, alternatives[0] ?? '', top, allow);
    // Several names in one query: the best of each entity over all of them.
    const best = new Map<string, MatchResult>();
    for (const name of alternatives.slice(0, 20)) {
      for (const r of this.searchOne(query, name, top, allow)) {
        const held = best.get(r.id);
        if (!held || r.score > held.score) best.set(r.id, r);
      }
    }
    return [...best.values()].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, top);
  }

  private searchOne(query: MatchQuery, name: string, top: number, allow?: (id: string) => boolean): MatchResult[] {
    const norm = normalizeName(name);
    if (!norm.tokens.length || !this.size) return [];
    const qts = this.prepareQuery(norm);
    const qSpans = this.querySpans(norm);
    const candidates = this.retrieve(qts, qSpans, allow);
    const qDobs = parseDates(query.dob);
    const qNats = parseNationalities(query.nationality);
    const qDocs = (query.documents ?? []).filter(Boolean);
    const qGender = gender(query.gender);
    const results: Scored[] = [];
    for (const slot of candidates) {
      const r = this.scoreEntry(qts, qSpans, slot, qDobs, qNats, qDocs, qGender);
      if (r && r.score >= this.config.minScore) results.push(r);
    }
    results.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    // Explanations are written for the results returned only.
    return results.slice(0, top).map((r) => {
      const detail: AlignmentDetail = { covQ: 0, covC: 0, chosen: [], qSim: [], cSim: [] };
      this.align(qts, qSpans, r.at, detail);
      return { id: r.id, score: r.score, band: r.band, explanation: this.explain(r.original, r.words, r.at, detail, qts, norm, r.nameScore, r.fields, r.band) };
    });
  }

  private addGroup(groups: { similar: ReadonlyMap<number, number>; total: number; joined?: boolean }[], similar: ReadonlyMap<number, number>, joined = false): void {
    let total = 0;
    for (const v of similar.keys()) total += this.postings[v]!.length;
    if (total) groups.push(joined ? { similar, total, joined } : { similar, total });
  }

  /**
   * Candidate entries. The postings of the two rarest query tokens (with their similar spellings) are read in full
   * — within a budget — and every other token only probes those candidates, so that common names (Mohamed, Maria)
   * never make a query read hundreds of thousands of postings. The best pre-scored candidates get a full alignment.
   */
  private retrieve(qts: QueryToken[], qSpans: QuerySpan[], allow?: (id: string) => boolean): number[] {
    const groups: { similar: ReadonlyMap<number, number>; total: number; joined?: boolean }[] = [];
    for (const q of qts) if (q.token.role === 'name') this.addGroup(groups, q.similar);
    for (const sp of qSpans) this.addGroup(groups, sp.similar, true);
    // Without name tokens (all particles or initials), the particles carry the search.
    if (!groups.length) for (const q of qts) this.addGroup(groups, q.similar);
    if (!groups.length) return [];
    groups.sort((a, b) => a.total - b.total);

    // A typed scoreboard indexed by slot, reset after use: no map per query.
    if (this.board.length < this.slotIds.length * BOARD) this.board = new Float64Array(Math.ceil(this.slotIds.length * 1.25) * BOARD);
    const pool = this.pool;
    const board = this.board;
    const touched: number[] = [];
    const joinedTouched: number[] = [];
    let visited = 0;
    // Groups that brought candidates so far: the two rarest that do (for this viewer) open the candidate set.
    let bringing = 0;
    let joinedBringing = 0;
    for (let gi = 0; gi < groups.length; gi++) {
      const g = groups[gi]!;
      if (gi > 0 && visited + g.total > this.config.maxPostingsPerQuery) break;
      // In a large group, loose spellings bring more noise than candidates: only close ones are read.
      const floor = g.total > this.config.largeGroupPostings ? this.config.largeGroupMinSimilarity : 0;
      const canBring = g.joined ? joinedBringing < 2 : bringing < 2;
      if (!canBring && g.total > touched.length * 4) {
        // This group can only add to the candidates found: asking each of them is cheaper than reading its postings
        // (a common name's run into thousands), and gives the same pre-scores.
        for (const slot of touched) {
          let best = 0;
          const at = this.slotAt[slot]!;
          for (let x = at + HEAD, end = x + pool[at + 2]!; x < end; x++) {
            const v = pool[x]!;
            const s = g.similar.get(v);
            if (s === undefined || s < floor) continue;
            const w = this.weightOf(v) * s;
            if (w > best) best = w;
          }
          if (best === 0) continue;
          const t = slot * BOARD;
          if (!g.joined) board[t] = board[t]! + best;
          else if (best > board[t + 2]!) {
            if (board[t + 2] === 0) joinedTouched.push(slot);
            board[t + 2] = best;
          }
        }
        visited += g.total;
        continue;
      }
      // The slots this group reaches, in a scratch array (at most its postings).
      if (this.seen.length < g.total) this.seen = new Int32Array(g.total * 2);
      const seen = this.seen;
      let nSeen = 0;
      for (const [v, s] of g.similar) {
        if (s < floor) continue;
        const w = this.weightOf(v) * s;
        const list = this.postings[v]!;
        for (let x = 0; x < list.length; x++) {
          const slot = list[x]!;
          const b = slot * BOARD + 1;
          if (board[b] === 0) seen[nSeen++] = slot;
          if (w > board[b]!) board[b] = w;
        }
      }
      // Only the two rarest tokens bring candidates; the others add to those already found.
      const before = touched.length;
      for (let x = 0; x < nSeen; x++) {
        const slot = seen[x]!;
        const t = slot * BOARD;
        const best = board[t + 1]!;
        board[t + 1] = 0;
        // Joined readings overlap (Mohamed Ben Ahmed is mohamedben, benahmed, mohamedahmed…): only the best of
        // them counts towards a candidate's pre-score, kept apart until the end.
        if (board[t] === 0) {
          if (!((g.joined ? joinedBringing < 2 : bringing < 2) && (!allow || allow(this.slotIds[slot]!)))) continue;
          touched.push(slot);
          board[t] = g.joined ? Number.MIN_VALUE : best || Number.MIN_VALUE;
        } else if (!g.joined) {
          board[t] = board[t]! + best;
          continue;
        }
        if (g.joined && best > board[t + 2]!) {
          if (board[t + 2] === 0) joinedTouched.push(slot);
          board[t + 2] = best;
        }
      }
      // A joined reading (two words written as one) brings its candidates without taking a token's place; the two
      // rarest such readings do.
      if (touched.length > before) {
        if (g.joined) joinedBringing++;
        else bringing++;
      }
      visited += g.total;
    }
    for (const slot of joinedTouched) {
      const t = slot * BOARD;
      board[t] = board[t]! + board[t + 2]!;
      board[t + 2] = 0;
    }
    let chosen = touched;
    if (touched.length > this.config.maxCandidatesScored) {
      chosen = topBy(touched, board, this.config.maxCandidatesScored, BOARD);
    }
    // Candidates with a small share of the best one's evidence cannot rank: not aligned at all.
    if (chosen.length > 8 && this.config.minPreScoreShare > 0) {
      let max = 0;
      for (const slot of chosen) if (board[slot * BOARD]! > max) max = board[slot * BOARD]!;
      const floor = max * this.config.minPreScoreShare;
      chosen = chosen.filter((slot) => board[slot * BOARD]! >= floor);
    }
    for (const slot of touched) board[slot * BOARD] = 0;
    return chosen;
  }

  private scoreEntry(
    qts: QueryToken[],
    qSpans: QuerySpan[],
    slot: number,
    qDobs: PartialDate[],
    qNats: string[],
    qDocs: string[],
    qGender: 'female' | 'male' | null,
  ): Scored | null {
    // The best-aligned of the entry's names; its alignment is done again, in detail, if it is among the results.
    let bestScore = -1;
    let bestName = 0;
    let bestAt = 0;
    const pool = this.pool;
    const at = this.slotAt[slot]!;
    let p = at + HEAD + pool[at + 2]!;
    for (let k = 0, n = pool[at + 1]!; k < n; k++) {
      const s = this.align(qts, qSpans, p, null);
      if (s > bestScore) (bestScore = s), (bestName = k), (bestAt = p);
      p += nameLength(pool, p);
    }
    if (bestScore <= 0) return null;
    const extra = this.slotExtra[slot];
    const names = this.slotNames[slot]!;
    const original = typeof names === 'string' ? names : names[bestName]!;
    const allWords = this.slotWords[slot]!;
    const words = typeof allWords === 'string' ? allWords : allWords[bestName]!;

    const fields: Explanation['fields'] = [];
    const dob: DobOutcome | null = compareDates(qDobs, this.slotDobs[slot]!);
    if (dob) fields.push({ field: 'dob', outcome: dob, effect: this.config.dob[dob] });
    if (qNats.length && extra?.nationalities.length) {
      const agree = qNats.some((n) => extra.nationalities.includes(n));
      fields.push({ field: 'nationality', outcome: agree ? 'agree' : 'differ', effect: agree ? this.config.nationalityAgree : this.config.nationalityConflict });
    }
    if (qDocs.length && extra?.documents.length) {
      const d = compareDocuments(qDocs, extra.documents);
      if (d.outcome) {
        fields.push({
          field: 'document',
          outcome: d.outcome,
          effect: d.outcome === 'exact' ? this.config.documentExact : this.config.documentOneCharacter,
          detail: `${d.query} ~ ${d.candidate}`,
        });
      }
    }
    if (qGender && extra?.gender) {
      const agree = qGender === extra.gender;
      fields.push({ field: 'gender', outcome: agree ? 'agree' : 'differ', effect: agree ? this.config.genderAgree : this.config.genderConflict });
    }
    const evidence = fields.reduce((n, f) => n + f.effect, 0);
    const score = fields.length ? sigmoid(logit(bestScore) + evidence) : bestScore;
    const rounded = Math.round(score * 10000) / 10000;
    const band: Band = rounded >= this.config.bands.strong ? 'strong' : rounded >= this.config.bands.possible ? 'possible' : 'weak';
    return { id: this.slotIds[slot]!, score: rounded, band, original, words, at: bestAt, nameScore: bestScore, fields };
  }

  /**
   * Best one-to-one alignment of query and listed tokens, order-free, greedy on similarity × weight. Units let one
   * word on one side match several on the other (a compound, a fused particle). Written without closures or
   * per-pair objects: it runs for every candidate of every query.
   */
  private align(qts: QueryToken[], qSpans: QuerySpan[], p: number, detail: AlignmentDetail | null): number {
    const pool = this.pool;
    const nq = qts.length;
    const nc = pool[p]!;
    const nu = pool[p + 1]!;
    // Offsets in the pool of the listed name's token ids, roles, units and family places.
    const V = p + NAME_HEAD;
    const R = V + nc;
    const U = R + nc;
    const F = pool[p + 2]! & 1 ? U + 4 * nu : -1;
    // Scratch arrays, shared by every call (no allocation per candidate): at most every query token or span
    // against every listed token or unit.
    const cap = (nq + qSpans.length) * (nc + nu);
    if (this.scratch.q0.length < cap || this.scratch.qSim.length < nq || this.scratch.cSim.length < nc) this.scratch = scratchFor(Math.max(cap, 64), Math.max(nq, nc, 16));
    const { q0, q1, c0, c1, sim, key, order, qSim, cSim, cWeights } = this.scratch;
    let n = 0;
    for (let j = 0; j < nc; j++) cWeights[j] = this.weightOf(pool[V + j]!) * this.roleFactor[ROLES[pool[R + j]!]!];
    // Candidate pairs, as parallel arrays: query span [q0, q1] ~ listed span [c0, c1] with similarity s.
    for (let i = 0; i < nq; i++) {
      const q = qts[i]!;
      const qInitial = q.token.role === 'initial';
      for (let j = 0; j < nc; j++) {
        let s = 0;
        const cInitial = pool[R + j] === INITIAL;
        if (qInitial || cInitial) {
          const otherIsName = qInitial ? pool[R + j] === NAME : q.token.role === 'name';
          if (otherIsName && q.token.folded[0] === this.vFolded[pool[V + j]!]![0]) s = this.config.initialSimilarity;
        } else {
          const v = pool[V + j]!;
          s = q.similar.get(v) ?? q.equivalent.get(v) ?? 0;
        }
        if (s > 0) (q0[n] = i), (q1[n] = i), (c0[n] = j), (c1[n] = j), (sim[n] = s), (key[n++] = s * (q.weight + cWeights[j]!));
      }
      if (qInitial) continue;
      // The query token against the listed name's other forms: without a fused particle, or several tokens joined.
      for (let u = U; u < U + 4 * nu; u += 4) {
        const from = pool[u]!;
        const to = pool[u + 1]!;
        const vid = pool[u + 2]!;
        let raw = q.similar.get(vid) ?? 0;
        if (raw <= 0) continue;
        // Joined tokens must agree in spelling: a loose match of a long joined string is mostly chance.
        if (to > from) raw = this.strictSimilarity(q.token, vid);
        const s = raw * this.factors[pool[u + 3]! >> 1]!;
        if (s <= 0) continue;
        let wc = 0;
        for (let j = from; j <= to; j++) wc += cWeights[j]!;
        (q0[n] = i), (q1[n] = i), (c0[n] = from), (c1[n] = to), (sim[n] = s), (key[n++] = s * (q.weight + wc / (to - from + 1)));
      }
    }
    // Several query tokens written as one listed token.
    for (const sp of qSpans) {
      let wq = 0;
      for (let i = sp.from; i <= sp.to; i++) wq += qts[i]!.weight;
      for (let j = 0; j < nc; j++) {
        const s = sp.similar.get(pool[V + j]!) ?? 0;
        if (s >= this.config.minCompoundSimilarity) (q0[n] = sp.from), (q1[n] = sp.to), (c0[n] = j), (c1[n] = j), (sim[n] = s), (key[n++] = s * (wq / (sp.to - sp.from + 1) + cWeights[j]!));
      }
      // …and as several listed tokens joined, where one side is joined in its spoken order (UR-REHMAN, Abd and
      // REHMAN, Abdur, both said Abdur Rehman).
      for (let u = U; u < U + 4 * nu; u += 4) {
        const from = pool[u]!;
        const to = pool[u + 1]!;
        if (to === from || !(sp.spoken || pool[u + 3]! & 1)) continue;
        const s = (sp.similar.get(pool[u + 2]!) ?? 0) * this.factors[pool[u + 3]! >> 1]!;
        if (s < this.config.minCompoundSimilarity) continue;
        let wc = 0;
        for (let j = from; j <= to; j++) wc += cWeights[j]!;
        // Keyed by the whole weight on both sides: it stands for all the tokens it covers.
        (q0[n] = sp.from), (q1[n] = sp.to), (c0[n] = from), (c1[n] = to), (sim[n] = s), (key[n++] = s * (wq + wc));
      }
    }
    // Pairs by key, best first (ties: lower query token, then lower listed token, then first made): an insertion
    // sort, as there are a handful.
    for (let x = 0; x < n; x++) {
      let y = x;
      while (y > 0 && pairBefore(key, q0, c0, x, order[y - 1]!)) {
        order[y] = order[y - 1]!;
        y--;
      }
      order[y] = x;
    }
    qSim.fill(0, 0, nq);
    cSim.fill(0, 0, nc);
    // The chosen pairs are kept at the front of `order`.
    let chosen = 0;
    let matchedNames = 0;
    for (let o = 0; o < n; o++) {
      const k = order[o]!;
      let free = true;
      for (let i = q0[k]!; i <= q1[k]! && free; i++) if (qSim[i]! > 0) free = false;
      for (let j = c0[k]!; j <= c1[k]! && free; j++) if (cSim[j]! > 0) free = false;
      if (!free) continue;
      for (let i = q0[k]!; i <= q1[k]!; i++) qSim[i] = sim[k]!;
      for (let j = c0[k]!; j <= c1[k]!; j++) cSim[j] = sim[k]!;
      order[chosen++] = k;
      if (qts[q0[k]!]!.token.role === 'name' && pool[R + c0[k]!] !== INITIAL) {
        // A pair of joined forms on both sides (Karim al-Otaibi said in order) agrees on each name it covers.
        let qn = 0;
        let cn = 0;
        for (let i = q0[k]!; i <= q1[k]!; i++) if (qts[i]!.token.role === 'name') qn++;
        for (let j = c0[k]!; j <= c1[k]!; j++) if (pool[R + j] === NAME) cn++;
        matchedNames += Math.max(1, Math.min(qn, cn));
      }
    }

    // Hispanic double surnames (RAMIREZ DUQUE, Carlos): a person is known by the first; agreeing on the second
    // family name alone, without the first, is weaker evidence (it is also anyone's mother's surname).
    if (F >= 0 && this.config.secondaryFamilyFactor < 1) {
      let firstFamily = -1;
      let second = false;
      for (let j = 0; j < nc; j++) {
        if (pool[F + j] === 0 && firstFamily < 0) firstFamily = j;
        if (pool[F + j] === 1) second = true;
      }
      if (second && firstFamily >= 0 && !(cSim[firstFamily]! > 0)) {
        for (let o = 0; o < chosen; o++) {
          const k = order[o]!;
          if (c0[k] !== c1[k] || !(pool[F + c0[k]!]! >= 1)) continue;
          const f = this.config.secondaryFamilyFactor;
          cSim[c0[k]!] = cSim[c0[k]!]! * f;
          for (let i = q0[k]!; i <= q1[k]!; i++) qSim[i] = qSim[i]! * f;
        }
      }
    }

    let wq = 0;
    let mq = 0;
    let nameMatched = false;
    let qNames = 0;
    let qComplete = true;
    for (let i = 0; i < nq; i++) {
      const t = qts[i]!;
      wq += t.weight;
      mq += t.weight * qSim[i]!;
      if (t.token.role === 'name') {
        qNames++;
        if (qSim[i]! > 0) nameMatched = true;
        else qComplete = false;
      }
    }
    let wc = 0;
    let mc = 0;
    let cNames = 0;
    let cComplete = true;
    for (let j = 0; j < nc; j++) {
      wc += cWeights[j]!;
      mc += cWeights[j]! * cSim[j]!;
      if (pool[R + j] === NAME) {
        cNames++;
        if (!(cSim[j]! > 0)) cComplete = false;
      }
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
    if (score > 0 && matchedNames <= 1 && Math.min(qNames, cNames) >= 2) score *= this.config.singleNameFactor;
    if (score > 0 && qComplete && cComplete) score = Math.min(1, score + this.config.completeMatchBonus);
    if (detail) {
      detail.covQ = covQ;
      detail.covC = covC;
      detail.qSim = Array.from(qSim.subarray(0, nq));
      detail.cSim = Array.from(cSim.subarray(0, nc));
      detail.chosen = [];
      for (let o = 0; o < chosen; o++) {
        const k = order[o]!;
        detail.chosen.push({ q0: q0[k]!, q1: q1[k]!, c0: c0[k]!, c1: c1[k]!, s: sim[k]! });
      }
    }
    return score;
  }

  private describe(qts: QueryToken[], p: AlignedPair, cTokens: NameToken[], qNorm: NormalizedName, cArabic: boolean): TokenMatch {
    let weight = 0;
    for (let i = p.q0; i <= p.q1; i++) weight += qts[i]!.weight;
    const qs = qts.slice(p.q0, p.q1 + 1).map((q) => q.token);
    const cs = cTokens.slice(p.c0, p.c1 + 1);
    const q = qs[0]!;
    const c = cs[0]!;
    let how: TokenMatch['how'];
    const crossScript = qNorm.scripts.includes('arabic') !== cArabic;
    if (qs.length > 1 || cs.length > 1 || (q.stripped && q.folded !== c.folded) || (c.stripped && q.folded !== c.folded && q.stripped !== c.folded)) how = 'compound';
    else if (q.role === 'initial' || c.role === 'initial') how = 'initial';
    else if (q.text === c.text) how = 'exact';
    else if (crossScript) how = 'transliteration';
    else if (q.folded === c.folded) how = 'spelling';
    else if (q.skeleton === c.skeleton) how = 'skeleton';
    else if (equivalents(q.folded).includes(c.folded)) how = 'equivalent';
    else how = 'fuzzy';
    return { query: qs.map((t) => t.text).join(' '), candidate: cs.map((t) => t.text).join(' '), how, similarity: round(p.s), weight: round(weight) };
  }

  private explain(original: string, words: string, at: number, a: AlignmentDetail, qts: QueryToken[], qNorm: NormalizedName, nameScore: number, fields: Explanation['fields'], band: Band): Explanation {
    // The listed name's tokens, from the pool (spellings, roles) and its explanation form (texts, marks).
    const cArabic = words.startsWith(ARABIC_NAME);
    const texts = (cArabic ? words.slice(1) : words).split(SEP);
    const pool = this.pool;
    const n = pool[at]!;
    const cTokens: NameToken[] = texts.map((w, j) => {
      const folded = this.vFolded[pool[at + NAME_HEAD + j]!]!;
      const stripped = w.startsWith(STRIPPED);
      const t: NameToken = { text: stripped ? w.slice(1) : w, folded, skeleton: skeleton(folded), role: ROLES[pool[at + NAME_HEAD + n + j]!]!, arabic: cArabic };
      // describe() asks only whether a listed token had a fused particle, not what remains without it.
      if (stripped) t.stripped = '+';
      return t;
    });
    const tokens = a.chosen.map((p) => this.describe(qts, p, cTokens, qNorm, cArabic));
    const unmatchedQuery = qts.filter((_, i) => !(a.qSim[i]! > 0)).map((q) => q.token.text);
    const unmatchedCandidate = cTokens.filter((_, j) => !(a.cSim[j]! > 0)).map((c) => c.text);
    const parts = tokens.map((t) => `${t.query}→${t.candidate} (${t.how})`);
    const f = fields.map((x) => `${x.field} ${x.outcome} (${x.effect >= 0 ? '+' : ''}${x.effect})`);
    const summary =
      `${band} match on "${original}": ${parts.join(', ') || 'no token'}` +
      (unmatchedQuery.length ? `; not in the listed name: ${unmatchedQuery.join(' ')}` : '') +
      (unmatchedCandidate.length ? `; listed but not in the query: ${unmatchedCandidate.join(' ')}` : '') +
      (f.length ? `; ${f.join(', ')}` : '');
    return {
      matchedName: original,
      nameScore: round(nameScore),
      tokens,
      unmatchedQuery,
      unmatchedCandidate,
      queryCoverage: round(a.covQ),
      candidateCoverage: round(a.covC),
      fields,
      summary,
    };
  }
}

/** A scored candidate, with what its explanation is written from (for the results returned only). */
interface Scored {
  id: string;
  score: number;
  band: Band;
  original: string;
  words: string;
  /** Where the best-aligned name is in the pool. */
  at: number;
  nameScore: number;
  fields: Explanation['fields'];
}

interface AlignedPair {
  q0: number;
  q1: number;
  c0: number;
  c1: number;
  s: number;
}

/** How a query and a listed name were aligned, for an explanation. */
interface AlignmentDetail {
  covQ: number;
  covC: number;
  chosen: AlignedPair[];
  qSim: number[];
  cSim: number[];
}

interface Scratch {
  q0: Int32Array;
  q1: Int32Array;
  c0: Int32Array;
  c1: Int32Array;
  sim: Float64Array;
  key: Float64Array;
  order: Int32Array;
  qSim: Float64Array;
  cSim: Float64Array;
  cWeights: Float64Array;
}

function scratchFor(pairs: number, tokens: number): Scratch {
  return {
    q0: new Int32Array(pairs),
    q1: new Int32Array(pairs),
    c0: new Int32Array(pairs),
    c1: new Int32Array(pairs),
    sim: new Float64Array(pairs),
    key: new Float64Array(pairs),
    order: new Int32Array(pairs),
    qSim: new Float64Array(tokens),
    cSim: new Float64Array(tokens),
    cWeights: new Float64Array(tokens),
  };
}

/** Whether pair x goes before pair y: higher key, then lower query token, then lower listed token. */
function pairBefore(key: Float64Array, q0: Int32Array, c0: Int32Array, x: number, y: number): boolean {
  return key[x]! > key[y]! || (key[x] === key[y] && (q0[x]! < q0[y]! || (q0[x] === q0[y] && c0[x]! < c0[y]!)));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
