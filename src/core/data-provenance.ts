// What a model card records about the data a model was trained on (a type only, so the web page can read it too).

export interface DataProvenance {
  /** Where the training data came from (a folder path, or "demo catalog"). */
  source: string;
  /** SHA-256 over the training rows (index, text, ids, label) in order. */
  fingerprint: string;
  nTrain: number;
  nValidation: number;
  classes: number[];
  /**
   * How the validation rows were drawn: `stratifiedSplit(labels, validationFraction, seed)` over the whole set; with
   * `folds`, out-of-fold over `groupedStratifiedKFold(labels, productGroups(products), folds, seed)`, every row
   * validated once and the saved model fitted on all of them (validationFraction 0).
   */
  split: { validationFraction: number; seed: number; folds?: number };
  /** In words, how the validation figures were obtained (absent in cards written before out-of-fold validation). */
  validation?: string;
  /** The taxonomy saved beside the model (absent in cards written before taxonomies: Rakuten's 27 codes). */
  taxonomy?: { name: string; categories: number; maxDepth: number };
  /** How the catalog file was read (label column, path separator and depth, columns per role), so new data is read the same way. */
  reading?: { column: string | null; separator?: string; depth?: number; columns?: Partial<Record<string, string[]>> };
}
