// Imports every estimator module for its registration side effect, so any saved model can be loaded.

import '../text/tfidf-vectorizer.js';
import '../text/product-text-vectorizer.js';
import './linear/linear-svc.js';
import './linear/logistic-regression.js';
import './compose/pipeline.js';
import './compose/text-pipeline.js';
import './text-model-kinds.js';
