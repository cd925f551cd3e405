import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isProdclassError, type ErrorCode } from '../../src/core/errors.js';
import { newModelCard } from '../../src/core/model-card.js';
import { readModelFolder, writeModelFolder } from '../../src/core/model-folder.js';
import { estimatorFromState } from '../../src/core/registry.js';
import { TfidfVectorizer, type TfidfParams } from '../../src/text/tfidf-vectorizer.js';

const DOCS = [
  'console ps4 slim 500go noire',
  'console xbox one blanche',
  'jeu ps4 fifa 19',
  'manette ps4 noire sans fil',
  'livre de poche victor hugo',
  'livre roman policier',
  '',
];

function expectError(fn: () => unknown, code: ErrorCode, mention?: string): void {
  try {
    fn();
  } catch (e) {
    expect(isProdclassError(e, code), String(e)).toBe(true);
    if (mention) expect((e as Error).message).toContain(mention);
    return;
  }
  expect.unreachable(`expected ${code}`);
}

async function expectRejection(promise: Promise<unknown>, code: ErrorCode, mention?: string): Promise<void> {
  try {
    await promise;
  } catch (e) {
    expect(isProdclassError(e, code), String(e)).toBe(true);
    if (mention) expect((e as Error).message).toContain(mention);
    return;
  }
  expect.unreachable(`expected ${code}`);
}

describe('TfidfVectorizer: hand-computed case', () => {
  it('weighs counts by smoothed idf and normalises rows', async () => {
    const v = new TfidfVectorizer();
    const x = await v.fitTransform(['aa bb', 'aa aa cc']);
    expect(v.vocabulary).toEqual(['aa', 'bb', 'cc']);
    // idf = ln((1 + 2) / (1 + df)) + 1
    const idfAa = 1;
    const idfRare = Math.log(3 / 2) + 1;
    expect(Array.from(v.idf)).toEqual([idfAa, idfRare, idfRare]);
    const row0 = [idfAa, idfRare, 0];
    const row1 = [2 * idfAa, 0, idfRare];
    const unit = (r: number[]): number[] => r.map((x) => x / Math.hypot(...r));
    const dense = x.toDense();
    unit(row0).forEach((e, j) => expect(dense[0][j]).toBeCloseTo(e, 6));
    unit(row1).forEach((e, j) => expect(dense[1][j]).toBeCloseTo(e, 6));
  });

  it('reads digits as 0 with maskDigits, and keeps case without lowercase', async () => {
    const v = new TfidfVectorizer({ maskDigits: true, lowercase: false });
    await v.fit(['PS4 240x320 cm', 'ps5 100x200']);
    expect(v.vocabulary).toEqual(['000x000', 'PS0', 'cm', 'ps0']);
  });

  it('leaves rows of empty documents empty and ignores unseen terms', async () => {
    const v = new TfidfVectorizer({ ngramRange: [1, 2] });
    const x = await v.fitTransform(DOCS);
    expect(x.indptr[7] - x.indptr[6]).toBe(0);
    const y = v.transform(['mots inconnus seulement', 'console ps4 inconnue']);
    expect(y.indptr[1]).toBe(0);
    expect(Array.from(y.indices.subarray(y.indptr[1], y.indptr[2])).map((j) => v.vocabulary[j])).toEqual(['console', 'console ps4', 'ps4']);
  });
});

