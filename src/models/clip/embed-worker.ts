// Worker-thread entry that embeds batches posted by embed-pool.ts with its own CLIP encoder (one ONNX Runtime thread).

import { parentPort, workerData } from 'node:worker_threads';
import { toWorkerFailure, type WorkerFailure } from '../../core/errors.js';
import type { AugmentOptions } from '../../image/augment.js';
import { setImageDecodeConcurrency } from '../../image/decode-image.js';
import type { ClipSpec } from './clip-spec.js';
import { embedImageBatch, embedTextBatch, type ImageItem } from './embed-batch.js';
import { ClipEncoder } from './encoder.js';

export type EmbedJob =
  | { id: number; kind: 'text'; texts: string[] }
  | { id: number; kind: 'image'; items: ImageItem[]; augment: AugmentOptions }
  | { id: number; kind: 'close' };

export interface EmbedJobResult {
  id: number;
  vectors?: Float32Array;
  errors?: (string | null)[];
  failure?: WorkerFailure;
}

const { spec, threads } = workerData as { spec: ClipSpec; threads: number };
const port = parentPort!;
void setImageDecodeConcurrency(1);
let encoder: Promise<ClipEncoder> | undefined;

port.on('message', (job: EmbedJob) => {
  if (job.kind === 'close') void close();
  else void run(job);
});

/** Releases the ONNX Runtime sessions and lets the thread end (terminating it mid-inference can abort the process). */
async function close(): Promise<void> {
  const e = await encoder?.catch(() => undefined);
  await e?.dispose();
  port.close();
}

async function run(job: Exclude<EmbedJob, { kind: 'close' }>): Promise<void> {
  try {
    encoder ??= ClipEncoder.load(spec, { threads });
    const e = await encoder;
    const result =
      job.kind === 'text' ? { vectors: await embedTextBatch(e, job.texts), errors: undefined } : await embedImageBatch(e, job.items, job.augment);
    const message: EmbedJobResult = { id: job.id, vectors: result.vectors, errors: result.errors };
    port.postMessage(message, [result.vectors.buffer as ArrayBuffer]);
  } catch (error) {
    const message: EmbedJobResult = { id: job.id, failure: toWorkerFailure(error) };
    port.postMessage(message);
  }
}
