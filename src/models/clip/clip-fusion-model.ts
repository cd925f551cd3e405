// clip-fusion: CLIP text and image embeddings of each product (cached) fed to a trained FusionHead.

import type { DenseMatrix } from '../../core/dense-matrix.js';
import { ProdclassError } from '../../core/errors.js';
import { BaseEstimator, type Classifier, type EstimatorState, type FitOptions, type JsonObject, type Labels } from '../../core/estimator.js';
import type { ParamConstraints } from '../../core/params.js';
import { registerEstimator } from '../../core/registry.js';
import { checkAugmentOptions } from '../../image/augment.js';
import type { Explanation, ProductInput, ProductModel } from '../product-model.js';
import { DEFAULT_CLIP_TEXT, type ClipTextFields } from './clip-text.js';
import { CLIP_DTYPES, clipLocationFor, defaultClipModel, embeddingCacheRoot, normalizeClipModel, type ClipDtype, type ClipSpec } from './clip-spec.js';
import { embedProducts } from './embed-products.js';
import { maskModality, type ProductEmbeddings } from './embeddings.js';
import { sharedEncoder } from './encoder-registry.js';
import { FusionHead } from './fusion-head.js';
import { reportImageProblems } from './image-problems.js';

export interface ClipFusionParams {
  /** Hugging Face id or folder of the CLIP model (a folder is recorded as an absolute path). */
  model: string;
  dtype: ClipDtype;
  /** Augmented views embedded per training image, besides the photo. */
  augmentViews: number;
  noiseStd: number;
  brightnessStd: number;
  /** Worker threads for large embedding jobs (-1: one per core). */
  nJobs: number;
  /** Texts or image views per run of a tower. */
  batchSize: number;
  /**
   * What CLIP's text tower reads: 'title' (default) or 'title-description'. CLIP learnt its text tower on short
   * captions, the description already reaches the fused model through text-linear, and a title (about 22 tokens)
   * embeds in about half the time of 77 tokens: 22 ms against 38 ms p50 for ViT-B/32 here (bench clip-embed).
   */
  text: ClipTextFields;
  /** Read and write the embedding cache ($PRODCLASS_CACHE) for batches of `cacheMinBatch` products or more. */
  cache: boolean;
  cacheMinBatch: number;
}

export const CLIP_FUSION_DEFAULTS: ClipFusionParams = {
  model: '',
  dtype: 'fp32',
  augmentViews: 2,
  noiseStd: 0.03,
  brightnessStd: 0.15,
  nJobs: -1,
  batchSize: 32,
  text: DEFAULT_CLIP_TEXT,
  cache: true,
  cacheMinBatch: 16,
};

const CONSTRAINTS: ParamConstraints<ClipFusionParams> = {
  model: { type: 'string' },
  dtype: { type: 'enum', values: CLIP_DTYPES },
  augmentViews: { type: 'number', integer: true, min: 0, max: 16 },
  noiseStd: { type: 'number', min: 0, max: 1 },
  brightnessStd: { type: 'number', min: 0, max: 1 },
  nJobs: { type: 'jobs' },
  batchSize: { type: 'number', integer: true, min: 1, max: 4096 },
  text: { type: 'enum', values: ['title', 'title-description'] },
  cache: { type: 'boolean' },
  cacheMinBatch: { type: 'number', integer: true, min: 1 },
};

/** The CLIP model a fitted model was trained with. */
interface ClipFitted {
  /** Identity of the CLIP model at training (hub id, or folder name and content fingerprint), for the record. */
  modelKey: string;
  textDim: number;
  imageDim: number;
  imageProblems: number;
}

/**
 * Embeds each product with CLIP (text: `clipText`; image: the photo, and `augmentViews` seeded augmented views
 * per training image) and classifies with a FusionHead on the concatenated, normalised embeddings. Products without
 * an image, or whose image cannot be decoded, are scored from their text (and the reverse).
 *
 * The CLIP model is found at `$PRODCLASS_CLIP_MODEL` when set, else where `params.model` says, so a saved model can
 * be moved to a machine where the weights live elsewhere.
 */
