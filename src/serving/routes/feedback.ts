// Feedback and review routes: confirm or correct predictions, list the uncertain ones, show a prediction's photo.

import { createReadStream, existsSync } from 'node:fs';
import { extname } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProdclassError } from '../../core/errors.js';
import type { PredictionOrigin } from '../../storage/prediction-store.js';
import { predictionProductId } from '../../workflows/catalog-index.js';
import { resolveInside } from '../../workflows/safe-path.js';
import type { AppContext } from '../app-context.js';
import type { FeedbackListResponse, FeedbackRequest, ReviewResponse } from '../api-types.js';
import { adminGuard, reviewerGuard } from '../plugins/admin-auth.js';
import { adminSecurity, errorResponses, feedbackSchema, listQuery, numericIdParams, reviewQuery } from '../schemas.js';
import { IMAGE_MIME } from '../upload-store.js';
import { toFeedbackItem, toReviewItem } from '../views.js';

const ORIGINS: readonly PredictionOrigin[] = ['api', 'page', 'batch'];
const MIME_OF_EXTENSION: Record<string, string> = { '.jpg': IMAGE_MIME.jpeg, '.jpeg': IMAGE_MIME.jpeg, '.png': IMAGE_MIME.png, '.webp': IMAGE_MIME.webp, '.gif': IMAGE_MIME.gif };

function parseOrigins(text: string | undefined): PredictionOrigin[] {
  if (!text) return ['api', 'batch'];
  const origins = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const origin of origins) {
    if (!ORIGINS.includes(origin as PredictionOrigin)) {
      throw new ProdclassError('INVALID_INPUT', `unknown origin "${origin}" (expected ${ORIGINS.join(', ')})`, { location: { field: 'origin' } });
    }
  }
  return origins as PredictionOrigin[];
}

const reviewerOf = new WeakMap<FastifyRequest, string | null>();

