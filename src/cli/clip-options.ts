// CLI plumbing shared by the commands that may run CLIP: where the model is, and telling the user about unusable images.

import { ProdclassError } from '../core/errors.js';
import { CLIP_DTYPES, CLIP_MODEL_ENV, DEFAULT_CLIP_MODEL, type ClipDtype } from '../models/clip/clip-spec.js';
import { onImageProblems } from '../models/clip/image-problems.js';

export const CLIP_MODEL_HELP = `CLIP model: Hugging Face id or local folder (default $${CLIP_MODEL_ENV}, else ${DEFAULT_CLIP_MODEL})`;

export function clipDtypeOption(value: string): ClipDtype {
  if (!(CLIP_DTYPES as readonly string[]).includes(value)) {
    throw new ProdclassError('INVALID_PARAM', `--clip-dtype must be one of ${CLIP_DTYPES.join(', ')}, got "${value}"`);
  }
  return value as ClipDtype;
}

/** For commands that load a saved model: look for its CLIP model at `location` instead of where it was recorded. */
export function overrideClipLocation(location: string | undefined): void {
  if (location) process.env[CLIP_MODEL_ENV] = location;
}

/** Prints, for each embedding run, how many images were unusable and the first few reasons (those products use their text). */
export function warnAboutImageProblems(stream: NodeJS.WritableStream = process.stderr, shown = 5): () => void {
  return onImageProblems((problems) => {
    stream.write(`warning: ${problems.length} image(s) could not be used; those products are classified from their text:\n`);
    for (const p of problems.slice(0, shown)) stream.write(`  ${p.message}\n`);
    if (problems.length > shown) stream.write(`  ... and ${problems.length - shown} more\n`);
  });
}
