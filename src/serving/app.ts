// buildApp(): the HTTP application (Fastify) around one loaded model: prediction API and a minimal page.

import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { httpStatusOf, isProdclassError } from '../core/errors.js';
import type { ModelCard } from '../core/model-card.js';
import { CATEGORIES } from '../data/taxonomy.js';
import type { ProductModel } from '../models/product-model.js';
import { topPredictions } from '../models/top-predictions.js';
import type { CategoriesResponse, HealthResponse, PredictResponse } from './api-types.js';
import { renderHomePage } from './home-page.js';

export interface AppOptions {
  model: ProductModel;
  card: ModelCard;
  /** Largest accepted request body in bytes. */
  bodyLimit?: number;
  logger?: boolean;
}

interface PredictBody {
  designation: string;
  description?: string;
}

const predictSchema = {
  body: {
    type: 'object',
    required: ['designation'],
    additionalProperties: false,
    properties: {
      designation: { type: 'string', minLength: 1, maxLength: 2_000 },
      description: { type: 'string', maxLength: 100_000 },
    },
  },
} as const;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: options.bodyLimit ?? 1_048_576 });
  const { model, card } = options;

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (isProdclassError(error)) {
      return reply.status(httpStatusOf(error)).send({ error: error.code, message: error.message });
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) app.log.error(error);
    return reply.status(status).send({ error: error.code ?? 'INTERNAL', message: status === 500 ? 'internal error' : error.message });
  });

  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(renderHomePage(card)));

  app.get('/api/health', async (): Promise<HealthResponse> => ({ status: 'ok', model: card.modelId, kind: card.kind, demo: card.demo }));

  app.get('/api/categories', async (): Promise<CategoriesResponse> => ({ categories: CATEGORIES }));

  app.post<{ Body: PredictBody }>('/api/predict', { schema: predictSchema }, async (request): Promise<PredictResponse> => {
    const started = process.hrtime.bigint();
    const input = { designation: request.body.designation, description: request.body.description ?? '' };
    const proba = await model.predictProba([input]);
    const predictions = topPredictions(proba, model.classes, 0, 5);
    const explanation = model.explain ? await model.explain(input, predictions[0].code, 8) : null;
    return {
      predictions,
      model: { id: card.modelId, kind: card.kind, demo: card.demo },
      modalities: ['text'],
      explanation,
      latencyMs: Number(process.hrtime.bigint() - started) / 1e6,
    };
  });

  return app;
}
