// Language-specific cleaning: elided articles and prepositions (French l', d', qu'; Italian dell', nell') split off their word.

import type { TextLanguage } from './language-detector.js';

/**
 * Words that lose their vowel before a vowel and keep an apostrophe, per language. Only languages where this is
 * frequent in product text are listed; for the others nothing changes.
 */
const ELIDED: Partial<Record<TextLanguage, readonly string[]>> = {
  fr: ['l', 'd', 'j', 'm', 'n', 's', 't', 'c', 'qu', 'jusqu', 'lorsqu', 'puisqu', 'quelqu'],
  it: ['l', 'd', 'dell', 'dall', 'nell', 'sull', 'all', 'coll', 'un', 'quell', 'quest', 'c'],
};

const APOSTROPHE = /['’]/;
const patterns = new Map<string, RegExp | null>();

/** The pattern of the elided words of these languages (cached), or null when none of them elides. */
function elisionPattern(languages: readonly TextLanguage[]): RegExp | null {
  const key = [...languages].sort().join(',');
  let pattern = patterns.get(key);
  if (pattern === undefined) {
    const words = [...new Set(languages.flatMap((l) => ELIDED[l] ?? []))].sort((a, b) => b.length - a.length);
    // An elided word starts a word (no letter, digit or apostrophe before it: not the n of rock'n'roll) and a
    // letter follows its apostrophe.
    pattern = words.length ? new RegExp(`(?<![\\p{L}\\p{N}'’])(${words.join('|')})(['’])(?=\\p{L})`, 'giu') : null;
    patterns.set(key, pattern);
  }
  return pattern;
}

/**
 * Puts a space after the apostrophe of the elided words of `languages` ("l'eau" -> "l' eau", "dell'acqua" ->
 * "dell' acqua"), so that character n-grams within words (`char_wb`) see "eau" as the word it is, as they do in
 * "de l' eau" or "à eau". Word tokens are unchanged (the tokenizer already splits at apostrophes); case is kept.
 * Text without an apostrophe, or languages without elisions (en, de, es, nl), come back unchanged.
 */
export function splitElisions(text: string, languages: readonly TextLanguage[]): string {
  if (!APOSTROPHE.test(text)) return text;
  const pattern = elisionPattern(languages);
  return pattern ? text.replace(pattern, '$1$2 ') : text;
}
