// The CLIP adapter on the committed tiny model: agreement with torch, shapes, determinism, truncation, errors.

import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { isProdclassError } from '../../../src/core/errors.js';
import { ClipEncoder } from '../../../src/models/clip/encoder.js';
import { TINY_CLIP, useTinyClipOffline } from '../../helpers/tiny-clip.js';

useTinyClipOffline();
const reference = JSON.parse(readFileSync(new URL('../../fixtures/clip/tiny-clip-reference.json', import.meta.url), 'utf8')) as {
  input_ids: number[][];
  attention_mask: number[][];
  text_embeds: number[][];
  image_embeds: number[][];
};
const encoder = await ClipEncoder.load({ model: TINY_CLIP, dtype: 'fp32' });
afterAll(() => encoder.dispose());

function expectClose(actual: Float32Array, expected: number[][], tolerance = 1e-4): void {
  expect(actual.length).toBe(expected.length * expected[0].length);
  expected.flat().forEach((v, i) => expect(Math.abs(actual[i] - v)).toBeLessThan(tolerance));
}

describe('ClipEncoder (tiny model)', () => {
  it('reads the model configuration and preprocessing', () => {
    expect([encoder.textDim, encoder.imageDim, encoder.maxTokens]).toEqual([32, 32, 77]);
    expect([encoder.preprocessing.cropWidth, encoder.preprocessing.cropHeight]).toEqual([32, 32]);
  });

  it('gives the text embeddings torch computed for the same token ids', async () => {
    const rows = reference.input_ids.map((ids, i) => ids.filter((_, j) => reference.attention_mask[i][j] === 1));
    expectClose(await encoder.encodeTokenIds(rows), reference.text_embeds);
  });

  it('gives the image embeddings torch computed for the same pixels', async () => {
    const size = 32;
    const pixels = Float32Array.from({ length: 2 * 3 * size * size }, (_, i) => Math.sin(i * 0.01));
    expectClose(await encoder.encodePixels(pixels, 2), reference.image_embeds);
  });

  it('embeds texts with one row per text, deterministically and independently of the batch', async () => {
    const texts = ['Console PS4 Slim 500 Go', 'Lot de 3 peluches très douces', 'Piscine tubulaire Intex 3m'];
    const batch = await encoder.encodeTexts(texts);
    expect(batch.length).toBe(3 * 32);
    expect(Array.from(await encoder.encodeTexts(texts))).toEqual(Array.from(batch));
    const alone = await encoder.encodeTexts([texts[1]]);
    Array.from(alone).forEach((v, j) => expect(v).toBeCloseTo(batch[32 + j], 5));
  });

  it('cuts long texts to 77 tokens keeping the end token, as Hugging Face does', async () => {
    const long = 'piscine gonflable '.repeat(80);
    const [ids] = await encoder.tokenIds([long]);
    const eos = (await encoder.tokenIds(['']))[0][1];
    expect(ids.length).toBe(77);
    expect(ids[76]).toBe(eos);
    const a = await encoder.encodeTexts([`${long} fin`]);
    const b = await encoder.encodeTexts([`${long} autre chose`]);
    expect(Array.from(a)).toEqual(Array.from(b)); // what differs lies past the cut
    const short = await encoder.encodeTexts(['piscine gonflable']);
    expect(Array.from(short)).not.toEqual(Array.from(a));
  });

  it('checks the pixel count', async () => {
    await expect(encoder.encodePixels(new Float32Array(10), 1)).rejects.toThrow(/pixel values/);
  });

  it('says how to fix a model that cannot be found offline', async () => {
    const errors = await Promise.all([
      ClipEncoder.load({ model: '/nonexistent/clip-folder', dtype: 'fp32' }).catch((e: unknown) => e),
      ClipEncoder.load({ model: 'Xenova/clip-vit-base-patch32', dtype: 'fp32' }).catch((e: unknown) => e),
      ClipEncoder.load({ model: TINY_CLIP, dtype: 'q8' }).then((e) => e.encodeTexts(['x'])).catch((e: unknown) => e),
    ]);
    for (const error of errors) expect(isProdclassError(error, 'MODEL_NOT_FOUND'), String(error)).toBe(true);
    expect(String(errors[0])).toMatch(/must hold config\.json.*onnx\/vision_model\.onnx/);
    expect(String(errors[1])).toMatch(/downloads are off.*--clip-model \/path\/to\/folder/);
    expect(String(errors[2])).toMatch(/text_model_quantized\.onnx.*--clip-dtype fp32/);
  });
});
