// ProductTextVectorizer: products (designation + HTML description) to one weighted stack of TF-IDF blocks.

import { CsrMatrix } from '../core/csr-matrix.js';
import { ProdclassError } from '../core/errors.js';
import { BaseEstimator, type EstimatorState, type FitOptions, type JsonObject, type Transformer } from '../core/estimator.js';
import type { ParamConstraints } from '../core/params.js';
import { registerEstimator } from '../core/registry.js';
import type { ProductText } from '../data/product.js';
import { cleanText, DEFAULT_CLEAN_OPTIONS, type CleanOptions } from './clean.js';
import { detectCatalogLanguages } from './catalog-languages.js';
import { splitElisions } from './elisions.js';
import { TEXT_LANGUAGES, type TextLanguage } from './language-detector.js';
import {
  blockTfidfParams,
  checkProductTextParams,
  deepFreeze,
  keepsRareTerms,
  PRODUCT_TEXT_CONSTRAINTS,
  PRODUCT_TEXT_DEFAULTS,
  PRODUCT_TEXT_KIND as KIND,
  type ProductField,
  type ProductTextParams,
} from './product-text-params.js';
import { blockThreads, fitBlocks, type FittedBlock } from './block-fits.js';
import { blocksInUse, type BlockInUse } from './blocks-in-use.js';
import { MISSING_DESCRIPTION_FEATURE, missingDescriptionColumn, usesMissingDescription } from './missing-description.js';
import { TfidfVectorizer } from './tfidf-vectorizer.js';

export { PRODUCT_TEXT_DEFAULTS, type LanguageParam, type ProductField, type ProductTextParams, type TextBlock } from './product-text-params.js';

/** Every product's cleaned designation and description ('' where it has none), in the products' order. */
interface CleanedTexts {
  titles: string[];
  descriptions: string[];
}

/**
 * The whole product -> features step: cleans each designation and description once (`cleanText` with the
 * `clean` options), derives the fields the blocks read, fits one TfidfVectorizer per block and stacks the
 * blocks side by side, each multiplied by its weight. Columns of block b follow those of the blocks before it;
 * `featureNames()` names them `<block>:<term>`. Last comes a column for a product without a description (see
 * `missingDescriptionWeight`), where the training products have some with and some without.
 */
