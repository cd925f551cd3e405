// Public door of the feature reducers that sit between text features and a classifier.

export { Chi2Selector, CHI2_SELECTOR_DEFAULTS, chi2Scores, type Chi2SelectorParams } from './chi2-selector.js';
export { TruncatedSVD, TRUNCATED_SVD_DEFAULTS, type TruncatedSvdParams } from './truncated-svd.js';
