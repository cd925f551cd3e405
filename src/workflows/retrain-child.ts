// The child process a server retrains in: for each request it opens the same var folder, retrains from feedback and reports back, so the server's thread keeps answering.

import { toWorkerFailure } from '../core/errors.js';
import { loadModel } from '../models/model-store.js';
import { DEFAULT_CATALOG } from '../storage/catalog-scope.js';
import { openStorage } from '../storage/storage.js';
import { readNextTaxonomy } from './next-taxonomy.js';
import { retrainFromFeedback } from './retrain.js';
import type { RetrainChildMessage, RetrainChildRequest } from './retrain-process.js';
import { withAdditions } from './taxonomy-additions.js';
import { servedModel } from './served-model.js';

function send(message: RetrainChildMessage): Promise<void> {
  return new Promise((done) => process.send!(message, () => done()));
}

// One retraining at a time (the server sends the next only after this one's answer); the server's exit closes the channel.
process.on('disconnect', () => process.exit(0));
process.on('message', (request: RetrainChildRequest) => {
  void (async () => {
    const opened = await openStorage(request.varDir, { databaseUrl: request.databaseUrl ?? null });
    const storage = opened.forCatalog(request.catalog ?? DEFAULT_CATALOG);
    try {
      const { model, card, dir, taxonomy } = await loadModel(request.baseDir);
      const outcome = await retrainFromFeedback({
        storage,
        varDir: request.varDir,
        modelsDir: request.modelsDir,
        dataDir: request.dataDir,
        // Categories added through feedback since the base model was trained: retraining learns them.
        base: servedModel({ id: request.baseId, model, card, dir, taxonomy: withAdditions(taxonomy, await storage.categoryAdditions.list(request.baseId)) }),
        // The server activates: it holds the served model and its prediction workers.
        activate: async () => {},
        onStage: (stage) => void send({ type: 'stage', stage }),
        nextTaxonomy: request.nextTaxonomy && (await readNextTaxonomy(request.nextTaxonomy)),
      });
      await send({ type: 'done', outcome });
    } catch (error) {
      await send({ type: 'failed', failure: toWorkerFailure(error) });
    } finally {
      await opened.close();
      // Nothing of this retraining is needed any more: give its memory back now rather than at the next one.
      globalThis.gc?.();
    }
  })();
});
