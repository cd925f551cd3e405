// Benchmark: readTable on a 100 MB, 85,000-row catalog CSV (UTF-8, then Windows-1252), against csv-parse reading the same bytes.
// Usage: tsx bench/read-table.ts [--data DIR] [--rows 85000] [--mb 100] [--runs 3]

import { readFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { Rng } from '../src/core/rng.js';
import { formatCsvRow } from '../src/data/csv-format.js';
import { readTable } from '../src/data/table/index.js';
import { memoryOf, round } from './bench-server.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: new URL('../../shared/data/rakuten-sample', import.meta.url).pathname },
    rows: { type: 'string', default: '85000' },
    mb: { type: 'string', default: '100' },
    runs: { type: 'string', default: '3' },
  },
});
const rows = Number(values.rows);
const runs = Number(values.runs);
const log = (m: string) => process.stderr.write(`read-table: ${m}\n`);

// The catalog: titles and descriptions drawn (seed 7) from the sample's products, descriptions lengthened with
// other products' text to reach the target size; one row in 20 has an HTML description with line breaks.
const sample: string[][] = parse(readFileSync(join(values.data!, 'X_train_update.csv')), { relax_quotes: true, from_line: 2 });
const rng = new Rng(7);
const perRow = (Number(values.mb) * 1e6) / rows;
const parts: string[] = [formatCsvRow(['', 'designation', 'description', 'productid', 'imageid'])];
for (let i = 0; i < rows; i++) {
  const [, title, , productid, imageid] = sample[rng.int(sample.length)];
  // Lengths vary from 0.5x to 1.5x the mean so rows are not all alike.
  const length = Math.max(0, Math.round(perRow * (0.5 + rng.next())) - title.length - 40);
  let description = '';
  while (description.length < length) description += `${sample[rng.int(sample.length)][2] || sample[rng.int(sample.length)][1]} `;
  description = description.slice(0, length);
  if (i % 20 === 0) description = `<p>${description.slice(0, 200)}</p>\n<ul>\n<li>${description.slice(200).replaceAll('. ', '</li>\n<li>')}</li>\n</ul>`;
  parts.push(formatCsvRow([i, title, description, productid, imageid]));
}
const text = parts.join('');
const work = mkdtempSync(join(tmpdir(), 'prodclass-read-table-bench-'));
const utf8Path = join(work, 'catalog.csv');
const cp1252Path = join(work, 'catalog-cp1252.csv');
writeFileSync(utf8Path, text);
writeFileSync(cp1252Path, iconv.encode(text, 'windows-1252'));
const mb = statSync(utf8Path).size / 1e6;
log(`${rows} rows, ${mb.toFixed(1)} MB`);

/** Wall seconds and this process's CPU seconds (user + system) per run: on a shared machine the CPU time says more. */
async function timed(label: string, read: () => Promise<number> | number): Promise<{ seconds: number[]; cpuSeconds: number[]; rows: number }> {
  const seconds: number[] = [];
  const cpuSeconds: number[] = [];
  let count = 0;
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    count = await read();
    const used = process.cpuUsage(cpu);
    seconds.push((performance.now() - started) / 1000);
    cpuSeconds.push((used.user + used.system) / 1e6);
    log(`${label} run ${r + 1}: ${seconds.at(-1)!.toFixed(2)} s (cpu ${cpuSeconds.at(-1)!.toFixed(2)} s)`);
  }
  return { seconds, cpuSeconds, rows: count };
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const ours = await timed('readTable utf-8', async () => (await readTable(utf8Path)).rows.length);
  const oursPeakRssMb = memoryOf(process.pid)?.peakRssMb ?? null;
  const cp1252 = await timed('readTable windows-1252', async () => (await readTable(cp1252Path)).rows.length);
  // Reference: csv-parse (the challenge loader's parser) on the same bytes, keeping each record as readTable does.
  const reference = await timed('csv-parse', () => {
    const kept: string[][] = [];
    parse(readFileSync(utf8Path), { relax_quotes: true, relax_column_count: true, record_delimiter: ['\r\n', '\n'], on_record: (r: string[]) => void kept.push(r) });
    return kept.length - 1;
  });
  const result = {
    rows: ours.rows,
    mb: round(mb, 1),
    readTableSeconds: round(median(ours.seconds), 2),
    readTableCpuSeconds: round(median(ours.cpuSeconds), 2),
    readTableMbPerSecond: round(mb / median(ours.seconds), 1),
    readTablePeakRssMb: oursPeakRssMb === null ? null : round(oursPeakRssMb, 0),
    readTableCp1252Seconds: round(median(cp1252.seconds), 2),
    csvParseSeconds: round(median(reference.seconds), 2),
    csvParseCpuSeconds: round(median(reference.cpuSeconds), 2),
    csvParseRows: reference.rows,
    speedupOverCsvParse: round(median(reference.seconds) / median(ours.seconds), 2),
    runs,
    loadAverage: round(loadavg()[0], 1),
  };
  console.log(JSON.stringify(result));
} finally {
  rmSync(work, { recursive: true, force: true });
}
