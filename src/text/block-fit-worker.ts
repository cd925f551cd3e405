// Worker-thread entry that fits one TF-IDF block for block-fits.ts and posts back its state and matrix.

import { parentPort } from 'node:worker_threads';
import { isProdclassError } from '../core/errors.js';
import type { TfidfParams } from './tfidf-params.js';
import { TfidfVectorizer } from './tfidf-vectorizer.js';

export interface BlockFitJob {
  params: Partial<TfidfParams>;
  docs: readonly string[];
  transform: boolean;
}

const port = parentPort!;

port.on('message', async (job: BlockFitJob) => {
  try {
    const vectorizer = new TfidfVectorizer(job.params);
    const x = job.transform ? await vectorizer.fitTransform(job.docs) : (await vectorizer.fit(job.docs), null);
    const state = vectorizer.getState();
    const matrix = x && { nRows: x.nRows, nCols: x.nCols, indptr: x.indptr, indices: x.indices, data: x.data };
    const transfer = [...Object.values(state.arrays), ...(x ? [x.indptr, x.indices, x.data] : [])].map((a) => a.buffer as ArrayBuffer);
    port.postMessage({ state, matrix }, [...new Set(transfer)]);
  } catch (error) {
    port.postMessage({ error: { code: isProdclassError(error) ? error.code : null, message: error instanceof Error ? error.message : String(error) } });
  }
});
