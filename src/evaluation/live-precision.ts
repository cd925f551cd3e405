// The precision measured in production on reviewed spot checks, with its interval, beside the precision promised.

import { wilsonInterval } from './wilson-interval.js';

/** One model's spot checks: made, reviewed by a person, and confirmed right by that review. */
export interface SpotCheckCounts {
  modelId: string;
  checks: number;
  reviewed: number;
  correct: number;
}

/** The precision measured on one model's reviewed spot checks, beside the one it promised. */
export interface LivePrecision extends SpotCheckCounts {
  /** correct / reviewed; null before the first review. */
  precision: number | null;
  /** Its 95 % Wilson interval; null before the first review. */
  interval: [number, number] | null;
  /** The precision the automatic filings were promised (the review threshold's target). */
  promised: number;
}

/** What one model's spot-check counts say of the precision reached in production. */
export function livePrecision(counts: SpotCheckCounts, promised: number): LivePrecision {
  const measured = counts.reviewed > 0;
  return {
    ...counts,
    precision: measured ? counts.correct / counts.reviewed : null,
    interval: measured ? wilsonInterval(counts.correct, counts.reviewed) : null,
    promised,
  };
}
