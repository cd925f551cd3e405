// A product text model: ProductTextVectorizer, optional reducers (feature selection, SVD), a classifier; able to say which words drove a prediction.

import type { CsrMatrix } from '../../core/csr-matrix.js';
import type { DenseMatrix } from '../../core/dense-matrix.js';
import { ProdclassError } from '../../core/errors.js';
import type { EstimatorState, FitOptions, JsonObject, Labels } from '../../core/estimator.js';
import { warmUp } from '../../core/estimator.js';
import { estimatorFromState, registerEstimator } from '../../core/registry.js';
import { ProductTextVectorizer } from '../../text/product-text-vectorizer.js';
import type { Explanation, ProductInput, ProductModel, TermContribution } from '../product-model.js';
import { explainTextContributions, type ColumnContributions } from './explain-text.js';
import { Pipeline, type AnyClassifier, type AnyTransformer } from './pipeline.js';

/** Classifiers whose class scores are linear in the features expose their weights (feature-major: nFeatures x nClasses). */
interface LinearWeightsView {
  featureMajor: Float32Array;
  nFeatures: number;
}

/** Classifiers that can say how much each input feature moved one row's score of a class (tree path contributions). */
interface ContributingClassifier {
  featureContributions(x: unknown, classIndex: number): ColumnContributions;
  readonly featureImportances?: Float64Array;
}

/** Reducers that can move contributions to their outputs back onto their inputs. */
interface AttributingTransformer {
  attributeBack(input: unknown, contributions: ColumnContributions): ColumnContributions;
  /** Global importances of the outputs carried back onto the inputs, when that needs no input row. */
  importancesBack?(importances: ColumnContributions): ColumnContributions;
}

/** Classifiers that fit their folds and final model in one go (LinearSVC). */
interface OutOfFoldClassifier {
  fitOutOfFold(x: CsrMatrix, y: Labels, folds: readonly Int32Array[], options?: FitOptions): Promise<DenseMatrix>;
}

export type ReducerStep = readonly [name: string, reducer: AnyTransformer];

function linearWeights(c: AnyClassifier): LinearWeightsView | null {
  const v = c as unknown as Partial<LinearWeightsView>;
  try {
    return v.featureMajor instanceof Float32Array && typeof v.nFeatures === 'number' ? (v as LinearWeightsView) : null;
  } catch {
    return null;
  }
}

function contributing(c: AnyClassifier): ContributingClassifier | null {
  return typeof (c as Partial<ContributingClassifier>).featureContributions === 'function' ? (c as unknown as ContributingClassifier) : null;
}

function attributing(t: AnyTransformer): AttributingTransformer | null {
  return typeof (t as Partial<AttributingTransformer>).attributeBack === 'function' ? (t as unknown as AttributingTransformer) : null;
}

/**
 * Pipeline [features: ProductTextVectorizer, ...reducers, classifier]. Reads text only: an image in the input is
 * ignored. `explain` folds per-feature contributions to a class back onto the product's words: x_j * w_cj for
 * linear classifiers, path contributions for trees, carried back through the reducers (a selector maps its
 * columns back; SVD shares each component's contribution among the input columns that made it).
 */
export class TextPipeline extends Pipeline<ProductInput[]> implements ProductModel {
  override readonly kind: string = 'text-pipeline';
  readonly modalities = ['text'] as const;

  /** @throws ProdclassError INVALID_PARAM for a reducer named like another step or not a transformer. */
  constructor(features: ProductTextVectorizer, classifier: AnyClassifier, reducers: readonly ReducerStep[] = []) {
    super([['features', features as never], ...reducers, ['classifier', classifier]]);
  }

  get features(): ProductTextVectorizer {
    return this.step<ProductTextVectorizer>('features');
  }

  /** The steps between the features and the classifier. */
  get reducers(): readonly ReducerStep[] {
    return this.steps.slice(1, -1) as unknown as ReducerStep[];
  }

  /** True when the classifier shares work across folds and no step between it and the features reads the labels. */
  get canFitOutOfFold(): boolean {
    const classifier = this.classifier as Partial<OutOfFoldClassifier> & { canFitOutOfFold?: boolean };
    return this.reducers.length === 0 && typeof classifier.fitOutOfFold === 'function' && classifier.canFitOutOfFold !== false;
  }

  /**
   * Fits the features on every row once (vocabulary and idf read no labels), then lets the classifier fit its
   * folds and its final model on them (see `ProductModel.fitOutOfFold`).
   * @throws ProdclassError INVALID_INPUT when the pipeline cannot (`canFitOutOfFold` false); whatever the steps throw.
   */
  async fitOutOfFold(x: ProductInput[], y: Labels, folds: readonly Int32Array[], options: FitOptions = {}): Promise<DenseMatrix> {
    if (!this.canFitOutOfFold) throw new ProdclassError('INVALID_INPUT', `${this.kind}: its steps cannot share work across folds; fit each fold instead`);
    warmUp(this.classifier);
    const features = await this.features.fitTransform(x, { ...options, y });
    return (this.classifier as unknown as OutOfFoldClassifier).fitOutOfFold(features, y, folds, options);
  }

  explain(input: ProductInput, code: number, topTerms = 8): Explanation {
    const classIndex = this.classes.indexOf(code);
    if (classIndex < 0) return { code, terms: [] };
    return this.explainSteps(this.stepInputs(input), input, code, classIndex, topTerms);
  }

  /** One product's probabilities and the words behind its most likely class, its features computed once. */
  async predictExplained(input: ProductInput, topTerms = 8): Promise<{ proba: DenseMatrix; explanation: Explanation }> {
    const stepInputs = this.stepInputs(input);
    const proba = await this.classifier.predictProba(stepInputs[stepInputs.length - 1]);
    const best = proba.argmaxRows()[0];
    return { proba, explanation: this.explainSteps(stepInputs, input, this.classes[best], best, topTerms) };
  }