export class ClipFusionModel extends BaseEstimator<ClipFusionParams> implements ProductModel {
  readonly kind = 'clip-fusion-model';
  readonly modalities = ['text', 'image'] as const;
  private clip: ClipFitted | undefined;
  /** The last training embedding run: its unusable images and CLIP identity (recorded on the card). */
  private lastTraining = { problems: 0, modelKey: '' };

  /** @throws ProdclassError INVALID_PARAM naming the parameter. */
  constructor(
    params: Partial<ClipFusionParams>,
    readonly head: FusionHead,
  ) {
    const model = normalizeClipModel(defaultClipModel(params.model));
    super('clip-fusion-model', CLIP_FUSION_DEFAULTS, CONSTRAINTS, { ...params, model });
    checkAugmentOptions({ rotate90: true, flip: true, noiseStd: this.params.noiseStd, brightnessStd: this.params.brightnessStd });
  }

  get isFitted(): boolean {
    return this.clip !== undefined && this.head.isFitted;
  }

  get classes(): Int32Array {
    this.fitted(this.clip);
    return this.head.classes;
  }

  /** Where the CLIP model is read from now (the environment override, else the recorded location). */
  get clipSpec(): ClipSpec {
    return { model: clipLocationFor(this.params.model), dtype: this.params.dtype };
  }

  /**
   * Embeddings of `inputs` (with augmented views when `training`), through the cache for large batches.
   * Unusable images are reported to `onImageProblems` listeners and left out.
   * @throws ProdclassError MODEL_NOT_FOUND when the CLIP model cannot be loaded.
   */
  async embed(inputs: readonly ProductInput[], options: FitOptions & { training?: boolean; report?: boolean } = {}): Promise<ProductEmbeddings> {
    const p = this.params;
    const result = await embedProducts(inputs, {
      spec: this.clipSpec,
      cacheRoot: p.cache && inputs.length >= p.cacheMinBatch ? embeddingCacheRoot() : null,
      views: options.training ? p.augmentViews : 0,
      augment: { rotate90: true, flip: true, noiseStd: p.noiseStd, brightnessStd: p.brightnessStd },
      augmentSeed: this.head.params.seed,
      nJobs: p.nJobs,
      batchSize: p.batchSize,
      textFields: p.text,
      progress: options.progress,
      signal: options.signal,
    });
    if (options.report !== false) reportImageProblems(result.problems);
    if (options.training) this.lastTraining = { problems: result.problems.length, modelKey: result.modelKey };
    return result.embeddings;
  }

  async fit(x: ProductInput[], y: Labels, options: FitOptions = {}): Promise<this> {
    return this.fitEmbedded(await this.embed(x, { ...options, training: true }), y, options);
  }

  /** Fits the head on embeddings already computed by `embed(..., { training: true })`. */
  async fitEmbedded(x: ProductEmbeddings, y: Labels, options: FitOptions = {}): Promise<this> {
    await this.head.fit(x, y, options);
    this.clip = { modelKey: this.lastTraining.modelKey, textDim: x.textDim, imageDim: x.imageDim, imageProblems: this.lastTraining.problems };
    return this;
  }

  /** @throws ProdclassError NOT_FITTED before fit; FEATURE_MISMATCH when the CLIP model found gives other dimensions than at training. */
  predictProba(x: ProductInput[]): Promise<DenseMatrix> {
    this.fitted(this.clip); // throws now, not in the promise
    return this.checkedEmbed(x).then((e) => this.predictEmbedded(e));
  }

  predictEmbedded(x: ProductEmbeddings): DenseMatrix {
    this.fitted(this.clip);
    return this.head.predictProba(x);
  }

  predict(x: ProductInput[]): Promise<Labels> {
    const classes = this.classes;
    return this.predictProba(x).then((p) => p.argmaxRows().map((j) => classes[j]));
  }

