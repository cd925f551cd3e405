// The CLIP text and image towers through transformers.js (ONNX Runtime in Node): the only file that imports it.

import type * as Transformers from '@huggingface/transformers';
import { ProdclassError } from '../../core/errors.js';
import { preprocessingFromConfig, type ImagePreprocessing } from '../../image/image-preprocessing.js';
import { isOffline, missingClipModel, normalizeClipModel, type ClipSpec } from './clip-spec.js';

type Tensor = Transformers.Tensor;
type Tokenizer = Awaited<ReturnType<typeof Transformers.AutoTokenizer.from_pretrained>>;
type TextTower = Awaited<ReturnType<typeof Transformers.CLIPTextModelWithProjection.from_pretrained>>;
type VisionTower = Awaited<ReturnType<typeof Transformers.CLIPVisionModelWithProjection.from_pretrained>>;

let library: Promise<typeof Transformers> | undefined;

/**
 * transformers.js, imported on first use (it loads ONNX Runtime: ~150 ms that commands and servers without a
 * CLIP model should not pay), with the settings prodclass relies on: quiet logs, and no downloads when offline.
 */
async function transformers(): Promise<typeof Transformers> {
  library ??= import('@huggingface/transformers');
  const t = await library;
  t.env.logLevel = t.LogLevel.ERROR;
  t.env.allowLocalModels = true;
  t.env.allowRemoteModels = !isOffline();
  return t;
}

export interface ClipEncoderOptions {
  /** ONNX Runtime intra-op threads per tower (default: ONNX Runtime's own, one per core). Worker threads use 1. */
  threads?: number;
}

/**
 * CLIP's two towers, loaded lazily: the tokenizer and text tower on the first `encodeTexts`, the vision tower
 * on the first `encodePixels`, so a process that embeds only text never holds the vision weights.
 * Outputs are the projected embeddings (CLIPTextModelWithProjection's `text_embeds`,
 * CLIPVisionModelWithProjection's `image_embeds`), not normalised.
 */
export class ClipEncoder {
  private text: Promise<{ tokenizer: Tokenizer; model: TextTower }> | undefined;
  private vision: Promise<VisionTower> | undefined;

  private constructor(
    readonly spec: ClipSpec,
    /** The location transformers.js reads (a hub id, or an absolute folder path). */
    readonly location: string,
    readonly textDim: number,
    readonly imageDim: number,
    readonly preprocessing: ImagePreprocessing,
    readonly maxTokens: number,
    private readonly options: ClipEncoderOptions,
  ) {}

  /**
   * Reads the model's configuration and image preprocessing (downloading them when allowed); the towers load later.
   * @throws ProdclassError MODEL_NOT_FOUND saying how to make the model available; MODEL_CORRUPT for a config that is not CLIP's.
   */
  static async load(spec: ClipSpec, options: ClipEncoderOptions = {}): Promise<ClipEncoder> {
    const t = await transformers();
    const location = normalizeClipModel(spec.model);
    const config = (await guard(spec, () => t.AutoConfig.from_pretrained(location))) as unknown as Record<string, unknown>;
    const processor = await guard(spec, () => t.AutoImageProcessor.from_pretrained(location));
    const projection = (key: 'text_config' | 'vision_config') =>
      ((config[key] as Record<string, unknown> | undefined)?.projection_dim as number | undefined) ?? (config.projection_dim as number | undefined);
    const textDim = projection('text_config');
    const imageDim = projection('vision_config');
    if (typeof textDim !== 'number' || typeof imageDim !== 'number') {
      throw new ProdclassError('MODEL_CORRUPT', `CLIP model "${spec.model}": config.json has no projection_dim; is it a CLIP model (model_type "clip")?`);
    }
    const textConfig = config.text_config as Record<string, unknown> | undefined;
    const maxTokens = (textConfig?.max_position_embeddings as number | undefined) ?? 77;
    const preprocessing = preprocessingFromConfig((processor as unknown as { config: Record<string, unknown> }).config, `${spec.model}/preprocessor_config.json`);
    return new ClipEncoder(spec, location, textDim, imageDim, preprocessing, maxTokens, options);
  }

  /**
   * Embeds texts: CLIP's tokenizer (lower-cased byte-level BPE, cut to the model's 77 positions with the
   * end token kept), then the text tower. Returns texts.length x textDim values, row-major.
   * @throws ProdclassError MODEL_NOT_FOUND when the text tower cannot be loaded; INTERNAL when the output has an unexpected shape.
   */
  async encodeTexts(texts: readonly string[]): Promise<Float32Array> {
    if (texts.length === 0) return new Float32Array(0);
    const { tokenizer } = await this.textTower();
    return this.encodeTokenIds(this.tokenize(tokenizer, texts));
  }

  /** The token ids `encodeTexts` feeds the text tower (start and end tokens included, at most maxTokens). */
  async tokenIds(texts: readonly string[]): Promise<number[][]> {
    const { tokenizer } = await this.textTower();
    return this.tokenize(tokenizer, texts);
  }

