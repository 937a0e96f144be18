// Normalisation of names: Unicode clean-up, transliteration of Arabic (and Persian) and Cyrillic script to
// Latin, tokenisation, particles and honorifics, Arabic compound names, and the spelling folds that make
// Mohamed / Muhammad / Mohammed, Youssef / Yusuf, Chraibi / Shraibi land on the same keys. Pure: no I/O.

/** What a token is, which decides its weight in a match. */
export type TokenRole = 'name' | 'particle' | 'title' | 'initial' | 'patronymic';

export interface NameToken {
  /** The token as written, lower-cased and stripped of marks (for explanations). */
  text: string;
  /** The spelling-folded form: the token's main key. */
  folded: string;
  /** Consonant skeleton of the folded form (vowels, w and y dropped). */
  skeleton: string;
  role: TokenRole;
  /** Transliterated from Arabic script: short vowels were not written, so vowels say little. */
  arabic: boolean;
  /** For a name with a fused particle (Benomar, Elhaddad, Abubakar): the folded name without it. */
  stripped?: string;
}

export interface NormalizedName {
  /** The name as given. */
  original: string;
  tokens: NameToken[];
  /** Scripts the name was written in (before transliteration). */
  scripts: string[];
  /** "FAMILY NAMES, Given names" (one comma, as lists write them): for each name token before the comma, its
   *  place among the family names (0 = first); absent when the name does not say which are family names. */
  familyPlace?: (number | null)[];
  /** With `familyPlace`: the index of the first token after the comma (the given names). */
  givenFrom?: number;
}

// ----------------------------------------------------------------- Unicode clean-up

// Zero-width characters, bidi controls and marks, BOM, soft hyphen, Arabic tatweel.
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u0640\u061c\ue000-\uf8ff]/g;
const MAX_NAME_LENGTH = 512;

// ----------------------------------------------------------------- Arabic script → Latin

// Consonants are written; short vowels mostly are not. Letters go straight to the folded alphabet of `fold`
// (ث→t as th→t, خ→h as kh→h, ش→x as sh/ch→x, ق→k as q→k), so that an Arabic-script name lands on the same
// consonant skeleton as its English, French or Spanish transliterations — without Latin digraph rules turning
// ط+ه (t, h) into one letter.
const ARABIC: Record<string, string> = {
  'ا': 'a', 'أ': 'a', 'إ': 'i', 'آ': 'a', 'ٱ': 'a', 'ء': '', 'ؤ': 'u', 'ئ': 'i',
  'ب': 'b', 'ت': 't', 'ث': 't', 'ج': 'j', 'ح': 'h', 'خ': 'h', 'د': 'd', 'ذ': 'd', 'ر': 'r', 'ز': 'z',
  'س': 's', 'ش': 'x', 'ص': 's', 'ض': 'd', 'ط': 't', 'ظ': 'z', 'ع': '', 'غ': 'g', 'ف': 'f', 'ق': 'k',
  'ك': 'k', 'ل': 'l', 'م': 'm', 'ن': 'n', 'ه': 'h', 'و': 'w', 'ي': 'y', 'ى': 'a', 'ة': 'a',
  // Persian and Urdu letters
  'پ': 'p', 'چ': 'x', 'ژ': 'j', 'گ': 'g', 'ک': 'k', 'ی': 'y', 'ے': 'e', 'ۀ': 'a', 'ە': 'a', 'ٹ': 't', 'ڈ': 'd', 'ڑ': 'r', 'ں': 'n', 'ھ': 'h',
  // Maghrebi letters
  'ڤ': 'v', 'ڭ': 'g', 'ڨ': 'g',
  // Short vowels, when written
  '\u064e': 'a', '\u0650': 'i', '\u064f': 'u', '\u064b': 'an', '\u064d': 'in', '\u064c': 'un', '\u0651': '', '\u0652': '', '\u0670': 'a',
  // Arabic-Indic and Persian digits → ASCII
  '٠': '0', '١': '1', '٢': '2', '٣': '3', '٤': '4', '٥': '5', '٦': '6', '٧': '7', '٨': '8', '٩': '9',
  '۰': '0', '۱': '1', '۲': '2', '۳': '3', '۴': '4', '۵': '5', '۶': '6', '۷': '7', '۸': '8', '۹': '9',
  '،': ',',
};

