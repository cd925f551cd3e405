// Benchmark: prediction latency at a fixed rate while the server (compiled, as it ships) retrains from feedback (in a child process, and in the server's own process as before, in the same run), status latency, and model switch times.
// Usage: tsx bench/retrain-load.ts [--data DIR] [--model DIR | --kind KIND] [--rate 200] [--feedback 100] [--baseline 5] [--switches 4]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadChallengeFolder } from '../src/data/challenge-folder.js';
import type { HealthResponse, JobResponse, PredictResponse } from '../src/serving/api-types.js';
import { benchModelDir, round, startServer, type BenchServer } from './bench-server.js';
import { openLoopLoad } from './open-loop.js';
import { saveModel } from '../src/models/model-store.js';
import { RAKUTEN_TAXONOMY } from '../src/taxonomy/index.js';
import { trainModel } from '../src/training/train-model.js';
import { defaultModelKind } from '../src/models/text-model-kinds.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: new URL('../../shared/data/rakuten-sample', import.meta.url).pathname },
    model: { type: 'string' },
    /** The kind of the served and cold-switched models (the default model's unless given); not with --model. */
    kind: { type: 'string' },
    rate: { type: 'string', default: '200' },
    feedback: { type: 'string', default: '100' },
    baseline: { type: 'string', default: '5' },
    switches: { type: 'string', default: '4' },
  },
});
const rate = Number(values.rate);
const connections = 32;
const TOKEN = 'bench-retrain-load-token';
const log = (m: string) => process.stderr.write(`retrain-load: ${m}\n`);

const work = mkdtempSync(join(tmpdir(), 'prodclass-retrain-load-'));
const folder = await loadChallengeFolder(values.data!);
const kind = values.kind ?? defaultModelKind(folder.train);
const modelDir = await benchModelDir(values.model, folder, work, log, kind);
// Two more models beside it, which the server registers at start but loads only when activated: cold switches.
const coldIds: string[] = [];
if (!values.model) {
  for (const seed of [43, 44]) {
    const { model, card } = await trainModel({ data: folder.train, taxonomy: RAKUTEN_TAXONOMY, source: folder.source, demo: folder.demo, kind, seed, validationFraction: 0.1 });
    await saveModel(join(work, 'models', `cold-${seed}`), model, card, RAKUTEN_TAXONOMY);
    coldIds.push(card.modelId);
  }
}
const products = folder.train.products;
let next = 0;
const nextBody = () => {
  const p = products[next++ % products.length];
  return JSON.stringify({ designation: p.designation, description: p.description });
};

function summary(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const q = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN);
  return { requests: sorted.length, p50: q(0.5), p90: q(0.9), p99: q(0.99), max: round(sorted[sorted.length - 1] ?? NaN) };
}

const auth = { authorization: `Bearer ${TOKEN}` };
const json = { 'content-type': 'application/json' };

/** Predictions of the first `n` products, each confirmed or corrected with its true label. */
async function sendFeedback(server: BenchServer, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const p = products[i];
    const res = await fetch(`${server.url}/api/predict`, { method: 'POST', headers: json, body: JSON.stringify({ designation: p.designation, description: p.description }) });
    const { predictionId } = (await res.json()) as PredictResponse;
    await fetch(`${server.url}/api/feedback`, { method: 'POST', headers: json, body: JSON.stringify({ predictionId, correctCode: folder.train.labels[i] }) });
  }
}

