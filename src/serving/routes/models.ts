// Model registry routes: list models with their metrics, their full summary (Models page), activate one, retrain from feedback and build the similarity index (admin).

import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { ProdclassError } from '../../core/errors.js';
import type { AppContext } from '../app-context.js';
import type { ActivateResponse, JobResponse, ModelsPageResponse, ModelsResponse, ModelsSummaryResponse } from '../api-types.js';
import type { PublicPaths } from '../public-paths.js';
import { adminGuard } from '../plugins/admin-auth.js';
import { adminSecurity, errorResponses, idParams } from '../schemas.js';
import { receiveTaxonomyUpload } from '../taxonomy-upload.js';
import { toJobResponse, toModelSummary } from '../views.js';
import { REVIEW_PRECISION } from '../../workflows/served-model.js';
import { livePrecision, tallySpotChecks, type LivePrecision } from '../../evaluation/live-precision.js';
import { readModelTaxonomy } from '../../models/model-store.js';
import type { Taxonomy } from '../../taxonomy/index.js';
import type { ModelListing } from '../../workflows/model-service.js';

/** The summary with every folder relative to the server's folders (models, data). */
function publicSummary(summary: ModelsSummaryResponse, paths: PublicPaths): ModelsSummaryResponse {
  return {
    ...summary,
    data: summary.data ? { ...summary.data, dir: paths.path(summary.data.dir) } : null,
    models: summary.models.map((m) => ({
      ...m,
      dir: paths.path(m.dir),
      data: m.data ? { ...m.data, source: paths.path(m.data.source) } : null,
      tune: m.tune ? { ...m.tune, source: paths.path(m.tune.source) } : m.tune,
      notes: m.notes.map((n) => paths.text(n)),
    })),
    comparison: summary.comparison,
    skipped: summary.skipped.map((s) => ({ ...s, dir: paths.path(s.dir), message: paths.text(s.message) })),
    notes: summary.notes.map((n) => paths.text(n)),
  };
}

/**
 * Per model, the precision its reviewed spot checks measure, against the precision automatic filings are promised. A
 * tree model's checks filed at a parent are judged with its taxonomy: the active model's, or the one in its folder.
 */
async function livePrecisionByModel(ctx: AppContext, models: readonly ModelListing[]): Promise<Map<string, LivePrecision>> {
  const groups = await ctx.storage.predictions.spotCheckGroups();
  const taxonomies = new Map<string, Taxonomy | null>();
  const active = ctx.models.active;
  for (const id of new Set(groups.filter((g) => g.filedCode !== null).map((g) => g.modelId))) {
    const dir = models.find((m) => m.id === id)?.dir ?? null;
    taxonomies.set(id, id === active.id ? active.taxonomy : dir === null ? null : await readModelTaxonomy(dir).catch(() => null));
  }
  const tallies = tallySpotChecks(groups, (id) => taxonomies.get(id) ?? null);
  return new Map(tallies.map((t) => [t.modelId, livePrecision(t, REVIEW_PRECISION)]));
}

export function registerModelRoutes(app: FastifyInstance, ctx: AppContext): void {
  const admin = adminGuard(ctx.adminToken);

  app.get(
    '/api/models',
    { schema: { summary: 'Registered models with their validation metrics, thresholds per target precision (per depth too for a tree model) and the precision their spot checks measure live; which one is active', tags: ['models'] } },
    async (): Promise<ModelsResponse> => {
      const models = await ctx.models.list();
      const live = await livePrecisionByModel(ctx, models);
      return { activeId: ctx.models.active.id, models: models.map((m) => toModelSummary(m, ctx.paths, live.get(m.id) ?? null)) };
    },
  );

  app.get(
    '/api/models/summary',
    {
      schema: {
        summary: 'Every registered model in detail: validation F1 and accuracy, training time, size, predict latency, per-class F1, confusion matrix with the misclassified products, precision-coverage, training curves, tuning history',
        description:
          'Latency is measured once per model on the explored data (see GET /api/explore) and kept; misclassified products are named when the model was validated on that data. `reviewThreshold` is what the Review queue uses.',
        tags: ['models'],
      },
    },
    async (): Promise<ModelsPageResponse> => ({
      ...publicSummary((await ctx.insights.summary()).response, ctx.paths),
      perCategoryThresholds: ctx.perCategoryThresholds,
      spotChecks: { share: ctx.spotChecks.share, live: [...(await livePrecisionByModel(ctx, await ctx.models.list())).values()] },
    }),
  );

  app.post<{ Params: { id: string } }>(
    '/api/models/:id/activate',
    {
      schema: { summary: 'Serve this model from now on (admin)', tags: ['models'], params: idParams, security: adminSecurity, response: errorResponses(401, 403, 404) },
      onRequest: admin,
    },
    async (request): Promise<ActivateResponse> => {
      const served = await ctx.models.activate(request.params.id);
      ctx.metrics.setActiveModel(served.id, served.card.kind);
      const models = await ctx.models.list();
      const entry = models.find((m) => m.id === served.id);
      if (!entry) throw new ProdclassError('INTERNAL', `model ${served.id} was activated but is missing from the registry`);
      return { active: toModelSummary(entry, ctx.paths, (await livePrecisionByModel(ctx, models)).get(entry.id) ?? null) };
    },
  );

  app.post(
    '/api/retrain',
    {
      schema: {
        summary: 'Retrain on the original data plus feedback; activate only if weighted F1 is not lower (admin)',
        description:
          'Answers 202 with the retraining job; GET /api/jobs/{id} shows its stage and, once done, the gate (old and new weighted F1). ' +
          'To retrain onto a new version of the taxonomy, send multipart/form-data with the file `taxonomy` (.json saved by prodclass, ' +
          'id,name,parent .csv/.tsv, or a path list .txt) and optionally `mapping` (CSV old,new): labels and feedback move to the new ' +
          "version, rows whose category was split or removed are left out, and the job's `taxonomyChange` counts what changed.",
        tags: ['models'],
        security: adminSecurity,
        consumes: ['multipart/form-data'],
        response: errorResponses(400, 401, 403, 404, 409, 413, 422),
      },
      onRequest: admin,
    },
    async (request, reply) => {
      const taxonomy = ctx.models.active.taxonomy;
      if (!request.isMultipart()) return reply.status(202).send(toJobResponse(await ctx.jobs.submitRetrain(), taxonomy) satisfies JobResponse);
      await ctx.jobs.checkNoRetrainPending();
      const id = randomUUID();
      const { files, diff } = await receiveTaxonomyUpload(request, ctx.varDir, id, ctx.limits, taxonomy);
      const job = await ctx.jobs.submitRetrain({ id, nextTaxonomy: files, changes: diff.counts });
      return reply.status(202).send(toJobResponse(job, taxonomy) satisfies JobResponse);
    },
  );

  app.post(
    '/api/index',
    {
      schema: {
        summary: "Build the active model's similarity index from the catalog's labelled data (admin)",
        description:
          'Answers 202 with the job (kind "index"); GET /api/jobs/{id} shows its progress. With Redis and PostgreSQL a worker builds it and ' +
          'every API host serves it once published; otherwise this server builds it into the model folder.',
        tags: ['models'],
        security: adminSecurity,
        response: errorResponses(401, 403, 404, 409),
      },
      onRequest: admin,
    },
    async (_request, reply) => reply.status(202).send(toJobResponse(await ctx.jobs.submitIndex(), ctx.models.active.taxonomy) satisfies JobResponse),
  );
}
