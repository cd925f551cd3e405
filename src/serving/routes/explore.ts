// Explore routes: the analysis of the data the server explores, one category's terms and samples, and the data folder's sample photos.

import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { SampleProduct } from '../../analysis/dataset-analysis-types.js';
import { ProdclassError } from '../../core/errors.js';
import type { AppContext } from '../app-context.js';
import type { ReadyAnalysis } from '../explore-data.js';
import type { ExploreCategoryResponse, SampleProductView } from '../api-types.js';
import { errorResponses } from '../schemas.js';

const exploreQuery = {
  type: 'object',
  properties: {
    wait: { type: 'number', minimum: 0, maximum: 60, default: 0, description: 'seconds to wait for an analysis still being computed before answering 202' },
  },
} as const;

const codeParams = {
  type: 'object',
  required: ['code'],
  properties: { code: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'a product type code, e.g. 2583' } },
} as const;

const imageParams = {
  type: 'object',
  required: ['file'],
  properties: { file: { type: 'string', maxLength: 80, description: 'image_{imageid}_product_{productid}.jpg' } },
} as const;

/** The analysis as sent: its data folder named relative to the server's folders; serialised once per analysis. */
const sent = new WeakMap<ReadyAnalysis, string>();
function publicJson(ready: ReadyAnalysis, ctx: AppContext): string {
  let json = sent.get(ready);
  if (json === undefined) {
    const { analysis } = ready;
    json = JSON.stringify({ ...analysis, data: { ...analysis.data, source: ctx.paths.path(analysis.data.source) } });
    sent.set(ready, json);
  }
  return json;
}

function sampleView(p: SampleProduct): SampleProductView {
  return { index: p.index, designation: p.designation, imageUrl: p.image === null ? null : `/api/explore/images/${encodeURIComponent(basename(p.image))}` };
}

export function registerExploreRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: { wait: number } }>(
    '/api/explore',
    {
      schema: {
        summary: 'The analysis of the data the server explores (as `prodclass explore --json` prints it)',
        description:
          'The data folder is the one given with `--data`, else the folder the active model was trained on. The analysis is computed once ' +
          '(in the background from start-up, cached on disk per data fingerprint); while it runs the answer is 202 with `{status: "computing"}` and a Retry-After header.',
        tags: ['explore'],
        querystring: exploreQuery,
        response: errorResponses(404, 422),
      },
    },
    async (request, reply) => {
      const result = await ctx.explore.analysis(request.query.wait * 1000);
      if ('status' in result) {
        const pending = { ...result, dataDir: ctx.paths.path(result.dataDir), message: ctx.paths.text(result.message) };
        return reply.status(202).header('retry-after', '1').header('cache-control', 'no-store').send(pending);
      }
      return reply.type('application/json; charset=utf-8').header('cache-control', 'no-cache').send(publicJson(result, ctx));
    },
  );

  app.get<{ Params: { code: number } }>(
    '/api/explore/categories/:code',
    {
      schema: {
        summary: "One category of the analysis: its counts, the words and bigrams that mark it, sample titles and sample photos",
        tags: ['explore'],
        params: codeParams,
        response: errorResponses(400, 404, 422),
      },
    },
    async (request): Promise<ExploreCategoryResponse> => {
      const { analysis } = await ctx.explore.ready();
      const code = request.params.code;
      const at = analysis.categories.findIndex((c) => c.code === code);
      if (at < 0) {
        throw new ProdclassError('NOT_FOUND', `no category ${code} in the analysis; the product type codes are ${analysis.categories.map((c) => c.code).join(', ')}`);
      }
      const terms = analysis.terms.find((t) => t.code === code);
      const samples = analysis.samples.find((s) => s.code === code);
      const lengthOf = (field: 'designation' | 'description') => analysis.lengths[field].perCategory.find((d) => d.code === code)!.summary;
      return {
        category: analysis.categories[at],
        words: terms?.words ?? [],
        bigrams: terms?.bigrams ?? [],
        titles: (samples?.titles ?? []).map(sampleView),
        images: (samples?.images ?? []).map(sampleView),
        lengths: { designation: lengthOf('designation'), description: lengthOf('description') },
        languages: analysis.languages.perCategory.find((l) => l.code === code)?.counts ?? [],
      };
    },
  );

  app.get<{ Params: { file: string } }>(
    '/api/explore/images/:file',
    {
      schema: {
        summary: "A training photo of the explored data folder (only files of its images/image_train)",
        tags: ['explore'],
        params: imageParams,
        produces: ['image/jpeg'],
        response: errorResponses(400, 404),
      },
    },
    async (request, reply) => {
      const path = await ctx.explore.imagePath(request.params.file);
      return reply.type('image/jpeg').header('cache-control', 'public, max-age=3600').send(createReadStream(path));
    },
  );
}
