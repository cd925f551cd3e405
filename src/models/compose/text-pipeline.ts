// A product text model: ProductTextVectorizer then a classifier, able to say which words drove a prediction.

import { ProdclassError } from '../../core/errors.js';
import type { EstimatorState } from '../../core/estimator.js';
import { estimatorFromState, registerEstimator } from '../../core/registry.js';
import { ProductTextVectorizer } from '../../text/product-text-vectorizer.js';
import type { Explanation, ProductInput, ProductModel } from '../product-model.js';
import { explainTextContributions } from './explain-text.js';
import { Pipeline, type AnyClassifier } from './pipeline.js';

/** Classifiers whose class scores are linear in the features expose their weights (nClasses x nFeatures). */
interface LinearWeightsView {
  coef: Float32Array;
  nFeatures: number;
}

function linearWeights(c: AnyClassifier): LinearWeightsView | null {
  const v = c as unknown as Partial<LinearWeightsView>;
  try {
    return v.coef instanceof Float32Array && typeof v.nFeatures === 'number' ? (v as LinearWeightsView) : null;
  } catch {
    return null;
  }
}

/**
 * Pipeline [features: ProductTextVectorizer, classifier]. Reads text only: an image in the input is ignored.
 * `explain` works when the classifier is linear (exposes `coef`); otherwise it returns no terms.
 */
export class TextPipeline extends Pipeline<ProductInput[]> implements ProductModel {
  override readonly kind: string = 'text-pipeline';
  readonly modalities = ['text'] as const;

  constructor(features: ProductTextVectorizer, classifier: AnyClassifier) {
    super([
      ['features', features as never],
      ['classifier', classifier],
    ]);
  }

  get features(): ProductTextVectorizer {
    return this.step<ProductTextVectorizer>('features');
  }

  explain(input: ProductInput, code: number, topTerms = 8): Explanation {
    const classIndex = this.classes.indexOf(code);
    const weights = linearWeights(this.classifier);
    if (classIndex < 0 || !weights) return { code, terms: [] };
    const row = this.features.transform([input]);
    const classWeights = { coef: weights.coef, nFeatures: weights.nFeatures, classIndex };
    return { code, terms: explainTextContributions(this.features, classWeights, row, input, topTerms) };
  }

  static override fromState(state: EstimatorState): TextPipeline {
    const features = state.children?.features;
    const classifier = state.children?.classifier;
    if (!features || !classifier) throw new ProdclassError('MODEL_CORRUPT', 'text-pipeline: saved state lacks its features or classifier step');
    return new TextPipeline(ProductTextVectorizer.fromState(features), estimatorFromState<AnyClassifier>(classifier));
  }
}

registerEstimator('text-pipeline', (state) => TextPipeline.fromState(state));