async function measure(mode: 'child' | 'in-process') {
  const server = await startServer(modelDir, join(work, `var-${mode}`), { PRODCLASS_ADMIN_TOKEN: TOKEN }, mode === 'in-process' ? ['--retrain-in-process'] : []);
  try {
    const base = ((await (await fetch(`${server.url}/api/health`)).json()) as HealthResponse).model;
    await sendFeedback(server, Number(values.feedback));
    log(`${mode}: ${values.feedback} feedback rows; reference: ${rate} predictions/s for ${values.baseline} s without retraining`);
    // Warm-up, not recorded: the first seconds at full rate compile the hot paths and size the heap.
    await openLoopLoad({ url: server.url, path: '/api/predict', bodies: nextBody, rate, seconds: 2, connections });
    const reference: number[] = [];
    await openLoopLoad({ url: server.url, path: '/api/predict', bodies: nextBody, rate, seconds: Number(values.baseline), connections, record: reference });

    log(`${mode}: retraining under ${rate} predictions/s`);
    const started = performance.now();
    const job = (await (await fetch(`${server.url}/api/retrain`, { method: 'POST', headers: auth })).json()) as JobResponse;
    const during: number[] = [];
    const status: number[] = [];
    let last = job;
    const poll = (async () => {
      while (last.status === 'queued' || last.status === 'running') {
        const t = performance.now();
        last = (await (await fetch(`${server.url}/api/jobs/${job.id}`)).json()) as JobResponse;
        status.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    while (last.status === 'queued' || last.status === 'running') {
      await openLoopLoad({ url: server.url, path: '/api/predict', bodies: nextBody, rate, seconds: 1, connections, record: during });
    }
    await poll;
    const retrainSeconds = (performance.now() - started) / 1000;
    if (last.status !== 'done') throw new Error(`the retraining failed: ${last.message}`);
    log(`${mode}: retrained in ${retrainSeconds.toFixed(1)} s (gate ${last.gate?.passed ? 'passed' : 'not passed'})`);

    // Switches between the base and the retrained model, without load, then under the same load.
    const switches: number[] = [];
    const switchesUnderLoad: number[] = [];
    const ids = [base, last.gate!.newModelId];
    for (let i = 0; i < Number(values.switches); i++) {
      const id = ids[i % 2];
      const t = performance.now();
      const res = await fetch(`${server.url}/api/models/${id}/activate`, { method: 'POST', headers: auth });
      if (res.status !== 200) throw new Error(`activating ${id}: ${res.status} ${await res.text()}`);
      switches.push(performance.now() - t);
    }
    for (let i = 0; i < Number(values.switches); i++) {
      const id = ids[i % 2];
      const load = openLoopLoad({ url: server.url, path: '/api/predict', bodies: nextBody, rate, seconds: 2, connections });
      await new Promise((r) => setTimeout(r, 500));
      const t = performance.now();
      await fetch(`${server.url}/api/models/${id}/activate`, { method: 'POST', headers: auth });
      switchesUnderLoad.push(performance.now() - t);
      await load;
    }
    // A model not loaded yet: the first worker thread loads it while the other answers (the switches above find theirs loaded).
    const cold: { idleMs: number | null; underLoadMs: number | null } = { idleMs: null, underLoadMs: null };
    if (coldIds.length === 2) {
      let t = performance.now();
      const res = await fetch(`${server.url}/api/models/${coldIds[0]}/activate`, { method: 'POST', headers: auth });
      if (res.status !== 200) throw new Error(`activating ${coldIds[0]}: ${res.status} ${await res.text()}`);
      cold.idleMs = round(performance.now() - t);
      const load = openLoopLoad({ url: server.url, path: '/api/predict', bodies: nextBody, rate, seconds: 3, connections });
      await new Promise((r) => setTimeout(r, 500));
      t = performance.now();
      await fetch(`${server.url}/api/models/${coldIds[1]}/activate`, { method: 'POST', headers: auth });
      cold.underLoadMs = round(performance.now() - t);
      await load;
    }
    return {
      retrainSeconds: round(retrainSeconds),
      gatePassed: last.gate?.passed ?? null,
      predictMs: { reference: summary(reference), duringRetraining: summary(during) },
      statusMsDuringRetraining: summary(status),
      // Back and forth between the base and the retrained model: the one switched away from stays loaded.
      switchMs: { idle: summary(switches), underLoad: summary(switchesUnderLoad), cold },
    };
  } finally {
    await server.stop();
  }
}

const child = await measure('child');
const inProcess = await measure('in-process');
rmSync(work, { recursive: true, force: true });
process.stdout.write(
  `${JSON.stringify({
    data: folder.source,
    products: products.length,
    rate,
    feedbackRows: Number(values.feedback),
    target: { p99Ms: 50, switchMs: 1000 },
    child,
    inProcess,
    p99RatioInProcessToChild: round(inProcess.predictMs.duringRetraining.p99 / child.predictMs.duringRetraining.p99),
  })}\n`,
);
