// Public door of the analysis layer: the dataset analysis (cached per data folder) and the models summary, with the JSON types pages consume.

export { ANALYSIS_VERSION, analyzeDataset, type AnalyzeOptions, type DatasetInput } from './dataset-analysis.js';
export { DEFAULT_ANALYSIS_CACHE, analyzeFolder, type FolderAnalysis, type FolderAnalysisOptions } from './analysis-cache.js';
export type * from './dataset-analysis-types.js';
export type { DuplicateOptions } from './duplicates.js';
export type { ImageAnalysisOptions } from './image-summary.js';
export type { TopTermOptions } from './top-terms.js';
export type * from './models-summary-types.js';
export { readTuneLog } from './tune-history.js';
export { MODELS_SUMMARY_VERSION, findModelDirs, summarizeModels, type SummarizeModelsOptions } from './models-summary.js';
