// Public door of the taxonomy layer: categories flat or in a tree, read from files, learnt from labels, bundled.

export * from './taxonomy.js';
export { RAKUTEN_TAXONOMY } from './rakuten-taxonomy.js';
export { readTaxonomy } from './read-taxonomy.js';
export { DEFAULT_LABEL_SEPARATOR, labelPath, learnableDepth, learnTaxonomy, MIN_PRODUCTS_PER_CATEGORY, pathId, type LabelPathOptions } from './learn-taxonomy.js';
export { backOff, backOffEach, categoryProbabilities, type BackedOff } from './hierarchy.js';
export { diffTaxonomies, readTaxonomyMapping, type CategoryChange, type ChangeKind, type TaxonomyDiff, type TaxonomyMapping } from './taxonomy-change.js';
export { filedDepth, surestPath, type PathStep } from './depth-filing.js';