export class ProductTextVectorizer
  extends BaseEstimator<ProductTextParams>
  implements Transformer<readonly ProductText[], CsrMatrix, ProductTextParams>
{
  readonly kind = KIND;
  /** The blocks the fit used (see `blocksInUse`), each with its fitted sub-vectorizer. */
  private inUse: (BlockInUse & { vectorizer: TfidfVectorizer })[] | undefined;
  /** The languages followed since fit; null for a model saved before languages existed (it follows none). */
  private followed: readonly TextLanguage[] | null = null;
  /** Whether the missing-description column follows the blocks' columns (see `missingDescriptionWeight`). */
  private missingColumn = false;

  /** @throws ProdclassError INVALID_PARAM naming the parameter (or the block and its parameter). */
  constructor(params: Partial<ProductTextParams> = {}) {
    super(KIND, PRODUCT_TEXT_DEFAULTS, PRODUCT_TEXT_CONSTRAINTS, deepFreeze(structuredClone(params)));
    checkProductTextParams(this.params);
  }

  get isFitted(): boolean {
    return this.inUse !== undefined;
  }

  /**
   * The blocks the fitted vectorizer uses, in column order, with their weights: every block of `blocks` unless the
   * training products had no description (see `blocksInUse`). @throws ProdclassError NOT_FITTED.
   */
  get blocksInUse(): readonly BlockInUse[] {
    return this.fitted(this.inUse);
  }

  /** The fitted sub-vectorizer of each block in use, in column order. @throws ProdclassError NOT_FITTED. */
  get blockVectorizers(): readonly TfidfVectorizer[] {
    return this.fitted(this.inUse).map((u) => u.vectorizer);
  }

  /**
   * Whether the last column says "no description" (see `missingDescriptionWeight`): when the training products had
   * some with a description and some without. @throws ProdclassError NOT_FITTED.
   */
  get missingDescription(): boolean {
    this.fitted(this.inUse);
    return this.missingColumn;
  }

  get nFeatures(): number {
    return this.blockVectorizers.reduce((n, v) => n + v.nFeatures, 0) + (this.missingColumn ? 1 : 0);
  }

  /**
   * The languages the fitted vectorizer follows (its stop words and language cleaning): those named by `language`,
   * or those detected in the training texts when it is `auto`; null for a model saved before the `language`
   * parameter existed, which follows none, as then. @throws ProdclassError NOT_FITTED before fit.
   */
  get languages(): readonly TextLanguage[] | null {
    this.fitted(this.inUse);
    return this.followed;
  }

  /**
   * Learns the languages (when `language` is `auto`), every block's vocabulary and idf.
   * @throws ProdclassError INVALID_INPUT for malformed products.
   */
  async fit(products: readonly ProductText[], options: FitOptions = {}): Promise<this> {
    await this.fitBlocks(products, false, options);
    return this;
  }

  async fitTransform(products: readonly ProductText[], options: FitOptions = {}): Promise<CsrMatrix> {
    const { fitted, texts } = await this.fitBlocks(products, true, options);
    const parts = fitted.map((block, i) => weighted(block.matrix!, this.inUse![i].weight));
    if (this.missingColumn) parts.push(missingDescriptionColumn(texts.descriptions, this.params.missingDescriptionWeight));
    return parts.length === 1 ? parts[0] : CsrMatrix.hstack(parts, { inWasmMemory: true });
  }

  /** @throws ProdclassError NOT_FITTED before fit; INVALID_INPUT for malformed products. */
  transform(products: readonly ProductText[]): CsrMatrix {
    const inUse = this.fitted(this.inUse);
    const texts = this.cleaned(products);
    const fields = this.fields(texts, this.followed);
    const parts = inUse.map((u) => weighted(u.vectorizer.transform(fields(u.block.field)), u.weight));
    if (this.missingColumn) parts.push(missingDescriptionColumn(texts.descriptions, this.params.missingDescriptionWeight));
    return parts.length === 1 ? parts[0] : CsrMatrix.hstack(parts);
  }

  /**
   * A readable name per column, `<block name>:<term>`: `title:word:console ps4`, `text:char: ps4 ` (char_wb
   * n-grams keep their padding spaces). For explaining which terms pushed a prediction.
   * @throws ProdclassError NOT_FITTED before fit.
   */
  featureNames(): string[] {
    const names: string[] = [];
    for (const { block, vectorizer } of this.fitted(this.inUse)) {
      const prefix = `${block.name}:`;
      for (const term of vectorizer.vocabulary) names.push(prefix + term);
    }
    if (this.missingColumn) names.push(MISSING_DESCRIPTION_FEATURE);
    return names;
  }

  /** The cleaning options in effect: the `clean` parameter over this vectorizer's defaults, over `cleanText`'s. */
  get cleanOptions(): Required<CleanOptions> {
    return { ...DEFAULT_CLEAN_OPTIONS, ...PRODUCT_TEXT_DEFAULTS.clean, ...this.params.clean };
  }

  /**
   * The text of one field of one product as the blocks receive it (cleaned, description falling back to the
   * designation, title repeated in `text`, the fitted languages' cleaning applied); each block's `preprocess` then
   * lower-cases or masks digits. Before fit no language is known yet, so only `clean` applies.
   * @throws ProdclassError INVALID_INPUT for a malformed product.
   */
  fieldText(product: ProductText, field: ProductField): string {
    return this.fields(this.cleaned([product]), this.followed)(field)[0];
  }

  /**
   * Hyperparameters, the languages followed, the blocks in use with their weights, and each one's fitted
   * TfidfVectorizer as a child named after the block.
   */
  getState(): EstimatorState {
    const inUse = this.fitted(this.inUse);
    const fitted: JsonObject = { nFeatures: this.nFeatures, blocksInUse: inUse.map((u) => ({ name: u.block.name, weight: u.weight })) };
    // A model loaded from before languages existed saves none again, so it keeps behaving as it did.
    if (this.followed) fitted.languages = [...this.followed];
    if (this.missingColumn) fitted.missingDescription = true;
    return {
      kind: KIND,
      params: this.paramsJson(),
      fitted,
      arrays: {},
      children: Object.fromEntries(inUse.map((u) => [u.block.name, u.vectorizer.getState()])),
    };
  }

  /**
   * Rebuilds a fitted vectorizer. A state without `languages` (saved before the `language` parameter existed)
   * gives a vectorizer that follows no language, cleaning and vectorising exactly as it did when saved.
   * A state without `blocksInUse` (saved before blocks could be left out) used every block at its own weight; one
   * without `missingDescription` (saved before the column existed, or fitted without it) has no such column.
   * @throws ProdclassError MODEL_CORRUPT when a block's sub-vectorizer is missing or inconsistent, a block in use is
   *   not one of the parameters' or its weight not a positive number, or a saved language is unknown.
   */
  static fromState(state: EstimatorState): ProductTextVectorizer {
    if (state.kind !== KIND) throw new ProdclassError('MODEL_CORRUPT', `expected a "${KIND}" state, got "${state.kind}"`);
    const vectorizer = new ProductTextVectorizer(state.params as Partial<ProductTextParams>);
    const saved = state.fitted.languages;
    if (saved !== undefined) {
      const known = TEXT_LANGUAGES as readonly unknown[];
      if (!Array.isArray(saved) || !saved.every((l) => known.includes(l))) {
        throw new ProdclassError('MODEL_CORRUPT', `${KIND}: saved languages must be a list among ${TEXT_LANGUAGES.join(', ')}, got ${JSON.stringify(saved)}`);
      }
      vectorizer.followed = Object.freeze([...(saved as TextLanguage[])]);
    }
    const blocks = vectorizer.params.blocks;
    const used = state.fitted.blocksInUse ?? blocks.map((b) => ({ name: b.name, weight: b.weight }));
    if (!Array.isArray(used) || used.length === 0) throw new ProdclassError('MODEL_CORRUPT', `${KIND}: saved blocksInUse must be a non-empty list`);
    vectorizer.inUse = used.map((entry) => {
      const { name, weight } = (entry ?? {}) as { name?: unknown; weight?: unknown };
      const block = blocks.find((b) => b.name === name);
      if (!block || typeof weight !== 'number' || !(weight > 0) || !Number.isFinite(weight)) {
        throw new ProdclassError('MODEL_CORRUPT', `${KIND}: saved block in use ${JSON.stringify(entry)} is not a block of the parameters with a positive weight`);
      }
      const child = state.children?.[block.name];
      if (!child) throw new ProdclassError('MODEL_CORRUPT', `${KIND}: saved state lacks the sub-vectorizer of block "${block.name}"`);
      return { block, weight, vectorizer: TfidfVectorizer.fromState(child) };
    });
    vectorizer.missingColumn = state.fitted.missingDescription === true;
    return vectorizer;
  }

  /**
   * Cleans the training products, settles the languages, fits each block's sub-vectorizer (see `nJobs`) and decides
   * on the missing-description column. Returns the blocks' fits and the cleaned texts.
   */
  private async fitBlocks(
    products: readonly ProductText[],
    transform: boolean,
    options: FitOptions,
  ): Promise<{ fitted: FittedBlock[]; texts: CleanedTexts }> {
    const texts = this.cleaned(products);
    const languages = this.params.language === 'auto'
      ? detectCatalogLanguages(texts.titles.map((t, i) => (texts.descriptions[i] ? `${t} ${texts.descriptions[i]}` : t)))
      : [...this.params.language];
    const keepRareTerms = keepsRareTerms(this.params, products.length, options.y);
    const fields = this.fields(texts, languages);
    const inUse = blocksInUse(this.params.blocks, texts.descriptions.some((d) => d !== ''));
    const fits = inUse.map(({ block }) => ({ params: blockTfidfParams(block, languages, keepRareTerms), docs: fields(block.field) }));
    const fitted = await fitBlocks(fits, transform, blockThreads(fits, this.params.nJobs), options);
    this.inUse = inUse.map((u, i) => ({ ...u, vectorizer: fitted[i].vectorizer }));
    this.followed = Object.freeze(languages);
    this.missingColumn = this.params.missingDescriptionWeight > 0 && usesMissingDescription(texts.descriptions);
    return { fitted, texts };
  }

  /** `cleanText` on every designation and description ('' where there is none). */
  private cleaned(products: readonly ProductText[]): CleanedTexts {
    checkProducts(products);
    const clean = this.cleanOptions;
    return {
      titles: products.map((p) => cleanText(p.designation, clean)),
      descriptions: products.map((p) => (p.description ? cleanText(p.description, clean) : '')),
    };
  }

  /** The languages' cleaning, then a function giving each field's documents (computed on first use). */
  private fields(texts: CleanedTexts, languages: readonly TextLanguage[] | null): (field: ProductField) => string[] {
    let { titles, descriptions } = texts;
    if (languages && this.params.languageCleaning) {
      titles = titles.map((t) => splitElisions(t, languages));
      descriptions = descriptions.map((d) => splitElisions(d, languages));
    }
    descriptions = descriptions.map((d, i) => d || titles[i]);
    const cache = new Map<ProductField, string[]>([
      ['title', titles],
      ['description', descriptions],
    ]);
    return (field) => {
      let docs = cache.get(field);
      if (!docs) {
        const repeat = this.params.titleRepeat;
        docs = titles.map((t, i) => (t + ' ').repeat(repeat) + descriptions[i]);
        cache.set(field, docs);
      }
      return docs;
    };
  }
}

function weighted(m: CsrMatrix, weight: number): CsrMatrix {
  if (weight !== 1) for (let k = 0; k < m.data.length; k++) m.data[k] *= weight;
  return m;
}

function checkProducts(products: readonly ProductText[]): void {
  if (!Array.isArray(products)) throw new ProdclassError('INVALID_INPUT', `${KIND}: expected an array of products`);
  products.forEach((p, i) => {
    if (typeof p?.designation !== 'string' || (p.description !== undefined && p.description !== null && typeof p.description !== 'string')) {
      throw new ProdclassError('INVALID_INPUT', `${KIND}: product ${i} needs a string designation and a string (or empty) description`);
    }
  });
}

registerEstimator(KIND, (state) => ProductTextVectorizer.fromState(state));
