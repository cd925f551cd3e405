// The similarity index of a catalog: its products' text vectors in an HNSW graph, their ids, titles and categories; built, updated, searched, saved.

import { ProdclassError } from '../../core/errors.js';
import { silentProgress, type Progress, type ProgressTask } from '../../core/progress.js';
import { productId, type Product, type ProductText } from '../../data/product.js';
import type { ClipSpec } from '../clip/clip-spec.js';
import { AppliedChanges, type FiledChange, type IndexChange } from './index-changes.js';
import { readIndexFolder, writeIndexFolder } from './index-folder.js';
import { PhotoSpace } from './photo-space.js';
import { TextEmbedder, type TextEmbedderParams } from './text-embedder.js';
import { VectorIndex, type VectorIndexParams } from './vector-index.js';

/**
 * Products vectorised at once while indexing: a million products' sparse features at once would hold about a gigabyte
 * beside the graph; chunks keep that a hundredth and change no vector.
 */
const EMBED_CHUNK = 10_000;

/** The folder of the index built with a model: inside the model folder. */
export const SIMILAR_INDEX_DIR = 'similar';

/** A catalog product as the index keeps it: enough to show it as a neighbour. */
export interface IndexedProduct {
  id: string;
  title: string;
  /** Taxonomy key of its category; null for a product not filed yet. */
  category: number | null;
  /** Its photo (a path or a URL) as the catalog gave it; null without one. */
  image: string | null;
}

/** One neighbour found. */
export interface SimilarHit extends IndexedProduct {
  /** Cosine similarity of the text vectors, in [-1, 1]. */
  similarity: number;
}

export interface SearchOptions {
  /** Only products filed under this category. */
  category?: number;
}

/** Which vectors rank neighbours: text, photo, or `weight` x text + (1 - weight) x photo similarity. */
export type SimilarityBasis = 'text' | 'image' | 'both';

/** A product to add or update: its text, id and category. */
export interface CatalogEntry {
  product: Product;
  category: number | null;
  image?: string | null;
}

/** Products by label (their position; a removed one leaves null so labels stay stable), with the text graph. */
export class SimilarIndex {
  private readonly labelOf = new Map<string, number>();
  /** Which changes of the log are applied. */
  private readonly applied = new AppliedChanges();
  /** Changes applied since the index was last saved or loaded. */
  private changedSinceSave = 0;
  /** Changes a format-1 folder logged beside its files, applied on load; see takeLegacyChanges. */
  private legacy: FiledChange[] = [];

  private constructor(
    private readonly embedder: TextEmbedder,
    private readonly graph: VectorIndex,
    private readonly products: (IndexedProduct | null)[],
    private readonly graphParams: Partial<VectorIndexParams>,
    private photos: PhotoSpace | null = null,
  ) {
    products.forEach((p, label) => {
      if (p) this.labelOf.set(p.id, label);
    });
  }

  /**
   * Fits the text embedder on the catalog and indexes every product.
   * @throws ProdclassError DATA_TOO_SMALL for fewer than 3 products; INVALID_INPUT when two products share an id.
   */
  static async build(
    entries: readonly CatalogEntry[],
    options: {
      embedder?: Partial<TextEmbedderParams>;
      graph?: Partial<VectorIndexParams>;
      photos?: { spec: ClipSpec; cacheRoot: string | null };
      /** Ticks once per product indexed (the vocabulary and SVD fit comes first, unticked). */
      progress?: Progress;
    } = {},
  ): Promise<SimilarIndex> {
    if (entries.length < 3) throw new ProdclassError('DATA_TOO_SMALL', `a similarity index needs at least 3 products, got ${entries.length}`);
    const embedder = await TextEmbedder.fit(
      entries.map((e) => e.product),
      options.embedder,
    );
    const index = new SimilarIndex(embedder, VectorIndex.create(embedder.dims, entries.length, options.graph), [], options.graph ?? {});
    const task = (options.progress ?? silentProgress).task('index products', entries.length);
    try {
      index.upsert(entries, task);
    } finally {
      task.done();
    }
    if (options.photos) {
      const photos = index.products.flatMap((p, label) => (p?.image && !/^https?:/i.test(p.image) ? [{ label, path: p.image }] : []));
      index.photos = await PhotoSpace.build(photos, options.photos.spec, options.photos.cacheRoot, options.graph?.seed ?? 42);
    }
    return index;
  }

  /** Products with a photo vector (0 for an index built without photos). */
  get photoCount(): number {
    return this.photos?.size ?? 0;
  }

  /** Products searchable. */
  get size(): number {
    return this.labelOf.size;
  }

  get dims(): number {
    return this.embedder.dims;
  }

  /** Every indexed product, in the order they were added. */
  list(): IndexedProduct[] {
    return this.products.filter((p): p is IndexedProduct => p !== null);
  }

  /** The indexed product with this id, or undefined. */
  product(id: string): IndexedProduct | undefined {
    const label = this.labelOf.get(id);
    return label === undefined ? undefined : this.products[label]!;
  }

