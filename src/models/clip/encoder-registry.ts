// One in-process CLIP encoder per model and dtype, shared by every model of the process (a server holds the towers once).

import { CLIP_THREADS_ENV, normalizeClipModel, type ClipSpec } from './clip-spec.js';
import { ClipEncoder } from './encoder.js';

const encoders = new Map<string, Promise<ClipEncoder>>();

/**
 * The process's encoder for `spec`, loaded on first use (configuration only; each tower on its first batch), with
 * $PRODCLASS_CLIP_THREADS ONNX Runtime threads per tower when set (on a machine shared with other work, 1 avoids
 * threads spinning against each other), else one per core.
 * A failed load is forgotten, so a later call retries (after the user fixed the location, say).
 * @throws ProdclassError MODEL_NOT_FOUND / MODEL_CORRUPT as ClipEncoder.load.
 */
export function sharedEncoder(spec: ClipSpec): Promise<ClipEncoder> {
  const key = `${normalizeClipModel(spec.model)}\0${spec.dtype}`;
  let encoder = encoders.get(key);
  if (!encoder) {
    const threads = Number(process.env[CLIP_THREADS_ENV]);
    encoder = ClipEncoder.load(spec, Number.isInteger(threads) && threads > 0 ? { threads } : {});
    encoders.set(key, encoder);
    encoder.catch(() => encoders.delete(key));
  }
  return encoder;
}

/** Releases every shared encoder (tests, and servers shutting down). */
export async function releaseSharedEncoders(): Promise<void> {
  const all = [...encoders.values()];
  encoders.clear();
  await Promise.all(all.map((e) => e.then((encoder) => encoder.dispose()).catch(() => undefined)));
}
