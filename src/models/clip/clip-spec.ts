// Which CLIP model to use (a Hugging Face id or a local folder, and its dtype), where the location may be overridden, and its identity for caches.

import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { ProdclassError } from '../../core/errors.js';

/** The weights users get by default: OpenAI's CLIP ViT-B/32 exported to ONNX for transformers.js. */
export const DEFAULT_CLIP_MODEL = 'Xenova/clip-vit-base-patch32';

/**
 * Environment variable naming the CLIP model (hub id or folder) for new models, and overriding where a saved
 * model finds the CLIP model it was trained with (for example once the weights were copied to an offline machine).
 */
export const CLIP_MODEL_ENV = 'PRODCLASS_CLIP_MODEL';
/** Set to 1 to forbid downloads (transformers.js then reads only local folders and its own cache). */
export const OFFLINE_ENV = 'PRODCLASS_OFFLINE';
/** ONNX Runtime threads of the in-process CLIP towers (serving, small batches); default: one per core. */
export const CLIP_THREADS_ENV = 'PRODCLASS_CLIP_THREADS';
/** Folder of the embedding cache (default: $XDG_CACHE_HOME/prodclass or ~/.cache/prodclass). */
export const CACHE_ENV = 'PRODCLASS_CACHE';

export const CLIP_DTYPES = ['fp32', 'q8'] as const;
export type ClipDtype = (typeof CLIP_DTYPES)[number];

/** A CLIP model to load: where (hub id or folder) and which export of its weights. */
export interface ClipSpec {
  model: string;
  dtype: ClipDtype;
}

/** The files transformers.js reads from a CLIP folder, by dtype. */
export function clipFiles(dtype: ClipDtype): string[] {
  const suffix = dtype === 'q8' ? '_quantized' : '';
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'preprocessor_config.json', `onnx/text_model${suffix}.onnx`, `onnx/vision_model${suffix}.onnx`];
}

/** The model to train new CLIP models with: `given`, else $PRODCLASS_CLIP_MODEL, else the default hub id. */
export function defaultClipModel(given?: string | null): string {
  return given || process.env[CLIP_MODEL_ENV] || DEFAULT_CLIP_MODEL;
}

/** Where a saved model finds its CLIP model: $PRODCLASS_CLIP_MODEL when set, else the recorded location. */
export function clipLocationFor(recorded: string): string {
  return process.env[CLIP_MODEL_ENV] || recorded;
}

/** True when `model` names a folder on disk rather than a hub id (a path that exists, or that starts with /, ./, ../ or ~). */
export function isLocalClipModel(model: string): boolean {
  if (isAbsolute(model) || /^(\.{1,2}[\\/]|~[\\/])/.test(model)) return true;
  return existsSync(model) && statSync(model).isDirectory();
}

/** A local folder as an absolute path (transformers.js reads absolute paths as folders, relative ones as hub ids); hub ids unchanged. */
export function normalizeClipModel(model: string): string {
  if (!isLocalClipModel(model)) return model;
  return resolve(model.startsWith('~') ? join(homedir(), model.slice(2)) : model);
}

/** True when downloads are forbidden ($PRODCLASS_OFFLINE=1 or Hugging Face's $HF_HUB_OFFLINE=1). */
export function isOffline(): boolean {
  return process.env[OFFLINE_ENV] === '1' || process.env.HF_HUB_OFFLINE === '1';
}

/** Root of the embedding cache. */
export function embeddingCacheRoot(given?: string | null): string {
  if (given) return resolve(given);
  if (process.env[CACHE_ENV]) return resolve(process.env[CACHE_ENV]!);
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'prodclass');
}

/**
 * The identity of a CLIP model for caches: `hub:<id>:<dtype>` for hub ids; for a folder, its name and a
 * fingerprint of its configuration files and ONNX files (sizes, first and last 64 KiB), so that a changed
 * folder never serves stale embeddings and a copied one shares them.
 * @throws ProdclassError MODEL_NOT_FOUND when the folder lacks a file the dtype needs.
 */
export async function clipModelKey(spec: ClipSpec): Promise<string> {
  const model = normalizeClipModel(spec.model);
  if (!isLocalClipModel(model)) return `hub:${model}:${spec.dtype}`;
  const hash = createHash('sha256');
  for (const file of clipFiles(spec.dtype)) {
    const path = join(model, file);
    if (!existsSync(path)) throw missingClipModel(spec, `${path} does not exist`);
    if (file.endsWith('.json')) hash.update(file).update(await readFile(path));
    else hash.update(file).update(await sampleOf(path));
  }
  return `local:${basename(model)}:${hash.digest('hex').slice(0, 16)}:${spec.dtype}`;
}

async function sampleOf(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const span = Math.min(size, 65536);
    const head = Buffer.alloc(span);
    const tail = Buffer.alloc(span);
    await handle.read(head, 0, span, 0);
    await handle.read(tail, 0, span, size - span);
    return Buffer.concat([Buffer.from(String(size)), head, tail]);
  } finally {
    await handle.close();
  }
}

/** The error for a CLIP model that cannot be found, with the ways to fix it. */
export function missingClipModel(spec: ClipSpec, detail: string): ProdclassError {
  const local = isLocalClipModel(spec.model);
  const files = clipFiles(spec.dtype).join(', ');
  const fixes = local
    ? `the folder must hold ${files}`
    : `${isOffline() ? `downloads are off (${OFFLINE_ENV}=1 or HF_HUB_OFFLINE=1); ` : ''}connect to the internet once so that transformers.js downloads ` +
      `"${spec.model}" into its cache, or download ${files} from https://huggingface.co/${spec.model} into a folder and pass ` +
      `--clip-model /path/to/folder (or set ${CLIP_MODEL_ENV}=/path/to/folder)`;
  const dtypeHint = spec.dtype === 'q8' ? '; if the model has no quantised export, use --clip-dtype fp32' : '';
  return new ProdclassError('MODEL_NOT_FOUND', `CLIP model "${spec.model}" (${spec.dtype}) cannot be loaded: ${detail.replace(/\.+$/, "")}. Fix: ${fixes}${dtypeHint}`);
}
