// multimodal: late fusion of the text-linear model's calibrated probabilities with the CLIP fusion head's.

import type { DenseMatrix } from '../../core/dense-matrix.js';
import { ProdclassError } from '../../core/errors.js';
import { BaseEstimator, encodeLabels, type EstimatorState, type FitOptions, type JsonObject, type Labels } from '../../core/estimator.js';
import type { ParamConstraints } from '../../core/params.js';
import { estimatorFromState, registerEstimator } from '../../core/registry.js';
import { stratifiedSplit } from '../../data/splits.js';
import type { Explanation, ProductInput, ProductModel } from '../product-model.js';
import { ClipFusionModel } from './clip-fusion-model.js';
import { maskModality, selectEmbeddings, type ProductEmbeddings } from './embeddings.js';
import { fitFusionWeights, mixProbabilities, modalityPattern, TEXT_FIRST_WEIGHTS, type FusionWeights, type ModalityPattern, type WeightFit } from './late-fusion.js';

export interface MultimodalParams {
  /** Share of the training rows held out (stratified) to fit the mixing weights. */
  validationFraction: number;
  /** Refit both models on all training rows once the weights are chosen (else keep the models fitted without the held-out rows). */
  refit: boolean;
  /** Grid step of the mixing weight. */
  weightStep: number;
  seed: number;
}

export const MULTIMODAL_DEFAULTS: MultimodalParams = { validationFraction: 0.2, refit: true, weightStep: 0.05, seed: 0 };

const CONSTRAINTS: ParamConstraints<MultimodalParams> = {
  validationFraction: { type: 'number', min: 0.05, max: 0.5 },
  refit: { type: 'boolean' },
  weightStep: { type: 'number', min: 0.001, max: 1 },
  seed: { type: 'number', integer: true },
};

interface MultimodalFitted {
  weights: FusionWeights;
  fits: Record<'both' | 'textOnly', WeightFit>;
}

/**
 * p = (1 - w) p_text + w p_clip, where p_text is the text model's (calibrated) probabilities, p_clip the CLIP fusion
 * model's, and w depends on what the product has: fitted on held-out rows for products with text and image and for
 * products with text only (see fitFusionWeights: w = 0 unless the CLIP model lowers the log-loss), 1 for products
 * with an image and no text. Fitting: both models are fitted on the rows not held out, score the held-out rows, the
 * weights are chosen, then (with `refit`) both are fitted again on every row.
 */
export class MultimodalModel extends BaseEstimator<MultimodalParams> implements ProductModel {
  readonly kind = 'multimodal-model';
  readonly modalities = ['text', 'image'] as const;
  private state: MultimodalFitted | undefined;

  /** @throws ProdclassError INVALID_PARAM naming the parameter. */
  constructor(
    params: Partial<MultimodalParams>,
    readonly text: ProductModel,
    readonly fusion: ClipFusionModel,
  ) {
    super('multimodal-model', MULTIMODAL_DEFAULTS, CONSTRAINTS, params);
  }

  get isFitted(): boolean {
    return this.state !== undefined && this.text.isFitted && this.fusion.isFitted;
  }

  get classes(): Int32Array {
    this.fitted(this.state);
    return this.text.classes;
  }

  /** The mixing weight of the CLIP model per modality pattern. @throws ProdclassError NOT_FITTED. */
  get weights(): Readonly<FusionWeights> {
    return this.fitted(this.state).weights;
  }

  async fit(x: ProductInput[], y: Labels, options: FitOptions = {}): Promise<this> {
    const p = this.params;
    const embeddings = await this.fusion.embed(x, { ...options, training: true });
    const split = stratifiedSplit(y, p.validationFraction, p.seed);
    const pick = <T>(items: readonly T[], rows: Int32Array) => Array.from(rows, (i) => items[i]);
    const yTrain = Int32Array.from(split.train, (i) => y[i]);
    await this.text.fit(pick(x, split.train), yTrain, options);
    await this.fusion.fitEmbedded(selectEmbeddings(embeddings, split.train), yTrain, options);
    const held = { ...selectEmbeddings(embeddings, split.validation), views: [] };
    const heldInputs = pick(x, split.validation);
    const textProba = await this.text.predictProba(heldInputs);
    const fusionProba = this.aligned(this.fusion.predictEmbedded(held), this.fusion.classes);
    const heldY = encodeLabels(Int32Array.from(split.validation, (i) => y[i]), this.text.classes);
    const { weights, fits } = fitFusionWeights(textProba, fusionProba, heldY, patternsOf(held), p.weightStep);
    if (p.refit) {
      await this.text.fit(x, y, options);
      await this.fusion.fitEmbedded(embeddings, y, options);
    }
    this.state = { weights, fits };
    return this;
  }