function transliterateArabicWord(word: string): string {
  let out = '';
  const chars = [...word];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === 'ع') {
      // Word-initial ʿayn is written with its vowel in Latin (ʿAli → Ali, ʿAbd → Abd): keep a vowel there.
      out += i === 0 ? 'a' : '';
      continue;
    }
    if (ch === 'و' && i === 0 && chars.length > 1) {
      out += 'w';
      continue;
    }
    if (ch === 'و' || ch === 'ي' || ch === 'ی') {
      // Between consonants these are long vowels (u/o, i/e).
      const prev = out[out.length - 1];
      const vowelBefore = prev === undefined || 'aeiou'.includes(prev);
      out += vowelBefore && i < chars.length - 1 ? (ch === 'و' ? 'w' : 'y') : ch === 'و' ? 'u' : 'i';
      continue;
    }
    out += ARABIC[ch] ?? (/[\p{Script=Arabic}]/u.test(ch) ? '' : ch);
  }
  return out;
}

// ----------------------------------------------------------------- Cyrillic and Greek → Latin (common forms)

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', і: 'i', ї: 'yi', є: 'ye', ґ: 'g', ў: 'u', ә: 'a', ө: 'o', ү: 'u', ң: 'n', қ: 'k', ғ: 'g', һ: 'h',
};
const GREEK: Record<string, string> = {
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm', ν: 'n', ξ: 'x',
  ο: 'o', π: 'p', ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps', ω: 'o',
};

/** Marks a word transliterated from Arabic script (a private-use character, never in real input after clean-up). */
const ARABIC_MARK = '\ue000';

function transliterate(text: string, scripts: Set<string>): string {
  let out = text;
  if (/\p{Script=Arabic}/u.test(out)) {
    scripts.add('arabic');
    // ال attached to a word is the article: split it off so that it is recognised as a particle.
    out = out.replace(/[\p{Script=Arabic}\u064b-\u0652\u0670]+/gu, (w) => {
      const article = /^(?:ال|لل)(?=[\p{Script=Arabic}]{3,})/u.exec(w) && !/^الل[هة]$/u.test(w) && !/^الله/u.test(w);
      // Arabic-origin words are marked with a leading ARABIC_MARK: they are already folded.
      return article ? ` ${ARABIC_MARK}al ${ARABIC_MARK}${transliterateArabicWord(w.slice(2))} ` : ` ${ARABIC_MARK}${transliterateArabicWord(w)} `;
    });
  }
  if (/\p{Script=Cyrillic}/u.test(out)) {
    scripts.add('cyrillic');
    out = out.toLowerCase().replace(/\p{Script=Cyrillic}/gu, (c) => CYRILLIC[c] ?? '');
  }
  if (/\p{Script=Greek}/u.test(out)) {
    scripts.add('greek');
    out = out.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/\p{Script=Greek}/gu, (c) => GREEK[c] ?? '');
  }
  return out;
}

// ----------------------------------------------------------------- particles, titles, compounds

/** Articles and filiation words, kept as low-weight tokens rather than thrown away. */
export const PARTICLES = new Set([
  'al', 'el', 'ul', 'il', 'ad', 'ed', 'ud', 'ar', 'er', 'ur', 'as', 'es', 'us', 'at', 'et', 'ut', 'an', 'az', 'ash', 'ech', 'ax',
  'bin', 'ben', 'ibn', 'bn', 'bint', 'bent', 'bnt', 'ould', 'uld', 'wuld', 'ag', 'ait', 'ou', 'u', 'abu', 'abou', 'abo', 'bou', 'bu', 'um', 'umm', 'oum',
  'de', 'del', 'della', 'di', 'da', 'dos', 'das', 'do', 'du', 'la', 'le', 'van', 'von', 'der', 'den', 'ter', 'ten', 'y', 'e', 'i',
]);

