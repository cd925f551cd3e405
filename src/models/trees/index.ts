// Public door of the tree models: random forest and gradient boosting, with their binning and tree storage.

export { RandomForestClassifier, RANDOM_FOREST_DEFAULTS, resolveMaxFeatures, type RandomForestParams } from './random-forest.js';
export { GradientBoostingClassifier, GRADIENT_BOOSTING_DEFAULTS, type GradientBoostingParams } from './gradient-boosting.js';
export { BinMapper, type BinnedMatrix, type BinnedRows, type TreeInput } from './binning.js';
export { TreeEnsemble } from './tree-ensemble.js';
export type { TreeArrays } from './tree.js';
export type { Criterion } from './split-criteria.js';
