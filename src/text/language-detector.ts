// A light language detector for product texts: votes of function words of six languages, plus markers of others.

import { foldAccents } from './fold.js';

/** The languages the text layer knows by name: the detector tells them apart, and each has stop words and cleaning. */
export const TEXT_LANGUAGES = ['fr', 'en', 'de', 'es', 'it', 'nl'] as const;
export type TextLanguage = (typeof TEXT_LANGUAGES)[number];

/**
 * What the detector can answer, in order: a product's language is stored as its position here (as the analysis
 * counts it). `other` is a language it recognises but does not name (Portuguese); `unknown`, too little text to tell.
 */
export const DETECTED_LANGUAGES = [...TEXT_LANGUAGES, 'other', 'unknown'] as const;
export type DetectedLanguage = (typeof DETECTED_LANGUAGES)[number];

const VOTERS = [...TEXT_LANGUAGES, 'other'] as const;
type Voter = (typeof VOTERS)[number];
/** Voter k owns bit k of a word's mask; 7 voters keep every mask within an Int8 (the analysis caches them so). */
const N_VOTERS = VOTERS.length;

/**
 * The most frequent function words of each language: articles, prepositions, pronouns, conjunctions and
 * auxiliaries, never units or product words (one-letter words are left out: the word tokenizer drops them).
 * "other" holds Portuguese, which turns up in European listings and would otherwise pass for Spanish. A word
 * listed for several languages ("de", "en", "in", "la") splits its vote between them.
 */
const FUNCTION_WORDS: Record<Voter, readonly string[]> = {
  fr: [
    'le', 'la', 'les', 'des', 'du', 'de', 'un', 'une', 'et', 'est', 'en', 'au', 'aux', 'pour', 'avec', 'dans', 'sur',
    'par', 'ce', 'cette', 'ces', 'qui', 'que', 'sont', 'pas', 'plus', 'vous', 'nous', 'il', 'elle', 'ou', 'sa', 'son',
    'ses', 'leur', 'très', 'sans', 'tout', 'être', 'peut', 'aussi', 'mais', 'comme', 'votre', 'vos', 'notre', 'cet',
    'dont', 'entre', 'on', 'ne', 'se', 'ils', 'nos', 'lui', 'chez', 'sous', 'été', 'avez', 'permet', 'non', 'je',
  ],
  en: [
    'the', 'and', 'of', 'to', 'is', 'for', 'with', 'this', 'that', 'it', 'are', 'you', 'your', 'be', 'by', 'from',
    'on', 'in', 'an', 'at', 'as', 'or', 'not', 'can', 'will', 'has', 'have', 'which', 'its', 'our', 'we', 'was',
    'these', 'they', 'their', 'been', 'into', 'also', 'but', 'if', 'when', 'each', 'other', 'than', 'so', 'such',
  ],
  de: [
    'der', 'die', 'das', 'und', 'ist', 'mit', 'für', 'von', 'zu', 'den', 'dem', 'des', 'ein', 'eine', 'einer',
    'einem', 'einen', 'nicht', 'auf', 'auch', 'sich', 'im', 'bei', 'aus', 'werden', 'wird', 'oder', 'sie', 'es',
    'wie', 'nach', 'sind', 'zum', 'zur', 'kann', 'nur', 'über', 'dieser', 'durch', 'ihre', 'in', 'an', 'sehr',
  ],
  es: [
    'el', 'los', 'las', 'del', 'de', 'la', 'en', 'para', 'con', 'una', 'un', 'por', 'muy', 'pero', 'como', 'más',
    'está', 'este', 'esta', 'estos', 'estas', 'es', 'su', 'sus', 'lo', 'al', 'se', 'que', 'también', 'sin', 'cuando',
    'todo', 'todos', 'puede', 'tiene', 'hasta', 'desde', 'sobre', 'entre', 'son', 'nuestro', 'nuestra', 'usted',
    'ser', 'hay', 'nuevo', 'nueva', 'caja',
  ],
  it: [
    'il', 'di', 'della', 'delle', 'degli', 'dello', 'dei', 'del', 'la', 'le', 'gli', 'che', 'per', 'con', 'una', 'un',
    'sono', 'nel', 'nella', 'nei', 'sul', 'sulla', 'questo', 'questa', 'anche', 'più', 'essere', 'alla', 'al', 'dalla',
    'da', 'non', 'si', 'come', 'ma', 'ha', 'ed', 'suo', 'sua', 'tutti', 'tutto', 'può', 'ogni', 'molto', 'nuovo',
    'scatola',
  ],
  nl: [
    'het', 'een', 'van', 'de', 'en', 'is', 'op', 'te', 'met', 'dat', 'die', 'zijn', 'niet', 'voor', 'ook', 'maar',
    'wordt', 'worden', 'deze', 'dit', 'naar', 'bij', 'uit', 'wij', 'hebben', 'heeft', 'er', 'aan', 'om', 'als',
    'kan', 'je', 'uw', 'hij', 'ze', 'zij', 'nog', 'wel', 'of', 'door', 'tot', 'dan', 'geen', 'meer', 'zeer', 'onze',
  ],
  other: ['não', 'com', 'dos', 'das', 'pelo', 'pela', 'você', 'muito', 'são', 'isso', 'uma', 'mais', 'sem', 'seu', 'também', 'novo'],
};

