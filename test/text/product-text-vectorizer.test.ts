import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isProdclassError } from '../../src/core/errors.js';
import { newModelCard } from '../../src/core/model-card.js';
import { readModelFolder, writeModelFolder } from '../../src/core/model-folder.js';
import { estimatorFromState } from '../../src/core/registry.js';
import type { ProductText } from '../../src/data/product.js';
import { PRODUCT_TEXT_DEFAULTS, ProductTextVectorizer, type ProductTextParams, type TextBlock } from '../../src/text/product-text-vectorizer.js';

const PRODUCTS: ProductText[] = [
  { designation: 'Console PS4 Slim 500Go', description: '<p>Console de jeux <b>Sony</b></p><p>noire</p>' },
  { designation: 'Manette PS4 sans fil', description: '' },
  { designation: 'Jeu PS4 FIFA 19', description: 'Jeu de football &eacute;dition standard' },
  { designation: 'Livre de poche Victor Hugo', description: 'Roman classique, les Mis&eacute;rables' },
  { designation: 'Piscine tubulaire ronde', description: '<br />' },
  { designation: 'Pompe piscine sable', description: 'Pompe &agrave; sable pour piscine' },
];

const WORD = (name: string, field: TextBlock['field'], weight = 1): TextBlock => ({ name, field, weight, tfidf: { ngramRange: [1, 2] } });

function row(m: ReturnType<ProductTextVectorizer['transform']>, i: number): [number[], number[]] {
  const s = m.indptr[i];
  const e = m.indptr[i + 1];
  return [Array.from(m.indices.subarray(s, e)), Array.from(m.data.subarray(s, e))];
}

