// The evaluation shapes the models summary sends (per-class metrics, precision-coverage): types only, so the web page can read them.

export interface NamedClassMetrics {
  code: number;
  name: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
  predicted: number;
}

export interface CoveragePoint {
  /** Minimum top-class probability for a product to be filed automatically. */
  threshold: number;
  /** Share of products at or above the threshold. */
  coverage: number;
  /** Accuracy of the top class among those products. */
  precision: number;
}

export interface CoverageTarget {
  /** Wanted precision of automatically filed products, e.g. 0.95. */
  precision: number;
  /** Lowest threshold reaching it on the held-out data (so the largest coverage), or null when no threshold does. */
  threshold: number | null;
  /** Share of products filed automatically at that threshold (0 when there is none). */
  coverage: number;
}

/** What `precisionCoverage` returns and model cards store under `extra.precisionCoverage`. */
export interface PrecisionCoverage {
  /** The curve, by decreasing threshold: one point per distinct confidence (thinned to at most `maxPoints`). */
  curve: CoveragePoint[];
  targets: CoverageTarget[];
  n: number;
}
