// An open-loop HTTP load: requests start on a fixed schedule whatever the answers, so latency counts the queueing too.

import { Agent, request } from 'node:http';

export interface OpenLoopOptions {
  url: string;
  path: string;
  /** Request bodies (JSON), used in turn. */
  bodies: () => string;
  /** Requests started per second, evenly spaced. */
  rate: number;
  seconds: number;
  /** Keep-alive connections at most; a request due while all are busy waits for one (and that wait counts). */
  connections: number;
  /** Every latency (ms) is also pushed here, so that several runs can be summarised together. */
  record?: number[];
  /** Every latency counted from the scheduled start (ms) is also pushed here. */
  recordScheduled?: number[];
}

export interface OpenLoopResult {
  requestsPerSecond: number;
  /**
   * From each request's start to its last byte. A request starts when this process issues it, on schedule or as soon
   * as a late timer lets it; waiting for a free connection counts (coordinated omission included, not hidden).
   */
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /**
   * From each request's scheduled start: adds this process's own timer lateness (setTimeout fires on whole
   * milliseconds of a cached clock: 0.6 to 0.7 ms late at p50 at 50 requests/s here), which is the load generator's, not the server's.
   */
  fromScheduledMs: { p50: number; p99: number };
  requests: number;
  errors: number;
  non2xx: number;
}

/**
 * autocannon's `overallRate` lets each connection send its share of a second as fast as it can and then wait,
 * which is a burst at every second rather than a rate; this sends request i at start + i / rate.
 */
export async function openLoopLoad(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const url = new URL(options.path, options.url);
  const latencies: number[] = [];
  const fromScheduled: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const total = Math.round(options.rate * options.seconds);
  const interval = 1000 / options.rate;
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  const send = (scheduled: number) =>
    new Promise<void>((resolve) => {
      const body = options.bodies();
      const issued = performance.now();
      const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === undefined || res.statusCode < 200 || res.statusCode >= 300) non2xx++;
          const done = performance.now();
          latencies.push(done - issued);
          fromScheduled.push(done - scheduled);
          options.record?.push(done - issued);
          options.recordScheduled?.push(done - scheduled);
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && started + sent * interval <= now) inFlight.push(send(started + sent++ * interval));
      if (sent < total) setTimeout(tick, Math.max(0, started + sent * interval - performance.now()));
      else resolve();
    };
    tick();
  });
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  fromScheduled.sort((a, b) => a - b);
  const at = (values: number[], p: number) => round(values[Math.min(values.length - 1, Math.floor(p * values.length))] ?? NaN);
  const q = (p: number) => at(sorted, p);
  return {
    requestsPerSecond: round(latencies.length / elapsed),
    latencyMs: { p50: q(0.5), p90: q(0.9), p99: q(0.99), max: round(sorted[sorted.length - 1] ?? NaN), mean: round(sorted.reduce((s, x) => s + x, 0) / sorted.length) },
    fromScheduledMs: { p50: at(fromScheduled, 0.5), p99: at(fromScheduled, 0.99) },
    requests: latencies.length,
    errors,
    non2xx,
  };
}

const round = (x: number) => Math.round(x * 100) / 100;
