// Fits a ProductTextVectorizer's TF-IDF blocks side by side on worker threads.

import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { CsrMatrix } from '../core/csr-matrix.js';
import { ProdclassError, type ErrorCode } from '../core/errors.js';
import type { EstimatorState, FitOptions } from '../core/estimator.js';
import { startWorkerScript } from '../core/worker-script.js';
import type { BlockFitJob } from './block-fit-worker.js';
import { TFIDF_DEFAULTS, type TfidfParams } from './tfidf-params.js';
import { TfidfVectorizer } from './tfidf-vectorizer.js';

/** One block to fit: its vectorizer's parameters and its documents. */
export interface BlockFit {
  params: Partial<TfidfParams>;
  docs: readonly string[];
}

export interface FittedBlock {
  vectorizer: TfidfVectorizer;
  /** The block's features of its documents, when asked to transform them too. */
  matrix: CsrMatrix | null;
}

/**
 * Characters of text (over every block) from which `nJobs: -1` fits blocks on threads. Below it a thread's start and
 * the copy of its documents cost about what they save: on 85,000 Rakuten products (about 190 million characters
 * over the four default blocks) the blocks took 75 s one after another, the char n-grams of the text 50 s of them.
 */
const AUTO_MIN_CHARS = 20_000_000;

/** The threads `nJobs` stands for: -1 one per core once the texts are long enough (see AUTO_MIN_CHARS), n n threads. */
export function blockThreads(fits: readonly BlockFit[], nJobs: number): number {
  const chars = fits.reduce((n, fit) => n + fit.docs.reduce((m, doc) => m + doc.length, 0), 0);
  const wanted = nJobs === -1 ? (chars >= AUTO_MIN_CHARS ? availableParallelism() : 1) : nJobs;
  return Math.max(1, Math.min(wanted, fits.length));
}

/**
 * Fits every block (and transforms its documents with `transform`): with one thread here, with more on that many
 * worker threads while this one waits, so that its event loop stays free (a server answering, a queue worker renewing
 * its task's lock). Each block is fitted exactly as alone, so the result does not depend on the number of threads.
 * The blocks go to threads largest first, each to the least loaded (its cost: characters times the n-gram lengths
 * counted, char n-grams at twice the rate of word n-grams).
 * @throws the errors of TfidfVectorizer.fit, with their codes, from whichever thread fitted the block; the abort
 *   reason when options.signal aborts.
 */
export async function fitBlocks(fits: readonly BlockFit[], transform: boolean, threads: number, options: FitOptions = {}): Promise<FittedBlock[]> {
  if (threads <= 1) {
    const out: FittedBlock[] = [];
    for (const fit of fits) {
      const vectorizer = new TfidfVectorizer(fit.params);
      const matrix = transform ? await vectorizer.fitTransform(fit.docs, options) : (await vectorizer.fit(fit.docs, options), null);
      out.push({ vectorizer, matrix });
    }
    return out;
  }
  const lanes = assignLanes(fits, threads);
  const workers: Worker[] = [];
  try {
    const results = new Array<Promise<FittedBlock>>(fits.length);
    for (const lane of lanes) {
      if (lane.length === 0) continue;
      const worker = startWorkerScript(import.meta.url, 'block-fit-worker');
      workers.push(worker);
      // The worker fits its lane's blocks one after another, in the order posted.
      const replies = lane.map(() => deferred<FittedBlock>());
      let next = 0;
      worker.on('message', (message: { state?: EstimatorState; matrix?: MatrixParts | null; error?: { code: ErrorCode | null; message: string } }) => {
        const reply = replies[next++];
        if (message.error) reply.reject(new ProdclassError(message.error.code ?? 'INTERNAL', message.error.message));
        else reply.resolve({ vectorizer: TfidfVectorizer.fromState(message.state!), matrix: message.matrix ? matrixOf(message.matrix) : null });
      });
      const failed = (error: Error): void => replies.slice(next).forEach((r) => r.reject(new ProdclassError('INTERNAL', `a text feature thread failed: ${error.message}`, { cause: error })));
      worker.on('error', failed);
      worker.on('exit', (code) => code !== 0 && failed(new Error(`exit code ${code}`)));
      lane.forEach((b, k) => {
        results[b] = replies[k].promise;
        // Awaited below, in block order: a later block's failure meanwhile must not go unhandled.
        replies[k].promise.catch(() => {});
        worker.postMessage({ params: fits[b].params, docs: fits[b].docs, transform } satisfies BlockFitJob);
      });
    }
    const out = await Promise.all(results);
    options.signal?.throwIfAborted();
    return out;
  } finally {
    for (const worker of workers) void worker.terminate();
  }
}

interface MatrixParts {
  nRows: number;
  nCols: number;
  indptr: Int32Array;
  indices: Int32Array;
  data: Float32Array;
}

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

function matrixOf(parts: MatrixParts): CsrMatrix {
  return new CsrMatrix(parts.nRows, parts.nCols, parts.indptr, parts.indices, parts.data);
}

/** Block numbers per thread: largest block first, each to the thread with the least work. */
function assignLanes(fits: readonly BlockFit[], threads: number): number[][] {
  const cost = fits.map(({ params, docs }) => {
    const [low, high] = params.ngramRange ?? TFIDF_DEFAULTS.ngramRange;
    const rate = (params.analyzer ?? TFIDF_DEFAULTS.analyzer) === 'word' ? 0.5 : 1;
    return docs.reduce((n, doc) => n + doc.length, 0) * (high - low + 1) * rate;
  });
  const lanes: number[][] = Array.from({ length: threads }, () => []);
  const load = new Float64Array(threads);
  for (const b of [...fits.keys()].sort((a, c) => cost[c] - cost[a])) {
    let lane = 0;
    for (let t = 1; t < threads; t++) if (load[t] < load[lane]) lane = t;
    lanes[lane].push(b);
    load[lane] += cost[b];
  }
  return lanes;
}
