// Public door of the models layer.

import './registrations.js';

export * from './product-model.js';
export * from './model-kinds.js';
export * from './model-store.js';
export * from './top-predictions.js';
export { Pipeline, type PipelineStep } from './compose/pipeline.js';
export { TextPipeline } from './compose/text-pipeline.js';
export { TEXT_LINEAR_DEFAULTS } from './text-model-kinds.js';
export * from './linear/index.js';
export * from './naive-bayes/index.js';
export * from './reduce/index.js';
export * from './trees/index.js';
export { LOGREG_DEFAULTS, NAIVE_BAYES_DEFAULTS } from './text-model-kinds.js';
export { GBDT_KIND_DEFAULTS, RANDOM_FOREST_KIND_DEFAULTS, TREE_SELECT_DEFAULTS } from './tree-model-kinds.js';
export * from './clip/index.js';