  predictProba(x: ProductInput[]): Promise<DenseMatrix> {
    this.fitted(this.state); // throws now, not in the promise
    return this.components(x).then((c) => c.late);
  }

  predict(x: ProductInput[]): Promise<Labels> {
    const classes = this.classes;
    return this.predictProba(x).then((p) => p.argmaxRows().map((j) => classes[j]));
  }

  /** The text model, the image path (CLIP head on the image alone), the CLIP fusion head and their late fusion, side by side. */
  async componentProba(x: ProductInput[]): Promise<Record<string, DenseMatrix>> {
    const c = await this.components(x, false);
    return { 'text-only': c.text, 'image-only': this.aligned(this.fusion.predictEmbedded(maskModality(c.embeddings, 'text')), this.fusion.classes), 'clip-fusion': c.fusion, 'late-fusion': c.late };
  }

  /**
   * Words from the text model, and modality shares of class `code`: the text model's part (1 - w) p_text plus the
   * text share of the CLIP part, against the image share of the CLIP part.
   */
  async explain(input: ProductInput, code: number, topTerms = 8): Promise<Explanation> {
    const c = await this.components([input], false);
    const j = this.classes.indexOf(code);
    const textExplanation = this.text.explain ? await this.text.explain(input, code, topTerms) : { code, terms: [] };
    if (j < 0) return { code, terms: textExplanation.terms };
    const w = this.weights[c.patterns[0]];
    const pText = (1 - w) * c.text.get(0, j);
    const pClip = w * c.fusion.get(0, j);
    const clipShares = this.fusion.modalityShares(c.embeddings, code);
    const text = pText + pClip * clipShares.text;
    const image = pClip * clipShares.image;
    const total = text + image;
    return { code, terms: textExplanation.terms, modalities: total > 0 ? { text: text / total, image: image / total } : { text: 1, image: 0 } };
  }

  async ready(): Promise<void> {
    await this.fusion.ready();
  }

  trainingReport(): JsonObject {
    const s = this.fitted(this.state);
    return { lateFusion: { weights: { ...s.weights }, fits: s.fits as unknown as JsonObject }, ...this.fusion.trainingReport() };
  }

  getState(): EstimatorState {
    const s = this.fitted(this.state);
    return {
      kind: this.kind,
      params: this.paramsJson(),
      fitted: { weights: { ...s.weights }, fits: s.fits as unknown as JsonObject },
      arrays: {},
      children: { text: this.text.getState(), fusion: this.fusion.getState() },
    };
  }

  /** @throws ProdclassError MODEL_CORRUPT when a child model is missing. */
  static fromState(state: EstimatorState): MultimodalModel {
    const text = state.children?.text;
    const fusion = state.children?.fusion;
    if (!text || !fusion) throw new ProdclassError('MODEL_CORRUPT', 'multimodal-model: saved state lacks its text or CLIP model');
    const model = new MultimodalModel(state.params as Partial<MultimodalParams>, estimatorFromState<ProductModel>(text), ClipFusionModel.fromState(fusion));
    const fitted = state.fitted as unknown as MultimodalFitted;
    model.state = { weights: { ...TEXT_FIRST_WEIGHTS, ...fitted.weights }, fits: fitted.fits };
    return model;
  }

  private async components(x: ProductInput[], report = true) {
    const s = this.fitted(this.state);
    const [text, embeddings] = await Promise.all([this.text.predictProba(x), this.fusion.embed(x, { report })]);
    const fusion = this.aligned(this.fusion.predictEmbedded(embeddings), this.fusion.classes);
    const patterns = patternsOf(embeddings);
    return { text, fusion, embeddings, patterns, late: mixProbabilities(text, fusion, patterns, s.weights) };
  }

  /** `proba` with columns reordered to the text model's classes (both models see the same labels, so they agree unless a class vanished). */
  private aligned(proba: DenseMatrix, classes: Int32Array): DenseMatrix {
    const target = this.text.classes;
    if (classes.length === target.length && classes.every((c, j) => c === target[j])) return proba;
    throw new ProdclassError('INTERNAL', `multimodal: the text and CLIP models disagree on the classes (${target.length} and ${classes.length})`);
  }
}

function patternsOf(e: ProductEmbeddings): ModalityPattern[] {
  return Array.from({ length: e.n }, (_, i) => modalityPattern(e.hasText[i], e.hasImage[i]));
}

registerEstimator('multimodal-model', (state) => MultimodalModel.fromState(state));