  /**
   * Adds products, or updates those whose id is indexed already (new text, category or photo).
   * @throws ProdclassError INVALID_INPUT when two entries share an id.
   */
  upsert(entries: readonly CatalogEntry[], task?: ProgressTask): void {
    const ids = entries.map((e) => productId(e.product));
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) throw new ProdclassError('INVALID_INPUT', `two products share the id "${id}": give each product its own id`);
      seen.add(id);
    }
    const d = this.embedder.dims;
    for (let start = 0; start < entries.length; start += EMBED_CHUNK) {
      const chunk = entries.slice(start, start + EMBED_CHUNK);
      const vectors = this.embedder.embed(chunk.map((e) => e.product));
      chunk.forEach((e, i) => {
        const id = ids[start + i];
        let label = this.labelOf.get(id);
        if (label === undefined) {
          label = this.products.length;
          this.products.push(null);
          this.labelOf.set(id, label);
        }
        this.products[label] = { id, title: e.product.designation, category: e.category, image: e.image ?? (e.product.imageid || null) };
        this.graph.add(label, vectors.subarray(i * d, (i + 1) * d));
      });
      task?.tick(chunk.length);
    }
  }

  /**
   * Applies changes of the change log, which may arrive more than once and out of order (several hosts append to it): a
   * product keeps its newest change. Returns how many changed the index.
   */
  apply(changes: readonly IndexChange[]): number {
    const fresh = this.applied.take(changes);
    if (fresh.length === 0) return 0;
    this.upsert(lastOfEach(fresh).map(entryOf));
    this.changedSinceSave += fresh.length;
    return fresh.length;
  }

  /** Every change up to `change` is applied now: changes at or before it are skipped from here on, and a save records it. */
  advanceWatermark(change: { seq: number; id: string }): void {
    this.applied.advance(change);
  }

  /** The change up to which the index holds every change of the log (seq 0: none yet). */
  get watermark(): number {
    return this.applied.watermark;
  }

  /** The watermark's change (null at 0), for checking that a log is the one it counts. */
  get watermarkChange(): { seq: number; id: string } | null {
    return this.applied.mark;
  }

  /** The change log at hand is not the one the watermark counted (a folder moved to another database): replay all of it. */
  forgetWatermark(): void {
    this.applied.reset();
  }

  /** Changes applied since the index was last saved or loaded. */
  get unsavedChanges(): number {
    return this.changedSinceSave;
  }

  /**
   * The changes a folder saved by an earlier version logged beside its files (applied already), handed over once, so
   * that the caller records them in the database before the folder is saved again without them.
   */
  takeLegacyChanges(): FiledChange[] {
    const taken = this.legacy;
    this.legacy = [];
    return taken;
  }

  /** Removes products by id; returns how many were indexed. */
  remove(ids: readonly string[]): number {
    let removed = 0;
    for (const id of ids) {
      const label = this.labelOf.get(id);
      if (label === undefined) continue;
      this.graph.remove(label);
      this.photos?.remove(label);
      this.products[label] = null;
      this.labelOf.delete(id);
      removed++;
    }
    return removed;
  }

  /** Unit text vectors of products (for callers that compare them, such as duplicate grouping). */
  embed(products: readonly ProductText[]): Float32Array {
    return this.embedder.embed(products);
  }

  /** The `k` catalog products nearest to a product's text (title and description), best first. */
  similarToText(product: ProductText, k: number, options: SearchOptions = {}): SimilarHit[] {
    return this.searchVector(this.embedder.embed([product]), k, options);
  }

  /**
   * The `k` catalog products nearest to the indexed product `id`, itself left out.
   * @throws ProdclassError NOT_FOUND when no indexed product has this id.
   */
  similarToId(id: string, k: number, options: SearchOptions = {}): SimilarHit[] {
    const label = this.labelOf.get(id);
    if (label === undefined) throw new ProdclassError('NOT_FOUND', `no product with id "${id}" in the catalog index`);
    const vector = this.graph.vectorOf(label);
    // Ask one more than k: the product itself is (nearly always) the first hit.
    return this.searchVector(vector, k + 1, options, label).slice(0, k);
  }

  /**
   * The `k` catalog products nearest to the indexed product `id` by text, photo or both (`weight` on the text).
   * @throws ProdclassError NOT_FOUND for an unknown id; CONFLICT when photos are asked of an index or product without.
   */
  similarToIdBy(id: string, k: number, by: SimilarityBasis, weight = 0.5, options: SearchOptions = {}): SimilarHit[] {
    if (by === 'text') return this.similarToId(id, k, options);
    const label = this.labelOf.get(id);
    if (label === undefined) throw new ProdclassError('NOT_FOUND', `no product with id "${id}" in the catalog index`);
    const photos = this.requirePhotos();
    if (!photos.has(label)) throw new ProdclassError('CONFLICT', `product "${id}" has no photo vector: ask by=text`, { location: { field: 'by' } });
    const photo = photos.vectorOf(label);
    if (by === 'image') return this.hitsOf(photos.search(photo, k + 1, this.filterOf(options, label)), label).slice(0, k);
    return this.rankByBoth(this.graph.vectorOf(label), photo, photos, k, weight, options, label);
  }

  /**
   * The `k` catalog products nearest to a new product by both its text and its photo: `weight` x text similarity +
   * (1 - weight) x photo similarity.
   * @throws ProdclassError CONFLICT for an index built without photos; IMAGE_INVALID for a photo that does not decode.
   */
  async similarToProduct(product: ProductText, image: Uint8Array, k: number, weight = 0.5, options: SearchOptions = {}): Promise<SimilarHit[]> {
    const photos = this.requirePhotos();
    return this.rankByBoth(this.embedder.embed([product]), await photos.queryVector({ image }), photos, k, weight, options, -1);
  }

  /** Candidates from both graphs, ranked by the weighted sum of both similarities (0 for a product without a photo). */
  private rankByBoth(text: Float32Array, photo: Float32Array, photos: PhotoSpace, k: number, weight: number, options: SearchOptions, exclude: number): SimilarHit[] {
    const filter = this.filterOf(options, exclude);
    const pool = new Set([...this.graph.search(text, 4 * k, filter).labels, ...photos.search(photo, 4 * k, filter).labels]);
    const scored = [...pool].map((l) => {
      const t = dot(text, this.graph.vectorOf(l));
      const p = photos.has(l) ? dot(photo, photos.vectorOf(l)) : 0;
      return { label: l, similarity: weight * t + (1 - weight) * p };
    });
    scored.sort((a, b) => b.similarity - a.similarity);
    return this.hitsOf({ labels: scored.map((s) => s.label), similarities: scored.map((s) => s.similarity) }, exclude).slice(0, k);
  }

  /**
   * The `k` catalog products whose photos are nearest to a photo, or to words (CLIP's cross-modal similarity).
   * @throws ProdclassError CONFLICT for an index built without photos; IMAGE_INVALID for a photo that does not decode.
   */
  async similarToPhoto(query: { image: string | Uint8Array } | { words: string }, k: number, options: SearchOptions = {}): Promise<SimilarHit[]> {
    const photos = this.requirePhotos();
    return this.hitsOf(photos.search(await photos.queryVector(query), k, this.filterOf(options, -1)), -1);
  }

  private requirePhotos(): PhotoSpace {
    if (!this.photos || this.photos.size === 0) {
      throw new ProdclassError('CONFLICT', 'this index holds no photo vectors: build it with "prodclass index --photos" over a catalog with photos, or ask by=text', { location: { field: 'by' } });
    }
    return this.photos;
  }

  private filterOf(options: SearchOptions, exclude: number): ((label: number) => boolean) | undefined {
    const category = options.category;
    if (category === undefined && exclude < 0) return undefined;
    return (label: number) => label !== exclude && (category === undefined || this.products[label]?.category === category);
  }

  private hitsOf(hits: { labels: number[]; similarities: number[] }, exclude: number): SimilarHit[] {
    const out: SimilarHit[] = [];
    hits.labels.forEach((label, i) => {
      const p = this.products[label];
      if (p && label !== exclude) out.push({ ...p, similarity: hits.similarities[i] });
    });
    return out;
  }

  /** Nearest products to a unit vector of this index's text space. */
  searchVector(vector: Float32Array, k: number, options: SearchOptions = {}, exclude = -1): SimilarHit[] {
    return this.hitsOf(this.graph.search(vector, k, this.filterOf(options, exclude)), exclude);
  }

  /** Writes the index to `dir` (replacing it) with `files` (name -> text) beside it, through a staging folder renamed into place. */
  async save(dir: string, files: Readonly<Record<string, string>> = {}): Promise<void> {
    // Changes applied while the files are written may reach them too: replaying them after loading is harmless.
    const changed = this.changedSinceSave;
    const parts = { embedder: this.embedder, graph: this.graph, graphParams: this.graphParams, products: this.products, photos: this.photos, applied: this.applied.mark };
    await writeIndexFolder(dir, parts, files);
    this.changedSinceSave -= changed;
  }

  /**
   * Reads an index written by `save`.
   * @throws ProdclassError NOT_FOUND when `dir` holds no index; MODEL_CORRUPT when its files are damaged.
   */
  static async load(dir: string): Promise<SimilarIndex> {
    const parts = await readIndexFolder(dir);
    const index = new SimilarIndex(parts.embedder, parts.graph, parts.products, parts.graphParams, parts.photos);
    if (parts.applied) index.applied.advance(parts.applied);
    const legacy = lastOfEach(parts.legacyChanges).map(({ seq: _seq, ...change }) => change);
    index.upsert(legacy.map(entryOf));
    index.legacy = legacy;
    return index;
  }
}

/** The index entry of a filed product (a product the server classified has no photo path to keep). */
function entryOf(change: FiledChange): CatalogEntry {
  return { product: { index: 0, id: change.id, designation: change.designation, description: change.description, productid: '', imageid: '' }, category: change.category };
}

/** The latest change of each product, in the order of those latest changes (upsert takes each id once). */
function lastOfEach<C extends FiledChange>(changes: readonly C[]): C[] {
  const latest = new Map<string, C>();
  for (const c of changes) {
    latest.delete(c.id);
    latest.set(c.id, c);
  }
  return [...latest.values()];
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
