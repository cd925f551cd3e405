// Embeds products with CLIP: cache first, then the missing texts and images in batches (worker threads for large jobs), stored as they come.

import { createHash } from 'node:crypto';
import { silentProgress, type Progress, type ProgressTask } from '../../core/progress.js';
import { threadsFor } from '../../core/worker-script.js';
import { AUGMENT_DEFAULTS, augmentFingerprint, type AugmentOptions } from '../../image/augment.js';
import type { ProductInput } from '../product-model.js';
import { clipModelKey, type ClipSpec } from './clip-spec.js';
import { clipText, DEFAULT_CLIP_TEXT, type ClipTextFields } from './clip-text.js';
import { embedImageBatch, embedTextBatch, type ImageBatchResult, type ImageItem } from './embed-batch.js';
import { EmbedPool } from './embed-pool.js';
import { contentHash, EmbeddingCache, embeddingKey } from './embedding-cache.js';
import { emptyEmbeddings, type ProductEmbeddings } from './embeddings.js';
import { sharedEncoder } from './encoder-registry.js';
import { ImageHashMemo } from './image-hashes.js';

export interface EmbedOptions {
  spec: ClipSpec;
  /** Root folder of the embedding cache, or null to compute everything and store nothing. */
  cacheRoot: string | null;
  /** Augmented views to embed per image, besides the photo itself (training uses them). */
  views?: number;
  augment?: AugmentOptions;
  /** Seed of the augmentation: view k of an image is determined by (seed, image content, k). */
  augmentSeed?: number;
  /** 1: this thread; n > 1: n worker threads; -1: one per core. Small jobs always run in this thread. */
  nJobs?: number;
  /** Texts, or image views, per run of a tower. */
  batchSize?: number;
  /** What the text tower reads (the model's `clip.text`, by default the title). */
  textFields?: ClipTextFields;
  progress?: Progress;
  signal?: AbortSignal;
}

/** A product whose image could not be used: it is embedded from its text alone. */
export interface ImageProblem {
  index: number;
  source: string;
  message: string;
}

export interface EmbedResult {
  embeddings: ProductEmbeddings;
  /** The CLIP model's identity (`clipModelKey`): what the cache is keyed by. */
  modelKey: string;
  problems: ImageProblem[];
  /** Embeddings read from the cache and computed, by modality (image counts include views). */
  counts: { textCached: number; textComputed: number; imageCached: number; imageComputed: number };
}

/** A backend that runs batches: worker threads or this thread. */
interface Runner {
  texts(texts: string[]): Promise<Float32Array>;
  images(items: ImageItem[], augment: AugmentOptions): Promise<ImageBatchResult>;
  parallel: number;
  close(): Promise<void>;
}

const modelKeys = new Map<string, Promise<string>>();

/**
 * Embeddings of every input: text from `clipText` (missing when empty), image from `input.image` (a path or
 * bytes; missing when null, unreadable or undecodable, reported in `problems`, never thrown), and `views`
 * augmented views of each image. Cached embeddings are read, the others computed and appended to the cache
 * batch by batch, so an interrupted run resumes where it stopped.
 * @throws ProdclassError MODEL_NOT_FOUND when the CLIP model cannot be loaded; the abort reason when `signal` aborts.
 */
