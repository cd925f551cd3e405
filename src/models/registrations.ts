// Imports every estimator module for its registration side effect, so any saved model can be loaded.

import '../text/tfidf-vectorizer.js';
import '../text/product-text-vectorizer.js';
import './linear/linear-svc.js';
import './linear/logistic-regression.js';
import './hierarchy/local-classifier-per-parent-node.js';
import './compose/pipeline.js';
import './compose/text-pipeline.js';
import './compose/soft-vote.js';
import './compose/stacking.js';
import './naive-bayes/complement-nb.js';
import './naive-bayes/multinomial-nb.js';
import './reduce/chi2-selector.js';
import './reduce/truncated-svd.js';
import './trees/random-forest.js';
import './trees/gradient-boosting.js';
import './text-model-kinds.js';
import './tree-model-kinds.js';
import './similar/knn-classifier.js';
import './knn-model-kind.js';
import './clip/fusion-head.js';
import './clip/clip-fusion-model.js';
import './clip/multimodal-model.js';
import './clip/clip-model-kinds.js';
