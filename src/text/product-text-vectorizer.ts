// ProductTextVectorizer: products (designation + HTML description) to one weighted stack of TF-IDF blocks.

import { CsrMatrix } from '../core/csr-matrix.js';
import { ProdclassError } from '../core/errors.js';
import { BaseEstimator, type EstimatorState, type FitOptions, type Transformer } from '../core/estimator.js';
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
  PRODUCT_TEXT_CONSTRAINTS,
  PRODUCT_TEXT_DEFAULTS,
  PRODUCT_TEXT_KIND as KIND,
  type ProductField,
  type ProductTextParams,
} from './product-text-params.js';
import { blockThreads, fitBlocks, type FittedBlock } from './block-fits.js';
import { TfidfVectorizer } from './tfidf-vectorizer.js';

export { PRODUCT_TEXT_DEFAULTS, type LanguageParam, type ProductField, type ProductTextParams, type TextBlock } from './product-text-params.js';

/**
 * The whole product -> features step: cleans each designation and description once (`cleanText` with the
 * `clean` options), derives the fields the blocks read, fits one TfidfVectorizer per block and stacks the
 * blocks side by side, each multiplied by its weight. Columns of block b follow those of the blocks before it;
 * `featureNames()` names them `<block>:<term>`.
 */
export class ProductTextVectorizer
  extends BaseEstimator<ProductTextParams>
  implements Transformer<readonly ProductText[], CsrMatrix, ProductTextParams>
{
  readonly kind = KIND;
  private vectorizers: TfidfVectorizer[] | undefined;
  /** The languages followed since fit; null for a model saved before languages existed (it follows none). */
  private followed: readonly TextLanguage[] | null = null;

  /** @throws ProdclassError INVALID_PARAM naming the parameter (or the block and its parameter). */
  constructor(params: Partial<ProductTextParams> = {}) {
    super(KIND, PRODUCT_TEXT_DEFAULTS, PRODUCT_TEXT_CONSTRAINTS, deepFreeze(structuredClone(params)));
    checkProductTextParams(this.params);
  }

  get isFitted(): boolean {
    return this.vectorizers !== undefined;
  }

  /** The fitted sub-vectorizer of each block, in block order. @throws ProdclassError NOT_FITTED. */
  get blockVectorizers(): readonly TfidfVectorizer[] {
    return this.fitted(this.vectorizers);
  }

  get nFeatures(): number {
    return this.blockVectorizers.reduce((n, v) => n + v.nFeatures, 0);
  }

  /**
   * The languages the fitted vectorizer follows (its stop words and language cleaning): those named by `language`,
   * or those detected in the training texts when it is `auto`; null for a model saved before the `language`
   * parameter existed, which follows none, as then. @throws ProdclassError NOT_FITTED before fit.
   */
  get languages(): readonly TextLanguage[] | null {
    this.fitted(this.vectorizers);
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
    const fitted = await this.fitBlocks(products, true, options);
    const parts = fitted.map((block, i) => weighted(block.matrix!, this.params.blocks[i].weight));
    return parts.length === 1 ? parts[0] : CsrMatrix.hstack(parts, { inWasmMemory: true });
  }

  /** @throws ProdclassError NOT_FITTED before fit; INVALID_INPUT for malformed products. */
  transform(products: readonly ProductText[]): CsrMatrix {
    const vectorizers = this.blockVectorizers;
    const fields = this.fields(this.cleaned(products), this.followed);
    const parts = this.params.blocks.map((block, i) => weighted(vectorizers[i].transform(fields(block.field)), block.weight));
    return parts.length === 1 ? parts[0] : CsrMatrix.hstack(parts);
  }

  /**
   * A readable name per column, `<block name>:<term>`: `title:word:console ps4`, `text:char: ps4 ` (char_wb
   * n-grams keep their padding spaces). For explaining which terms pushed a prediction.
   * @throws ProdclassError NOT_FITTED before fit.
   */
  featureNames(): string[] {
    const names: string[] = [];
    this.blockVectorizers.forEach((v, i) => {
      const prefix = `${this.params.blocks[i].name}:`;
      for (const term of v.vocabulary) names.push(prefix + term);
    });
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

  /** Hyperparameters, the languages followed, and each block's fitted TfidfVectorizer as a child named after the block. */
  getState(): EstimatorState {
    const vectorizers = this.blockVectorizers;
    return {
      kind: KIND,
      params: this.paramsJson(),
      // A model loaded from before languages existed saves none again, so it keeps behaving as it did.
      fitted: this.followed ? { nFeatures: this.nFeatures, languages: [...this.followed] } : { nFeatures: this.nFeatures },
      arrays: {},
      children: Object.fromEntries(this.params.blocks.map((b, i) => [b.name, vectorizers[i].getState()])),
    };
  }

  /**
   * Rebuilds a fitted vectorizer. A state without `languages` (saved before the `language` parameter existed)
   * gives a vectorizer that follows no language, cleaning and vectorising exactly as it did when saved.
   * @throws ProdclassError MODEL_CORRUPT when a block's sub-vectorizer is missing or inconsistent, or a saved
   *   language is unknown.
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
    vectorizer.vectorizers = vectorizer.params.blocks.map((b) => {
      const child = state.children?.[b.name];
      if (!child) throw new ProdclassError('MODEL_CORRUPT', `${KIND}: saved state lacks the sub-vectorizer of block "${b.name}"`);
      return TfidfVectorizer.fromState(child);
    });
    return vectorizer;
  }

  /** Cleans the training products, settles the languages, then fits each block's sub-vectorizer (see `nJobs`). */
  private async fitBlocks(products: readonly ProductText[], transform: boolean, options: FitOptions): Promise<FittedBlock[]> {
    const texts = this.cleaned(products);
    const languages = this.params.language === 'auto'
      ? detectCatalogLanguages(texts.titles.map((t, i) => (texts.descriptions[i] ? `${t} ${texts.descriptions[i]}` : t)))
      : [...this.params.language];
    const keepRareTerms = products.length < this.params.minDfFromRows;
    const fields = this.fields(texts, languages);
    const fits = this.params.blocks.map((b) => ({ params: blockTfidfParams(b, languages, keepRareTerms), docs: fields(b.field) }));
    const fitted = await fitBlocks(fits, transform, blockThreads(fits, this.params.nJobs), options);
    this.vectorizers = fitted.map((block) => block.vectorizer);
    this.followed = Object.freeze(languages);
    return fitted;
  }

  /** `cleanText` on every designation and description ('' where there is none). */
  private cleaned(products: readonly ProductText[]): { titles: string[]; descriptions: string[] } {
    checkProducts(products);
    const clean = this.cleanOptions;
    return {
      titles: products.map((p) => cleanText(p.designation, clean)),
      descriptions: products.map((p) => (p.description ? cleanText(p.description, clean) : '')),
    };
  }

  /** The languages' cleaning, then a function giving each field's documents (computed on first use). */
  private fields(texts: { titles: string[]; descriptions: string[] }, languages: readonly TextLanguage[] | null): (field: ProductField) => string[] {
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
