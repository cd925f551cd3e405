// Benchmark: /api/predict under load from a second process: throughput at 50 connections (autocannon), latency at a fixed rate (open loop), a soak with RSS samples and feedback rows counted.
// Usage: tsx bench/http-load.ts [--data DIR] [--model DIR] [--connections 50] [--duration 15] [--rate 1000] [--soak 60] [--soak-rate 1000]
//        [--predict-workers N]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { loadChallengeFolder } from '../src/data/challenge-folder.js';
import { RAKUTEN_TAXONOMY } from '../src/taxonomy/index.js';

const CATEGORY_CODES = RAKUTEN_TAXONOMY.categories().map((c) => c.key);
import type { FeedbackListResponse, HealthResponse } from '../src/serving/api-types.js';
import { benchModelDir, memoryOf, round, startServer } from './bench-server.js';
import { openLoopLoad, type OpenLoopResult } from './open-loop.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: new URL('../../shared/data/rakuten-sample', import.meta.url).pathname },
    model: { type: 'string' },
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '15' },
    rate: { type: 'string', default: '1000' },
    soak: { type: 'string', default: '60' },
    // The soak runs explained predictions (the default answer) at the rate of the latency target.
    'soak-rate': { type: 'string', default: '1000' },
    'feedback-rate': { type: 'string', default: '20' },
    'predict-workers': { type: 'string' },
  },
});
const connections = Number(values.connections);
const duration = Number(values.duration);
const rate = Number(values.rate);
const soakSeconds = Number(values.soak);
const SETTLE_SECONDS = 3;
const log = (m: string) => process.stderr.write(`http-load: ${m}\n`);

const work = mkdtempSync(join(tmpdir(), 'prodclass-http-load-'));
const folder = await loadChallengeFolder(values.data!);
const modelDir = await benchModelDir(values.model, folder, work, log);
// Two request mixes: as the page and API clients send them (explanation included, the default), and plain
// predictions (`explain: false`), the real Rakuten titles and descriptions of the data folder in turn.
const modes = { explained: {}, plain: { explain: false } } as const;
type Mode = keyof typeof modes;
const bodiesOf = (mode: Mode) => folder.train.products.map((p) => JSON.stringify({ designation: p.designation, description: p.description, ...modes[mode] }));
const bodies = { explained: bodiesOf('explained'), plain: bodiesOf('plain') };
let next = 0;
const nextBody = (mode: Mode) => () => bodies[mode][next++ % bodies[mode].length];
const closedLoopRequest = (mode: Mode) => ({
  method: 'POST' as const,
  path: '/api/predict',
  headers: { 'content-type': 'application/json' },
  setupRequest: (request: autocannon.Request) => ({ ...request, body: nextBody(mode)() }),
});
const openLoop = (mode: Mode, seconds: number, at = rate) => openLoopLoad({ url: server.url, path: '/api/predict', bodies: nextBody(mode), rate: at, seconds, connections });

const server = await startServer(modelDir, join(work, 'var'), {}, values['predict-workers'] ? ['--predict-workers', values['predict-workers']] : []);
const pid = server.process.pid!;
const health = (await (await fetch(`${server.url}/api/health`)).json()) as HealthResponse;
log(`server ${server.url} (pid ${pid}), model ${health.model}`);

const summary = (r: autocannon.Result) => ({
  requestsPerSecond: round(r.requests.average, 1),
  latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, mean: round(r.latency.average, 3) },
  requests: r.requests.total,
  errors: r.errors,
  timeouts: r.timeouts,
  non2xx: r.non2xx,
});

