// Every estimator of prodclass passes the same contract.

import { describe } from 'vitest';
import '../../src/models/registrations.js';
import { modelKind } from '../../src/models/model-kinds.js';
import { LinearSVC } from '../../src/models/linear/linear-svc.js';
import { LogisticRegression } from '../../src/models/linear/logistic-regression.js';
import { ProductTextVectorizer } from '../../src/text/product-text-vectorizer.js';
import { TfidfVectorizer } from '../../src/text/tfidf-vectorizer.js';
import { syntheticProducts } from '../helpers/synthetic-text.js';
import { classifierContract, transformerContract } from './estimator-contract.js';

const { products, labels } = syntheticProducts(15, 3);
const features = await new ProductTextVectorizer().fitTransform(products);
const narrow = features.selectColumns(Int32Array.from({ length: 10 }, (_, i) => i));

describe('LinearSVC', () => classifierContract({ make: () => new LinearSVC({ seed: 1 }), x: features, y: labels, wrongWidth: narrow }));
describe('LinearSVC without calibration', () =>
  classifierContract({ make: () => new LinearSVC({ seed: 1, calibration: 'none' }), x: features, y: labels, wrongWidth: narrow }));
describe('LogisticRegression', () => classifierContract({ make: () => new LogisticRegression({ C: 10 }), x: features, y: labels, wrongWidth: narrow }));
describe('text-linear (TextPipeline)', () => classifierContract({ make: () => modelKind('text-linear').create({ seed: 1 }), x: products, y: labels }));
describe('logreg (TextPipeline)', () => classifierContract({ make: () => modelKind('logreg').create({ seed: 1 }), x: products, y: labels }));

describe('TfidfVectorizer', () =>
  transformerContract({ make: () => new TfidfVectorizer({ ngramRange: [1, 2], sublinearTf: true }), x: products.map((p) => p.designation) }));
describe('ProductTextVectorizer', () => transformerContract({ make: () => new ProductTextVectorizer(), x: products }));

