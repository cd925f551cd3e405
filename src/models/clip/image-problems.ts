// Where images that could not be used are reported: a product falls back to its text, and whoever listens is told why.

import type { ImageProblem } from './embed-products.js';

export type ImageProblemListener = (problems: readonly ImageProblem[]) => void;

const listeners = new Set<ImageProblemListener>();

/** Calls `listener` with the unusable images of every embedding run; returns the function that unsubscribes. */
export function onImageProblems(listener: ImageProblemListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tells every listener (nothing happens without one: library callers are not spammed). */
export function reportImageProblems(problems: readonly ImageProblem[]): void {
  if (problems.length === 0) return;
  for (const listener of listeners) listener(problems);
}
