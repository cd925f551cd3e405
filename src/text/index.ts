// The text layer's public pieces: cleaning, languages, tokenising, stop words and TF-IDF vectorisers.

export { cleanText, DEFAULT_CLEAN_OPTIONS, type CleanOptions } from './clean.js';
export { decodeEntities, htmlToText, stripTags } from './html.js';
export { cp1252Byte, repairMojibake, type MojibakeOptions } from './mojibake.js';
export { foldAccents, foldChar } from './fold.js';
export { duplicateKey } from './duplicate-key.js';
export {
  DETECTED_LANGUAGES,
  LanguageDetector,
  LanguageVotes,
  TEXT_LANGUAGES,
  type TextLanguage,
} from './language-detector.js';
// DetectedLanguage reaches the library's door through the analysis types, which spell out the same union.
export { countCatalogLanguages, detectCatalogLanguages, type CatalogLanguageCounts, type CatalogLanguageOptions } from './catalog-languages.js';
export { splitElisions } from './elisions.js';
export { STOP_WORD_LANGUAGES, stopWordList, stopWordSet, type StopWordLanguage, type StopWordVariant } from './stop-words.js';
export { charNgrams, charWbNgrams, wordNgrams, wordTokens, type NgramRange, type WordTokenOptions } from './tokenize.js';
export { inverseDocumentFrequency, weighRow, type TfidfWeighting } from './tfidf-weighting.js';
export { TFIDF_DEFAULTS, TfidfVectorizer, type TfidfParams } from './tfidf-vectorizer.js';
export {
  PRODUCT_TEXT_DEFAULTS,
  ProductTextVectorizer,
  type LanguageParam,
  type ProductField,
  type ProductTextParams,
  type TextBlock,
} from './product-text-vectorizer.js';
