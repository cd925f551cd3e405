// Every estimator of prodclass passes the same contract.

import { describe } from 'vitest';
import '../../src/models/registrations.js';
import { modelKind } from '../../src/models/model-kinds.js';
import { LinearSVC } from '../../src/models/linear/linear-svc.js';
import { LogisticRegression } from '../../src/models/linear/logistic-regression.js';
import { LocalClassifierPerParentNode } from '../../src/models/hierarchy/local-classifier-per-parent-node.js';
import { ComplementNB } from '../../src/models/naive-bayes/complement-nb.js';
import { SoftVote } from '../../src/models/compose/soft-vote.js';
import { StackingClassifier } from '../../src/models/compose/stacking.js';
import { KNeighborsClassifier } from '../../src/models/similar/knn-classifier.js';
import { MultinomialNB } from '../../src/models/naive-bayes/multinomial-nb.js';
import { Chi2Selector } from '../../src/models/reduce/chi2-selector.js';
import { TruncatedSVD } from '../../src/models/reduce/truncated-svd.js';
import { GradientBoostingClassifier } from '../../src/models/trees/gradient-boosting.js';
import { RandomForestClassifier } from '../../src/models/trees/random-forest.js';
import { ProductTextVectorizer } from '../../src/text/product-text-vectorizer.js';
import { TfidfVectorizer } from '../../src/text/tfidf-vectorizer.js';
import { FusionHead } from '../../src/models/clip/fusion-head.js';
import { syntheticProducts } from '../helpers/synthetic-text.js';
import { TINY_CLIP, useTinyClipOffline } from '../helpers/tiny-clip.js';
import { toyEmbeddings } from '../helpers/toy-embeddings.js';
import { classifierContract, transformerContract } from './estimator-contract.js';

const { products, labels } = syntheticProducts(15, 3);
const features = await new ProductTextVectorizer().fitTransform(products);
const narrow = features.selectColumns(Int32Array.from({ length: 10 }, (_, i) => i));

describe('LinearSVC', () => classifierContract({ make: () => new LinearSVC({ seed: 1 }), x: features, y: labels, wrongWidth: narrow }));
describe('LinearSVC without calibration', () =>
  classifierContract({ make: () => new LinearSVC({ seed: 1, calibration: 'none' }), x: features, y: labels, wrongWidth: narrow }));
describe('LocalClassifierPerParentNode', () =>
  classifierContract({ make: () => new LocalClassifierPerParentNode({ seed: 1 }), x: features, y: labels, wrongWidth: narrow }));
describe('text-hierarchical (TextPipeline)', () => classifierContract({ make: () => modelKind('text-hierarchical').create({ seed: 1 }), x: products, y: labels }));
describe('LogisticRegression', () => classifierContract({ make: () => new LogisticRegression({ C: 10 }), x: features, y: labels, wrongWidth: narrow }));
describe('text-linear (TextPipeline)', () => classifierContract({ make: () => modelKind('text-linear').create({ seed: 1 }), x: products, y: labels }));
describe('logreg (TextPipeline)', () => classifierContract({ make: () => modelKind('logreg').create({ seed: 1 }), x: products, y: labels }));

describe('SoftVote', () =>
  classifierContract({
    make: () => new SoftVote([['svm', new LinearSVC({ seed: 1 })], ['nb', new ComplementNB({ alpha: 0.1 })]], { weights: [0.8, 0.2] }),
    x: features,
    y: labels,
    wrongWidth: narrow,
  }));
describe('StackingClassifier', () =>
  classifierContract({
    make: () => new StackingClassifier([['svm', new LinearSVC({ seed: 1 })], ['nb', new ComplementNB({ alpha: 0.1 })]], { seed: 1 }),
    x: features,
    y: labels,
    wrongWidth: narrow,
  }));
describe('text-ensemble (TextPipeline)', () => classifierContract({ make: () => modelKind('text-ensemble').create({ seed: 1 }), x: products, y: labels }));
describe('ComplementNB', () => classifierContract({ make: () => new ComplementNB({ alpha: 0.1 }), x: features, y: labels, wrongWidth: narrow }));
describe('KNeighborsClassifier', () => classifierContract({ make: () => new KNeighborsClassifier({ nComponents: 8, seed: 1 }), x: features, y: labels, wrongWidth: narrow }));
describe('knn (TextPipeline)', () => classifierContract({ make: () => modelKind('knn').create({ seed: 1, params: { classifier: { nComponents: 8 } } }), x: products, y: labels }));
describe('MultinomialNB', () => classifierContract({ make: () => new MultinomialNB(), x: features, y: labels, wrongWidth: narrow }));
describe('RandomForestClassifier', () =>
  classifierContract({ make: () => new RandomForestClassifier({ nEstimators: 10, seed: 1, nJobs: 1 }), x: features, y: labels, wrongWidth: narrow }));
const components = await new TruncatedSVD({ nComponents: 5, seed: 1 }).fitTransform(features);
describe('RandomForestClassifier on dense input', () =>
  classifierContract({ make: () => new RandomForestClassifier({ nEstimators: 10, seed: 1, nJobs: 1 }), x: components, y: labels, wrongWidth: narrow }));
describe('GradientBoostingClassifier', () =>
  classifierContract({ make: () => new GradientBoostingClassifier({ nEstimators: 5, seed: 1, nJobs: 1 }), x: features, y: labels, wrongWidth: narrow }));
const small = { select: { k: 300 }, classifier: { nEstimators: 10, nJobs: 1 } };
describe('naive-bayes (TextPipeline)', () => classifierContract({ make: () => modelKind('naive-bayes').create({ seed: 1 }), x: products, y: labels }));
describe('random-forest (TextPipeline)', () => classifierContract({ make: () => modelKind('random-forest').create({ seed: 1, params: small }), x: products, y: labels }));
describe('gbdt (TextPipeline)', () => classifierContract({ make: () => modelKind('gbdt').create({ seed: 1, params: small }), x: products, y: labels }));

useTinyClipOffline();
const embeddings = toyEmbeddings(40, 4, 8, 1);
const narrowEmbeddings = toyEmbeddings(10, 4, 6, 2);
const clipParams = { clip: { model: TINY_CLIP, nJobs: 1 }, head: { maxEpochs: 5 } };
describe('FusionHead', () =>
  classifierContract({ make: () => new FusionHead({ seed: 1, maxEpochs: 5 }), x: embeddings.e, y: embeddings.y, wrongWidth: narrowEmbeddings.e }));
describe('clip-fusion (tiny CLIP)', () => classifierContract({ make: () => modelKind('clip-fusion').create({ seed: 1, params: clipParams }), x: products, y: labels }));
describe('multimodal (tiny CLIP)', () => classifierContract({ make: () => modelKind('multimodal').create({ seed: 1, params: clipParams }), x: products, y: labels }));

describe('TfidfVectorizer', () =>
  transformerContract({ make: () => new TfidfVectorizer({ ngramRange: [1, 2], sublinearTf: true }), x: products.map((p) => p.designation) }));
describe('ProductTextVectorizer', () => transformerContract({ make: () => new ProductTextVectorizer(), x: products }));
describe('Chi2Selector', () => transformerContract({ make: () => new Chi2Selector({ k: 50 }), x: features, y: labels }));
describe('TruncatedSVD', () => transformerContract({ make: () => new TruncatedSVD({ nComponents: 4, seed: 2 }), x: features }));