/** Evidence needed before naming a language: this many function-word votes in all. */
export const MIN_LANGUAGE_EVIDENCE = 2;

/** 1 / (number of voters in the mask), per mask: a shared word's vote is split evenly. */
const SHARE = Float64Array.from({ length: 1 << N_VOTERS }, (_, mask) => {
  let n = 0;
  for (let k = 0; k < N_VOTERS; k++) n += (mask >> k) & 1;
  return n ? 1 / n : 0;
});

/**
 * Function-word voting over fr, en, de, es, it, nl and "other" (accented and accent-folded spellings of
 * `FUNCTION_WORDS`). Each token in some lists gives one vote, shared equally between those lists' languages
 * ("in" is English and German: half a vote each). With fewer than `MIN_LANGUAGE_EVIDENCE` votes the answer is
 * `unknown` (most bare titles, such as "Console PS4 Slim 500 Go", carry no function word); otherwise the language
 * with most votes, ties going to the first in `DETECTED_LANGUAGES` order.
 *
 * Why not franc-min: on the Rakuten sample it takes about 0.5 ms per product (40 s for 85,000, over the 20 s budget
 * of the whole analysis), and on short titles it answers languages such as Romanian or Sundanese for French
 * product names. Voting over a hash map is about 50 times faster and says "unknown" where the text is too short
 * to tell. Why not the full stop-word lists of `stop-words.ts`: stopwords-iso's English list holds "cm", "mm",
 * "kg", "home", "place" and "pages", which fill French listings and outvote their real function words (on the
 * sample, 127 of 2,580 long French texts came out English that way).
 */
export class LanguageDetector {
  private readonly masks = new Map<string, number>();

  constructor() {
    VOTERS.forEach((voter, k) => {
      for (const word of FUNCTION_WORDS[voter]) {
        for (const spelling of new Set([word, foldAccents(word)])) this.masks.set(spelling, (this.masks.get(spelling) ?? 0) | (1 << k));
      }
    });
  }

  /**
   * Bit mask of the languages whose function words include `token` (bit k for `DETECTED_LANGUAGES[k]`: fr 1,
   * en 2, de 4, es 8, it 16, nl 32, other 64), or undefined.
   */
  mask(token: string): number | undefined {
    return this.masks.get(token);
  }

  /** Language of a text given its lower-cased word tokens (as `cleanText` then `wordTokens` give them). */
  detect(tokens: Iterable<string>): DetectedLanguage {
    const votes = new LanguageVotes();
    for (const token of tokens) votes.add(this.masks.get(token));
    return votes.decide();
  }
}

/** Accumulates the votes of one text, token by token, so callers can vote while doing other work per token. */
export class LanguageVotes {
  private readonly scores = new Float64Array(N_VOTERS);
  private total = 0;

  /** Adds the vote of a token with the given mask (undefined or 0: not a function word, no vote). */
  add(mask: number | undefined): void {
    if (!mask) return;
    const share = SHARE[mask];
    for (let k = 0; k < N_VOTERS; k++) if (mask & (1 << k)) this.scores[k] += share;
    this.total += 1;
  }

  decide(): DetectedLanguage {
    if (this.total < MIN_LANGUAGE_EVIDENCE - 1e-9) return 'unknown';
    let best = 0;
    for (let k = 1; k < N_VOTERS; k++) if (this.scores[k] > this.scores[best] + 1e-9) best = k;
    return VOTERS[best];
  }
}
