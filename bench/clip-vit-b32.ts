// The benchmarks' CLIP: a random-weight model with openai/clip-vit-base-patch32's exact shapes, built locally once (never committed).

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** bench/out/clip-vit-b-32-random (bench/out is git-ignored). */
export const VIT_B32_DIR = fileURLToPath(new URL('out/clip-vit-b-32-random', import.meta.url));

/**
 * Returns the folder of the random ViT-B/32 CLIP, building it first when missing with
 * test/fixtures/clip/make-tiny-clip.py --arch vit-b-32 (Debian's python3-torch; about 600 MB, a few minutes),
 * its BPE merges learnt from the data's titles and descriptions.
 * @throws Error when the folder is missing and /usr/bin/python3 cannot build it.
 */
export function ensureVitB32(dataDir: string): string {
  if (existsSync(`${VIT_B32_DIR}/onnx/vision_model.onnx`)) return VIT_B32_DIR;
  const script = fileURLToPath(new URL('../test/fixtures/clip/make-tiny-clip.py', import.meta.url));
  process.stderr.write(`building a random-weight ViT-B/32 CLIP in ${VIT_B32_DIR} (once)...\n`);
  execFileSync('/usr/bin/python3', [script, VIT_B32_DIR, '--arch', 'vit-b-32', '--corpus', `${dataDir}/X_train_update.csv`], { stdio: ['ignore', 'ignore', 'inherit'] });
  return VIT_B32_DIR;
}