export function registerFeedbackRoutes(app: FastifyInstance, ctx: AppContext): void {
  const reviewer = reviewerGuard(ctx.reviewerTokens, ctx.adminToken);
  // Checked before the body is read, as admin tokens are.
  const onRequest = async (request: FastifyRequest) => {
    reviewerOf.set(request, reviewer(request));
  };
  app.post<{ Body: FeedbackRequest }>('/api/feedback', { schema: feedbackSchema, onRequest }, async (request, reply) => {
    const { predictionId } = request.body;
    // Through the log: a prediction still buffered here is written first, one another host numbered is waited for.
    const prediction = await ctx.storage.predictionLog.get(predictionId);
    if (!prediction) throw new ProdclassError('NOT_FOUND', `no prediction ${predictionId}; use the predictionId a prediction answer gave`, { location: { field: 'predictionId' } });
    const correctCode = await correctKey(ctx, request.body);
    const { taxonomy } = ctx.models.active;
    const saved = await ctx.storage.feedback.add(predictionId, correctCode, reviewerOf.get(request) ?? null);
    ctx.metrics.feedback.inc({ kind: correctCode === prediction.code ? 'accepted' : 'corrected' });
    // Filed by a person now: the product joins the similarity index's catalog under that category (or moves there).
    // After the automatic filing of the same product, if this host still holds it queued.
    await ctx.filings.file(ctx.models.active, [{ id: predictionProductId(predictionId), designation: prediction.designation, description: prediction.description, category: correctCode }]);
    return reply.status(201).send({ feedback: toFeedbackItem((await ctx.storage.feedback.get(saved.id))!, taxonomy) });
  });

  app.get<{ Querystring: { limit: number; offset: number } }>(
    '/api/feedback',
    { schema: { summary: 'Feedback received, newest first', tags: ['feedback'], querystring: listQuery } },
    async (request): Promise<FeedbackListResponse> => ({
      total: await ctx.storage.feedback.count(),
      items: (await ctx.storage.feedback.list(request.query.limit, request.query.offset)).map((f) => toFeedbackItem(f, ctx.models.active.taxonomy)),
    }),
  );

  app.delete<{ Params: { id: number } }>(
    '/api/feedback/:id',
    {
      schema: { summary: 'Delete one feedback row (admin)', tags: ['feedback'], params: numericIdParams, security: adminSecurity, response: errorResponses(401, 403, 404) },
      onRequest: adminGuard(ctx.adminToken),
    },
    async (request, reply) => {
      if (!(await ctx.storage.feedback.remove(request.params.id))) throw new ProdclassError('NOT_FOUND', `no feedback ${request.params.id}`);
      return reply.status(204).send();
    },
  );

  app.get<{ Querystring: { threshold?: number; origin?: string; limit: number; offset: number } }>(
    '/api/review',
    { schema: { summary: 'Unreviewed predictions below the confidence threshold, least confident first', tags: ['feedback'], querystring: reviewQuery } },
    async (request): Promise<ReviewResponse> => {
      const defaultThreshold = ctx.reviewThreshold();
      const threshold = request.query.threshold ?? defaultThreshold;
      const { items, total } = await ctx.storage.predictions.reviewQueue({
        threshold,
        origins: parseOrigins(request.query.origin),
        limit: request.query.limit,
        offset: request.query.offset,
      });
      return { threshold, defaultThreshold, total, items: items.map((p) => toReviewItem(p, ctx.models.active.taxonomy)) };
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/predictions/:id/image',
    { schema: { summary: "A prediction's photo", tags: ['feedback'], params: numericIdParams, response: errorResponses(404) } },
    async (request, reply) => {
      const prediction = await ctx.storage.predictions.get(request.params.id);
      if (!prediction?.image) throw new ProdclassError('NOT_FOUND', `prediction ${request.params.id} has no image`);
      const path = resolveInside(ctx.varDir, prediction.image);
      if (!existsSync(path)) throw new ProdclassError('NOT_FOUND', `the image of prediction ${request.params.id} is no longer stored`);
      return reply
        .type(MIME_OF_EXTENSION[extname(path).toLowerCase()] ?? 'application/octet-stream')
        .header('cache-control', 'private, max-age=3600')
        .send(createReadStream(path));
    },
  );
}

/**
 * The key of the category a feedback names: `correctCode` as it is, `category` as an id or a full path, or a
 * `newCategory` added to the active model's taxonomy (or found there, when it already exists under that parent).
 * @throws ProdclassError DATA_UNKNOWN_CODE naming the field and the closest categories.
 */
async function correctKey(ctx: AppContext, body: FeedbackRequest): Promise<number> {
  const given = (['category', 'correctCode', 'newCategory'] as const).filter((field) => body[field] !== undefined);
  if (given.length !== 1) {
    const why = given.length === 0 ? 'the body lacks the right category' : `the body names the right category ${given.length} ways (${given.join(', ')})`;
    throw new ProdclassError('INVALID_INPUT', `${why}: give exactly one of "category" (an id or path), "correctCode" or "newCategory" ({ name, parent })`, {
      location: { field: 'correctCode' },
    });
  }
  const { taxonomy } = ctx.models.active;
  const unknown = (field: string, value: string) =>
    new ProdclassError('DATA_UNKNOWN_CODE', `${value} is not a category of the active model; closest: ${taxonomy.closest(value).map((c) => `"${c}"`).join(', ')} (GET /api/categories lists them)`, {
      location: { field },
    });
  if (body.correctCode !== undefined) {
    if (!taxonomy.has(body.correctCode)) throw unknown('correctCode', String(body.correctCode));
    return body.correctCode;
  }
  if (body.category !== undefined) {
    const key = taxonomy.byId(body.category)?.key ?? taxonomy.resolve(body.category);
    if (key === undefined) throw unknown('category', `"${body.category}"`);
    return key;
  }
  const { name, parent } = body.newCategory!;
  let parentKey: number | null = null;
  if (parent !== undefined) {
    const key = taxonomy.byId(parent)?.key ?? taxonomy.resolve(parent);
    if (key === undefined) throw unknown('newCategory.parent', `"${parent}"`);
    parentKey = key;
  }
  return ctx.models.addCategory(name, parentKey);
}