  /**
   * Embeds token id sequences (each with its start and end tokens), padded with the pad token into one batch.
   * @throws ProdclassError MODEL_NOT_FOUND when the text tower cannot be loaded.
   */
  async encodeTokenIds(rows: readonly (readonly number[])[]): Promise<Float32Array> {
    if (rows.length === 0) return new Float32Array(0);
    const { tokenizer, model } = await this.textTower();
    const { Tensor } = await transformers();
    const pad = tokenizer.pad_token_id ?? tokenizer.eos_token_id ?? 0;
    const width = Math.max(...rows.map((r) => r.length));
    const ids = new BigInt64Array(rows.length * width).fill(BigInt(pad));
    const mask = new BigInt64Array(rows.length * width);
    rows.forEach((row, i) => {
      for (let j = 0; j < row.length; j++) {
        ids[i * width + j] = BigInt(row[j]);
        mask[i * width + j] = 1n;
      }
    });
    const inputs = { input_ids: new Tensor('int64', ids, [rows.length, width]), attention_mask: new Tensor('int64', mask, [rows.length, width]) };
    const output = (await model(inputs)) as { text_embeds?: Tensor };
    return this.checked(output.text_embeds, rows.length, this.textDim, 'text_embeds');
  }

  /**
   * Embeds a batch of preprocessed images given as `count` x 3 x cropHeight x cropWidth pixel values
   * (see `toPixelValues`). Returns count x imageDim values, row-major.
   * @throws ProdclassError MODEL_NOT_FOUND when the vision tower cannot be loaded; INVALID_INPUT for a wrong pixel count.
   */
  async encodePixels(pixels: Float32Array, count: number): Promise<Float32Array> {
    if (count === 0) return new Float32Array(0);
    const { cropHeight: h, cropWidth: w } = this.preprocessing;
    if (pixels.length !== count * 3 * h * w) {
      throw new ProdclassError('INVALID_INPUT', `pixel values hold ${pixels.length} numbers, expected ${count} x 3 x ${h} x ${w}`);
    }
    const model = await this.visionTower();
    const { Tensor } = await transformers();
    const output = (await model({ pixel_values: new Tensor('float32', pixels, [count, 3, h, w]) })) as { image_embeds?: Tensor };
    return this.checked(output.image_embeds, count, this.imageDim, 'image_embeds');
  }

  /**
   * Token ids with the start and end tokens, cut to `maxTokens` keeping the end token last (as Hugging Face's
   * Python tokenizer truncates; transformers.js's own truncation drops it, and CLIP pools at the end token).
   */
  private tokenize(tokenizer: Tokenizer, texts: readonly string[]): number[][] {
    const max = this.maxTokens;
    const eos = tokenizer.eos_token_id;
    return texts.map((text) => {
      const ids = tokenizer.encode(text) as number[];
      if (ids.length <= max) return ids;
      return [...ids.slice(0, max - 1), eos ?? ids[ids.length - 1]];
    });
  }

  /** Loads both towers now (a server does this before taking requests). */
  async ready(): Promise<void> {
    await Promise.all([this.textTower(), this.visionTower()]);
  }

  /** Releases the ONNX Runtime sessions. */
  async dispose(): Promise<void> {
    const text = this.text;
    const vision = this.vision;
    this.text = undefined;
    this.vision = undefined;
    await Promise.all([text?.then(({ model }) => model.dispose()), vision?.then((model) => model.dispose())].map((p) => p?.catch(() => undefined)));
  }

  private textTower(): Promise<{ tokenizer: Tokenizer; model: TextTower }> {
    this.text ??= guard(this.spec, async () => {
      const t = await transformers();
      return {
        tokenizer: await t.AutoTokenizer.from_pretrained(this.location),
        model: await t.CLIPTextModelWithProjection.from_pretrained(this.location, this.modelOptions()),
      };
    });
    this.text.catch(() => (this.text = undefined));
    return this.text;
  }

  private visionTower(): Promise<VisionTower> {
    this.vision ??= guard(this.spec, async () => (await transformers()).CLIPVisionModelWithProjection.from_pretrained(this.location, this.modelOptions()));
    this.vision.catch(() => (this.vision = undefined));
    return this.vision;
  }

  private modelOptions() {
    const sessionOptions = this.options.threads ? { intraOpNumThreads: this.options.threads, interOpNumThreads: 1 } : {};
    return { dtype: this.spec.dtype, device: 'cpu' as const, session_options: sessionOptions };
  }

  private checked(tensor: Tensor | undefined, rows: number, cols: number, name: string): Float32Array {
    if (!tensor || !(tensor.data instanceof Float32Array) || tensor.dims.length !== 2 || tensor.dims[0] !== rows || tensor.dims[1] !== cols) {
      throw new ProdclassError('INTERNAL', `CLIP model "${this.spec.model}": expected ${name} of shape [${rows}, ${cols}], got ${tensor ? `[${tensor.dims.join(', ')}]` : 'none'}`);
    }
    return tensor.data;
  }
}

/** Runs a transformers.js load, turning its plain errors into ProdclassErrors that say how to fix them. */
async function guard<T>(spec: ClipSpec, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof ProdclassError) throw error;
    const message = (error as Error).message ?? String(error);
    const notFound =
      (error as Error).name === 'ModelFileNotFoundError' ||
      /not found|could not locate|missing|ENOENT|allowRemoteModels|fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|network/i.test(message);
    if (notFound) throw missingClipModel(spec, message);
    throw new ProdclassError('MODEL_CORRUPT', `CLIP model "${spec.model}" (${spec.dtype}) cannot be loaded: ${message}`, { cause: error });
  }
}
