// On-disk store of embeddings (binary Float32), keyed by model, product and content hash: append-only, resumable, shared by runs.

import { createHash } from 'node:crypto';
import { existsSync, openSync, closeSync, writeSync, readFileSync, unlinkSync, statSync, truncateSync, mkdirSync, writeFileSync } from 'node:fs';
import { appendFile, open } from 'node:fs/promises';
import { join } from 'node:path';
import { ProdclassError } from '../../core/errors.js';

const KEY_BYTES = 16;
const FORMAT = 1;

/** Which tower an embedding comes from. */
export type Modality = 'text' | 'image';

/**
 * The cache key of one embedding: the first 16 bytes of SHA-256 over the product id, the SHA-256 of the content
 * the tower read (the cleaned text, or the image file's bytes) and, for augmented image views, the view's
 * recipe. The model is not part of the key: each model has its own folder.
 */
export function embeddingKey(productId: string, contentHash: string, view = ''): Buffer {
  return createHash('sha256').update(`${productId}\0${contentHash}\0${view}`).digest().subarray(0, KEY_BYTES);
}

/** SHA-256 of a text or of bytes, hex. */
export function contentHash(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * One model's embeddings of one modality, in `<root>/embeddings/<model key>/<modality>.{keys,f32}`: record r is
 * key r (16 bytes) and vector r (dim float32s, little-endian). Appends write the vectors first and the keys
 * second, so an interrupted run leaves at worst a tail that the next `open` truncates: every batch written
 * before an interrupt is kept, and the run resumes from there. One process writes at a time (a lock file
 * holds its pid); a second one reads and computes what is missing without storing it.
 */
export class EmbeddingCache {
  private readonly index = new Map<string, number>();
  private count = 0;

  private constructor(
    readonly dir: string,
    readonly modality: Modality,
    readonly dim: number,
    readonly writable: boolean,
  ) {}

  /**
   * Opens (creating if needed) the store of `modelKey`'s `modality` embeddings under `root`.
   * @throws ProdclassError INVALID_INPUT when the folder holds embeddings of another dimension (a different model under the same key).
   */
  static async open(root: string, modelKey: string, modality: Modality, dim: number): Promise<EmbeddingCache> {
    const dir = join(root, 'embeddings', folderName(modelKey));
    mkdirSync(dir, { recursive: true });
    const metaPath = join(dir, `${modality}.json`);
    if (existsSync(metaPath)) {
      const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as { dim: number };
      if (meta.dim !== dim) {
        throw new ProdclassError('INVALID_INPUT', `embedding cache ${dir} holds ${modality} embeddings of dimension ${meta.dim}, the model gives ${dim}; delete the folder`);
      }
    } else {
      writeFileSync(metaPath, `${JSON.stringify({ format: FORMAT, modelKey, modality, dim }, null, 2)}\n`);
    }
    const writable = takeLock(join(dir, `${modality}.lock`));
    const cache = new EmbeddingCache(dir, modality, dim, writable);
    cache.load();
    return cache;
  }

  get size(): number {
    return this.count;
  }

  private get keysPath(): string {
    return join(this.dir, `${this.modality}.keys`);
  }

  private get vectorsPath(): string {
    return join(this.dir, `${this.modality}.f32`);
  }

  private load(): void {
    const keyBytes = existsSync(this.keysPath) ? statSync(this.keysPath).size : 0;
    const vectorBytes = existsSync(this.vectorsPath) ? statSync(this.vectorsPath).size : 0;
    const records = Math.min(Math.floor(keyBytes / KEY_BYTES), Math.floor(vectorBytes / (this.dim * 4)));
    if (this.writable) {
      // Drop the tail of an interrupted append.
      if (keyBytes !== records * KEY_BYTES) truncateSync(this.keysPath, records * KEY_BYTES);
      if (vectorBytes !== records * this.dim * 4) truncateSync(this.vectorsPath, records * this.dim * 4);
    }
    if (records === 0) return;
    const keys = readFileSync(this.keysPath).subarray(0, records * KEY_BYTES);
    for (let r = 0; r < records; r++) this.index.set(keys.toString('latin1', r * KEY_BYTES, (r + 1) * KEY_BYTES), r);
    this.count = records;
  }

  /** Record number of each key, or -1 when absent. */
  lookup(keys: readonly Buffer[]): Int32Array {
    return Int32Array.from(keys, (k) => this.index.get(k.toString('latin1')) ?? -1);
  }

  /**
   * Reads the given records into `out` (row j of out <- record records[j]; rows whose record is -1 are left as
   * they are), coalescing neighbouring records into one read.
   */
  async read(records: Int32Array, out: Float32Array, outRows: ArrayLike<number> = Int32Array.from(records.keys())): Promise<void> {
    const order = Array.from(records.keys()).filter((j) => records[j] >= 0).sort((a, b) => records[a] - records[b]);
    if (order.length === 0) return;
    const rowBytes = this.dim * 4;
    const handle = await open(this.vectorsPath, 'r');
    try {
      let start = 0;
      while (start < order.length) {
        let end = start + 1;
        while (end < order.length && records[order[end]] === records[order[end - 1]] + 1 && end - start < 4096) end++;
        const first = records[order[start]];
        const buffer = Buffer.alloc((end - start) * rowBytes);
        await handle.read(buffer, 0, buffer.length, first * rowBytes);
        const values = new Float32Array(buffer.buffer, buffer.byteOffset, buffer.length / 4);
        for (let t = start; t < end; t++) {
          const row = outRows[order[t]];
          out.set(values.subarray((t - start) * this.dim, (t - start + 1) * this.dim), row * this.dim);
        }
        start = end;
      }
    } finally {
      await handle.close();
    }
  }

  /** Appends records (no-op for a read-only cache, and for keys already stored). */
  async append(keys: readonly Buffer[], vectors: Float32Array): Promise<void> {
    if (!this.writable || keys.length === 0) return;
    if (vectors.length !== keys.length * this.dim) {
      throw new ProdclassError('INTERNAL', `embedding cache: ${keys.length} keys but ${vectors.length / this.dim} vectors`);
    }
    const fresh: number[] = [];
    const seen = new Set<string>();
    keys.forEach((k, j) => {
      const id = k.toString('latin1');
      if (!this.index.has(id) && !seen.has(id)) {
        seen.add(id);
        fresh.push(j);
      }
    });
    if (fresh.length === 0) return;
    const rows = new Float32Array(fresh.length * this.dim);
    fresh.forEach((j, t) => rows.set(vectors.subarray(j * this.dim, (j + 1) * this.dim), t * this.dim));
    await appendFile(this.vectorsPath, new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength));
    await appendFile(this.keysPath, Buffer.concat(fresh.map((j) => keys[j])));
    for (const j of fresh) this.index.set(keys[j].toString('latin1'), this.count++);
  }

  /** Releases the write lock. */
  close(): void {
    if (this.writable) releaseLock(join(this.dir, `${this.modality}.lock`));
  }
}

function folderName(modelKey: string): string {
  const readable = modelKey.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
  return `${readable}-${createHash('sha256').update(modelKey).digest('hex').slice(0, 8)}`;
}

/** Takes the lock file for this process; false when a live process holds it. */
function takeLock(path: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldLocks.add(path);
      return true;
    } catch {
      const holder = Number(readFileSafe(path));
      if (holder === process.pid && heldLocks.has(path)) return false; // another cache object of this process writes
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) return false;
      try {
        unlinkSync(path); // stale: its process is gone
      } catch {
        return false;
      }
    }
  }
  return false;
}

const heldLocks = new Set<string>();

function releaseLock(path: string): void {
  if (!heldLocks.delete(path)) return;
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

process.once('exit', () => {
  for (const path of heldLocks) {
    try {
      unlinkSync(path);
    } catch {
      // nothing to do
    }
  }
});
