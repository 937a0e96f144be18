// Every weight and threshold of the matching engine, in one place, each with what chose it.
// Figures quoted are from `npm run eval` on ../shared/eval (development half); see docs/matching.md.

export interface MatchingConfig {
  /** Token similarity (after rescaling) below this counts as no match at all. */
  minTokenSimilarity: number;
  /** Token similarity is 1 − (transliteration distance / mean length); below the floor it is no evidence, from the
   *  floor to 1 it rescales linearly to [0, ceiling]. */
  fuzzyFloor: number;
  fuzzyCeiling: number;
  /** Costs of the transliteration distance (see similarity.ts): vowel and same-class consonant changes are cheap. */
  transliteration: { vowelSubstitution: number; vowelIndel: number; classSubstitution: number; hIndel: number; transposition: number; crossSound: number };
  /** Jaro–Winkler above this floor also counts, rescaled from the floor to 1 (Latin spellings only). */
  jaroWinklerFloor: number;
  /** The most a transliterated token not spelled identically may count across scripts. */
  crossScriptCeiling: number;
  /** The same for long names (four consonants or more), which chance rarely makes alike. */
  crossScriptLongCeiling: number;
  /** Rarity is computed against at least this many names (a small watchlist does not make every name rare). */
  referencePopulation: number;
  /** A missing vowel across scripts (Arabic script does not write short vowels). */
  crossScriptVowelIndel: number;
  /** Two Latin spellings of different consonant–vowel shape (Terka / Torek) count this much of their similarity. */
  shapeMismatchFactor: number;
  /** Two Latin spellings sharing a consonant skeleton count as one name only if they have the same
   *  consonant–vowel shape (Hilel/Helal, Mohamed/Muhamad) or look alike at least this much (Jaro–Winkler) —
   *  Terka/Torek and William/Lam do not. Across scripts no such test: Arabic script does not write short vowels. */
  skeletonMinJaroWinkler: number;
  /** Similarity given to two tokens with the same consonant skeleton but different spelling, by skeleton length:
   *  [1 consonant, 2 consonants, 3 or more]. A longer shared skeleton is stronger evidence (Umar/Omar = "mr").*/
  skeletonSimilarity: [number, number, number];
  /** The same across scripts (an Arabic-script name against a Latin one), where a short skeleton ("nm", "hn") is
   *  shared by many unrelated names: only long skeletons are strong evidence. */
  crossScriptSkeletonSimilarity: [number, number, number];
  /** A compound (two tokens written as one, Hamid Reza / Hamidreza) counts only when the joined forms agree this
   *  well: loosely, any two short names joined resemble some long one. */
  minCompoundSimilarity: number;
  /** A name with a fused particle (Benomar) matching the bare name (Omar) counts a little less than whole. */
  strippedParticleFactor: number;
  /** Similarity of two forms of one given name in different languages (Joseph / Yusuf, Yakov / Jacob; see
   *  equivalents.ts); 0 switches it off. Below a close spelling: the forms say the name, not the spelling. */
  equivalentSimilarity: number;
  /** A name read without its nisba ending (Malahi → Mallah), on either side, counts this much; 0 switches it off. */
  nisbaFactor: number;
  /** Weight factors for tokens that are not names. Particles (al, ben, abu) and titles (sheikh, general) say
   *  little about identity; an initial says a little. Multiplied by the token's rarity weight. */
  particleWeight: number;
  titleWeight: number;
  initialWeight: number;
  /** A patronymic (Ivanovich, Viktorovych) says who the father was: written in some records of a person and not in
   *  others, it counts this much of a name, agreeing or missing. */
  patronymicWeight: number;
  /** An initial matching the first letter of a name. */
  initialSimilarity: number;
  /** The most a name common in life (in the background lexicon of given names and surnames) may weigh, however
   *  rare in the watchlist. 0 switches the lexicon off. */
  commonNameMaxWeight: number;
  /** Scale of the absolute-evidence factor 1 − exp(−matched weight / scale). 0 switches it off. */
  evidenceScale: number;
  /** Document frequency assumed for a query token the watchlist has never seen (it is probably not rare in life). */
  unknownTokenDf: number;
  /** How much the score follows the share of the query that matched (vs the share of the listed name):
   *  aliases are often partial names, so the query side counts more. */
  queryCoverageExponent: number;
  /** Factor on the similarity of a second (or later) family name matched while the first family name is not
   *  ("RAMIREZ DUQUE, Carlos" against "Carlos Duque"): only where the list says which names are family names. */
  secondaryFamilyFactor: number;
  /** Factor on a match where only one name agrees while both sides have two or more. */
  singleNameFactor: number;
  /** Token alignment bonus when every name token on both sides matched. */
  completeMatchBonus: number;
  /** Candidate retrieval: postings visited at most per query before common tokens stop adding candidates, and
   *  how many of the best pre-scored candidates get a full alignment. */
  maxPostingsPerQuery: number;
  maxCandidatesScored: number;
  /** Candidates whose pre-score is below this share of the best candidate's are not aligned. */
  minPreScoreShare: number;
  /** A query token whose similar spellings have more postings than this reads only those at least this similar. */
  largeGroupPostings: number;
  largeGroupMinSimilarity: number;
  /** Results below this score are not returned. */
  minScore: number;
  /** Evidence from other fields, in log-odds added to the name score's. Agreement is always ≥ 0, so an agreeing
   *  field never lowers a score. */
  dob: Record<'exact' | 'swapped-day-month' | 'one-day-apart' | 'year-month' | 'year' | 'approximate-year' | 'same-year-other-day' | 'adjacent-year' | 'conflict', number>;
  nationalityAgree: number;
  nationalityConflict: number;
  documentExact: number;
  documentOneCharacter: number;
  genderAgree: number;
  genderConflict: number;
  /** Bands of the final score: strong ≥ strong, possible ≥ possible, weak below. Calibrated on the evaluation
   *  (names only): 0.1% of the negative probe scores above 0.518, 1% above 0.389 (2026-11-30); "possible" starts
   *  about where 1 in 1,000 unrelated people score (0.505 when it was set), "strong" well above any negative seen
   *  but the name-identical. */
  bands: { strong: number; possible: number };
}

