// Public door of the naive Bayes classifiers.

export { ComplementNB, COMPLEMENT_NB_DEFAULTS, type ComplementNbParams } from './complement-nb.js';
export { MultinomialNB, MULTINOMIAL_NB_DEFAULTS, type MultinomialNbParams } from './multinomial-nb.js';
export type { NaiveBayesParams } from './naive-bayes-base.js';
