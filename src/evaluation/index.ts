// Public door of the evaluation layer.

export * from './confusion-matrix.js';
export * from './hierarchical-metrics.js';
export * from './classification-metrics.js';
export * from './probability-metrics.js';
export * from './evaluation-report.js';
export * from './precision-coverage.js';
export * from './hierarchical-coverage.js';
export * from './automation.js';
export * from './depth-thresholds.js';
