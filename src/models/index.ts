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
