// A light language detector for product texts: votes of French, English and German stop words, plus markers of other languages.

import { foldAccents } from '../text/fold.js';
import type { DetectedLanguage } from './dataset-analysis-types.js';

/** What the detector can answer, in order: a product's language is stored as its position here (as languageMix counts it). */
export const DETECTED_LANGUAGES = ['fr', 'en', 'de', 'other', 'unknown'] as const satisfies readonly DetectedLanguage[];
// DetectedLanguage is declared with the analysis types (the web page reads it); a language missing from this list fails to compile here.
type NoneMissing<Missing extends never> = Missing;
type EveryLanguageListed = NoneMissing<Exclude<DetectedLanguage, (typeof DETECTED_LANGUAGES)[number]>>;

const VOTERS = ['fr', 'en', 'de', 'other'] as const;
type Voter = (typeof VOTERS)[number];
const BIT: Record<Voter, number> = { fr: 1, en: 2, de: 4, other: 8 };

/**
 * The most frequent function words of each language: articles, prepositions, pronouns, conjunctions and
 * auxiliaries, never units or product words. "other" holds Spanish, Italian, Portuguese and Dutch, the
 * other languages that turn up in Rakuten France listings. A word listed for two languages ("on", "des",
 * "in") splits its vote between them.
 */
const FUNCTION_WORDS: Record<Voter, readonly string[]> = {
  fr: [
    'le', 'la', 'les', 'des', 'du', 'de', 'un', 'une', 'et', 'est', 'en', 'au', 'aux', 'pour', 'avec', 'dans', 'sur',
    'par', 'ce', 'cette', 'ces', 'qui', 'que', 'sont', 'pas', 'plus', 'vous', 'nous', 'il', 'elle', 'ou', 'sa', 'son',
    'ses', 'leur', 'très', 'sans', 'tout', 'être', 'peut', 'aussi', 'mais', 'comme', 'votre', 'vos', 'notre', 'cet',
    'dont', 'entre', 'on', 'ne', 'se', 'ils', 'nos', 'lui', 'chez', 'sous', 'été', 'avez', 'permet',
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
  other: [
    // Spanish
    'el', 'los', 'las', 'del', 'para', 'con', 'una', 'por', 'muy', 'pero', 'como', 'más', 'está', 'este', 'esta',
    'sus', 'también', 'sin', 'cuando', 'todo', 'todos', 'puede', 'tiene', 'hasta', 'desde', 'nuevo', 'nueva', 'caja', 'y',
    // Italian
    'il', 'della', 'delle', 'degli', 'dello', 'di', 'che', 'per', 'gli', 'sono', 'nel', 'nella', 'questo', 'questa',
    'anche', 'più', 'essere', 'alla', 'dalla', 'dei', 'nuovo', 'scatola', 'molto', 'non',
    // Portuguese
    'não', 'com', 'dos', 'das', 'pelo', 'pela', 'você', 'muito', 'são', 'isso', 'novo',
    // Dutch
    'het', 'een', 'van', 'zijn', 'niet', 'voor', 'ook', 'maar', 'wordt', 'deze', 'dit', 'naar', 'bij', 'uit', 'wij', 'hebben',
  ],
};

/** Evidence needed before naming a language: this many stop-word votes in all. */
export const MIN_LANGUAGE_EVIDENCE = 2;

/**
 * Function-word voting over French, English, German and "other" (accented and accent-folded spellings of
 * `FUNCTION_WORDS`). Each token in some lists gives one vote, shared equally between those lists' languages
 * ("in" is English and German: half a vote each). With fewer than `MIN_LANGUAGE_EVIDENCE` votes the answer is
 * `unknown` (most bare titles, such as "Console PS4 Slim 500 Go", carry no stop word); otherwise the language
 * with most votes, ties going to the first of fr, en, de, other.
 *
 * Why not franc-min: on the sample it takes about 0.5 ms per product (40 s for 85,000, over the 20 s budget of
 * the whole analysis), and on short titles it answers languages such as Romanian or Sundanese for French
 * product names. Voting over a hash map is about 50 times faster and says "unknown" where the text is too
 * short to tell. Why not the full stop-word lists of `src/text/stop-words.ts`: stopwords-iso's English list
 * holds "cm", "mm", "kg", "home", "place" and "pages", which fill French listings and outvote their real
 * function words (on the sample, 127 of 2,580 long French texts came out English that way).
 */
export class LanguageDetector {
  private readonly masks = new Map<string, number>();

  constructor() {
    for (const voter of VOTERS) {
      for (const word of FUNCTION_WORDS[voter]) {
        for (const spelling of new Set([word, foldAccents(word)])) this.masks.set(spelling, (this.masks.get(spelling) ?? 0) | BIT[voter]);
      }
    }
  }

  /** Bit mask of the languages whose function words include `token` (fr 1, en 2, de 4, other 8), or undefined. */
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
  private readonly scores = [0, 0, 0, 0];

  /** Adds the vote of a token with the given mask (undefined or 0: not a function word, no vote). */
  add(mask: number | undefined): void {
    if (!mask) return;
    const languages = (mask & 1) + ((mask >> 1) & 1) + ((mask >> 2) & 1) + ((mask >> 3) & 1);
    const share = 1 / languages;
    for (let k = 0; k < 4; k++) if (mask & (1 << k)) this.scores[k] += share;
  }

  decide(): DetectedLanguage {
    const total = this.scores[0] + this.scores[1] + this.scores[2] + this.scores[3];
    if (total < MIN_LANGUAGE_EVIDENCE - 1e-9) return 'unknown';
    let best = 0;
    for (let k = 1; k < 4; k++) if (this.scores[k] > this.scores[best] + 1e-9) best = k;
    return VOTERS[best];
  }
}
