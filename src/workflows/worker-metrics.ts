// Prometheus metrics of a `prodclass worker` process (prom-client): chunks taken, done, failed and retried, rows, chunk seconds.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** The labels every series of a process carries, so that one Prometheus tells hosts and roles apart. */
export interface ProcessLabels {
  /** The host as operators name it (--host-name, PRODCLASS_HOST_NAME; default hostname:pid). */
  host: string;
  role: 'api' | 'worker';
}

export interface WorkerMetrics {
  registry: Registry;
  /** Chunks this worker started, a retry included. */
  chunksTaken: Counter;
  chunksDone: Counter;
  chunksFailed: Counter;
  /** Chunks started again: after a failure, or after the worker holding them died (BullMQ's stalled-job recovery). */
  chunksRetried: Counter;
  /** Rows classified, by outcome (done: a category; failed: the row could not be classified). */
  rows: Counter<'outcome'>;
  chunkSeconds: Histogram;
}

/** Chunk durations: a 256-row chunk takes from tens of ms (text) to tens of seconds (photos on CPU). */
const CHUNK_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** The worker's registry, its series labelled with `labels`, process metrics (CPU, memory, event loop) included. */
export function createWorkerMetrics(labels: ProcessLabels): WorkerMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ ...labels });
  collectDefaultMetrics({ register: registry, prefix: 'prodclass_' });
  const counter = (name: string, help: string) => new Counter({ name, help, registers: [registry] });
  return {
    registry,
    chunksTaken: counter('prodclass_worker_chunks_taken_total', 'Chunks of batch jobs this worker started (retries included)'),
    chunksDone: counter('prodclass_worker_chunks_done_total', 'Chunks this worker finished and recorded'),
    chunksFailed: counter('prodclass_worker_chunks_failed_total', 'Chunks that failed in this worker (BullMQ retries them up to 3 times)'),
    chunksRetried: counter('prodclass_worker_chunks_retried_total', 'Chunks this worker took that an earlier attempt (a failure, a dead worker) had started'),
    rows: new Counter({ name: 'prodclass_worker_rows_total', help: 'Rows classified by this worker, by outcome (done, failed)', labelNames: ['outcome'] as const, registers: [registry] }),
    chunkSeconds: new Histogram({ name: 'prodclass_worker_chunk_seconds', help: 'Time to classify and record one chunk', buckets: CHUNK_BUCKETS, registers: [registry] }),
  };
}

/**
 * Serves `registry` as Prometheus text at GET /metrics on `port` (0 picks a free one) of `host`; resolves with the
 * server and its URL once listening.
 * @throws Error when the port cannot be listened on (taken, or not allowed).
 */
export async function serveMetrics(registry: Registry, port: number, host: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('GET /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: Error) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`${error.message}\n`),
    );
  });
  await new Promise<void>((listening, failed) => {
    server.once('error', failed);
    server.listen(port, host, () => listening());
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { server, url: `http://${shown}:${address.port}/metrics` };
}
