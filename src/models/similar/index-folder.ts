// The folder of a saved similarity index: its description, products, text graph, photo vectors and embedder, written whole through a staging folder and read back.

import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ProdclassError } from '../../core/errors.js';
import { newModelCard } from '../../core/model-card.js';
import { readModelFolder, writeModelFolder } from '../../core/model-folder.js';
import { readLegacyChanges, type IndexChange } from './index-changes.js';
import { PhotoSpace } from './photo-space.js';
import type { IndexedProduct } from './similar-index.js';
import { TextEmbedder } from './text-embedder.js';
import { VectorIndex, type VectorIndexParams } from './vector-index.js';

const FORMAT = 'prodclass-similar-index';
/** 2: `appliedSeq` counts the database's change log (1: a log file in the folder, see readLegacyChanges). */
const FORMAT_VERSION = 2;
const META_FILE = 'index.json';
const PRODUCTS_FILE = 'products.json';
const TEXT_GRAPH = 'text.hnsw';
const EMBEDDER_DIR = 'embedder';

interface IndexMeta {
  format: typeof FORMAT;
  formatVersion: number;
  dims: number;
  graph: Partial<VectorIndexParams>;
  createdAt: string;
  /** The files hold every change (IndexChange.seq) up to this one; absent in indexes saved before changes were logged. */
  appliedSeq?: number;
  /** The product of change `appliedSeq` (format 2): whether a database's log is the one `appliedSeq` counts. */
  appliedId?: string | null;
}

/** What a saved index is made of. */
export interface IndexParts {
  embedder: TextEmbedder;
  graph: VectorIndex;
  graphParams: Partial<VectorIndexParams>;
  /** By label; a removed product leaves null. */
  products: (IndexedProduct | null)[];
  photos: PhotoSpace | null;
  /** The change up to which the files hold every change of the log; null for none. */
  applied: { seq: number; id: string } | null;
}

/** Writes `parts` to `dir` (replacing it) with `files` (name -> text) beside them, through a staging folder renamed into place. */
export async function writeIndexFolder(dir: string, parts: IndexParts, files: Readonly<Record<string, string>> = {}): Promise<void> {
  const target = resolve(dir);
  const staging = join(dirname(target), `.${basename(target)}.saving-${process.pid}-${Date.now()}`);
  await mkdir(staging, { recursive: true });
  try {
    const { applied } = parts;
    const meta: IndexMeta = {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      dims: parts.embedder.dims,
      graph: parts.graphParams,
      createdAt: new Date().toISOString(),
      appliedSeq: applied?.seq ?? 0,
      appliedId: applied?.id ?? null,
    };
    await writeFile(join(staging, META_FILE), JSON.stringify(meta, null, 2));
    await writeFile(join(staging, PRODUCTS_FILE), JSON.stringify(parts.products));
    for (const [name, text] of Object.entries(files)) await writeFile(join(staging, name), text);
    await parts.graph.save(join(staging, TEXT_GRAPH));
    await parts.photos?.save(staging);
    await writeModelFolder(join(staging, EMBEDDER_DIR), parts.embedder.getState(), newModelCard({ kind: 'similar-text-embedder' }));
    if (existsSync(target)) await rm(target, { recursive: true, force: true });
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Reads an index written by `writeIndexFolder`, with the changes a folder of format 1 logged beside its files (after the
 * last it held), which the database has not seen.
 * @throws ProdclassError NOT_FOUND when `dir` holds no index; MODEL_CORRUPT when its files are damaged.
 */
export async function readIndexFolder(dir: string): Promise<IndexParts & { legacyChanges: IndexChange[] }> {
  const metaPath = join(dir, META_FILE);
  if (!existsSync(metaPath)) {
    throw new ProdclassError('NOT_FOUND', `no similarity index at ${dir}: build one with "prodclass index --model MODEL" (or --data FILE --out ${dir})`);
  }
  let meta: IndexMeta;
  let products: (IndexedProduct | null)[];
  try {
    meta = JSON.parse(await readFile(metaPath, 'utf8')) as IndexMeta;
    products = JSON.parse(await readFile(join(dir, PRODUCTS_FILE), 'utf8')) as (IndexedProduct | null)[];
  } catch (cause) {
    throw new ProdclassError('MODEL_CORRUPT', `the similarity index at ${dir} is unreadable: rebuild it with "prodclass index"`, { cause });
  }
  if (meta.format !== FORMAT || meta.formatVersion > FORMAT_VERSION || !Array.isArray(products)) {
    throw new ProdclassError('MODEL_CORRUPT', `${metaPath} is not a similarity index this prodclass reads: rebuild it with "prodclass index"`);
  }
  const embedder = TextEmbedder.fromState((await readModelFolder(join(dir, EMBEDDER_DIR))).state);
  const graph = await VectorIndex.load(join(dir, TEXT_GRAPH), meta.dims, meta.graph);
  graph.markRemoved(products.flatMap((p, label) => (p ? [] : [label])));
  const current = meta.formatVersion >= 2;
  return {
    embedder,
    graph,
    graphParams: meta.graph,
    products,
    photos: await PhotoSpace.load(dir),
    applied: current && meta.appliedSeq && meta.appliedId ? { seq: meta.appliedSeq, id: meta.appliedId } : null,
    // Its own log numbered its changes: the database numbers them anew.
    legacyChanges: current ? [] : await readLegacyChanges(dir, meta.appliedSeq ?? 0),
  };
}
