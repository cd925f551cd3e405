// The priority of work a server does beside answering requests (retraining, reading model folders): below its own threads'.

import { setPriority } from 'node:os';

/**
 * The niceness background work runs at. The kernel then gives the threads answering requests the CPU first, and the
 * background work what they leave: a retraining or a model switch lengthens under load instead of stalling predictions.
 */
export const BACKGROUND_NICENESS = 10;

/**
 * Moves process `pid`, or with 0 the calling thread (Linux keeps a niceness per thread), to BACKGROUND_NICENESS.
 * Returns false where that is not permitted (some containers): the work then runs at the server's priority.
 */
export function runInBackground(pid = 0): boolean {
  try {
    setPriority(pid, BACKGROUND_NICENESS);
    return true;
  } catch {
    return false;
  }
}
