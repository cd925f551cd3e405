import { describe, expect, it } from 'vitest';
import { isProdclassError } from '../../src/core/errors.js';
import { STOP_WORD_LANGUAGES, stopWordList, stopWordSet, type StopWordLanguage } from '../../src/text/stop-words.js';

describe('stop words', () => {
  it('merges the languages asked for', () => {
    const fr = stopWordSet(['fr']);
    expect(fr.has('le')).toBe(true);
    expect(fr.has('après')).toBe(true);
    expect(fr.has('the')).toBe(false);
    const all = stopWordSet(['fr', 'en', 'de']);
    for (const w of ['le', 'the', 'und', 'après', 'für']) expect(all.has(w)).toBe(true);
    expect(STOP_WORD_LANGUAGES).toEqual(['fr', 'en', 'de', 'es', 'it', 'nl']);
  });

  it('offers accent-folded spellings', () => {
    const folded = stopWordSet(['fr', 'de'], 'folded');
    expect(folded.has('apres')).toBe(true);
    expect(folded.has('après')).toBe(false);
    expect(folded.has('fur')).toBe(true);
    const both = stopWordSet(['fr'], 'both');
    expect(both.has('apres') && both.has('après')).toBe(true);
  });

  it('keeps only entries the tokenizer can produce, sorted and without duplicates', () => {
    const list = stopWordList(['fr', 'en', 'de']);
    expect(list).not.toContain("aujourd'hui");
    expect(list).not.toContain('celle-ci');
    expect(list).toContain('aujourd');
    expect([...list].sort()).toEqual(list);
    expect(new Set(list).size).toBe(list.length);
    expect(list.every((w) => w === w.toLowerCase())).toBe(true);
  });

  it('rejects an unknown language naming it', () => {
    try {
      stopWordList(['fr', 'klingon' as StopWordLanguage]);
      expect.unreachable();
    } catch (e) {
      expect(isProdclassError(e, 'INVALID_PARAM')).toBe(true);
      expect((e as Error).message).toContain('klingon');
    }
  });
});