/** Titles and honorifics: they say nothing about who a person is. */
export const TITLES = new Set([
  'mr', 'mrs', 'ms', 'mme', 'mlle', 'sr', 'sra', 'dr', 'doctor', 'docteur', 'prof', 'professor', 'general', 'gen', 'major', 'colonel', 'col',
  'commandant', 'commander', 'captain', 'capt', 'lieutenant', 'lt', 'sergeant', 'sgt', 'brigadier', 'marshal', 'admiral',
  'sheikh', 'shaikh', 'shaykh', 'sheik', 'cheikh', 'chaikh', 'haji', 'hajji', 'hadj', 'hadji', 'hajj', 'alhaj', 'alhaji', 'elhadj',
  'mullah', 'mulla', 'mollah', 'mawlawi', 'maulvi', 'mawlavi', 'moulavi', 'maulana', 'mawlana', 'mufti', 'qari', 'imam', 'ustadh', 'ustaz',
  'sayyid', 'sayed', 'syed', 'sidi', 'lalla', 'moulay', 'mulay', 'hajja', 'sir', 'lord', 'dato', 'datuk', 'tun', 'tan', 'sri',
  // Ranks in the cell's other languages (French, Spanish, Dutch): records and aliases carry them
  'sergent', 'sargento', 'caporal', 'cabo', 'adjudant', 'capitaine', 'capitan', 'teniente', 'coronel', 'comandante', 'commissaire',
  'luitenant', 'kapitein', 'kolonel', 'generaal', 'mallam', 'malam',
]);

// Prefixes that fuse with the next word in Latin spellings: Benomar, Abubakar, Ouldali, Elhaddad.
// Particles fused to a name in Latin spellings. The token is kept whole (Alfonso and Benjamin are names too);
// the name without the particle is kept beside it as an alternative form.
const FUSED_PREFIX = /^(?:(ben|bin|ibn|ould|abu|abou|bou)(.{3,})|(al|el)([^aeiouy].{3,}))$/;
// abd + article + name, however it is written: Abdulrahman, Abderrahmane, Abdurezak, Abdelkader, Abdullah.
// After abd and a linking vowel, an l or r is the article only when a consonant follows it (abdu-l-rahman,
// abde-r-rahmane) — in abdu-rezak the r belongs to the name.
const ABD_FUSED = /^abd[aeiou]?(?:[lr](?=[^aeiou]))?(.{2,})$/;
const ABD_WORDS = new Set(['abd', 'abdul', 'abdel', 'abdal', 'abdil', 'abdol', 'abdoul', 'abdu', 'abdur', 'abder', 'abdar']);
// ...+ d-din and ...+ allah endings: Saifuddin, Seifeddine, Nasrullah, Atiqullah.
const DIN_FUSED = /^(.{3,}?)(?:[aeiou]?d{1,2}|[aeiou]l?d)in[e]?$/;
const ALLAH_FUSED = /^(.{3,}?)(?:[aeiou]llah|[aeiou]lah|ulla)$/;

// East Slavic patronymics (Ivanovich, Viktorovych, Hryhoryavich, Anatolijevitch, Petrovna): the father's name,
// written in some records and not others. Serbian and Croatian surnames end in -ović without an h and are not
// matched; a surname with this ending (Abramovich) is told apart by its place (see `patronymicAt`).
const PATRONYMIC = /^.{3,}(?:[oeaiy]v(?:ich|ych|itch|itsch)|[oei]vna|ichna|yivna|ovych)$/;

// Persian surname endings (-pour son of, -zadeh born of, -nejad of the lineage of), in Latin spellings and as
// transliterated from Persian script (پور, زاده, نژاد).
const PERSIAN_SUFFIXES = new Set(['pour', 'pur', 'poor', 'zadeh', 'zade', 'zada', 'zadah', 'nejad', 'nezhad', 'nejhad', 'nijad', 'zadh', 'njad', 'nzhad']);

/** Abbreviations lists write for very common names. */
const ABBREVIATIONS: Record<string, string> = { mohd: 'muhammad', muhd: 'muhammad', mhd: 'muhammad', mohmd: 'muhammad', md: 'muhammad', abdl: 'abdul' };

// ----------------------------------------------------------------- spelling folds

/**
 * Folds the spellings of one sound onto one form. Rules for the languages the cell writes names in: Arabic and
 * Berber names in English, French, Spanish and Dutch transliteration, and those languages' own names.
 */
export function fold(token: string): string {
  return foldCache(token);
}