  /** The input of each step after the vectorizer for one product: [features, after reducer 1, ...]. */
  private stepInputs(input: ProductInput): unknown[] {
    const stepInputs: unknown[] = [this.features.transform([input])];
    for (const [, reducer] of this.reducers) stepInputs.push(reducer.transform(stepInputs[stepInputs.length - 1]));
    return stepInputs;
  }

  private explainSteps(stepInputs: unknown[], input: ProductInput, code: number, classIndex: number, topTerms: number): Explanation {
    const row = stepInputs[0] as CsrMatrix;
    const z = stepInputs[stepInputs.length - 1];
    const weights = linearWeights(this.classifier);
    // A linear model read straight off the vectorizer: x_j * w_cj is taken from the row as it is.
    if (weights && this.reducers.length === 0) {
      const nClasses = this.classes.length;
      return { code, terms: explainTextContributions(this.features, { featureMajor: weights.featureMajor, nClasses, classIndex }, row, input, topTerms) };
    }
    let contributions: ColumnContributions | null = null;
    if (weights) contributions = linearContributionMap(z, weights, classIndex);
    else contributions = contributing(this.classifier)?.featureContributions(z, classIndex) ?? null;
    for (let r = this.reducers.length - 1; r >= 0 && contributions; r--) {
      contributions = attributing(this.reducers[r][1])?.attributeBack(stepInputs[r], contributions) ?? null;
    }
    if (!contributions) return { code, terms: [] };
    return { code, terms: explainTextContributions(this.features, contributions, row, input, topTerms) };
  }

  /**
   * The classifier's global feature importances (trees) on the vectorizer's named columns, strongest first:
   * `title:word:console`. Empty when the classifier has none or a reducer cannot map them back.
   */
  featureImportances(top = 20): TermContribution[] {
    let importances: ColumnContributions | null = null;
    const own = contributing(this.classifier)?.featureImportances;
    if (own) importances = new Map([...own.entries()].filter(([, v]) => v > 0));
    for (let r = this.reducers.length - 1; r >= 0 && importances; r--) {
      importances = attributing(this.reducers[r][1])?.importancesBack?.(importances) ?? null;
    }
    if (!importances) return [];
    const names = this.features.featureNames();
    return [...importances.entries()]
      .filter(([, v]) => v > 0)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, top)
      .map(([j, weight]) => ({ term: names[j], weight }));
  }

  /**
   * For the model card: the top 20 feature importances (trees), the validation log-loss per round and the rounds
   * kept (boosting), the out-of-bag accuracy (forests), the iterations and convergence (iterative linear solvers),
   * whether a stack answers through its final model or, having scored worse out-of-fold, through its first member alone.
   */
  trainingReport(): JsonObject {
    const report: JsonObject = {};
    const top = this.featureImportances(20);
    if (top.length > 0) report.featureImportances = top.map((t) => ({ term: t.term, weight: t.weight }));
    const c = this.classifier as unknown as { validationLoss?: readonly number[]; nRounds?: number; oobScore?: number | null; nIter?: unknown; converged?: unknown; usesFinalModel?: unknown };
    if (c.validationLoss && c.validationLoss.length > 0) {
      report.validationLoss = [...c.validationLoss];
      report.rounds = c.nRounds ?? null;
    }
    if (typeof c.oobScore === 'number') report.oobScore = c.oobScore;
    if (typeof c.nIter === 'number') report.iterations = c.nIter;
    if (typeof c.converged === 'boolean') report.converged = c.converged;
    if (typeof c.usesFinalModel === 'boolean') report.stacked = c.usesFinalModel;
    return report;
  }

  /** Rebuilds [features, ...reducers, classifier]; states saved before reducers existed have none. */
  static override fromState(state: EstimatorState): TextPipeline {
    const features = state.children?.features;
    const classifier = state.children?.classifier;
    if (!features || !classifier) throw new ProdclassError('MODEL_CORRUPT', 'text-pipeline: saved state lacks its features or classifier step');
    const names = Array.isArray(state.fitted.steps) ? (state.fitted.steps as string[]) : ['features', 'classifier'];
    const reducers = names.slice(1, -1).map((name) => {
      const child = state.children?.[name];
      if (!child) throw new ProdclassError('MODEL_CORRUPT', `text-pipeline: saved state lacks step "${name}"`);
      return [name, estimatorFromState<AnyTransformer>(child)] as const;
    });
    return new TextPipeline(ProductTextVectorizer.fromState(features), estimatorFromState<AnyClassifier>(classifier), reducers);
  }
}

/** x_j * w_cj over the non-zeros of the classifier's input row (sparse or dense). */
function linearContributionMap(z: unknown, weights: LinearWeightsView, classIndex: number): ColumnContributions {
  const out: ColumnContributions = new Map();
  const { featureMajor, nFeatures } = weights;
  const nClasses = featureMajor.length / nFeatures;
  const sparse = z as Partial<CsrMatrix>;
  if (sparse.indptr && sparse.indices && sparse.data) {
    for (let k = sparse.indptr[0]; k < sparse.indptr[1]; k++) out.set(sparse.indices[k], sparse.data[k] * featureMajor[sparse.indices[k] * nClasses + classIndex]);
    return out;
  }
  const dense = z as { row(i: number): Float32Array };
  dense.row(0).forEach((v, j) => v !== 0 && out.set(j, v * featureMajor[j * nClasses + classIndex]));
  return out;
}

registerEstimator('text-pipeline', (state) => TextPipeline.fromState(state));
