// Text model kinds: TF-IDF product features with a linear SVM (text-linear) or logistic regression (logreg).

import type { ProductTextParams } from '../text/product-text-vectorizer.js';
import { ProductTextVectorizer } from '../text/product-text-vectorizer.js';
import { TextPipeline } from './compose/text-pipeline.js';
import { LinearSVC, type LinearSvcParams } from './linear/linear-svc.js';
import { LogisticRegression, type LogisticRegressionParams } from './linear/logistic-regression.js';
import { registerModelKind, stepParams } from './model-kinds.js';

/** C from a sweep on the Rakuten sample (0.3: 0.760, 0.5: 0.762, 1: 0.762 weighted F1); the binary problems run on every core. */
export const TEXT_LINEAR_DEFAULTS: Partial<LinearSvcParams> = { C: 0.5, nJobs: -1 };

registerModelKind({
  name: 'text-linear',
  description: 'TF-IDF word and character n-grams of title and description, linear SVM with calibrated probabilities',
  modalities: ['text'],
  create: ({ seed, params }) =>
    new TextPipeline(
      new ProductTextVectorizer(stepParams(params, 'features') as Partial<ProductTextParams>),
      new LinearSVC({ ...TEXT_LINEAR_DEFAULTS, seed, ...(stepParams(params, 'classifier') as Partial<LinearSvcParams>) }),
    ),
});

registerModelKind({
  name: 'logreg',
  description: 'TF-IDF word and character n-grams of title and description, multinomial logistic regression',
  modalities: ['text'],
  create: ({ params }) =>
    new TextPipeline(
      new ProductTextVectorizer(stepParams(params, 'features') as Partial<ProductTextParams>),
      new LogisticRegression(stepParams(params, 'classifier') as Partial<LogisticRegressionParams>),
    ),
});