  /** Probabilities of the head with both modalities, with the text alone and with the image alone. */
  async componentProba(x: ProductInput[]): Promise<Record<string, DenseMatrix>> {
    const e = await this.checkedEmbed(x, false);
    return { 'clip-fusion': this.head.predictProba(e), 'clip-text-only': this.head.predictProba(maskModality(e, 'image')), 'image-only': this.head.predictProba(maskModality(e, 'text')) };
  }

  /**
   * Modality shares for class `code`: the drop of its probability when the image is hidden, and when the text is,
   * normalised to sum to 1 (a missing modality gets 0). No word-level terms: CLIP's text tower is not linear.
   */
  async explain(input: ProductInput, code: number): Promise<Explanation> {
    const e = await this.checkedEmbed([input], false);
    return { code, terms: [], modalities: this.modalityShares(e, code) };
  }

  /** Modality shares of product 0 of `e` for class `code` (see `explain`). */
  modalityShares(e: ProductEmbeddings, code: number): { text: number; image: number } {
    const j = this.classes.indexOf(code);
    if (j < 0) return { text: e.hasText[0] ? 1 : 0, image: e.hasImage[0] && !e.hasText[0] ? 1 : 0 };
    const full = this.head.predictProba(e).get(0, j);
    const noImage = this.head.predictProba(maskModality(e, 'image')).get(0, j);
    const noText = this.head.predictProba(maskModality(e, 'text')).get(0, j);
    const text = e.hasText[0] ? Math.max(0, full - noText) : 0;
    const image = e.hasImage[0] ? Math.max(0, full - noImage) : 0;
    if (text + image === 0) return { text: e.hasText[0] ? (e.hasImage[0] ? 0.5 : 1) : 0, image: e.hasImage[0] ? (e.hasText[0] ? 0.5 : 1) : 0 };
    return { text: text / (text + image), image: image / (text + image) };
  }

  /** Loads both CLIP towers now (a server calls this before taking requests). */
  async ready(): Promise<void> {
    await (await sharedEncoder(this.clipSpec)).ready();
  }

  /** Training curves and what the CLIP embeddings were, for the model card. */
  trainingReport(): JsonObject {
    const clip = this.fitted(this.clip);
    return {
      clip: { model: this.params.model, dtype: this.params.dtype, key: clip.modelKey, textDim: clip.textDim, imageDim: clip.imageDim, unusableTrainingImages: clip.imageProblems },
      head: { bestEpoch: this.head.bestEpoch, history: this.head.history as unknown as JsonObject[] },
    };
  }

  getState(): EstimatorState {
    const clip = this.fitted(this.clip);
    return { kind: this.kind, params: this.paramsJson(), fitted: { ...clip }, arrays: {}, children: { head: this.head.getState() } };
  }

  /** @throws ProdclassError MODEL_CORRUPT when the head is missing. */
  static fromState(state: EstimatorState): ClipFusionModel {
    const head = state.children?.head;
    if (!head) throw new ProdclassError('MODEL_CORRUPT', 'clip-fusion-model: saved state lacks its head');
    const model = new ClipFusionModel(state.params as Partial<ClipFusionParams>, FusionHead.fromState(head));
    model.clip = state.fitted as unknown as ClipFitted;
    return model;
  }

  private async checkedEmbed(x: readonly ProductInput[], report = true): Promise<ProductEmbeddings> {
    const clip = this.fitted(this.clip);
    const e = await this.embed(x, { report });
    if (e.textDim !== clip.textDim || e.imageDim !== clip.imageDim) {
      throw new ProdclassError(
        'FEATURE_MISMATCH',
        `this model was trained on CLIP embeddings of sizes ${clip.textDim} (text) and ${clip.imageDim} (image) from "${this.params.model}", ` +
          `but the CLIP model at "${this.clipSpec.model}" gives ${e.textDim} and ${e.imageDim}: point --clip-model (or $PRODCLASS_CLIP_MODEL) at the model it was trained with`,
      );
    }
    return e;
  }
}

registerEstimator('clip-fusion-model', (state) => ClipFusionModel.fromState(state));
