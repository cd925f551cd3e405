// The on-disk embedding cache: round trip, reopening, recovery from an interrupted append, one writer at a time.

import { appendFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentHash, EmbeddingCache, embeddingKey } from '../../../src/models/clip/embedding-cache.js';
import { tempDir } from '../../helpers/tmp.js';

const DIM = 4;
const keys = (n: number, prefix = 'p') => Array.from({ length: n }, (_, i) => embeddingKey(`${prefix}${i}`, contentHash(`text ${i}`)));
const vectors = (n: number, base = 0) => Float32Array.from({ length: n * DIM }, (_, i) => base + i / 8);

describe('EmbeddingCache', () => {
  it('keys by product, content and view', () => {
    const a = embeddingKey('1', contentHash('x'));
    expect(a.length).toBe(16);
    expect(embeddingKey('1', contentHash('x')).equals(a)).toBe(true);
    expect(embeddingKey('2', contentHash('x')).equals(a)).toBe(false);
    expect(embeddingKey('1', contentHash('y')).equals(a)).toBe(false);
    expect(embeddingKey('1', contentHash('x'), 'aug:1').equals(a)).toBe(false);
  });

  it('stores, finds and reads back vectors exactly, across reopening', async () => {
    const root = tempDir();
    const cache = await EmbeddingCache.open(root, 'hub:some/model:fp32', 'text', DIM);
    await cache.append(keys(3), vectors(3));
    await cache.append(keys(3), vectors(3, 100)); // already there: ignored
    cache.close();
    const again = await EmbeddingCache.open(root, 'hub:some/model:fp32', 'text', DIM);
    expect(again.size).toBe(3);
    const records = again.lookup([...keys(3)].reverse().concat(embeddingKey('other', 'x')));
    expect(Array.from(records)).toEqual([2, 1, 0, -1]);
    const out = new Float32Array(4 * DIM).fill(-1);
    await again.read(records, out);
    expect(Array.from(out.subarray(0, DIM))).toEqual(Array.from(vectors(3).subarray(2 * DIM, 3 * DIM)));
    expect(Array.from(out.subarray(3 * DIM))).toEqual([-1, -1, -1, -1]);
    again.close();
  });

  it('drops the torn tail of an interrupted append and resumes', async () => {
    const root = tempDir();
    const cache = await EmbeddingCache.open(root, 'm', 'image', DIM);
    await cache.append(keys(2), vectors(2));
    cache.close();
    const dir = join(root, 'embeddings', readdirSync(join(root, 'embeddings'))[0]);
    appendFileSync(join(dir, 'image.f32'), Buffer.alloc(DIM * 4 + 3)); // a vector and a half, keys never written
    const reopened = await EmbeddingCache.open(root, 'm', 'image', DIM);
    expect(reopened.size).toBe(2);
    expect(statSync(join(dir, 'image.f32')).size).toBe(2 * DIM * 4);
    await reopened.append(keys(3, 'q'), vectors(3, 7));
    expect(reopened.size).toBe(5);
    reopened.close();
  });

  it('lets one process write at a time, and refuses another dimension', async () => {
    const root = tempDir();
    const first = await EmbeddingCache.open(root, 'm', 'text', DIM);
    const second = await EmbeddingCache.open(root, 'm', 'text', DIM);
    expect([first.writable, second.writable]).toEqual([true, false]);
    await second.append(keys(1), vectors(1)); // silently not stored
    expect(second.size).toBe(0);
    first.close();
    second.close();
    await expect(EmbeddingCache.open(root, 'm', 'text', DIM + 1)).rejects.toThrow(/dimension 4/);
  });
});
