// Benchmark: a 100,000-row batch (text only) through the HTTP API: upload, classify, download; time and the server's peak RSS.
// Usage: tsx bench/batch.ts [--data DIR] [--model DIR] [--rows 100000]

import { createWriteStream, mkdtempSync, openAsBlob, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadChallengeFolder } from '../src/data/challenge-folder.js';
import { formatCsvRow } from '../src/data/csv-format.js';
import type { HealthResponse, JobResponse } from '../src/serving/api-types.js';
import { benchModelDir, memoryOf, round, startServer } from './bench-server.js';
import { scaledCorpus } from './scaled-corpus.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: new URL('../../shared/data/rakuten-sample', import.meta.url).pathname },
    model: { type: 'string' },
    rows: { type: 'string', default: '100000' },
  },
});
const rows = Number(values.rows);
const log = (m: string) => process.stderr.write(`batch: ${m}\n`);

const work = mkdtempSync(join(tmpdir(), 'prodclass-batch-bench-'));
const folder = await loadChallengeFolder(values.data!);
const modelDir = await benchModelDir(values.model, folder, work, log);

// The products: resampled from the data with some words altered (bench/scaled-corpus.ts), in the challenge's X layout.
const csvPath = join(work, 'products.csv');
const out = createWriteStream(csvPath);
out.write(formatCsvRow(['', 'designation', 'description', 'productid', 'imageid']));
for (const p of scaledCorpus(folder.train, rows, 7).products) {
  if (!out.write(formatCsvRow([p.index, p.designation, p.description, p.productid, p.imageid]))) await new Promise<void>((r) => out.once('drain', () => r()));
}
await new Promise<void>((r) => out.end(() => r()));
const csvMb = statSync(csvPath).size / 1024 / 1024;
log(`${rows} rows, ${csvMb.toFixed(1)} MB`);

const server = await startServer(modelDir, join(work, 'var'));
const pid = server.process.pid!;
try {
  const health = (await (await fetch(`${server.url}/api/health`)).json()) as HealthResponse;
  const idleRssMb = memoryOf(pid)?.rssMb ?? null;
  const samples: number[] = [];
  const sampler = setInterval(() => {
    const m = memoryOf(pid);
    if (m) samples.push(m.rssMb);
  }, 250);

  const started = performance.now();
  const form = new FormData();
  form.append('file', await openAsBlob(csvPath, { type: 'text/csv' }), 'products.csv');
  const submitted = (await (await fetch(`${server.url}/api/predict/batch`, { method: 'POST', body: form })).json()) as JobResponse;
  const uploadSeconds = (performance.now() - started) / 1000;
  let job = submitted;
  let lastLog = 0;
  while (job.status === 'queued' || job.status === 'running') {
    await new Promise((r) => setTimeout(r, 200));
    job = (await (await fetch(`${server.url}/api/jobs/${submitted.id}`)).json()) as JobResponse;
    if (performance.now() - lastLog > 5_000) {
      lastLog = performance.now();
      log(`${job.rowsDone} rows (${(job.fraction * 100).toFixed(0)}%)`);
    }
  }
  const totalSeconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const downloadStarted = performance.now();
  const result = await (await fetch(`${server.url}${job.resultUrl}`)).text();
  const resultLines = result.trimEnd().split('\n').length - 1;
  const memory = memoryOf(pid);

  console.log(
    JSON.stringify({
      benchmark: 'batch',
      model: { id: health.model, kind: health.kind },
      rows,
      csvMb: round(csvMb, 1),
      status: job.status,
      message: job.message,
      rowsClassified: job.summary?.rows ?? 0,
      rowsInResult: resultLines,
      badRows: job.summary?.failed ?? null,
      uploadSeconds: round(uploadSeconds),
      classifySeconds: round(job.summary?.seconds ?? NaN),
      totalSeconds: round(totalSeconds),
      rowsPerSecond: round(rows / totalSeconds, 0),
      downloadSeconds: round((performance.now() - downloadStarted) / 1000),
      serverRssMb: { idle: idleRssMb === null ? null : round(idleRssMb, 1), maxSampled: round(Math.max(...samples), 1), peak: memory ? round(memory.peakRssMb, 1) : null },
      targets: { seconds: 60 },
      met: { seconds: totalSeconds < 60, allRows: resultLines === rows },
    }),
  );
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
