// Saves and loads a model folder: manifest.json (card + state tree) and weights.bin (all typed arrays).

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ProdclassError } from './errors.js';
import type { EstimatorState, JsonObject, TypedArray } from './estimator.js';
import type { ModelCard } from './model-card.js';

export const MANIFEST_FILE = 'manifest.json';
const WEIGHTS_FILE = 'weights.bin';
const STRINGS_FILE = 'strings.json';
const FORMAT = 'prodclass-model';
// 2: text vocabularies saved as packed lookup tables (weights.bin) rather than strings; folders of version 1 still load.
// 3: naive Bayes's weights saved as a per-class rule and the pairs a class holds (SparseClassWeights), which a
// prodclass reading up to version 2 would take for a damaged folder; folders of versions 1 and 2 still load.
const FORMAT_VERSION = 3;

const DTYPES = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  uint32: Uint32Array,
  uint16: Uint16Array,
  uint8: Uint8Array,
} as const;
type Dtype = keyof typeof DTYPES;

interface ArrayRef {
  dtype: Dtype;
  offset: number;
  length: number;
}

interface SerializedState {
  kind: string;
  params: JsonObject;
  fitted: JsonObject;
  arrays: Record<string, ArrayRef>;
  strings: string[];
  children: Record<string, SerializedState>;
}

export interface Manifest {
  format: typeof FORMAT;
  formatVersion: number;
  card: ModelCard;
  state: SerializedState;
  weights: { file: string; bytes: number; sha256: string };
}

export interface LoadedFolder {
  dir: string;
  card: ModelCard;
  state: EstimatorState;
}

/**
 * Writes `state` and `card` to `dir`, replacing any model already there, with `files` (name -> text) beside them.
 * The folder is built beside the target and renamed into place, so a crash mid-save never leaves a half-written model.
 */