export async function embedProducts(inputs: readonly ProductInput[], options: EmbedOptions): Promise<EmbedResult> {
  const encoder = await sharedEncoder(options.spec);
  const nViews = options.views ?? 0;
  const augment = options.augment ?? AUGMENT_DEFAULTS;
  const batchSize = options.batchSize ?? 32;
  const progress = options.progress ?? silentProgress;
  const cacheKey = `${options.spec.model}\0${options.spec.dtype}`;
  if (!modelKeys.has(cacheKey)) modelKeys.set(cacheKey, clipModelKey(options.spec));
  const modelKey = await modelKeys.get(cacheKey)!;
  const root = options.cacheRoot;
  const textCache = root ? await EmbeddingCache.open(root, modelKey, 'text', encoder.textDim) : null;
  const imageCache = root ? await EmbeddingCache.open(root, modelKey, 'image', encoder.imageDim) : null;
  const memo = ImageHashMemo.open(root);
  const out = emptyEmbeddings(inputs.length, encoder.textDim, encoder.imageDim, nViews);
  const counts = { textCached: 0, textComputed: 0, imageCached: 0, imageComputed: 0 };
  const problems: ImageProblem[] = [];
  let runner: Runner | undefined;
  const getRunner = (pending: number): Runner => {
    const threads = threadsFor(options.nJobs ?? 1, Math.ceil(pending / batchSize));
    if (!runner && threads > 1 && pending >= 2 * batchSize) {
      const pool = new EmbedPool(options.spec, threads);
      runner = { texts: (t) => pool.texts(t), images: (i, a) => pool.images(i, a), parallel: pool.size, close: () => pool.close() };
    }
    return runner ?? { texts: (t) => embedTextBatch(encoder, t), images: (i, a) => embedImageBatch(encoder, i, a), parallel: 1, close: async () => {} };
  };

  try {
    // Texts.
    const texts = inputs.map((p) => clipText(p, options.textFields ?? DEFAULT_CLIP_TEXT));
    const textKeys = inputs.map((p, i) => embeddingKey(productIdOf(p), contentHash(texts[i])));
    texts.forEach((t, i) => (out.hasText[i] = t ? 1 : 0));
    const textRecords = textCache ? textCache.lookup(textKeys) : new Int32Array(inputs.length).fill(-1);
    await textCache?.read(textRecords, out.text);
    const missingText = groupMissing(textKeys, textRecords, (i) => out.hasText[i] === 1);
    counts.textCached = textRecords.filter((r, i) => r >= 0 && out.hasText[i] === 1).length;
    await withTaskAsync(progress, 'embed texts', inputs.length, async (task) => {
      task.tick(inputs.length - missingText.reduce((s, g) => s + g.rows.length, 0));
      const run = getRunner(missingText.length);
      await inBatches(missingText, batchSize, run.parallel, options.signal, async (batch) => {
        const vectors = await run.texts(batch.map((g) => texts[g.rows[0]]));
        scatter(vectors, batch, out.text, out.textDim);
        await textCache?.append(batch.map((g) => g.key), vectors);
        counts.textComputed += batch.length;
        task.tick(batch.reduce((s, g) => s + g.rows.length, 0));
      });
    });

    // Images, a chunk of products at a time (bytes are read only for what must be computed).
    const withImage = inputs.flatMap((p, i) => (p.image ? [i] : []));
    const viewRecipes = Array.from({ length: nViews }, (_, k) => `aug:${augmentFingerprint(augment)}:${options.augmentSeed ?? 0}:${k + 1}`);
    await withTaskAsync(progress, 'embed images', withImage.length * (1 + nViews), async (task) => {
      const chunk = Math.max(64, batchSize * 8);
      for (let start = 0; start < withImage.length; start += chunk) {
        options.signal?.throwIfAborted();
        const rows = withImage.slice(start, start + chunk);
        const items: { row: number; key: Buffer[]; slots: number[]; item: ImageItem }[] = [];
        const found = Array.from({ length: 1 + nViews }, () => ({ records: [] as number[], rows: [] as number[] }));
        for (const i of rows) {
          const source = inputs[i].image!;
          let hash: string;
          let bytes: Uint8Array | null = null;
          try {
            if (typeof source === 'string') ({ hash, bytes } = await memo.hashOf(source, false));
            else ({ hash, bytes } = { hash: contentHash(source), bytes: source });
          } catch (error) {
            problems.push({ index: i, source: describe(source), message: (error as Error).message });
            task.tick(1 + nViews);
            continue;
          }
          const id = productIdOf(inputs[i]);
          const keys = [embeddingKey(id, hash), ...viewRecipes.map((r) => embeddingKey(id, hash, r))];
          const records = imageCache ? imageCache.lookup(keys) : new Int32Array(keys.length).fill(-1);
          records.forEach((record, slot) => {
            if (record < 0) return;
            found[slot].records.push(record);
            found[slot].rows.push(i);
          });
          const missing = Array.from(records.keys()).filter((s) => records[s] < 0);
          counts.imageCached += keys.length - missing.length;
          task.tick(keys.length - missing.length);
          if (missing.length === 0) {
            out.hasImage[i] = 1;
            continue;
          }
          if (bytes === null && typeof source === 'string') {
            try {
              bytes = (await memo.hashOf(source, true)).bytes;
            } catch (error) {
              problems.push({ index: i, source: describe(source), message: (error as Error).message });
              task.tick(missing.length);
              continue;
            }
          }
          const seeds = missing.map((s) => (s === 0 ? null : viewSeed(options.augmentSeed ?? 0, hash, s)));
          items.push({ row: i, key: missing.map((s) => keys[s]), slots: missing, item: { bytes: bytes!, views: seeds, label: typeof source === 'string' ? source : undefined } });
        }
        const targets = [out.image, ...out.views];
        for (let slot = 0; slot <= nViews; slot++) await imageCache?.read(Int32Array.from(found[slot].records), targets[slot], found[slot].rows);
        const pendingViews = items.reduce((s, it) => s + it.slots.length, 0);
        const run = getRunner(pendingViews + (withImage.length - start - rows.length) * (1 + nViews));
        const batches: (typeof items)[] = [];
        let current: typeof items = [];
        let size = 0;
        for (const it of items) {
          current.push(it);
          size += it.slots.length;
          if (size >= batchSize) {
            batches.push(current);
            current = [];
            size = 0;
          }
        }
        if (current.length) batches.push(current);
        await inBatches(batches, 1, run.parallel, options.signal, async ([batch]) => {
          const result = await run.images(batch.map((b) => b.item), augment);
          const keys: Buffer[] = [];
          const rowsOk: number[] = [];
          let r = 0;
          batch.forEach((b, j) => {
            const error = result.errors[j];
            if (error !== null) {
              problems.push({ index: b.row, source: describe(inputs[b.row].image!), message: error });
            } else {
              b.slots.forEach((slot, t) => {
                const target = slot === 0 ? out.image : out.views[slot - 1];
                target.set(result.vectors.subarray((r + t) * out.imageDim, (r + t + 1) * out.imageDim), b.row * out.imageDim);
                keys.push(b.key[t]);
                rowsOk.push(r + t);
              });
              out.hasImage[b.row] = 1;
            }
            r += b.slots.length;
          });
          const vectors = new Float32Array(rowsOk.length * out.imageDim);
          rowsOk.forEach((row, t) => vectors.set(result.vectors.subarray(row * out.imageDim, (row + 1) * out.imageDim), t * out.imageDim));
          await imageCache?.append(keys, vectors);
          counts.imageComputed += keys.length;
          task.tick(r);
        });
        await memo.flush();
      }
    });
  } finally {
    await runner?.close();
    textCache?.close();
    imageCache?.close();
    await memo.flush();
  }
  return { embeddings: out, modelKey, problems, counts };
}

