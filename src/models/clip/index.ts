// Public door of the CLIP family: the encoder adapter, the embedding cache, the fusion head and the two model kinds.

export { CACHE_ENV, CLIP_DTYPES, CLIP_MODEL_ENV, CLIP_THREADS_ENV, DEFAULT_CLIP_MODEL, OFFLINE_ENV, clipFiles, clipModelKey, embeddingCacheRoot, type ClipDtype, type ClipSpec } from './clip-spec.js';
export { ClipEncoder, type ClipEncoderOptions } from './encoder.js';
export { releaseSharedEncoders, sharedEncoder } from './encoder-registry.js';
export { clipText } from './clip-text.js';
export { embedProducts, type EmbedOptions, type EmbedResult, type ImageProblem } from './embed-products.js';
export { EmbeddingCache, contentHash, embeddingKey, type Modality } from './embedding-cache.js';
export type { ProductEmbeddings } from './embeddings.js';
export { onImageProblems, type ImageProblemListener } from './image-problems.js';
export { FUSION_HEAD_DEFAULTS, FusionHead, type EpochRecord, type FusionHeadParams } from './fusion-head.js';
export { CLIP_FUSION_DEFAULTS, ClipFusionModel, type ClipFusionParams } from './clip-fusion-model.js';
export { MULTIMODAL_DEFAULTS, MultimodalModel, type MultimodalParams } from './multimodal-model.js';
export { FUSION_HEAD_SEARCH_SPACE, createClipFusion } from './clip-model-kinds.js';
