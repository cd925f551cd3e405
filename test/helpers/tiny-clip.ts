// The committed tiny CLIP model for tests, with downloads off and the embedding cache in a temporary folder.

import { fileURLToPath } from 'node:url';
import { tempDir } from './tmp.js';

/** Absolute path of test/fixtures/clip/tiny-clip (made by make-tiny-clip.py). */
export const TINY_CLIP = fileURLToPath(new URL('../fixtures/clip/tiny-clip', import.meta.url));

/** Switches transformers.js to local files only and points the embedding cache at a fresh temporary folder; returns that folder. */
export function useTinyClipOffline(): string {
  process.env.PRODCLASS_OFFLINE = '1';
  delete process.env.PRODCLASS_CLIP_MODEL;
  const cache = tempDir('prodclass-cache-');
  process.env.PRODCLASS_CACHE = cache;
  return cache;
}
