// The models a `prodclass worker` classifies with: each loaded once by id, onto the worker's prediction threads when it has them.

import { readManifest } from '../core/model-folder.js';
import { modelKindOrNull } from '../models/model-kinds.js';
import { readModelTaxonomy } from '../models/model-store.js';
import type { Storage } from '../storage/storage.js';
import type { PredictionPool } from './prediction-pool.js';
import { loadModelFolder, registeredModelDir } from './registry-model.js';
import type { ServedModel } from './served-model.js';
import { withAdditions } from './taxonomy-additions.js';

/** Loads a job's model by registry id, from the job's catalog's view of the storage. */
export type WorkerModelLoader = (storage: Storage, id: string) => Promise<ServedModel>;

/**
 * A loader that keeps each model it loaded (a failed load is tried again next time). A text model goes onto `pool`'s
 * threads, as the API host serves its in-process batches, so that a worker classifies a chunk on every core rather than
 * on its main thread, which meanwhile reads and records the other chunks; this thread then holds only the card and
 * taxonomy. A model that reads photos (or any model, without a usable pool) is loaded in this thread.
 * @throws (from the returned loader) ProdclassError MODEL_NOT_FOUND when no folder of the model can be had; as loadModel.
 */
export function workerModelLoader(varDir: string, pool: PredictionPool | null, log: (message: string) => void): WorkerModelLoader {
  const models = new Map<string, Promise<ServedModel>>();
  return (storage, id) => {
    let held = models.get(id);
    if (!held) {
      held = (async () => {
        const { entry, dir } = await registeredModelDir(storage, id, varDir);
        const kind = modelKindOrNull(entry.kind);
        if (pool?.usable && kind && kind.modalities.every((m) => m === 'text')) {
          try {
            const [manifest, taxonomy, pooled, additions] = await Promise.all([readManifest(dir), readModelTaxonomy(dir), pool.load(dir, { modelId: id }), storage.categoryAdditions.list(id)]);
            return { id, model: null, classes: pooled.classes, modalities: kind.modalities, card: manifest.card, dir, taxonomy: withAdditions(taxonomy, additions), pool: pooled };
          } catch (error) {
            // Threads that failed leave the worker to classify in its own thread; a folder that cannot load fails below too.
            log(`model ${id} is classified without prediction threads: ${(error as Error).message}`);
          }
        }
        return loadModelFolder(storage, id, dir);
      })();
      held.catch(() => models.delete(id));
      models.set(id, held);
    }
    return held;
  };
}
