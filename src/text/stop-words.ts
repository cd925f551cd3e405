// Stop words of the text layer's languages (fr, en, de, es, it, nl) from stopwords-iso, merged, optionally accent-folded.

import { createRequire } from 'node:module';
import { ProdclassError } from '../core/errors.js';
import { foldAccents } from './fold.js';
import { TEXT_LANGUAGES, type TextLanguage } from './language-detector.js';

/** The languages with a stop word list: those the language detector names. */
export const STOP_WORD_LANGUAGES: readonly TextLanguage[] = TEXT_LANGUAGES;
export type StopWordLanguage = TextLanguage;

/**
 * Which spelling of each stop word to include: as listed (`accented`: "après"), accent-folded (`folded`:
 * "apres", for text cleaned with `foldAccents`), or `both` (matches either kind of text).
 */
export type StopWordVariant = 'accented' | 'folded' | 'both';

/** A single token as the word tokenizer produces it (letters and digits only). */
const SINGLE_TOKEN = /^[\p{L}\p{N}]+$/u;

let iso: Record<string, string[]> | undefined;
const lists = new Map<string, readonly string[]>();

function isoLists(): Record<string, string[]> {
  iso ??= createRequire(import.meta.url)('stopwords-iso') as Record<string, string[]>;
  return iso;
}

/** @throws ProdclassError INVALID_PARAM for a language other than those of `STOP_WORD_LANGUAGES`. */
export function checkStopWordLanguages(languages: readonly string[], field = 'stopWords'): asserts languages is readonly StopWordLanguage[] {
  for (const language of languages) {
    if (!(STOP_WORD_LANGUAGES as readonly string[]).includes(language)) {
      throw new ProdclassError(
        'INVALID_PARAM',
        `stop words: unknown language ${JSON.stringify(language)} (available: ${STOP_WORD_LANGUAGES.join(', ')})`,
        { location: { field } },
      );
    }
  }
}

/**
 * The merged, sorted, duplicate-free stop word list of the given languages, lower-cased and NFKC-normalised.
 * Entries the word tokenizer can never produce as one token ("aujourd'hui", "celle-ci", "can't") are left out;
 * their parts ("aujourd", "hui") are separate entries where the source lists them.
 * The result is cached and frozen.
 * @throws ProdclassError INVALID_PARAM for an unknown language.
 */
export function stopWordList(languages: readonly StopWordLanguage[], variant: StopWordVariant = 'accented'): readonly string[] {
  checkStopWordLanguages(languages);
  const key = `${[...languages].sort().join(',')}:${variant}`;
  let list = lists.get(key);
  if (!list) {
    const words = new Set<string>();
    for (const language of languages) {
      for (const raw of isoLists()[language] ?? []) {
        const word = raw.normalize('NFKC').toLowerCase();
        if (!SINGLE_TOKEN.test(word)) continue;
        if (variant !== 'folded') words.add(word);
        if (variant !== 'accented') words.add(foldAccents(word));
      }
    }
    list = Object.freeze([...words].sort());
    lists.set(key, list);
  }
  return list;
}

/** `stopWordList` as a set, for membership tests. @throws ProdclassError INVALID_PARAM for an unknown language. */
export function stopWordSet(languages: readonly StopWordLanguage[], variant: StopWordVariant = 'accented'): ReadonlySet<string> {
  return new Set(stopWordList(languages, variant));
}