try {
  log('warm-up (5 s)');
  await autocannon({ url: server.url, connections, duration: 5, requests: [closedLoopRequest('explained')] });
  const runs: Record<string, { throughput: ReturnType<typeof summary>; fixedRate: OpenLoopResult }> = {};
  for (const mode of Object.keys(modes) as Mode[]) {
    log(`${mode}: throughput, ${connections} connections sending as fast as the server answers (autocannon), ${duration} s`);
    const throughput = summary(await autocannon({ url: server.url, connections, duration, requests: [closedLoopRequest(mode)] }));
    // The throughput run leaves the server saturated: a few seconds at the fixed rate, not counted, let the
    // latency run start from the steady state it measures (and warm this side's open-loop client).
    log(`${mode}: ${SETTLE_SECONDS} s at ${rate} requests/s, not counted`);
    await openLoop(mode, SETTLE_SECONDS);
    log(`${mode}: latency at ${rate} requests/s started on schedule (open loop, up to ${connections} connections), ${duration} s`);
    runs[mode] = { throughput, fixedRate: await openLoop(mode, duration) };
  }

  const soakRate = Number(values['soak-rate']);
  log(`soak: ${soakSeconds} s at ${soakRate} predictions/s (explained) plus ${values['feedback-rate']} feedback/s`);
  const feedbackBefore = ((await (await fetch(`${server.url}/api/feedback?limit=1`)).json()) as FeedbackListResponse).total;
  let k = 0;
  const rss: { t: number; rssMb: number }[] = [];
  const started = Date.now();
  const sampler = setInterval(() => {
    const m = memoryOf(pid);
    if (m) rss.push({ t: Math.round((Date.now() - started) / 1000), rssMb: round(m.rssMb, 1) });
  }, 5_000);
  const [soakPredict, soakFeedback] = await Promise.all([
    openLoop('explained', soakSeconds, soakRate),
    openLoopLoad({
      url: server.url,
      path: '/api/feedback',
      rate: Number(values['feedback-rate']),
      seconds: soakSeconds,
      connections: 2,
      bodies: () => JSON.stringify({ predictionId: 1 + (k % 1000), correctCode: CATEGORY_CODES[k++ % CATEGORY_CODES.length] }),
    }),
  ]);
  clearInterval(sampler);
  const feedbackAfter = ((await (await fetch(`${server.url}/api/feedback?limit=1`)).json()) as FeedbackListResponse).total;
  const accepted = soakFeedback.requests - soakFeedback.non2xx;
  const settled = rss.filter((s) => s.t >= 10).map((s) => s.rssMb);
  const memory = memoryOf(pid);
  const met = (mode: Mode) => ({
    p50: runs[mode].fixedRate.latencyMs.p50 < 5,
    p99: runs[mode].fixedRate.latencyMs.p99 < 20,
    requestsPerSecond: runs[mode].throughput.requestsPerSecond >= 1000,
  });
  const failures = Object.values(runs).reduce((n, r) => n + r.throughput.errors + r.throughput.non2xx + r.fixedRate.errors + r.fixedRate.non2xx, 0);

  console.log(
    JSON.stringify({
      benchmark: 'http-load',
      model: { id: health.model, kind: health.kind, demo: health.demo },
      predictWorkers: health.predictWorkers,
      connections,
      ...runs,
      soak: {
        seconds: soakSeconds,
        requestsPerSecondAsked: soakRate,
        predict: soakPredict,
        feedback: {
          answered: accepted,
          rowsAdded: feedbackAfter - feedbackBefore,
          lost: Math.max(0, accepted - (feedbackAfter - feedbackBefore)),
          errors: soakFeedback.errors,
          non2xx: soakFeedback.non2xx,
        },
        rssMb: rss,
        rssGrowthMb: settled.length > 1 ? round(settled[settled.length - 1] - settled[0], 1) : null,
        peakRssMb: memory ? round(memory.peakRssMb, 1) : null,
      },
      targets: { p50Ms: 5, p99Ms: 20, requestsPerSecond: 1000 },
      met: {
        explained: met('explained'),
        plain: met('plain'),
        noErrors: failures + soakPredict.errors + soakPredict.non2xx === 0,
        noLostFeedback: accepted <= feedbackAfter - feedbackBefore,
      },
    }),
  );
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