describe('ProductTextVectorizer', () => {
  it('falls back to the designation when the description is empty', async () => {
    const v = new ProductTextVectorizer({ blocks: [WORD('desc:word', 'description')], missingDescriptionWeight: 0 });
    await v.fit(PRODUCTS);
    const x = v.transform([
      { designation: 'Manette PS4', description: '' },
      { designation: 'Manette PS4', description: 'Manette PS4' },
      { designation: 'Manette PS4', description: '<br /> &nbsp; ' },
      { designation: 'Manette PS4', description: 'Console' },
    ]);
    expect(row(x, 0)).toEqual(row(x, 1));
    expect(row(x, 2)).toEqual(row(x, 1));
    expect(row(x, 3)).not.toEqual(row(x, 1));
    expect(v.featureNames()).toContain('desc:word:manette ps4');
  });

  it('cleans before vectorising (HTML, entities, case)', async () => {
    const v = new ProductTextVectorizer({ blocks: [WORD('text:word', 'text')], clean: { foldAccents: false } });
    await v.fit(PRODUCTS);
    const names = v.featureNames();
    expect(names).toContain('text:word:édition');
    expect(names).toContain('text:word:jeux sony');
    expect(names).toContain('text:word:sony noire');
    expect(names.some((n) => n.includes('<') || n.includes('eacute'))).toBe(false);
  });

  it('stacks blocks in order, each weighted, and names every column', async () => {
    const blocks = [WORD('title:word', 'title', 2), { name: 'title:char', field: 'title', weight: 1, tfidf: { analyzer: 'char_wb', ngramRange: [3, 3] } }] as TextBlock[];
    // Without the missing-description column, which would add 1 to the squared norm of undescribed products' rows.
    const v = new ProductTextVectorizer({ blocks, missingDescriptionWeight: 0 });
    const x = await v.fitTransform(PRODUCTS);
    const names = v.featureNames();
    expect(names.length).toBe(x.nCols);
    expect(x.nCols).toBe(v.nFeatures);
    const nWord = v.blockVectorizers[0].nFeatures;
    expect(names[0].startsWith('title:word:')).toBe(true);
    expect(names[nWord].startsWith('title:char:')).toBe(true);
    expect(names).toContain('title:word:console ps4');
    expect(names).toContain('title:char: ps');
    // Each block is unit length before weighting, so the row's squared norm is 2^2 + 1^2.
    for (let i = 0; i < x.nRows; i++) {
      const [, values] = row(x, i);
      expect(values.reduce((s, v) => s + v * v, 0)).toBeCloseTo(5, 5);
    }
    const again = v.transform(PRODUCTS);
    expect([again.nRows, again.nCols, again.indptr, again.indices, again.data]).toEqual([x.nRows, x.nCols, x.indptr, x.indices, x.data]);
    // The matrix to train on lies in a shared WebAssembly memory (the linear solver reads it there without a copy);
    // a matrix to predict from needs none.
    expect(x.memory).toBeInstanceOf(WebAssembly.Memory);
    expect(x.indices.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(again.memory).toBeUndefined();
  });

  it('keeps the terms seen once for few products in small categories, cuts them from minDfFromRows or enough per category, and saves what it kept', async () => {
    const blocks: TextBlock[] = [{ name: 'title:word', field: 'title', weight: 1, tfidf: { minDf: 2 } }];
    const fitted = async (params: Partial<ProductTextParams>, y?: Int32Array) => {
      const v = new ProductTextVectorizer({ blocks, ...params });
      await v.fit(PRODUCTS, { y });
      return v;
    };
    const small = await fitted({});
    expect(small.featureNames()).toContain('title:word:fifa');
    const cut = await fitted({ minDfFromRows: PRODUCTS.length });
    expect(cut.featureNames()).not.toContain('title:word:fifa');
    expect(cut.featureNames()).toContain('title:word:ps4');
    // 6 products in 2 categories: 3 a category.
    const twoCategories = Int32Array.from([0, 0, 0, 1, 1, 1]);
    expect((await fitted({}, twoCategories)).featureNames()).toEqual(small.featureNames());
    expect((await fitted({ minDfFromRowsPerCategory: 3 }, twoCategories)).featureNames()).toEqual(cut.featureNames());
    expect((await fitted({ minDfFromRowsPerCategory: 3.5 }, twoCategories)).featureNames()).toEqual(small.featureNames());
    expect((await fitted({ minDfFromRowsPerCategory: 0 }, twoCategories)).featureNames()).toEqual(small.featureNames());
    const again = ProductTextVectorizer.fromState(small.getState());
    expect(again.featureNames()).toEqual(small.featureNames());
  });

  it('repeats the title in the text field', async () => {
    const once = new ProductTextVectorizer({ blocks: [{ name: 'text:word', field: 'text', weight: 1, tfidf: { norm: 'none', useIdf: false } }] });
    const twice = new ProductTextVectorizer({ blocks: once.params.blocks, titleRepeat: 2 });
    const p = [{ designation: 'Jeu', description: 'Console' }];
    const a = await once.fitTransform(p);
    const b = await twice.fitTransform(p);
    expect(once.featureNames()).toEqual(['text:word:console', 'text:word:jeu']);
    expect(Array.from(a.data)).toEqual([1, 1]);
    expect(Array.from(b.data)).toEqual([1, 2]);
  });

  it('folds accents by default, keeps them when its cleaning options say so', async () => {
    const folded = new ProductTextVectorizer({ blocks: [WORD('title:word', 'title')] });
    await folded.fit([{ designation: 'Crème brûlée été', description: '' }]);
    expect(folded.featureNames()).toEqual(['title:word:brulee', 'title:word:brulee ete', 'title:word:creme', 'title:word:creme brulee', 'title:word:ete']);
    const accented = new ProductTextVectorizer({ blocks: [WORD('title:word', 'title')], clean: { foldAccents: false } });
    await accented.fit([{ designation: 'Crème brûlée', description: '' }]);
    expect(accented.featureNames()).toEqual(['title:word:brûlée', 'title:word:crème', 'title:word:crème brûlée']);
  });

  it('leaves case to the blocks: the default title:char block keeps it and reads digits as 0', async () => {
    const v = new ProductTextVectorizer();
    await v.fit([...PRODUCTS, ...PRODUCTS]);
    const names = v.featureNames();
    expect(names).toContain('title:char:PS0');
    expect(names).toContain('title:word:ps4');
    expect(names).toContain('text:char: ps0 ');
    expect(names.some((n) => n.startsWith('title:word:') && n !== n.toLowerCase())).toBe(false);
  });

  it('shows the text each block reads and the terms it takes from it', async () => {
    const v = new ProductTextVectorizer();
    const p = { designation: 'Manette PS4 Noire', description: '' };
    expect(v.cleanOptions).toMatchObject({ foldAccents: true, lowercase: false, html: true });
    expect(v.fieldText(p, 'title')).toBe('Manette PS4 Noire');
    expect(v.fieldText(p, 'description')).toBe('Manette PS4 Noire');
    expect(v.fieldText({ designation: 'Crème', description: '<b>Été</b>' }, 'text')).toBe('Creme Ete');
    await v.fit([...PRODUCTS, ...PRODUCTS]);
    const [titleWord, titleChar, , textChar] = v.blockVectorizers;
    expect(titleWord.analyze(v.fieldText(p, 'title'))).toEqual(['manette', 'ps4', 'noire', 'manette ps4', 'ps4 noire']);
    expect(titleChar.preprocess('PS4 Noire')).toBe('PS0 Noire');
    expect(textChar.analyze('PS4')).toContain(' ps0 ');
  });

  it('has defaults that fit and transform', async () => {
    const v = new ProductTextVectorizer();
    const x = await v.fitTransform([...PRODUCTS, ...PRODUCTS]);
    expect(x.nRows).toBe(12);
    expect(v.featureNames().length).toBe(x.nCols);
  });
});

describe('ProductTextVectorizer: estimator contract', () => {
  it('refuses use before fit', () => {
    const v = new ProductTextVectorizer();
    for (const use of [() => v.transform(PRODUCTS), () => v.featureNames(), () => v.getState()]) {
      try {
        use();
        expect.unreachable();
      } catch (e) {
        expect(isProdclassError(e, 'NOT_FITTED')).toBe(true);
      }
    }
  });

  it('freezes its hyperparameters deeply and copies what it was given', () => {
    const blocks = [WORD('title:word', 'title')];
    const v = new ProductTextVectorizer({ blocks });
    blocks[0].weight = 5;
    expect(v.params.blocks[0].weight).toBe(1);
    expect(Object.isFrozen(v.params.blocks[0])).toBe(true);
    expect(Object.isFrozen(v.params.blocks[0].tfidf)).toBe(true);
  });

  it.each([
    [{ blocks: [] }, 'blocks'],
    [{ blocks: [{ ...WORD('a', 'title'), field: 'body' }] }, 'field'],
    [{ blocks: [WORD('a', 'title'), WORD('a', 'text')] }, 'used twice'],
    [{ blocks: [WORD('Title Word', 'title')] }, 'name'],
    [{ blocks: [WORD('a', 'title', 0)] }, 'weight'],
    [{ blocks: [{ ...WORD('a', 'title'), tfidf: { minDf: -2 } }] }, 'minDf'],
    [{ clean: { foldAccent: true } }, 'foldAccent'],
    [{ titleRepeat: -1 }, 'titleRepeat'],
  ])('rejects %j naming %s', (params, mention) => {
    try {
      new ProductTextVectorizer(params as unknown as Partial<ProductTextParams>);
      expect.unreachable();
    } catch (e) {
      expect(isProdclassError(e, 'INVALID_PARAM')).toBe(true);
      expect((e as Error).message).toContain(mention);
    }
  });

  it('nests one sub-vectorizer state per block and reloads to an identical transform', async () => {
    const v = new ProductTextVectorizer();
    await v.fit([...PRODUCTS, ...PRODUCTS]);
    const state = v.getState();
    expect(state.kind).toBe('product-tfidf');
    expect(Object.keys(state.children ?? {})).toEqual(v.params.blocks.map((b) => b.name));
    expect(Object.values(state.children ?? {}).every((c) => c.kind === 'tfidf')).toBe(true);
    const loaded = estimatorFromState<ProductTextVectorizer>(state);
    expect(loaded.transform(PRODUCTS)).toEqual(v.transform(PRODUCTS));
    expect(loaded.featureNames()).toEqual(v.featureNames());

    const dir = await mkdtemp(join(tmpdir(), 'prodclass-product-tfidf-'));
    try {
      await writeModelFolder(join(dir, 'm'), state, newModelCard({ kind: 'product-tfidf' }));
      const fromDisk = estimatorFromState<ProductTextVectorizer>((await readModelFolder(join(dir, 'm'))).state);
      expect(fromDisk.transform(PRODUCTS)).toEqual(v.transform(PRODUCTS));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('on titles alone, fits the title blocks only, weighted to keep each row\'s squared norm, and saves which it uses', async () => {
    const titles = [...PRODUCTS, ...PRODUCTS].map((p) => ({ designation: p.designation, description: '' }));
    const v = new ProductTextVectorizer();
    const x = await v.fitTransform(titles);
    expect(v.blocksInUse.map((u) => u.block.name)).toEqual(['title:word', 'title:char']);
    // No product has a description, so none is told apart by lacking one: no missing-description column either.
    expect(v.missingDescription).toBe(false);
    expect(v.featureNames().every((n) => n.startsWith('title:'))).toBe(true);
    expect(x.nCols).toBe(v.nFeatures);
    // Both title blocks are L2-normalised and weighted sqrt 2: a row's squared norm is 4, as with the four blocks.
    for (let i = 0; i < x.nRows; i++) {
      const [, values] = row(x, i);
      expect(values.reduce((s, a) => s + a * a, 0)).toBeCloseTo(4, 4);
    }
    // A described product is read from its title alone: the model never learnt description columns.
    const described = v.transform([{ designation: 'Manette PS4 sans fil', description: 'Manette sans fil pour console' }]);
    expect(row(described, 0)).toEqual(row(v.transform([{ designation: 'Manette PS4 sans fil', description: '' }]), 0));

    const state = v.getState();
    expect(Object.keys(state.children ?? {})).toEqual(['title:word', 'title:char']);
    const loaded = estimatorFromState<ProductTextVectorizer>(state);
    expect(loaded.blocksInUse.map((u) => [u.block.name, u.weight])).toEqual(v.blocksInUse.map((u) => [u.block.name, u.weight]));
    expect(loaded.transform(titles)).toEqual(v.transform(titles));

    const withDescriptions = new ProductTextVectorizer();
    await withDescriptions.fit([...PRODUCTS, ...PRODUCTS]);
    expect(withDescriptions.blocksInUse.map((u) => [u.block.name, u.weight])).toEqual(PRODUCT_TEXT_DEFAULTS.blocks.map((b) => [b.name, 1]));
  });

  it('reads a state saved before blocks could be left out as using every block, and refuses a block in use it does not know', async () => {
    const v = new ProductTextVectorizer({ blocks: [WORD('title:word', 'title'), WORD('text:word', 'text', 2)] });
    await v.fit(PRODUCTS);
    const state = v.getState();
    const { blocksInUse: _saved, ...before } = state.fitted;
    const old = ProductTextVectorizer.fromState({ ...state, fitted: before });
    expect(old.blocksInUse.map((u) => [u.block.name, u.weight])).toEqual([['title:word', 1], ['text:word', 2]]);
    expect(old.transform(PRODUCTS)).toEqual(v.transform(PRODUCTS));
    for (const blocksInUse of [[{ name: 'desc:word', weight: 1 }], [{ name: 'title:word', weight: -1 }], []]) {
      try {
        ProductTextVectorizer.fromState({ ...state, fitted: { ...state.fitted, blocksInUse } });
        expect.unreachable();
      } catch (e) {
        expect(isProdclassError(e, 'MODEL_CORRUPT')).toBe(true);
      }
    }
  });

  it('reports a saved state that lacks a block', async () => {
    const v = new ProductTextVectorizer({ blocks: [WORD('title:word', 'title')] });
    await v.fit(PRODUCTS);
    const state = { ...v.getState(), children: {} };
    try {
      ProductTextVectorizer.fromState(state);
      expect.unreachable();
    } catch (e) {
      expect(isProdclassError(e, 'MODEL_CORRUPT')).toBe(true);
      expect((e as Error).message).toContain('title:word');
    }
  });

  it('rejects malformed products', async () => {
    try {
      await new ProductTextVectorizer().fit([{ designation: 3 } as unknown as ProductText]);
      expect.unreachable();
    } catch (e) {
      expect(isProdclassError(e, 'INVALID_INPUT')).toBe(true);
    }
  });
});

describe('ProductTextVectorizer: the missing-description column', () => {
  it('comes after the blocks, tells a missing description from one that repeats the title, and survives save and load', async () => {
    const v = new ProductTextVectorizer({ missingDescriptionWeight: 0.5 });
    const x = await v.fitTransform(PRODUCTS);
    const column = v.blockVectorizers.reduce((n, b) => n + b.nFeatures, 0);
    expect(v.missingDescription).toBe(true);
    expect([x.nCols, v.nFeatures, v.featureNames().length]).toEqual([column + 1, column + 1, column + 1]);
    expect(v.featureNames()[column]).toBe('missing:description');
    // Products 1 (no description) and 4 (markup alone, which cleans to nothing) lack one; the others do not.
    const has = (m: typeof x, i: number) => row(m, i)[0].includes(column);
    expect(PRODUCTS.map((_, i) => has(x, i))).toEqual([false, true, false, false, true, false]);
    expect(row(x, 1)[1].at(-1)).toBe(0.5);

    const pair = v.transform([
      { designation: 'Manette PS4', description: '' },
      { designation: 'Manette PS4', description: 'Manette PS4' },
    ]);
    // The blocks read the same words; only the column differs.
    const [[missing, missingValues], [described, describedValues]] = [row(pair, 0), row(pair, 1)];
    expect([missing.slice(0, -1), missingValues.slice(0, -1)]).toEqual([described, describedValues]);
    expect([missing.at(-1), has(pair, 1)]).toEqual([column, false]);

    const loaded = estimatorFromState<ProductTextVectorizer>(v.getState());
    expect(loaded.featureNames()).toEqual(v.featureNames());
    expect(loaded.transform(PRODUCTS)).toEqual(v.transform(PRODUCTS));
  });

  it('is left out at weight 0, where every training product has a description, and by a model saved before it existed', async () => {
    const off = new ProductTextVectorizer({ missingDescriptionWeight: 0 });
    const x = await off.fitTransform(PRODUCTS);
    expect(off.missingDescription).toBe(false);
    expect(off.featureNames()).not.toContain('missing:description');

    const described = new ProductTextVectorizer();
    await described.fit([PRODUCTS[0], PRODUCTS[2], PRODUCTS[3]]);
    expect(described.missingDescription).toBe(false);
    expect(described.transform([PRODUCTS[1]]).nCols).toBe(described.blockVectorizers.reduce((n, b) => n + b.nFeatures, 0));

    const on = new ProductTextVectorizer();
    await on.fit(PRODUCTS);
    const state = on.getState();
    expect(state.fitted.missingDescription).toBe(true);
    delete state.fitted.missingDescription;
    const old = estimatorFromState<ProductTextVectorizer>(state);
    expect(old.missingDescription).toBe(false);
    expect(old.transform(PRODUCTS)).toEqual(off.transform(PRODUCTS));
    expect(x.nCols).toBe(old.nFeatures);
  });
});
