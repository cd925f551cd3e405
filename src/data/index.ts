// Public door of the data layer: product records, catalog tables, catalogs (the challenge folder and any catalog file), splits and demo data.

export * from './product.js';
export type { Catalog, CatalogReading } from './catalog.js';
export { loadCatalog, readAsRecorded, CATALOG_EXTENSIONS, type LoadCatalogOptions } from './load-catalog.js';
export { loadCatalogFile, type CatalogFileOptions } from './catalog-file.js';
export { catalogImageIndex, DEFAULT_IMAGE_CACHE } from './catalog-images.js';
export * from './splits.js';
export * from './table/index.js';
export type { ChallengeFileKind, ChallengeRecord, CsvRow, LabelRow, RowResult } from './challenge-schema.js';
export { MAX_RECORD_CHARS, parseChallengeCsv, readChallengeCsv, streamChallengeCsv, type ParseOptions } from './challenge-csv.js';
export { CHALLENGE_FILES, loadChallengeFolder, type ChallengeFolder, type LoadChallengeOptions } from './challenge-folder.js';
export { IMAGE_FOLDERS, buildImageIndex, imageFileName, type ImageIndex, type ImageKey, type ImageSplit } from './image-index.js';
export { dataFingerprint } from './fingerprint.js';
export { formatCsvField, formatCsvRow } from './csv-format.js';
export {
  DEMO_MARKER,
  generateDemoProducts,
  isDemoCatalog,
  writeDemoCatalog,
  type DemoCatalogOptions,
  type DemoCatalogSummary,
} from './demo-catalog.js';
export { fetchCatalogPhotos, fetchRemoteImages, isPrivateAddress, type FetchImagesOptions, type FetchImagesReport } from './remote-images.js';
