// String similarity for folded tokens. Pure and allocation-light: it runs in the inner loop of retrieval.

/** Jaro–Winkler similarity in [0, 1] (prefix scale 0.1, up to 4 characters). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (!la || !lb) return 0;
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  // Match flags in two reused buffers (this runs for every spelling a lookup meets: no allocation).
  if (jwA.length < la) jwA = new Uint8Array(la * 2);
  if (jwB.length < lb) jwB = new Uint8Array(lb * 2);
  const aMatch = jwA.fill(0, 0, la);
  const bMatch = jwB.fill(0, 0, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(i + window + 1, lb);
    const c = a.charCodeAt(i);
    for (let j = lo; j < hi; j++) {
      if (!bMatch[j] && b.charCodeAt(j) === c) {
        aMatch[i] = 1;
        bMatch[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (!matches) return 0;
  let t = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (!aMatch[i]) continue;
    while (!bMatch[k]) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) t++;
    k++;
  }
  const jaro = (matches / la + matches / lb + (matches - t / 2) / matches) / 3;
  let prefix = 0;
  for (let i = 0; i < Math.min(4, la, lb) && a.charCodeAt(i) === b.charCodeAt(i); i++) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

let jwA = new Uint8Array(64);
let jwB = new Uint8Array(64);

/** Levenshtein distance, stopping early past `max` (returns max + 1). */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** The strings made by deleting one character (for typo-tolerant keys). */
export function deletions(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const d = s.slice(0, i) + s.slice(i + 1);
    if (out[out.length - 1] !== d) out.push(d);
  }
  return out;
}

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);
// Consonants that transliterations of one Arabic (or Persian, Berber) letter alternate between:
// ق as q/k/g, ك/ك as k/c, ت/ط/د/ض as t/d, س/ص/ز/ظ as s/z, ب/پ as b/p, ف/ڤ as f/v.
const CLASS: Record<string, string> = { k: 'k', g: 'k', q: 'k', c: 'k', t: 't', d: 't', s: 's', z: 's', b: 'b', p: 'b', f: 'f', v: 'f' };

/** Class skeleton: the consonant skeleton with alternating consonants merged (Qaddafi / Gaddafi → "ktf"). */
export function classSkeleton(skel: string): string {
  let out = '';
  for (const ch of skel) {
    const c = CLASS[ch] ?? ch;
    if (out[out.length - 1] !== c) out += c;
  }
  return out;
}

export interface TransliterationCosts {
  vowelSubstitution: number;
  vowelIndel: number;
  classSubstitution: number;
  hIndel: number;
  transposition: number;
  /** Consonants that one letter becomes in different languages' transliterations (j/g, j/y, h/g, h/k). */
  crossSound: number;
}

/**
 * Edit distance weighted for transliteration: vowels change and come and go cheaply (Arabic script does not write
 * short vowels), consonants of one class swap cheaply (Qaddafi / Gaddafi), an h comes and goes (Mahmud / Mahmoud
 * is folded already, but Rahim / Raheem / Rahiem). Other edits cost 1. Stops past `max`.
 */