/** A pure function of a string, remembered for up to 100,000 inputs (then forgotten all at once): names repeat. */
function remembered(f: (s: string) => string): (s: string) => string {
  const cache = new Map<string, string>();
  return (s) => {
    let out = cache.get(s);
    if (out === undefined) {
      out = f(s);
      if (cache.size >= 100_000) cache.clear();
      cache.set(s, out);
    }
    return out;
  };
}

const foldCache = remembered(foldUncached);

function foldUncached(token: string): string {
  let t = token;
  t = t.replace(/['’`ʼʿʾ]/g, '');
  t = t
    .replace(/(?<=.)x/g, 'ks') // Alexander / Aleksandr, Maxim / Maksim (x stands for sh/ch below)
    .replace(/tsch/g, 'ch') // German for ч: Tschatajew / Chatayev
    .replace(/dsch/g, 'j') // German for дж: Radschab / Rajab
    .replace(/sch/g, 'sh') // Dutch/German sch
    .replace(/tch/g, 'ch')
    .replace(/dj/g, 'j') // Djamel / Jamel
    .replace(/dg(?=[eiy])/g, 'j') // Badgie / Badjie
    .replace(/zh/g, 'j') // Russian ж, Persian ژ: Zhukov / Joukov, Pezhman / Pejman
    .replace(/tz/g, 'z')
    .replace(/oe/g, 'u') // Dutch oe
    .replace(/ij(?![aeiou])/g, 'i') // Dutch ij (Dijk, Rijn); before a vowel the j is a consonant (Wijaya, Meijer)
    .replace(/ou/g, 'u') // French ou
    .replace(/oo/g, 'u')
    .replace(/ee/g, 'i')
    .replace(/ph/g, 'f')
    .replace(/ck/g, 'k')
    .replace(/q/g, 'k')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/ch|sh/g, 'x') // Chraibi / Shraibi / Schraibi
    .replace(/c/g, 'k')
    .replace(/kh/g, 'h') // Khalid / Halid
    .replace(/gh/g, 'g')
    .replace(/dh/g, 'd')
    .replace(/th/g, 't')
    .replace(/z/g, 'z')
    .replace(/[wv]/g, 'u') // و is w or v: Fadavi / Fadwi, Hosseini Vahid / Wahid
    .replace(/y/g, 'i')
    .replace(/([aeiou])h$/, '$1') // Hamzah / Hamza
    .replace(/([^aeiou])e$/, '$1') // Amine / Amin, Abderrahmane / Abderrahman
    .replace(/(.)\1+/g, '$1'); // double letters
  return t;
}

/** The consonant skeleton: what Arabic script writes, and what transliterations of one name share. */
export function skeleton(folded: string): string {
  // Vowels dropped, then runs of one letter made one (a loop: this runs for every token of every name).
  let out = '';
  let last = -1;
  for (let i = 0; i < folded.length; i++) {
    const c = folded.charCodeAt(i);
    if (c === 97 || c === 101 || c === 105 || c === 111 || c === 117 || c === last) continue;
    out += folded[i];
    last = c;
  }
  return out;
}

/** Words transliterated from Arabic are in the folded alphabet already: only vowels and doubles are evened out. */
function foldArabic(word: string): string {
  return word.replace(/w/g, 'u').replace(/y/g, 'i').replace(/([aeiou])h$/, '$1').replace(/(.)\1+/g, '$1');
}

/** Folds a word, or a compound of words (abd + name, name + din): each part on its own, then joined. */
function foldWord(word: string): string {
  return foldWordCache(word);
}

const foldWordCache = remembered(foldWordUncached);

function foldWordUncached(word: string): string {
  return word
    .split('+')
    .map((part) => (part.startsWith(ARABIC_MARK) ? foldArabic(part.slice(1)) : fold(part)))
    .join('')
    .replace(/(.)\1+/g, '$1');
}

function token(word: string, role: TokenRole): NameToken {
  const folded = foldWord(word);
  const text = word.replaceAll(ARABIC_MARK, '').replaceAll('+', '');
  return { text, folded, skeleton: skeleton(folded), role, arabic: word.includes(ARABIC_MARK) };
}

// ----------------------------------------------------------------- the pipeline

/** Words of a name: lower-case Latin letters and digits, split at spaces, hyphens, commas and the like. */
function words(text: string): string[] {
  if (/^[\x20-\x7e]*$/.test(text)) {
    return text
      .toLowerCase()
      .replace(/['`]/g, '')
      .split(/[^a-z0-9\ue000]+/)
      .filter((w) => w && w !== ARABIC_MARK);
  }
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/œ/g, 'oe')
    .replace(/ø/g, 'o')
    .replace(/đ/g, 'd')
    .replace(/ł/g, 'l')
    .replace(/ı/g, 'i')
    .replace(/þ/g, 'th')
    .replace(/['’`ʼʿʾ]/g, '')
    .split(/[^\p{L}\p{N}\ue000]+/u)
    .filter((w) => w && w !== ARABIC_MARK);
}

function scriptOf(text: string): Set<string> {
  const s = new Set<string>();
  if (/\p{Script=Latin}/u.test(text)) s.add('latin');
  if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)) s.add('han');
  if (/\p{Script=Hangul}/u.test(text)) s.add('hangul');
  if (/\p{Script=Devanagari}/u.test(text)) s.add('devanagari');
  if (/\p{Script=Thai}/u.test(text)) s.add('thai');
  if (/\p{Script=Hebrew}/u.test(text)) s.add('hebrew');
  return s;
}

/** Turns a name as written into weighted-role tokens, ready for keys and alignment. */
export function normalizeName(input: string): NormalizedName {
  const original = input;
  let text = input.slice(0, MAX_NAME_LENGTH);
  const ascii = /^[\x20-\x7e]*$/.test(text);
  let scripts: Set<string>;
  if (ascii) {
    // Most list rows are plain ASCII: no Unicode work to do.
    scripts = /[A-Za-z]/.test(text) ? new Set(['latin']) : new Set();
  } else {
    text = text.normalize('NFKC').replace(INVISIBLE, '');
    scripts = scriptOf(text);
    text = transliterate(text, scripts);
  }
  const raw = words(text);
  // Lists write "SURNAMES, Given names": the words before a single comma are family names.
  const commas = text.split(',').length - 1;
  const familyWords = commas === 1 ? words(text.split(',')[0]!).length : 0;
  const starts: number[] = [];

  const out: NameToken[] = [];
  for (let i = 0; i < raw.length; i++) {
    const start = i;
    const word = raw[i]!;
    const w = plain(word);
    if (/\d/.test(w)) continue; // names hold no digits
    if (TITLES.has(w) && raw.length > 1) {
      (starts.push(start), out.push(token(word, 'title')));
      continue;
    }
    // abd + (article) + name → one token "abd<name>".
    if (ABD_WORDS.has(w) && i + 1 < raw.length) {
      let j = i + 1;
      if (PARTICLES.has(plain(raw[j]!)) && j + 1 < raw.length) j++;
      const name = stripArticle(plain(raw[j]!));
      const t = token(`abd+${mark(raw[j]!)}${name}`, 'name');
      t.stripped = foldWord(`${mark(raw[j]!)}${name}`);
      (starts.push(start), out.push(t));
      i = j;
      continue;
    }
    const abd = w.startsWith('abd') ? ABD_FUSED.exec(w) : null;
    if (abd && w.length >= 6 && !ABD_WORDS.has(w)) {
      const t = token(`abd+${mark(word)}${stripArticle(abd[1]!)}`, 'name');
      t.stripped = foldWord(`${mark(word)}${stripArticle(abd[1]!)}`);
      (starts.push(start), out.push(t));
      continue;
    }
    const next = raw[i + 1] === undefined ? undefined : plain(raw[i + 1]!);
    // A Persian surname suffix written apart is part of the surname: Malekouti Pour / Malakotipour, Yahya Zadeh.
    if (next !== undefined && PERSIAN_SUFFIXES.has(next) && !PARTICLES.has(w) && !TITLES.has(w) && w.length >= 2) {
      (starts.push(start), out.push(token(`${word}+${raw[i + 1]!}`, 'name')));
      i += 1;
      continue;
    }
    // X + (article) + din / allah → one token "X<din|lah>".
    const viaParticle = next !== undefined && PARTICLES.has(next);
    const after = viaParticle ? (raw[i + 2] === undefined ? undefined : plain(raw[i + 2]!)) : next;
    const skip = viaParticle ? 2 : 1;
    if (after && !PARTICLES.has(w) && (after === 'din' || after === 'deen' || after === 'dine' || after === 'dn')) {
      (starts.push(start), out.push(theophoric(token(`${word}+din`, 'name'), word)));
      i += skip;
      continue;
    }
    if (after && !PARTICLES.has(w) && (after === 'allah' || after === 'ullah' || after === 'ulla' || after === 'lah' || after === 'lh' || after === 'alh')) {
      (starts.push(start), out.push(theophoric(token(`${word}+lah`, 'name'), word)));
      i += skip;
      continue;
    }
    if (PARTICLES.has(w)) {
      (starts.push(start), out.push(token(word, raw.length > 1 ? 'particle' : 'name')));
      continue;
    }
    if (ABBREVIATIONS[w] && !mark(word)) {
      (starts.push(start), out.push(token(ABBREVIATIONS[w], 'name')));
      continue;
    }
    if (w.length === 1) {
      (starts.push(start), out.push(token(word, 'initial')));
      continue;
    }
    // The endings each pattern requires are checked first: most words have neither.
    const din = w.length >= 7 && (w.endsWith('in') || w.endsWith('ine')) ? DIN_FUSED.exec(w) : null;
    if (din && !/^(?:al|el)/.test(w)) {
      (starts.push(start), out.push(theophoric(token(`${mark(word)}${din[1]}+din`, 'name'), `${mark(word)}${din[1]}`)));
      continue;
    }
    const allah = w.length >= 7 && (w.endsWith('lah') || w.endsWith('ulla')) ? ALLAH_FUSED.exec(w) : null;
    if (allah) {
      (starts.push(start), out.push(theophoric(token(`${mark(word)}${allah[1]}+lah`, 'name'), `${mark(word)}${allah[1]}`)));
      continue;
    }
    const t = token(word, 'name');
    const fused = w.length >= 6 ? FUSED_PREFIX.exec(w) : null;
    if (fused) t.stripped = foldWord(`${mark(word)}${fused[2] ?? fused[4]}`);
    (starts.push(start), out.push(t));
  }
  // The patronymic: after the given name, never a family name, and the first such word only.
  const pat = patronymicAt(out, starts, familyWords, raw.length);
  if (pat >= 0) out[pat]!.role = 'patronymic';
  // A name made only of particles and titles is still a name: promote them.
  if (out.length && out.every((t) => t.role !== 'name' && t.role !== 'initial')) for (const t of out) t.role = 'name';
  const result: NormalizedName = { original, tokens: out, scripts: [...scripts] };
  if (familyWords >= 1 && familyWords < raw.length) {
    let place = 0;
    result.familyPlace = out.map((t, k) => (starts[k]! < familyWords && t.role === 'name' ? place++ : null));
    const given = starts.findIndex((st) => st >= familyWords);
    if (given > 0) result.givenFrom = given;
  }
  return result;
}

/** Which token is a patronymic, or −1. In "FAMILY, Given Patronymic" it is a word after the given name; written
 *  in free order it needs three names or more and is not the first (Roman Abramovich is a surname). */
function patronymicAt(tokens: NameToken[], starts: number[], familyWords: number, words: number): number {
  const names = tokens.filter((t) => t.role === 'name').length;
  if (names < 2) return -1;
  let seenGiven = false;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.role !== 'name') continue;
    const isFamily = familyWords >= 1 && familyWords < words && starts[k]! < familyWords;
    if (isFamily) continue;
    if (seenGiven && PATRONYMIC.test(t.text) && (familyWords >= 1 || names >= 3)) return k;
    seenGiven = true;
  }
  return -1;
}

/** A name + din / + allah compound (Aminullah, Najmuddin) is also known by its first part (Amin, Najm). */
function theophoric(t: NameToken, base: string): NameToken {
  const b = foldWord(base);
  if (b.length >= 3 && !PARTICLES.has(b)) t.stripped = b;
  return t;
}

function plain(w: string): string {
  return w.replace(ARABIC_MARK, '');
}

function mark(w: string): string {
  return w.startsWith(ARABIC_MARK) ? ARABIC_MARK : '';
}

function stripArticle(w: string): string {
  // al-Rahman, ar-Rahman, ur-Rahman: the article glued to the name after abd.
  const m = /^(?:al|el|ul|ar|er|ur|ad|ed|ud|as|es|us|an|at)(.{3,})$/.exec(w);
  return m ? m[1]! : w;
}
