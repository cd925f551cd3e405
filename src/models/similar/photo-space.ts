// The photo side of a similarity index: CLIP image embeddings of the catalog's photos in their own HNSW graph, searched by a photo or, across modalities, by words.

import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProdclassError } from '../../core/errors.js';
import type { ClipSpec } from '../clip/clip-spec.js';
import { embedProducts } from '../clip/embed-products.js';
import { normalize } from './sparse-projection.js';
import { VectorIndex, type VectorHits } from './vector-index.js';

const GRAPH_FILE = 'image.hnsw';
const META_FILE = 'photos.json';

interface PhotoMeta {
  spec: ClipSpec;
  dims: number;
  /** Labels (catalog positions) that have a photo vector. */
  labels: number[];
}

/** Photo vectors by catalog label, and the CLIP model that made them (queries must use the same). */
export class PhotoSpace {
  private constructor(
    readonly spec: ClipSpec,
    readonly dims: number,
    private readonly graph: VectorIndex,
    private readonly labels: Set<number>,
  ) {}

  /**
   * Embeds the photos (paths; null for none) of the products at `labels` with CLIP; unreadable photos are skipped.
   * @throws ProdclassError MODEL_NOT_FOUND when the CLIP model cannot be loaded.
   */
  static async build(photos: readonly { label: number; path: string }[], spec: ClipSpec, cacheRoot: string | null, seed: number): Promise<PhotoSpace> {
    const result = await embedProducts(
      photos.map((p) => ({ designation: '', description: '', image: p.path })),
      { spec, cacheRoot, nJobs: 1 },
    );
    const e = result.embeddings;
    const graph = VectorIndex.create(e.imageDim, photos.length, { seed });
    const labels = new Set<number>();
    photos.forEach((p, i) => {
      if (!e.hasImage[i]) return;
      const v = Float32Array.from(e.image.subarray(i * e.imageDim, (i + 1) * e.imageDim));
      normalize(v, 0, v.length);
      graph.add(p.label, v);
      labels.add(p.label);
    });
    return new PhotoSpace(spec, e.imageDim, graph, labels);
  }

  /** Products with a photo vector. */
  get size(): number {
    return this.labels.size;
  }

  has(label: number): boolean {
    return this.labels.has(label);
  }

  vectorOf(label: number): Float32Array {
    return this.graph.vectorOf(label);
  }

  remove(label: number): void {
    if (!this.labels.delete(label)) return;
    this.graph.remove(label);
  }

  search(vector: Float32Array, k: number, filter?: (label: number) => boolean): VectorHits {
    return this.graph.search(vector, k, filter);
  }

  /**
   * The unit CLIP vector of a query: a photo (path or bytes) in the photos' own space, or words in CLIP's shared
   * text-image space (cross-modal search).
   * @throws ProdclassError IMAGE_INVALID for a photo that does not decode; INVALID_INPUT for empty words.
   */
  async queryVector(query: { image: string | Uint8Array } | { words: string }): Promise<Float32Array> {
    const input = 'image' in query ? { designation: '', description: '', image: query.image } : { designation: query.words, description: '', image: null };
    const { embeddings: e, problems } = await embedProducts([input], { spec: this.spec, cacheRoot: null, nJobs: 1 });
    let v: Float32Array;
    if ('image' in query) {
      if (!e.hasImage[0]) throw new ProdclassError('IMAGE_INVALID', `the photo cannot be used: ${problems[0]?.message ?? 'it does not decode'}`);
      v = Float32Array.from(e.image.subarray(0, e.imageDim));
    } else {
      if (!e.hasText[0]) throw new ProdclassError('INVALID_INPUT', 'give words to search the photos with');
      if (e.textDim !== this.dims) throw new ProdclassError('CONFLICT', `this CLIP model's text (${e.textDim}) and image (${this.dims}) vectors cannot be compared`);
      v = Float32Array.from(e.text.subarray(0, e.textDim));
    }
    normalize(v, 0, v.length);
    return v;
  }

  async save(dir: string): Promise<void> {
    const meta: PhotoMeta = { spec: this.spec, dims: this.dims, labels: [...this.labels] };
    await writeFile(join(dir, META_FILE), JSON.stringify(meta));
    await this.graph.save(join(dir, GRAPH_FILE));
  }

  /** The photo space saved in `dir`, or null when the index was built without photos. @throws ProdclassError MODEL_CORRUPT. */
  static async load(dir: string): Promise<PhotoSpace | null> {
    if (!existsSync(join(dir, META_FILE))) return null;
    let meta: PhotoMeta;
    try {
      meta = JSON.parse(await readFile(join(dir, META_FILE), 'utf8')) as PhotoMeta;
    } catch (cause) {
      throw new ProdclassError('MODEL_CORRUPT', `${join(dir, META_FILE)} is unreadable: rebuild the index`, { cause });
    }
    const graph = await VectorIndex.load(join(dir, GRAPH_FILE), meta.dims);
    return new PhotoSpace(meta.spec, meta.dims, graph, new Set(meta.labels));
  }
}