export const defaultMatchingConfig: MatchingConfig = {
  minTokenSimilarity: 0.15,
  fuzzyFloor: 0.6,
  fuzzyCeiling: 0.95,
  transliteration: { vowelSubstitution: 0.25, vowelIndel: 0.35, classSubstitution: 0.35, hIndel: 0.4, transposition: 0.6, crossSound: 0.5 },
  crossScriptVowelIndel: 0.1,
  jaroWinklerFloor: 0.8,
  crossScriptCeiling: 0.65,
  crossScriptLongCeiling: 0.85,
  referencePopulation: 10_000,
  shapeMismatchFactor: 0.75,
  skeletonMinJaroWinkler: 0.9,
  skeletonSimilarity: [0.6, 0.8, 0.9],
  crossScriptSkeletonSimilarity: [0.45, 0.7, 0.9],
  minCompoundSimilarity: 0.93,
  strippedParticleFactor: 0.95,
  nisbaFactor: 0.85,
  equivalentSimilarity: 0.7,
  particleWeight: 0.08,
  titleWeight: 0.02,
  initialWeight: 0.25,
  patronymicWeight: 0.35,
  initialSimilarity: 0.6,
  unknownTokenDf: 3,
  commonNameMaxWeight: 3,
  evidenceScale: 4,
  queryCoverageExponent: 0.6,
  completeMatchBonus: 0.03,
  singleNameFactor: 0.7,
  secondaryFamilyFactor: 0.6,
  maxPostingsPerQuery: 15000,
  maxCandidatesScored: 45,
  minPreScoreShare: 0.3,
  largeGroupPostings: 5_000,
  largeGroupMinSimilarity: 0.6,
  minScore: 0.3,
  dob: {
    exact: 2.5,
    'swapped-day-month': 1.6,
    'one-day-apart': 1.6,
    'year-month': 1.4,
    year: 1.0,
    'approximate-year': 0.5,
    'same-year-other-day': -0.6,
    'adjacent-year': -0.6,
    conflict: -2.0,
  },
  nationalityAgree: 0.4,
  nationalityConflict: -0.4,
  documentExact: 3.0,
  documentOneCharacter: 1.5,
  genderAgree: 0.1,
  genderConflict: -1.0,
  bands: { strong: 0.8, possible: 0.51 },
};
