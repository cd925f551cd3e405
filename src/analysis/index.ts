// Public door of the analysis layer: the dataset analysis (cached per data folder) and the models summary, with the JSON types pages consume.

export { ANALYSIS_VERSION, analyzeDataset, type AnalyzeOptions, type DatasetAnalysis, type DatasetInput } from './dataset-analysis.js';
export { DEFAULT_ANALYSIS_CACHE, analyzeFolder, type FolderAnalysis, type FolderAnalysisOptions } from './analysis-cache.js';
export type { CategoryCount } from './category-counts.js';
export type { CategorySamples, SampleProduct } from './category-samples.js';
export type { ConflictPair, DuplicateAnalysis, DuplicateGroup, DuplicateOptions, DuplicateProduct } from './duplicates.js';
export type { DistributionSummary, Histogram } from './histogram.js';
export type { ImageAnalysis, ImageAnalysisOptions, ValueDistribution } from './image-summary.js';
export { DETECTED_LANGUAGES, LanguageDetector, type DetectedLanguage } from './language-detector.js';
export type { LanguageCount, LanguageMix } from './language-mix.js';
export type { FieldLengths, LengthDistribution } from './text-lengths.js';
export type { CategoryTerms, TermScore, TopTermOptions } from './top-terms.js';
export type { Confusion, Misclassification } from './model-confusions.js';
export type { PredictLatency } from './model-latency.js';
export type { CurveSeries, TrainingCurves } from './training-curves.js';
export { readTuneLog, type TuneHistory, type TuneTrial } from './tune-history.js';
export {
  MODELS_SUMMARY_VERSION,
  findModelDirs,
  summarizeModels,
  type ModelComparisonRow,
  type ModelMetrics,
  type ModelSummary,
  type ModelsSummary,
  type SummarizeModelsOptions,
} from './models-summary.js';