interface MissingGroup {
  key: Buffer;
  rows: number[];
}

/** Missing keys with every row that wants them (identical products are embedded once). */
function groupMissing(keys: Buffer[], records: Int32Array, wanted: (i: number) => boolean): MissingGroup[] {
  const groups = new Map<string, MissingGroup>();
  keys.forEach((key, i) => {
    if (records[i] >= 0 || !wanted(i)) return;
    const id = key.toString('latin1');
    const g = groups.get(id);
    if (g) g.rows.push(i);
    else groups.set(id, { key, rows: [i] });
  });
  return [...groups.values()];
}

function scatter(vectors: Float32Array, groups: MissingGroup[], target: Float32Array, dim: number): void {
  groups.forEach((g, j) => {
    for (const row of g.rows) target.set(vectors.subarray(j * dim, (j + 1) * dim), row * dim);
  });
}

/**
 * Runs `fn` on consecutive batches, up to `parallel` at a time, in order of submission. After a failure or an
 * abort no batch starts, and the ones running finish (their results stored) before the error is thrown.
 */
async function inBatches<T>(items: T[], size: number, parallel: number, signal: AbortSignal | undefined, fn: (batch: T[]) => Promise<void>): Promise<void> {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (next < batches.length && !failed) {
      if (signal?.aborted) failed = true;
      signal?.throwIfAborted();
      try {
        await fn(batches[next++]);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const outcomes = await Promise.allSettled(Array.from({ length: Math.min(parallel, batches.length) }, lane));
  const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (rejected) throw rejected.reason;
}

async function withTaskAsync(progress: Progress, label: string, total: number, fn: (task: ProgressTask) => Promise<void>): Promise<void> {
  const task = progress.task(label, total);
  try {
    await fn(task);
  } finally {
    task.done();
  }
}

function productIdOf(input: ProductInput): string {
  return String((input as { productid?: unknown }).productid ?? '');
}

function viewSeed(seed: number, hash: string, view: number): number {
  return createHash('sha256').update(`${seed}:${hash}:${view}`).digest().readUInt32LE(0);
}

function describe(source: string | Uint8Array): string {
  return typeof source === 'string' ? source : `uploaded image (${source.length} bytes)`;
}
