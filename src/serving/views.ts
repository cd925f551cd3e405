// Turns stored records and loaded models into the JSON shapes of api-types.ts.

import type { JobPhotosReport } from '../workflows/job-photos.js';
import type { ModelCard } from '../core/model-card.js';
import type { Taxonomy } from '../taxonomy/index.js';
import type { FeedbackWithProduct } from '../storage/feedback-store.js';
import type { JobRecord } from '../storage/job-store.js';
import type { PredictionRecord } from '../storage/prediction-store.js';
import type { BatchProgress } from '../workflows/batch-job.js';
import type { ModelListing } from '../workflows/model-service.js';
import { precisionThresholds, REVIEW_PRECISION, type ServedModel } from '../workflows/served-model.js';
import type { ProductFiling } from '../workflows/depth-decision.js';
import type { PublicPaths } from './public-paths.js';
import type { BatchSummary, Confidence, FeedbackItem, JobResponse, LivePrecision, ModelRef, ModelSummary, PrecisionTarget, RetrainGate, ReviewItem } from './api-types.js';

export function modelRef(served: ServedModel): ModelRef {
  return { id: served.id, kind: served.card.kind, demo: served.card.demo };
}

/**
 * The confidence in words: high at or above the 95 %-precision threshold, low under the review threshold; with the
 * filing `productFiling` decided (auto or review, and for a tree model with per-depth thresholds the depth filed at).
 */
export function confidenceOf(value: number, card: ModelCard, reviewThreshold: number, filed: Pick<ProductFiling, 'outcome' | 'filing'>): Confidence {
  const highThreshold = precisionThresholds(card).find((t) => t.precision === REVIEW_PRECISION)?.threshold ?? null;
  const high = Math.max(highThreshold ?? 0.9, reviewThreshold);
  const level = value >= high ? 'high' : value >= reviewThreshold ? 'medium' : 'low';
  const confidence: Confidence = { level, value, reviewThreshold, highThreshold, decision: filed.outcome };
  return filed.filing ? { ...confidence, filedDepth: filed.filing.depth } : confidence;
}

/** A registered model as listed; `paths` names its data folder without the server's absolute path. */
export function toModelSummary(entry: ModelListing, paths: PublicPaths, live: LivePrecision | null): ModelSummary {
  const info = entry.info as { source?: string | null; precisionTargets?: PrecisionTarget[]; depthThresholds?: ModelSummary['depthThresholds']; retrain?: ModelSummary['retrain'] };
  return {
    id: entry.id,
    kind: entry.kind,
    demo: entry.demo,
    createdAt: entry.createdAt,
    active: entry.active,
    available: entry.available,
    metrics: entry.metrics as ModelSummary['metrics'],
    precisionTargets: info.precisionTargets ?? [],
    depthThresholds: info.depthThresholds ?? null,
    source: paths.path(info.source ?? null),
    retrain: info.retrain ?? null,
    livePrecision: live,
  };
}

function imageUrl(predictionId: number, image: string | null): string | null {
  return image === null ? null : `/api/predictions/${predictionId}/image`;
}

export function toReviewItem(p: PredictionRecord, taxonomy: Taxonomy): ReviewItem {
  return {
    predictionId: p.id,
    createdAt: p.createdAt,
    origin: p.origin,
    modelId: p.modelId,
    jobId: p.jobId,
    designation: p.designation,
    description: p.description,
    imageUrl: imageUrl(p.id, p.image),
    confidence: p.confidence,
    top: p.top.map(([code, probability]) => ({ code, name: taxonomy.nameOf(code), probability })),
    spotCheck: p.spotCheck,
    held: p.held,
    filedAt: p.filedCode === null || !taxonomy.has(p.filedCode) ? null : { code: p.filedCode, name: taxonomy.nameOf(p.filedCode), path: taxonomy.path(p.filedCode), depth: taxonomy.depth(p.filedCode) },
  };
}

export function toFeedbackItem(f: FeedbackWithProduct, taxonomy: Taxonomy): FeedbackItem {
  return {
    id: f.id,
    predictionId: f.predictionId,
    correctCode: f.correctCode,
    correctName: taxonomy.nameOf(f.correctCode),
    predictedCode: f.predictedCode,
    predictedName: taxonomy.nameOf(f.predictedCode),
    accepted: f.correctCode === f.predictedCode,
    designation: f.designation,
    imageUrl: imageUrl(f.predictionId, f.image),
    modelId: f.modelId,
    createdAt: f.createdAt,
    reviewer: f.reviewer,
  };
}

