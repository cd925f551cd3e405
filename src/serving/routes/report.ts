// Report route: the self-contained HTML report of the explored data and the registered models, as a download.

import type { FastifyInstance } from 'fastify';
import type { DisplayLanguage as Language } from '../../taxonomy/index.js';
import type { AppContext } from '../app-context.js';
import { errorResponses } from '../schemas.js';

const reportQuery = {
  type: 'object',
  properties: {
    lang: { type: 'string', enum: ['en', 'fr'], default: 'en', description: 'language of the category names' },
    photos: { type: 'boolean', default: true, description: 'embed sample photos (false: a smaller file)' },
  },
} as const;

export function registerReportRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: { lang: Language; photos: boolean } }>(
    '/api/report',
    {
      schema: {
        summary: 'The HTML report (as `prodclass report` writes it) of the explored data and the registered models, as an attachment',
        description: 'One self-contained file: charts as inline SVG, sample photos inline, nothing fetched when it opens. Rendered once per language until the data or the models change.',
        tags: ['explore'],
        querystring: reportQuery,
        produces: ['text/html'],
        response: errorResponses(400, 404, 422),
      },
    },
    async (request, reply) => {
      const html = await ctx.report.html({ lang: request.query.lang, photos: request.query.photos });
      return reply
        .type('text/html; charset=utf-8')
        .header('content-disposition', `attachment; filename="prodclass-report-${request.query.lang}.html"`)
        .header('cache-control', 'no-store')
        .send(ctx.paths.text(html));
    },
  );
}
