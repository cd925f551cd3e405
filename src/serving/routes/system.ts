// Service routes: health, the 27 categories, Prometheus metrics and the OpenAPI document.

import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import type { CategoriesResponse, HealthResponse, Modality } from '../api-types.js';

export function registerSystemRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/health', { schema: { summary: 'Liveness, the active model, whether admin actions are enabled', tags: ['system'] } }, async (): Promise<HealthResponse> => {
    const served = ctx.models.active;
    return {
      status: 'ok',
      model: served.id,
      kind: served.card.kind,
      demo: served.card.demo,
      modalities: [...((served.model.modalities ?? ['text']) as Modality[])],
      uptimeSeconds: (Date.now() - ctx.startedAt) / 1000,
      admin: ctx.adminToken !== null,
      reviewers: Object.keys(ctx.reviewerTokens).length > 0,
      predictWorkers: served.pool?.usable ? served.pool.size : 0,
    };
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
