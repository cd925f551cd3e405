// Model kinds clip-fusion and multimodal: what `prodclass train --model` builds, and what `prodclass tune` may search.

import type { JsonObject } from '../../core/estimator.js';
import { modelKind, registerModelKind, stepParams, type SearchSpace } from '../model-kinds.js';
import type { ProductModel } from '../product-model.js';
import { ClipFusionModel, type ClipFusionParams } from './clip-fusion-model.js';
import { FusionHead, type FusionHeadParams } from './fusion-head.js';
import { MultimodalModel, type MultimodalParams } from './multimodal-model.js';

/** The head's settings worth searching (the study's values sit inside: lr is searched since the head is trained on frozen features). */
export const FUSION_HEAD_SEARCH_SPACE: SearchSpace = Object.freeze({
  'head.learningRate': { type: 'float', low: 1e-4, high: 1e-2, log: true },
  'head.dropout': { type: 'float', low: 0.1, high: 0.5 },
  'head.hiddenSize': { type: 'categorical', choices: [128, 256, 512] },
  'head.batchSize': { type: 'categorical', choices: [32, 64, 128] },
});

/**
 * A ClipFusionModel from `params.clip` (CLIP model location, dtype, augmentation, threads) and `params.head`
 * (FusionHead hyperparameters). The CLIP model is `params.clip.model`, else $PRODCLASS_CLIP_MODEL, else
 * Xenova/clip-vit-base-patch32.
 */
export function createClipFusion(seed: number, params: JsonObject | undefined): ClipFusionModel {
  return new ClipFusionModel(
    stepParams(params, 'clip') as Partial<ClipFusionParams>,
    new FusionHead({ seed, ...(stepParams(params, 'head') as Partial<FusionHeadParams>) }),
  );
}

registerModelKind({
  name: 'clip-fusion',
  description: 'CLIP text and image embeddings (cached, augmented images), dense fusion head trained with AdamW and early stopping',
  modalities: ['text', 'image'],
  searchSpace: FUSION_HEAD_SEARCH_SPACE,
  create: ({ seed, params }) => createClipFusion(seed, params),
});

registerModelKind({
  name: 'multimodal',
  description: 'late fusion of text-linear and clip-fusion probabilities, weights fitted on held-out rows per modality pattern',
  modalities: ['text', 'image'],
  searchSpace: FUSION_HEAD_SEARCH_SPACE,
  create: ({ seed, params }): ProductModel =>
    new MultimodalModel(
      { seed, ...(stepParams(params, 'fusion') as Partial<MultimodalParams>) },
      modelKind('text-linear').create({ seed, params: { features: stepParams(params, 'features'), classifier: stepParams(params, 'classifier') } }),
      createClipFusion(seed, params),
    ),
});
