// Approximate nearest neighbours over unit vectors: the one adapter around hnswlib-node (HNSW graphs, inner product).

import hnswlib from 'hnswlib-node';
import { ProdclassError } from '../../core/errors.js';

export interface VectorIndexParams {
  /** Links per node (HNSW's M). */
  m: number;
  /** Candidates kept while inserting. */
  efConstruction: number;
  /** Candidates kept while searching (at least k). */
  efSearch: number;
  seed: number;
}

/** bench/similar.ts: recall@10 against exact search at or above 0.95 on the Rakuten-derived catalogs with these. */
export const VECTOR_INDEX_DEFAULTS: VectorIndexParams = { m: 16, efConstruction: 100, efSearch: 64, seed: 42 };

/** Labels and cosine similarities of one search, best first. */
export interface VectorHits {
  labels: number[];
  similarities: number[];
}

/** An HNSW graph of unit vectors keyed by integer labels; grows as vectors are added. */
export class VectorIndex {
  private constructor(
    private readonly graph: hnswlib.HierarchicalNSW,
    readonly dims: number,
    private readonly params: VectorIndexParams,
  ) {}

  /** An empty index with room for `capacity` vectors (it grows beyond). */
  static create(dims: number, capacity: number, params: Partial<VectorIndexParams> = {}): VectorIndex {
    const p = { ...VECTOR_INDEX_DEFAULTS, ...params };
    const graph = new hnswlib.HierarchicalNSW('ip', dims);
    graph.initIndex(Math.max(capacity, 16), p.m, p.efConstruction, p.seed);
    graph.setEf(p.efSearch);
    return new VectorIndex(graph, dims, p);
  }

  /** @throws ProdclassError MODEL_CORRUPT when the file is not an index of `dims`-long vectors. */
  static async load(file: string, dims: number, params: Partial<VectorIndexParams> = {}): Promise<VectorIndex> {
    const p = { ...VECTOR_INDEX_DEFAULTS, ...params };
    const graph = new hnswlib.HierarchicalNSW('ip', dims);
    try {
      await graph.readIndex(file);
    } catch (cause) {
      throw new ProdclassError('MODEL_CORRUPT', `cannot read the vector index ${file}: rebuild it with "prodclass index"`, { cause });
    }
    if (graph.getNumDimensions() !== dims) throw new ProdclassError('MODEL_CORRUPT', `${file} holds ${graph.getNumDimensions()}-long vectors, expected ${dims}`);
    graph.setEf(p.efSearch);
    return new VectorIndex(graph, dims, p);
  }

  /** Vectors searchable now (removed ones excluded). */
  get size(): number {
    return this.graph.getCurrentCount() - this.removed.size;
  }

  private readonly removed = new Set<number>();

  /** Adds `vector` under `label`, or replaces the vector a label already has. */
  add(label: number, vector: Float32Array): void {
    if (vector.length !== this.dims) throw new ProdclassError('INVALID_INPUT', `a vector of ${vector.length} values, the index holds ${this.dims}`);
    if (this.graph.getCurrentCount() >= this.graph.getMaxElements()) this.graph.resizeIndex(Math.ceil(this.graph.getMaxElements() * 1.5) + 16);
    // hnswlib updates a label it has (and brings back a removed one).
    this.graph.addPoint(Array.from(vector), label);
    this.removed.delete(label);
  }

  /** Hides `label` from searches (HNSW keeps the node as a waypoint). */
  remove(label: number): void {
    if (this.removed.has(label)) return;
    try {
      this.graph.markDelete(label);
    } catch {
      return; // never added: nothing to hide
    }
    this.removed.add(label);
  }

  /** Labels it holds that were removed; the catalog records them too, this is for loading a saved index. */
  markRemoved(labels: Iterable<number>): void {
    for (const label of labels) {
      try {
        this.graph.markDelete(label);
      } catch {
        // a saved graph keeps its deletion marks: already hidden
      }
      this.removed.add(label);
    }
  }

  /** The vector stored under `label`. */
  vectorOf(label: number): Float32Array {
    return Float32Array.from(this.graph.getPoint(label));
  }

  /** The `k` nearest labels that pass `filter`, best first. */
  search(vector: Float32Array, k: number, filter?: (label: number) => boolean): VectorHits {
    const n = Math.min(k, this.size);
    if (n <= 0) return { labels: [], similarities: [] };
    this.graph.setEf(Math.max(this.params.efSearch, n));
    const hits = this.graph.searchKnn(Array.from(vector), n, filter);
    return { labels: hits.neighbors, similarities: hits.distances.map((d) => 1 - d) };
  }

  async save(file: string): Promise<void> {
    await this.graph.writeIndex(file);
  }
}
