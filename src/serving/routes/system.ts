// Service routes: health, the 27 categories, Prometheus metrics and the OpenAPI document.

import type { FastifyInstance } from 'fastify';
import { ProdclassError } from '../../core/errors.js';
import type { AppContext } from '../app-context.js';
import type { CategoriesResponse, HealthResponse, Modality, StorageHealth } from '../api-types.js';

/** Longer than this and the database counts as down for the load balancer. */
const PING_TIMEOUT_MS = 2_000;

async function storageHealth(ctx: AppContext): Promise<StorageHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      ctx.storage.ping(),
      new Promise((_, fail) => {
        timer = setTimeout(() => fail(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
      }),
    ]);
    return { backend: ctx.storage.backend, up: true, latencyMs: Math.round((performance.now() - started) * 1000) / 1000 };
  } catch (error) {
    return { backend: ctx.storage.backend, up: false, latencyMs: null, error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

export function registerSystemRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/health', { schema: { summary: 'Liveness, the active model, whether admin actions are enabled, whether the database answers', tags: ['system'] } }, async (): Promise<HealthResponse> => {
    const served = ctx.models.active;
    const storage = await storageHealth(ctx);
    return {
      status: 'ok',
      model: served.id,
      kind: served.card.kind,
      demo: served.card.demo,
      modalities: [...served.modalities],
      uptimeSeconds: (Date.now() - ctx.startedAt) / 1000,
      admin: ctx.adminToken !== null,
      reviewers: Object.keys(ctx.reviewerTokens).length > 0,
      predictWorkers: served.pool?.usable ? served.pool.workers : 0,
      storage,
    };
  });

  // Readiness for a load balancer: a host whose database does not answer takes no traffic (liveness stays /api/health).
  app.get('/api/ready', { schema: { summary: 'Readiness: 200 when the database answers, 503 when not', tags: ['system'] } }, async () => {
    const storage = await storageHealth(ctx);
    if (!storage.up) throw new ProdclassError('DATABASE_UNAVAILABLE', `the ${storage.backend} database does not answer (${storage.error}); this host takes no traffic until it does`);
    return { ready: true, storage };
  });

  app.get(
    '/api/categories',
    { schema: { summary: "The active model's categories: code, id, names, path from the top level, parent", tags: ['system'] } },
    async (): Promise<CategoriesResponse> => {
      const { taxonomy } = ctx.models.active;
      return {
        taxonomy: taxonomy.name,
        tree: taxonomy.isTree,
        categories: taxonomy.categories().map((c) => ({
          code: c.key,
          id: c.id,
          name: taxonomy.nameOf(c.key),
          path: taxonomy.path(c.key),
          parent: c.parent,
          depth: c.depth,
          names: { ...c.names },
          fr: taxonomy.nameOf(c.key, 'fr'),
          en: taxonomy.nameOf(c.key, 'en'),
        })),
      };
    },
  );

  app.get('/api/metrics', { schema: { summary: 'Prometheus metrics (text exposition format)', tags: ['system'], produces: ['text/plain'] } }, async (_request, reply) =>
    reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics()),
  );

  app.get('/api/docs', { schema: { summary: 'This OpenAPI document', tags: ['system'] } }, async () => app.swagger());
}
