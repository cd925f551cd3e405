// POST /api/predict: classify one product from JSON or multipart (with a photo); records the prediction for feedback.

import type { FastifyInstance } from 'fastify';
import { ProdclassError } from '../../core/errors.js';
import { topPredictions } from '../../models/top-predictions.js';
import { filedElsewhere, productFiling } from '../../workflows/depth-decision.js';
import type { ProductInput } from '../../models/product-model.js';
import type { AppContext } from '../app-context.js';
import type { Modality, PredictRequest, PredictResponse } from '../api-types.js';
import { predictionProductId } from '../../workflows/catalog-index.js';
import { classifyServed } from '../../workflows/served-predict.js';
import { heldByCategory } from '../../workflows/served-model.js';
import { readMultipartProduct, type ImageUpload } from '../multipart-product.js';
import { predictSchema } from '../schemas.js';
import { confidenceOf, modelRef } from '../views.js';

const uploads = new WeakMap<object, ImageUpload>();

export function registerPredictRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post<{ Body: PredictRequest }>(
    '/api/predict',
    {
      schema: predictSchema(ctx.limits),
      // Multipart bodies are read here so the schema validates their fields like JSON ones.
      preValidation: async (request) => {
        if (!request.isMultipart()) return;
        const { body, image } = await readMultipartProduct(request, ctx.limits);
        request.body = body as unknown as PredictRequest;
        if (image) uploads.set(request, image);
      },
    },
    async (request, reply): Promise<PredictResponse> => {
      const started = performance.now();
      const served = ctx.models.active;
      const { description = '', origin = 'api', explain = true, minConfidence } = request.body;
      const designation = titleOf(request.body);
      const image = uploads.get(request) ?? null;
      const input: ProductInput = { designation, description, image: image?.bytes ?? null };
      const saving = image ? ctx.uploads.save(image.bytes, image.type) : null;
      const { proba, explanation } = await classifyServed(served, input, { explain });
      const predictions = topPredictions(proba, served.classes, 0, served.taxonomy, 5);
      const best = predictions[0];
      const threshold = ctx.reviewThreshold();
      const filed = productFiling(served.taxonomy, served.card, served.classes, proba.row(0), { reviewThreshold: threshold, perCategory: ctx.perCategoryThresholds, minConfidence });
      const { decision, filing } = filed;
      const confidence = confidenceOf(best.probability, served.card, threshold, filed);
      // A tree model's product filed at a parent joins the similarity index there, where the catalog has it. Drawn as a
      // spot check, it is right when the reviewer's leaf lies under that parent (tallySpotChecks).
      const filedCode = filedElsewhere(filing, best.code);
      const spotCheck = ctx.spotChecks.pick(confidence.decision);
      // Answered once the prediction has its id: on PostgreSQL the row is written a few ms later with others (prediction-log.ts).
      const predictionId = await ctx.storage.predictionLog.record({
        origin,
        modelId: served.id,
        designation,
        description,
        image: saving ? await saving : null,
        code: best.code,
        confidence: best.probability,
        top: predictions.map((p) => [p.code, p.probability]),
        spotCheck,
        held: heldByCategory(confidence.decision, best.probability, threshold),
        filedCode,
      });
      // An automatic filing joins the catalog the similarity index covers (a page's as-you-type previews do not), after
      // the answer: the index's change log is written in batches (IndexFilings).
      if (origin === 'api' && confidence.decision === 'auto') {
        ctx.filings.add(served, [{ id: predictionProductId(predictionId), designation, description, category: filedCode ?? best.code }]);
      }
      ctx.metrics.predictions.inc({ origin });
      // The photo counts as read when the model reads photos, one was given, and (when explained) it carried weight:
      // a photo that does not decode leaves a multimodal model on its text, with an image share of 0.
      const photoUsed = image !== null && (explanation?.modalities?.image ?? 1) > 0;
      const modalities = served.modalities.filter((m): m is Modality => m === 'text' || (m === 'image' && photoUsed));
      reply.header('cache-control', 'no-store');
      return {
        predictionId,
        predictions,
        decision,
        model: modelRef(served),
        modalities,
        imageGiven: image !== null,
        confidence,
        spotCheck,
        explanation,
        latencyMs: performance.now() - started,
      };
    },
  );
}

/**
 * The product title, under either of its names.
 * @throws ProdclassError INVALID_INPUT when neither or both are given.
 */
function titleOf(body: PredictRequest): string {
  const { title, designation } = body;
  if (title !== undefined && designation !== undefined) {
    throw new ProdclassError('INVALID_INPUT', 'give the product title once: as "title" or as "designation" (its other name), not both', { location: { field: 'title' } });
  }
  const text = title ?? designation;
  if (text === undefined) throw new ProdclassError('INVALID_INPUT', 'the body lacks the required field "title" (or "designation", its other name)', { location: { field: 'title' } });
  return text;
}