describe('TfidfVectorizer: estimator contract', () => {
  it('refuses use before fit', () => {
    const v = new TfidfVectorizer();
    expect(v.isFitted).toBe(false);
    expectError(() => v.transform(DOCS), 'NOT_FITTED', 'tfidf');
    expectError(() => v.vocabulary, 'NOT_FITTED');
    expectError(() => v.getState(), 'NOT_FITTED');
  });

  it('freezes its hyperparameters, arrays included', () => {
    const range: [number, number] = [1, 2];
    const v = new TfidfVectorizer({ ngramRange: range, stopWords: ['fr'] });
    range[1] = 5;
    expect(v.params.ngramRange).toEqual([1, 2]);
    expect(Object.isFrozen(v.params)).toBe(true);
    expect(Object.isFrozen(v.params.ngramRange)).toBe(true);
    expect(Object.isFrozen(v.params.stopWords)).toBe(true);
    expect(() => {
      (v.params as TfidfParams).minDf = 3;
    }).toThrow();
  });

  it.each([
    [{ analyzer: 'chars' }, 'analyzer'],
    [{ ngramRange: [2, 1] }, 'ngramRange'],
    [{ ngramRange: [0, 2] }, 'ngramRange'],
    [{ ngramRange: 'word' }, 'ngramRange'],
    [{ minDf: -1 }, 'minDf'],
    [{ minDf: 2.5 }, 'minDf'],
    [{ maxDf: 0 }, 'maxDf'],
    [{ maxDf: 1.5 }, 'maxDf'],
    [{ maxFeatures: 0 }, 'maxFeatures'],
    [{ maxFeatures: 2.5 }, 'maxFeatures'],
    [{ norm: 'l1' }, 'norm'],
    [{ sublinearTf: 'yes' }, 'sublinearTf'],
    [{ stopWords: ['fr', 'xx'] }, 'xx'],
    [{ stopWords: 'fr' }, 'stopWords'],
    [{ minTokenLength: 0 }, 'minTokenLength'],
    [{ ngram_range: [1, 2] }, 'ngram_range'],
  ])('rejects %j naming %s', (params, name) => {
    expectError(() => new TfidfVectorizer(params as unknown as Partial<TfidfParams>), 'INVALID_PARAM', name);
  });

  it('rejects limits that leave no terms, and non-string documents', async () => {
    await expectRejection(new TfidfVectorizer({ minDf: 0.01, maxDf: 0.1 }).fit(DOCS), 'INVALID_INPUT', 'no terms remain');
    await expectRejection(new TfidfVectorizer({ minDf: 50 }).fit(DOCS), 'INVALID_PARAM', 'minDf');
    await expectRejection(new TfidfVectorizer({ minDf: 5, maxDf: 0.2 }).fit(DOCS), 'INVALID_PARAM', 'maxDf');
    await expectRejection(new TfidfVectorizer().fit(['', ' ', '!']), 'INVALID_INPUT', 'empty vocabulary');
    await expectRejection(new TfidfVectorizer().fit(['ok', 3 as unknown as string]), 'INVALID_INPUT', 'document 1');
  });

  it('is idempotent: fitting twice gives the same model', async () => {
    const v = new TfidfVectorizer({ analyzer: 'char_wb', ngramRange: [2, 4] });
    const a = await v.fitTransform(DOCS);
    const vocabulary = v.vocabulary;
    const b = await v.fitTransform(DOCS);
    expect(v.vocabulary).toEqual(vocabulary);
    expect(b).toEqual(a);
  });

  const SAVED = [
    { ngramRange: [1, 2], stopWords: ['fr'], sublinearTf: true },
    { ngramRange: [1, 3], lowercase: false, maskDigits: true },
    { analyzer: 'char_wb', ngramRange: [2, 5], minDf: 2 },
    { analyzer: 'char', ngramRange: [1, 3], binary: true, norm: 'none', maxFeatures: 20 },
    { analyzer: 'char', ngramRange: [1, 2], lowercase: false },
  ] as Partial<TfidfParams>[];
  // Upper case, digits, accents and characters outside the BMP (two UTF-16 units each) in both fitted and new text.
  const WIDE = [...DOCS, 'Tasse 🐱 chat 🐱 Café', 'Figurine 𝔘𝔫𝔦 🐱 x2', 'café crème 250ml'];
  const PROBE = [...WIDE, 'console inconnue ps4 ps4', 'de la', '🐱 Café 𝔘𝔫𝔦 500go'];

  it.each(SAVED)('getState -> registry loader gives an identical transform, vocabulary and term columns (%j)', async (params) => {
    const v = new TfidfVectorizer(params);
    await v.fit(WIDE);
    const state = v.getState();
    expect(state.kind).toBe('tfidf');
    const loaded = estimatorFromState<TfidfVectorizer>(state);
    expect(loaded).toBeInstanceOf(TfidfVectorizer);
    expect(loaded.params).toEqual(v.params);
    expect(loaded.transform(PROBE)).toEqual(v.transform(PROBE));
    expect(loaded.vocabulary).toEqual(v.vocabulary);
    expect(loaded.terms.at(-1)).toBe(v.vocabulary.at(-1));
    for (const doc of PROBE) expect(Array.from(loaded.termColumns(doc))).toEqual(Array.from(v.termColumns(doc)));
  });

  it.each(SAVED)('saves the vocabulary as lookup tables, and still reads a vocabulary saved as strings (format 1) alike (%j)', async (params) => {
    const v = new TfidfVectorizer(params);
    await v.fit(WIDE);
    const state = v.getState();
    expect(state.strings).toEqual({});
    expect(state.arrays.termLengths).toBeInstanceOf(Uint16Array);
    expect(state.arrays.termLengths.length).toBe(v.vocabulary.length);
    expect('tokenLengths' in state.arrays).toBe((params.analyzer ?? 'word') === 'word');
    const { idf } = state.arrays;
    const fromStrings = TfidfVectorizer.fromState({ ...state, arrays: { idf }, strings: { vocabulary: [...v.vocabulary] } });
    const fromTables = TfidfVectorizer.fromState(state);
    expect(fromTables.transform(PROBE)).toEqual(fromStrings.transform(PROBE));
    // Without the saved hash slots (folders written before them) the terms are placed again, to the same answers.
    const { termSlots, tokenSlots, ...unplaced } = state.arrays;
    expect(termSlots).toBeInstanceOf(Int32Array);
    expect(tokenSlots === undefined).toBe((params.analyzer ?? 'word') !== 'word');
    expect(TfidfVectorizer.fromState({ ...state, arrays: unplaced }).transform(PROBE)).toEqual(fromTables.transform(PROBE));
    // A model loaded from strings saves the same tables as the model that was fitted.
    expect(fromStrings.getState().arrays).toEqual(state.arrays);
  });

  it('survives a model folder round trip', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'prodclass-tfidf-'));
    try {
      const v = new TfidfVectorizer({ ngramRange: [1, 2] });
      await v.fit(DOCS);
      await writeModelFolder(join(dir, 'm'), v.getState(), newModelCard({ kind: 'tfidf' }));
      const { state } = await readModelFolder(join(dir, 'm'));
      const loaded = estimatorFromState<TfidfVectorizer>(state);
      expect(loaded.transform(DOCS)).toEqual(v.transform(DOCS));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports a corrupt saved vocabulary', async () => {
    const v = new TfidfVectorizer();
    await v.fit(DOCS);
    const state = v.getState();
    expectError(() => TfidfVectorizer.fromState({ ...state, arrays: { idf: new Float32Array(3) } }), 'MODEL_CORRUPT');
    const { idf, termLengths, termSymbols, tokenLengths, tokenSymbols } = state.arrays;
    const vocabulary = [...v.vocabulary];
    vocabulary[1] = vocabulary[0];
    expectError(() => TfidfVectorizer.fromState({ ...state, arrays: { idf }, strings: { vocabulary } }).transform(DOCS), 'MODEL_CORRUPT', 'repeats');
    const short = termSymbols.subarray(1);
    expectError(() => TfidfVectorizer.fromState({ ...state, arrays: { ...state.arrays, termSymbols: short } }), 'MODEL_CORRUPT', 'add up');
    const outOfRange = Int32Array.from(termSymbols, (t, k) => (k === 0 ? tokenLengths.length : t));
    expectError(() => TfidfVectorizer.fromState({ ...state, arrays: { ...state.arrays, termSymbols: outOfRange } }), 'MODEL_CORRUPT', 'token');
    expectError(() => TfidfVectorizer.fromState({ ...state, arrays: { idf, termLengths, termSymbols } }), 'MODEL_CORRUPT', 'token table');
    expect(tokenSymbols.length).toBeGreaterThan(0);
    const slots = state.arrays.termSlots.subarray(2);
    expectError(() => TfidfVectorizer.fromState({ ...state, arrays: { ...state.arrays, termSlots: slots } }), 'MODEL_CORRUPT', 'slot values');
  });
});

describe('TfidfVectorizer.termColumns', () => {
  it('lists each known term occurrence of a document by column: the counts transform weighs', async () => {
    for (const analyzer of ['word', 'char', 'char_wb'] as const) {
      const v = await new TfidfVectorizer({ analyzer, ngramRange: [1, 3], useIdf: false, norm: 'none' }).fit(DOCS);
      for (const doc of [...DOCS, 'a document never seen, with some known words']) {
        const counts = new Map<number, number>();
        for (const c of v.termColumns(doc)) counts.set(c, (counts.get(c) ?? 0) + 1);
        const row = v.transform([doc]);
        expect(new Map(Array.from(row.indices, (c, k) => [c, row.data[k]]))).toEqual(counts);
      }
    }
  });
});
