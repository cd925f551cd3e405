// prodclass as a library: the one public door.

export * from './core/errors.js';
export type { Classifier, Transformer, Estimator, EstimatorState, FitOptions, Labels } from './core/estimator.js';
export { CsrMatrix } from './core/csr-matrix.js';
export { DenseMatrix } from './core/dense-matrix.js';
export { Rng } from './core/rng.js';
export { newModelCard, type ModelCard } from './core/model-card.js';
export type { Progress, ProgressTask } from './core/progress.js';
export * from './taxonomy/index.js';
export * from './data/index.js';
export * from './text/index.js';
export * from './image/index.js';
export * from './models/index.js';
export * from './evaluation/index.js';
export * from './training/train-model.js';
export { auditCatalog, DEFAULT_AUDIT_KINDS, defaultAuditKinds, MANY_CATEGORIES_AUDIT_KINDS, type AuditReport, type AuditRequest, type AuditSuspect, type AuditNoise } from './workflows/audit/label-audit.js';
export { auditCsv, auditJson, type AuditJson } from './workflows/audit/audit-output.js';
export * from './analysis/index.js';
export * from './report/index.js';
export { buildApp, type AppOptions } from './serving/app.js';