export function transliterationDistance(a: string, b: string, costs: TransliterationCosts, max: number): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) * Math.min(costs.vowelIndel, costs.hIndel) > max) return max + 1;
  const t = tableFor(costs);
  const subs = t.subs;
  const indels = t.indels;
  const transposition = costs.transposition;
  // Three rows, reused from call to call (this runs for every spelling a query meets: no allocation).
  if (rows[0]!.length <= lb) for (let r = 0; r < 3; r++) rows[r] = new Float64Array(2 * lb + 2);
  // The letters as table indices (a–z → 0–25, anything else → −1), and their indel costs.
  if (codesB.length < lb) {
    codesB = new Int32Array(lb * 2);
    indelB = new Float64Array(lb * 2);
  }
  for (let j = 0; j < lb; j++) {
    const x = b.charCodeAt(j) - 97;
    codesB[j] = x >= 0 && x < 26 ? x : -1;
    indelB[j] = x >= 0 && x < 26 ? indels[x]! : 1;
  }
  let prev2: Float64Array | null = null;
  let prev = rows[0]!;
  let cur = rows[1]!;
  const spare = rows[2]!;
  prev[0] = 0;
  for (let j = 1; j <= lb; j++) prev[j] = prev[j - 1]! + indelB[j - 1]!;
  for (let i = 1; i <= la; i++) {
    const ca = a.charCodeAt(i - 1);
    const xa = ca - 97 >= 0 && ca - 97 < 26 ? ca - 97 : -1;
    const ia = xa >= 0 ? indels[xa]! : 1;
    const rowA = xa * 26;
    cur[0] = prev[0]! + ia;
    let rowMin = cur[0]!;
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const xb = codesB[j - 1]!;
      const sub = ca === cb ? 0 : xa >= 0 && xb >= 0 ? subs[rowA + xb]! : 1;
      let v = Math.min(prev[j]! + ia, cur[j - 1]! + indelB[j - 1]!, prev[j - 1]! + sub);
      if (prev2 && i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) v = Math.min(v, prev2[j - 2]! + transposition);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const oldest = prev2 ?? spare;
    prev2 = prev;
    prev = cur;
    cur = oldest;
  }
  return prev[lb]!;
}
let codesB = new Int32Array(64);
let indelB = new Float64Array(64);
const rows: Float64Array[] = [new Float64Array(64), new Float64Array(64), new Float64Array(64)];

/** Substitution and indel costs for the letters a–z, computed once per set of costs (other characters cost 1). */
interface CostTable {
  /** Substitution cost of letter x for letter y at x × 26 + y. */
  subs: Float64Array;
  indels: Float64Array;
}
const tables = new WeakMap<TransliterationCosts, CostTable>();

function tableFor(costs: TransliterationCosts): CostTable {
  let t = tables.get(costs);
  if (t) return t;
  const subs = new Float64Array(26 * 26);
  const indels = new Float64Array(26);
  for (let x = 0; x < 26; x++) {
    const cx = String.fromCharCode(97 + x);
    indels[x] = indel(cx, costs);
    for (let y = 0; y < 26; y++) subs[x * 26 + y] = substitution(cx, String.fromCharCode(97 + y), costs);
  }
  t = { subs, indels };
  tables.set(costs, t);
  return t;
}

function indel(ch: string, costs: TransliterationCosts): number {
  if (VOWELS.has(ch)) return costs.vowelIndel;
  if (ch === 'h') return costs.hIndel;
  return 1;
}

function substitution(x: string, y: string, costs: TransliterationCosts): number {
  if (x === y) return 0;
  const vx = VOWELS.has(x);
  const vy = VOWELS.has(y);
  if (vx && vy) return costs.vowelSubstitution;
  // y is folded to i: j and y are one sound in Dutch, German and Scandinavian spellings (Jusuf / Yusuf).
  if ((x === 'j' && y === 'i') || (x === 'i' && y === 'j')) return costs.crossSound;
  if (vx !== vy) return 1;
  // ج is j in most transliterations, g in Egyptian ones (Jamal / Gamal); Russian г is g, Ukrainian h, and
  // х is kh (folded to h) where other spellings write k or h (Khasan / Hasan, Malgin / Malhin).
  if ((x === 'j' && y === 'g') || (x === 'g' && y === 'j')) return costs.crossSound;
  if ((x === 'h' && (y === 'g' || y === 'k')) || (y === 'h' && (x === 'g' || x === 'k'))) return costs.crossSound;
  if (CLASS[x] !== undefined && CLASS[x] === CLASS[y]) return costs.classSubstitution;
  // ch is sh in French and English spellings but kh in Dutch, German and Indonesian ones (Achmed, Mochtar).
  if ((x === 'x' && y === 'h') || (x === 'h' && y === 'x')) return costs.classSubstitution + 0.15;
  return 1;
}
