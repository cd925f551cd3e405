import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { NgramAnalyzer, type AnalyzerOptions } from '../../src/text/ngram-analyzer.js';
import { numpyArgsort } from '../../src/text/numpy-argsort.js';
import { sortIdsByTerm } from '../../src/text/term-order.js';
import { termList } from '../../src/text/term-strings.js';
import { charNgrams, charWbNgrams, wordNgrams, wordTokens } from '../../src/text/tokenize.js';

const ALPHABET = ['a', 'b', 'é', 'ß', '1', '2', '0', '9', ' ', ' ', '  ', '\t', '\n', '\u00a0', '\u3000', "'", '-', '_', '😀', '𝔸', '\u001c', 'É'];

function randomText(rng: Rng, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[rng.int(ALPHABET.length)];
  return s;
}

function reference(doc: string, o: AnalyzerOptions): string[] {
  const lowered = o.lowercase ? doc.toLowerCase() : doc;
  const text = o.maskDigits ? lowered.replace(/[1-9]/g, '0') : lowered;
  if (o.analyzer === 'char') return charNgrams(text, o.ngramRange);
  if (o.analyzer === 'char_wb') return charWbNgrams(text, o.ngramRange);
  return wordNgrams(wordTokens(text, { minLength: o.minTokenLength, stopWords: o.stopWords ?? undefined }), o.ngramRange);
}

function fast(analyzer: NgramAnalyzer, doc: string, grow: boolean): string[] {
  const k = analyzer.analyze(doc, grow);
  return Array.from(analyzer.ids.subarray(0, k), (id) => analyzer.termString(id));
}

const sorted = (xs: string[]): string[] => [...xs].sort();

const OPTIONS: AnalyzerOptions[] = [
  { analyzer: 'char_wb', ngramRange: [2, 5], lowercase: true, maskDigits: false, minTokenLength: 2, stopWords: null },
  { analyzer: 'char_wb', ngramRange: [1, 3], lowercase: false, maskDigits: true, minTokenLength: 2, stopWords: null },
  { analyzer: 'char_wb', ngramRange: [4, 6], lowercase: true, maskDigits: false, minTokenLength: 2, stopWords: null },
  { analyzer: 'char', ngramRange: [1, 4], lowercase: true, maskDigits: true, minTokenLength: 2, stopWords: null },
  { analyzer: 'char', ngramRange: [3, 3], lowercase: false, maskDigits: false, minTokenLength: 2, stopWords: null },
  { analyzer: 'word', ngramRange: [1, 2], lowercase: true, maskDigits: false, minTokenLength: 2, stopWords: null },
  { analyzer: 'word', ngramRange: [1, 3], lowercase: true, maskDigits: true, minTokenLength: 1, stopWords: new Set(['a', 'bb', '0']) },
  { analyzer: 'word', ngramRange: [2, 2], lowercase: false, maskDigits: false, minTokenLength: 2, stopWords: null },
];

describe('NgramAnalyzer', () => {
  it.each(OPTIONS.map((o) => [`${o.analyzer} ${o.ngramRange.join('-')}`, o] as const))(
    'produces exactly the reference n-grams (%s)',
    (_name, options) => {
      const rng = new Rng(7);
      const analyzer = new NgramAnalyzer(options);
      for (let trial = 0; trial < 300; trial++) {
        const doc = randomText(rng, rng.int(30));
        expect(sorted(fast(analyzer, doc, true))).toEqual(sorted(reference(doc, options)));
      }
    },
  );

  it('looks up only known terms when not growing, through restrict and fromVocabulary alike', () => {
    for (const options of OPTIONS) {
      const rng = new Rng(11);
      const analyzer = new NgramAnalyzer(options);
      const train = Array.from({ length: 40 }, () => randomText(rng, 20));
      for (const doc of train) analyzer.analyze(doc, true);
      const all = Int32Array.from({ length: analyzer.terms.size }, (_, i) => i);
      const keep = sortIdsByTerm(analyzer, all).filter((_, j) => j % 3 === 0);
      const vocabulary = termList(analyzer, keep).toArray();
      const known = new Set(vocabulary);
      const restricted = analyzer.restrict(keep);
      const loaded = NgramAnalyzer.fromVocabulary(options, vocabulary);
      for (let trial = 0; trial < 50; trial++) {
        const doc = randomText(rng, 25);
        const expected = sorted(reference(doc, options).filter((t) => known.has(t)));
        for (const lookup of [restricted, loaded]) {
          const k = lookup.analyze(doc, false);
          expect(sorted(Array.from(lookup.ids.subarray(0, k), (j) => vocabulary[j]))).toEqual(expected);
        }
      }
    }
  });

  it('sorts term ids into code-point order of their strings', () => {
    for (const options of OPTIONS) {
      const rng = new Rng(3);
      const analyzer = new NgramAnalyzer(options);
      for (let i = 0; i < 60; i++) analyzer.analyze(randomText(rng, 25), true);
      const ids = Int32Array.from({ length: analyzer.terms.size }, (_, i) => i);
      const strings = termList(analyzer, sortIdsByTerm(analyzer, ids)).toArray();
      const byCodePoint = [...strings].sort((a, b) => {
        const x = Array.from(a, (c) => c.codePointAt(0)!);
        const y = Array.from(b, (c) => c.codePointAt(0)!);
        for (let k = 0; k < Math.min(x.length, y.length); k++) if (x[k] !== y[k]) return x[k] - y[k];
        return x.length - y.length;
      });
      expect(strings).toEqual(byCodePoint);
      expect(new Set(strings).size).toBe(ids.length);
    }
  });
});

describe('numpyArgsort', () => {
  it('sorts ascending and keeps small inputs stable (insertion sort)', () => {
    expect(Array.from(numpyArgsort([3, 1, 2, 1]))).toEqual([1, 3, 2, 0]);
    expect(Array.from(numpyArgsort([]))).toEqual([]);
  });
});
