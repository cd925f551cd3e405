// Spot checks: a seeded random share of the automatic filings also goes to review, so people measure the precision reached in production.

import { createHash } from 'node:crypto';
import { Rng } from '../core/rng.js';
import type { FilingDecision } from './served-model.js';

/** The share of automatic filings checked when nothing else is set: 1 %. */
export const DEFAULT_SPOT_CHECK_SHARE = 0.01;

/** Decides which automatic filings are spot-checked: each with probability `share`, from a seeded generator. */
export class SpotChecks {
  private readonly rng: Rng;

  /** @throws RangeError for a share outside [0, 1]. */
  constructor(
    readonly share: number,
    readonly seed = 0,
  ) {
    if (!(share >= 0 && share <= 1)) throw new RangeError(`the spot-check share is a fraction between 0 and 1, got ${share}`);
    this.rng = new Rng(seed);
  }

  /** Whether a product filed with `decision` is also sent to review as a spot check (only automatic filings are). */
  pick(decision: FilingDecision): boolean {
    return decision === 'auto' && this.share > 0 && this.rng.next() < this.share;
  }

  /**
   * `pick` for a product with a stable key (a batch's job and row): the draw depends only on the seed and the key, so a
   * batch resumed after a crash, or cut across worker processes, checks the same rows.
   */
  pickKeyed(decision: FilingDecision, key: string): boolean {
    if (decision !== 'auto' || this.share === 0) return false;
    return createHash('sha256').update(`${this.seed}:${key}`).digest().readUInt32BE(0) / 2 ** 32 < this.share;
  }
}
