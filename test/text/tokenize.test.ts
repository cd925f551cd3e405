import { describe, expect, it } from 'vitest';
import { isProdclassError } from '../../src/core/errors.js';
import { charNgrams, charWbNgrams, wordNgrams, wordTokens } from '../../src/text/tokenize.js';

describe('wordTokens', () => {
  it('keeps runs of letters and digits of at least two characters', () => {
    expect(wordTokens("console ps4 500go, 4k x2 3d - l'été à 1 € !")).toEqual(['console', 'ps4', '500go', '4k', 'x2', '3d', 'été']);
  });

  it('splits on punctuation, apostrophes, hyphens and underscores', () => {
    expect(wordTokens('arc-en-ciel d’hygiène snake_case 3,66x0,76 m²')).toEqual(['arc', 'en', 'ciel', 'hygiène', 'snake', 'case', '66x0', '76', 'm²']);
  });

  it('counts length in characters, not UTF-16 units', () => {
    expect(wordTokens('𝔸 𝔸𝔹 a')).toEqual(['𝔸𝔹']);
  });

  it('honours minLength and stop words', () => {
    expect(wordTokens('le jeu de la vie a 2 joueurs', { minLength: 1 })).toEqual(['le', 'jeu', 'de', 'la', 'vie', 'a', '2', 'joueurs']);
    expect(wordTokens('le jeu de la vie', { stopWords: new Set(['le', 'de', 'la']) })).toEqual(['jeu', 'vie']);
    expect(wordTokens('un jeu de société', { minLength: 3 })).toEqual(['jeu', 'société']);
  });
});

describe('wordNgrams', () => {
  it('lists unigrams then bigrams, as scikit-learn does', () => {
    expect(wordNgrams(['console', 'ps4', 'slim'], [1, 2])).toEqual(['console', 'ps4', 'slim', 'console ps4', 'ps4 slim']);
    expect(wordNgrams(['a1', 'b2', 'c3'], [2, 3])).toEqual(['a1 b2', 'b2 c3', 'a1 b2 c3']);
    expect(wordNgrams(['seul'], [2, 3])).toEqual([]);
  });

  it('rejects a bad range naming the parameter', () => {
    for (const range of [[0, 1], [2, 1], [1.5, 2]] as [number, number][]) {
      try {
        wordNgrams(['a'], range);
        expect.unreachable();
      } catch (e) {
        expect(isProdclassError(e, 'INVALID_PARAM')).toBe(true);
        expect((e as Error).message).toContain('ngramRange');
      }
    }
  });
});

describe('charWbNgrams (scikit-learn char_wb)', () => {
  it('pads each word with one space on each side', () => {
    expect(charWbNgrams('ps4 jeu', [2, 3])).toEqual([' p', 'ps', 's4', '4 ', ' ps', 'ps4', 's4 ', ' j', 'je', 'eu', 'u ', ' je', 'jeu', 'eu ']);
  });

  it('takes a padded word no longer than n once, whole, and skips larger n', () => {
    expect(charWbNgrams('a', [2, 5])).toEqual([' a', 'a ', ' a ']);
    expect(charWbNgrams('a', [4, 5])).toEqual([' a ']);
    expect(charWbNgrams('ab', [2, 5])).toEqual([' a', 'ab', 'b ', ' ab', 'ab ', ' ab ']);
  });

  it('splits on any whitespace and keeps punctuation inside words', () => {
    expect(charWbNgrams("l'été\t\u00a0x", [3, 3])).toEqual([" l'", "l'é", "'ét", 'été', 'té ', ' x ']);
    expect(charWbNgrams('   ', [2, 3])).toEqual([]);
  });

  it('counts code points', () => {
    expect(charWbNgrams('😀', [2, 2])).toEqual([' 😀', '😀 ']);
  });
});

describe('charNgrams (scikit-learn char)', () => {
  it('takes windows over the whole text, spaces included', () => {
    expect(charNgrams('ab c', [2, 3])).toEqual(['ab', 'b ', ' c', 'ab ', 'b c']);
    expect(charNgrams('ab', [3, 4])).toEqual([]);
    expect(charNgrams('abc', [1, 1])).toEqual(['a', 'b', 'c']);
  });

  it('collapses only runs of two or more whitespace characters', () => {
    expect(charNgrams('a  b', [3, 3])).toEqual(['a b']);
    expect(charNgrams('a\tb', [3, 3])).toEqual(['a\tb']);
    expect(charNgrams('a\t\nb', [3, 3])).toEqual(['a b']);
  });
});
