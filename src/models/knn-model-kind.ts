// The knn model kind: word TF-IDF of title and text, the categories of the nearest catalog products (distance-weighted).

import { ProductTextVectorizer, type ProductTextParams } from '../text/product-text-vectorizer.js';
import { TextPipeline } from './compose/text-pipeline.js';
import { registerModelKind, stepParams } from './model-kinds.js';
import { KNeighborsClassifier, type KnnParams } from './similar/knn-classifier.js';
import { SIMILAR_TEXT_FEATURES } from './similar/text-embedder.js';

registerModelKind({
  name: 'knn',
  description: 'word TF-IDF in LSA components, the categories of the 10 nearest products weighted by closeness (the similarity index as a classifier)',
  modalities: ['text'],
  searchSpace: { 'classifier.nNeighbors': { type: 'int', low: 3, high: 50, log: true } },
  create: ({ seed, params }) =>
    new TextPipeline(
      new ProductTextVectorizer({ ...SIMILAR_TEXT_FEATURES, ...(stepParams(params, 'features') as Partial<ProductTextParams>) }),
      new KNeighborsClassifier({ seed, ...(stepParams(params, 'classifier') as Partial<KnnParams>) }),
    ),
});