export async function writeModelFolder(dir: string, state: EstimatorState, card: ModelCard, files: Readonly<Record<string, string>> = {}): Promise<void> {
  const chunks: Buffer[] = [];
  const strings: Record<string, string[]> = {};
  let offset = 0;
  const serialize = (s: EstimatorState, path: string): SerializedState => {
    const arrays: Record<string, ArrayRef> = {};
    for (const [name, array] of Object.entries(s.arrays)) {
      const pad = (8 - (offset % 8)) % 8;
      if (pad) chunks.push(Buffer.alloc(pad));
      offset += pad;
      const bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
      chunks.push(bytes);
      arrays[name] = { dtype: dtypeOf(array), offset, length: array.length };
      offset += bytes.length;
    }
    const stringNames = Object.keys(s.strings ?? {});
    for (const name of stringNames) strings[`${path}/${name}`] = s.strings![name];
    const children: Record<string, SerializedState> = {};
    for (const [name, child] of Object.entries(s.children ?? {})) children[name] = serialize(child, `${path}/${name}`);
    return { kind: s.kind, params: s.params, fitted: s.fitted, arrays, strings: stringNames, children };
  };
  const serialized = serialize(state, '');
  const weights = Buffer.concat(chunks);
  const manifest: Manifest = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    card,
    state: serialized,
    weights: { file: WEIGHTS_FILE, bytes: weights.length, sha256: createHash('sha256').update(weights).digest('hex') },
  };

  const target = resolve(dir);
  await mkdir(dirname(target), { recursive: true });
  const staging = join(dirname(target), `.${basename(target)}.saving-${process.pid}-${Date.now()}`);
  await mkdir(staging, { recursive: true });
  try {
    await writeFile(join(staging, WEIGHTS_FILE), weights);
    await writeFile(join(staging, STRINGS_FILE), JSON.stringify(strings));
    for (const [name, text] of Object.entries(files)) await writeFile(join(staging, name), text);
    await writeFile(join(staging, MANIFEST_FILE), JSON.stringify(manifest, null, 2));
    if (existsSync(target)) await rm(target, { recursive: true, force: true });
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/**
 * A model folder's files, read and checked but not yet turned into arrays: what a thread that reads folders hands to
 * the thread that serves the model (the weights' buffer is transferable).
 */
export interface ModelFolderFiles {
  dir: string;
  manifest: Manifest;
  /**
   * weights.bin, checked against the manifest's size and checksum; a buffer of its own, or (read with `shared`) a
   * SharedArrayBuffer that several threads load the same model from without a copy each.
   */
  weights: Uint8Array;
  strings: Record<string, string[]>;
}

/**
 * Reads a model folder written by `writeModelFolder`.
 * @throws ProdclassError MODEL_NOT_FOUND when there is no manifest, MODEL_CORRUPT when files are damaged.
 */
export async function readModelFolder(dir: string): Promise<LoadedFolder> {
  return restoreModelFolder(await readModelFiles(dir));
}

/**
 * Reads and checks a model folder's files (the costly part of loading one: the weights are read and hashed).
 * @param options.shared read the weights into a SharedArrayBuffer (a model loaded read-only by several threads).
 * @throws ProdclassError MODEL_NOT_FOUND when there is no manifest, MODEL_CORRUPT when files are damaged.
 */
export async function readModelFiles(dir: string, options: { shared?: boolean } = {}): Promise<ModelFolderFiles> {
  const manifest = await readManifest(dir);
  const weights = await readWeights(join(dir, manifest.weights.file), manifest.weights.bytes, manifest.weights.sha256, options.shared ?? false);
  try {
    const strings = JSON.parse(await readFile(join(dir, STRINGS_FILE), 'utf8')) as Record<string, string[]>;
    return { dir, manifest, weights, strings };
  } catch (cause) {
    throw new ProdclassError('MODEL_CORRUPT', `cannot read ${join(dir, STRINGS_FILE)}`, { cause });
  }
}

/**
 * The card and state tree of files `readModelFiles` read: the arrays are views of the weights, nothing is copied.
 * @throws ProdclassError MODEL_CORRUPT when the manifest names arrays or strings the files do not hold.
 */
export function restoreModelFolder(files: ModelFolderFiles): LoadedFolder {
  const { dir, manifest, strings } = files;
  const weights = Buffer.from(files.weights.buffer, files.weights.byteOffset, files.weights.byteLength);
  const weightsPath = join(dir, manifest.weights.file);
  const restore = (s: SerializedState, path: string): EstimatorState => {
    const arrays: Record<string, TypedArray> = {};
    for (const [name, ref] of Object.entries(s.arrays)) arrays[name] = viewArray(weights, ref, weightsPath);
    const named: Record<string, string[]> = {};
    for (const name of s.strings) {
      const list = strings[`${path}/${name}`];
      if (!list) throw new ProdclassError('MODEL_CORRUPT', `${STRINGS_FILE} lacks the list "${path}/${name}"`);
      named[name] = list;
    }
    const children: Record<string, EstimatorState> = {};
    for (const [name, child] of Object.entries(s.children)) children[name] = restore(child, `${path}/${name}`);
    return { kind: s.kind, params: s.params, fitted: s.fitted, arrays, strings: named, children };
  };
  return { dir, card: manifest.card, state: restore(manifest.state, '') };
}

/** Bytes read (and hashed) at a time: a server loading a model beside its requests never holds its thread for long. */
const WEIGHTS_CHUNK = 1 << 20;

/**
 * The weights file, checked against the manifest's size and checksum. Read and hashed a chunk at a time, so a server
 * that loads a model while it answers requests is never held for the whole file (tens of megabytes, ~50 ms of hashing).
 * @throws ProdclassError MODEL_CORRUPT when it cannot be read, or its size or checksum differ.
 */
async function readWeights(path: string, bytes: number, sha256: string, shared: boolean): Promise<Buffer> {
  const unreadable = (cause: unknown) => new ProdclassError('MODEL_CORRUPT', `cannot read the model weights ${path}`, { cause });
  const file = await open(path, 'r').catch((cause: unknown) => {
    throw unreadable(cause);
  });
  try {
    const size = (await file.stat()).size;
    if (size !== bytes) {
      throw new ProdclassError('MODEL_CORRUPT', `${path} has ${size} bytes, the manifest says ${bytes}: the folder is truncated or was overwritten; retrain or restore it`);
    }
    // A buffer of its own (not a slice of Node's pool), so the typed arrays viewing it are aligned.
    const weights = shared ? Buffer.from(new SharedArrayBuffer(bytes)) : Buffer.allocUnsafeSlow(bytes);
    const hash = createHash('sha256');
    const readAt = (at: number) =>
      file.read(weights, at, Math.min(WEIGHTS_CHUNK, bytes - at), at).catch((cause: unknown) => {
        throw unreadable(cause);
      });
    // The next chunk is read (in libuv's threads, faulting its pages in) while this one is hashed.
    let reading = readAt(0);
    for (let at = 0; at < bytes; ) {
      const { bytesRead } = await reading;
      if (bytesRead === 0) throw new ProdclassError('MODEL_CORRUPT', `${path} ended after ${at} of its ${bytes} bytes while it was read: it is being overwritten; retry`);
      const chunk = weights.subarray(at, at + bytesRead);
      at += bytesRead;
      if (at < bytes) reading = readAt(at);
      hash.update(chunk);
    }
    if (hash.digest('hex') !== sha256) {
      throw new ProdclassError('MODEL_CORRUPT', `${path} does not match the checksum in its manifest: the file is damaged; retrain or restore it`);
    }
    return weights;
  } finally {
    await file.close();
  }
}

/** Reads and checks only the manifest (cheap: used to list models without loading weights). */
export async function readManifest(dir: string): Promise<Manifest> {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) {
    throw new ProdclassError('MODEL_NOT_FOUND', `no model at ${dir} (missing ${MANIFEST_FILE}); train one with "prodclass train --out ${dir}"`);
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(path, 'utf8')) as Manifest;
  } catch (cause) {
    throw new ProdclassError('MODEL_CORRUPT', `${path} is not valid JSON`, { cause });
  }
  if (manifest.format !== FORMAT || typeof manifest.formatVersion !== 'number') {
    throw new ProdclassError('MODEL_CORRUPT', `${path} is not a prodclass model manifest`);
  }
  if (manifest.formatVersion > FORMAT_VERSION) {
    throw new ProdclassError('MODEL_CORRUPT', `${path} has format version ${manifest.formatVersion}; this prodclass reads up to ${FORMAT_VERSION}: upgrade prodclass`);
  }
  return manifest;
}

function dtypeOf(array: TypedArray): Dtype {
  for (const [name, ctor] of Object.entries(DTYPES) as [Dtype, (typeof DTYPES)[Dtype]][]) {
    if (array instanceof ctor) return name;
  }
  throw new ProdclassError('INTERNAL', 'unsupported typed array in estimator state');
}

function viewArray(weights: Buffer, ref: ArrayRef, path: string): TypedArray {
  const ctor = DTYPES[ref.dtype];
  if (!ctor) throw new ProdclassError('MODEL_CORRUPT', `${path}: unknown dtype "${ref.dtype}"`);
  const byteLength = ref.length * ctor.BYTES_PER_ELEMENT;
  if (ref.offset < 0 || ref.offset + byteLength > weights.length) {
    throw new ProdclassError('MODEL_CORRUPT', `${path}: an array reaches past the end of the file`);
  }
  const buffer = weights.buffer as ArrayBuffer;
  const start = weights.byteOffset + ref.offset;
  if (start % ctor.BYTES_PER_ELEMENT === 0) return new ctor(buffer, start, ref.length);
  // Node may place small files at unaligned offsets of a shared pool: copy then.
  return new ctor(buffer.slice(start, start + byteLength));
}
