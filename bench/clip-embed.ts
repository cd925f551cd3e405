// Benchmark: CLIP embedding latency per product (p50/p95, text and image apart) and batch throughput on 1 and 2 worker threads,
// with a random-weight ViT-B/32 (the real model's shapes and cost); and the RSS of a process holding both towers.
// Usage: tsx bench/clip-embed.ts [--data DIR] [--clip-model DIR] [--n 60]   (prints one JSON object)

import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadChallengeFolder } from '../src/data/challenge-folder.js';
import { decodeImage, readImageBytes } from '../src/image/decode-image.js';
import { toPixelValues } from '../src/image/image-preprocessing.js';
import { clipText } from '../src/models/clip/clip-text.js';
import { CLIP_FUSION_DEFAULTS } from '../src/models/clip/clip-fusion-model.js';
import { EmbedPool } from '../src/models/clip/embed-pool.js';
import { AUGMENT_DEFAULTS } from '../src/image/augment.js';
import { ClipEncoder } from '../src/models/clip/encoder.js';
import { ensureVitB32 } from './clip-vit-b32.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: fileURLToPath(new URL('../../shared/data/rakuten-sample', import.meta.url)) },
    'clip-model': { type: 'string' },
    // Enough batches that the two workers' last batches do not dominate the throughput figures.
    n: { type: 'string', default: '128' },
    // Products per run of a tower in the throughput test (titles pad to the batch's longest, so larger is not faster).
    batch: { type: 'string', default: '16' },
    'memory-probe': { type: 'boolean', default: false },
  },
});
process.env.PRODCLASS_OFFLINE = '1';
const clipModel = values['clip-model'] ?? ensureVitB32(values.data!);
const spec = { model: clipModel, dtype: 'fp32' as const };
const folder = await loadChallengeFolder(values.data!);
const withImage = folder.train.products.map((p) => ({ ...p, image: folder.images.pathOf(p, 'train') })).filter((p) => p.image);
const n = Math.min(Number(values.n), withImage.length);
const products = withImage.slice(0, n);
// What the text tower reads by default (the title), and title + description (77 tokens, the slower option).
const texts = products.map((p) => clipText(p, CLIP_FUSION_DEFAULTS.text));
const fullTexts = products.map((p) => clipText(p, 'title-description'));
const photos = await Promise.all(products.map((p) => readImageBytes(p.image!)));

if (values['memory-probe']) {
  // A serving process: both towers loaded, one product through each.
  const encoder = await ClipEncoder.load(spec);
  await encoder.ready();
  await encoder.encodeTexts([texts[0]]);
  await encoder.encodePixels(toPixelValues([await decodeImage(photos[0], encoder.preprocessing)], encoder.preprocessing), 1);
  console.log(JSON.stringify({ rssBytes: process.memoryUsage().rss }));
  process.exit(0);
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const summary = (xs: number[]) => ({ p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), n: xs.length });

/** CPU seconds of this process (all threads) per wall second while `fn` runs: how many cores it actually got. */
async function cpuShare<T>(fn: () => Promise<T>): Promise<{ result: T; cpuShare: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await fn();
  const used = process.cpuUsage(cpu);
  return { result, cpuShare: (used.user + used.system) / 1000 / (performance.now() - started) };
}

/** Per-product latency, one product at a time, as a server answers a request. */
async function latency(threads: number | undefined) {
  const encoder = await ClipEncoder.load(spec, threads ? { threads } : {});
  await encoder.ready();
  const text: number[] = [];
  const full: number[] = [];
  const image: number[] = [];
  const { cpuShare: share } = await cpuShare(async () => {
    for (let i = -3; i < n; i++) {
      const k = Math.max(0, i);
      let t = performance.now();
      await encoder.encodeTexts([texts[k]]);
      if (i >= 0) text.push(performance.now() - t);
      t = performance.now();
      await encoder.encodeTexts([fullTexts[k]]);
      if (i >= 0) full.push(performance.now() - t);
      t = performance.now();
      const rgb = await decodeImage(photos[k], encoder.preprocessing);
      await encoder.encodePixels(toPixelValues([rgb], encoder.preprocessing), 1);
      if (i >= 0) image.push(performance.now() - t);
    }
  });
  const tokens = (await encoder.tokenIds(texts)).map((r) => r.length);
  const fullTokens = (await encoder.tokenIds(fullTexts)).map((r) => r.length);
  await encoder.dispose();
  return {
    textMs: summary(text),
    titleDescriptionTextMs: summary(full),
    imageMs: summary(image),
    tokensP50: { text: quantile(tokens, 0.5), titleDescription: quantile(fullTokens, 0.5) },
    cpuShare: share,
  };
}

/** Items per second through a pool of `size` workers (one ONNX Runtime thread each), in batches of `--batch`. */
async function throughput(size: number) {
  const pool = new EmbedPool(spec, size);
  const batch = Number(values.batch);
  // Warm-up: each worker loads both towers.
  await Promise.all(Array.from({ length: size }, () => Promise.all([pool.texts(texts.slice(0, 2)), pool.images([{ bytes: photos[0], views: [null] }], AUGMENT_DEFAULTS)])));
  const rounds = 2;
  let t = performance.now();
  const textRun = await cpuShare(async () => {
    const jobs: Promise<unknown>[] = [];
    for (let r = 0; r < rounds; r++) for (let s = 0; s < n; s += batch) jobs.push(pool.texts(texts.slice(s, s + batch)));
    await Promise.all(jobs);
  });
  const textPerSecond = (rounds * n) / ((performance.now() - t) / 1000);
  t = performance.now();
  const imageRun = await cpuShare(async () => {
    const jobs: Promise<unknown>[] = [];
    for (let s = 0; s < n; s += batch) jobs.push(pool.images(photos.slice(s, s + batch).map((bytes) => ({ bytes, views: [null] })), AUGMENT_DEFAULTS));
    await Promise.all(jobs);
  });
  const imagePerSecond = n / ((performance.now() - t) / 1000);
  await pool.close();
  return { textPerSecond, imagePerSecond, cpuShare: { text: textRun.cpuShare, image: imageRun.cpuShare } };
}

const serving = await latency(undefined);
const singleThread = await latency(1);
const one = await throughput(1);
const two = await throughput(2);
const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));
const probe = JSON.parse(
  execFileSync(process.execPath, [tsx, fileURLToPath(import.meta.url), '--memory-probe', '--clip-model', clipModel, '--data', values.data!, '--n', '1'], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop()!,
) as { rssBytes: number };

console.log(
  JSON.stringify({
    benchmark: 'clip-embed',
    clipModel,
    cores: availableParallelism(),
    products: n,
    latencyServing: serving,
    latencySingleThread: singleThread,
    targets: { imageP50Ms: 80, textP50Ms: 30, parallelEfficiency: 0.8, servingRssGiB: 1.5 },
    note: 'cpuShare = CPU seconds used per wall second (all threads): below the threads asked for, the machine was busy with other work',
    throughput: { oneWorker: one, twoWorkers: two },
    parallelEfficiency: { text: two.textPerSecond / (2 * one.textPerSecond), image: two.imagePerSecond / (2 * one.imagePerSecond) },
    // The same ratio per CPU second used: what the pipeline itself loses by running on two workers, whatever the machine's load.
    parallelEfficiencyPerCpuSecond: {
      text: two.textPerSecond / two.cpuShare.text / (one.textPerSecond / one.cpuShare.text),
      image: two.imagePerSecond / two.cpuShare.image / (one.imagePerSecond / one.cpuShare.image),
    },
    servingRssGiB: probe.rssBytes / 2 ** 30,
  }),
);