function batchSummary(p: Partial<BatchProgress>, taxonomy: Taxonomy): BatchSummary {
  const rows = p.rowsDone ?? 0;
  const counts = Object.entries(p.counts ?? {})
    .map(([code, count]) => ({ code: Number(code), name: taxonomy.nameOf(Number(code)), count }))
    .sort((a, b) => b.count - a.count || a.code - b.code);
  const photos = p.photos as unknown as JobPhotosReport | undefined;
  const zip = p.zip as { extracted?: number; skippedCount?: number; skipped?: { name: string; reason: string }[] } | null | undefined;
  return {
    rows,
    failed: p.rowsFailed ?? 0,
    counts,
    lowConfidence: p.lowConfidence ?? 0,
    lowConfidenceShare: rows === 0 ? 0 : (p.lowConfidence ?? 0) / rows,
    lowConfidenceThreshold: p.lowConfidenceThreshold ?? 0,
    errors: p.errors ?? [],
    seconds: p.seconds ?? 0,
    images: zip ? { extracted: zip.extracted ?? 0, skipped: zip.skippedCount ?? 0, examples: zip.skipped ?? [] } : null,
    photos: photos ? { cells: photos.cells, found: photos.found, failed: photos.fetch?.failed ?? [], notUploaded: photos.notUploaded } : null,
  };
}

const RETRAIN_STAGES = ['loading', 'training', 'scoring', 'saving', 'activating'];

export function toJobResponse(job: JobRecord, taxonomy: Taxonomy): JobResponse {
  const base = {
    id: job.id,
    kind: job.kind,
    status: job.status,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    modelId: job.modelId,
    message: job.message,
    fileName: typeof job.input.fileName === 'string' ? job.input.fileName : null,
  };
  if (job.kind === 'batch') {
    const p = (job.result ?? job.progress) as Partial<BatchProgress>;
    const fraction = job.status === 'done' ? 1 : p.totalBytes ? Math.min(0.999, (p.bytesRead ?? 0) / p.totalBytes) : 0;
    return {
      ...base,
      fraction,
      rowsDone: p.rowsDone ?? 0,
      stage: job.status === 'running' && !p.totalBytes ? 'preparing' : null,
      summary: batchSummary(p, taxonomy),
      gate: null,
      activated: null,
      taxonomyChange: null,
      resultUrl: `/api/jobs/${job.id}/result`,
    };
  }
  const stage = typeof job.progress.stage === 'string' ? job.progress.stage : null;
  if (job.kind === 'audit' || job.kind === 'index') return toAuditJobResponse(job, base, stage);
  const reached = stage ? RETRAIN_STAGES.findIndex((s) => stage.startsWith(s)) : -1;
  const result = job.result as { gate?: RetrainGate; activated?: boolean; unmapped?: { rows: number; feedback: number } | null } | null;
  const counts = job.input.taxonomyChange as Record<string, number> | undefined;
  return {
    ...base,
    fraction: job.status === 'done' ? 1 : (reached + 1) / (RETRAIN_STAGES.length + 1),
    rowsDone: 0,
    stage,
    summary: null,
    gate: result?.gate ?? null,
    activated: result?.activated ?? null,
    taxonomyChange: counts ? { counts, unmapped: result?.unmapped ?? null } : null,
    resultUrl: null,
  };
}

/** An audit job (its share of out-of-fold fits done, and where its suspects are once done) or an index build (its share of products embedded). */
function toAuditJobResponse(job: JobRecord, base: Omit<JobResponse, 'fraction' | 'rowsDone' | 'stage' | 'summary' | 'gate' | 'activated' | 'taxonomyChange' | 'resultUrl'>, stage: string | null): JobResponse {
  const done = Number(job.progress.done ?? 0);
  const total = Number(job.progress.total ?? 0);
  return {
    ...base,
    fraction: job.status === 'done' ? 1 : total > 0 ? Math.min(0.999, done / total) : 0,
    rowsDone: 0,
    stage,
    summary: null,
    gate: null,
    activated: null,
    taxonomyChange: null,
    resultUrl: job.status === 'done' && job.kind === 'audit' ? `/api/audits/${job.id}` : null,
  };
}
