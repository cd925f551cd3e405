// Catalog routes: list and create catalogs (admin), and every catalog's own routes under /api/catalogs/{catalog}/.

import { AsyncLocalStorage } from 'node:async_hooks';
import { basename } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { catalogNotFound, DEFAULT_CATALOG } from '../../storage/catalog-scope.js';
import type { Catalog, Catalogs, CatalogSummary } from '../../workflows/catalogs.js';
import type { AppContext } from '../app-context.js';
import type { CatalogsResponse, CatalogView, CreateCatalogRequest, RemoveCatalogResponse } from '../api-catalog-types.js';
import { catalogContext, requestScopedContext } from '../catalog-context.js';
import { adminGuard } from '../plugins/admin-auth.js';
import { adminSecurity, errorResponses } from '../schemas.js';
import { registerAuditRoutes } from './audits.js';
import { registerExploreRoutes } from './explore.js';
import { registerFeedbackRoutes } from './feedback.js';
import { registerJobRoutes } from './jobs.js';
import { registerModelRoutes } from './models.js';
import { registerPredictRoutes } from './predict.js';
import { registerReportRoutes } from './report.js';
import { registerSimilarRoutes } from './similar.js';
import { registerSystemRoutes } from './system.js';

/** Where a catalog's routes are: the routes of the default catalog keep their place under /api. */
export const CATALOG_PREFIX = '/api/catalogs/:catalog';

/**
 * The route modules each catalog has under its prefix: every one of the default catalog's, each reading the catalog's own
 * context (its models, storage and jobs; its data, the data its active model was trained on; its models' similarity indexes).
 */
const PER_CATALOG_ROUTES = [
  registerPredictRoutes,
  registerJobRoutes,
  registerFeedbackRoutes,
  registerAuditRoutes,
  registerModelRoutes,
  registerSystemRoutes,
  registerExploreRoutes,
  registerReportRoutes,
  registerSimilarRoutes,
];

/** Route-level hooks that may read the context: they run in the request's catalog, as the handler does. */
const SCOPED_HOOKS = ['onRequest', 'preParsing', 'preValidation', 'preHandler'] as const;

const createSchema = {
  summary: 'Create a catalog serving a folder of model folders on the server (admin)',
  description: 'Its routes are then /api/catalogs/{name}/predict, /feedback, /review, /models, /jobs, /health and the others; the catalog is served again after a restart.',
  tags: ['catalogs'],
  security: adminSecurity,
  body: {
    type: 'object',
    required: ['name', 'modelsDir'],
    additionalProperties: false,
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 200, description: '1 to 40 lower-case letters, digits and dashes' },
      modelsDir: { type: 'string', minLength: 1, maxLength: 4096, description: 'a folder of model folders on the server' },
      activeModel: { type: 'string', minLength: 1, maxLength: 200, description: 'which of its models to serve first (default: the newest)' },
    },
  },
  response: errorResponses(400, 401, 403, 404, 409, 422),
} as const;

const removeSchema = {
  summary: 'Remove a catalog (admin): its predictions, feedback, jobs and models registry rows go; its models folder stays on disk',
  description:
    'Refused for the default catalog (409 CATALOG_IS_DEFAULT) and while one of its jobs is queued or running (409 CATALOG_BUSY). ' +
    'Model files stored in PostgreSQL go with it; the model folders on disk are left alone. A catalog created again under the same name starts empty.',
  tags: ['catalogs'],
  security: adminSecurity,
  params: { type: 'object', required: ['catalog'], properties: { catalog: { type: 'string', minLength: 1, maxLength: 200, description: "the catalog's name" } } },
  response: errorResponses(400, 401, 403, 404, 409),
} as const;

/** The answer fields that link to another route of the same catalog. */
const LINKS = new Set(['imageUrl', 'resultUrl']);

/** Points the links of an answer (walked in place) at `prefix` rather than /api. */
function relink(value: unknown, prefix: string): void {
  if (Array.isArray(value)) for (const item of value) relink(item, prefix);
  else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const [key, field] of Object.entries(record)) {
      if (LINKS.has(key) && typeof field === 'string' && field.startsWith('/api/')) record[key] = prefix + field.slice('/api'.length);
      else if (typeof field === 'object') relink(field, prefix);
    }
  }
}

function view(summary: CatalogSummary): CatalogView {
  return { ...summary, api: summary.name === DEFAULT_CATALOG ? '/api' : `/api/catalogs/${summary.name}` };
}

/**
 * Declares GET and POST /api/catalogs, and each catalog's routes: the route modules of the default catalog declared
 * again under /api/catalogs/:catalog, each request served by its catalog's context (unknown catalog: 404 CATALOG_NOT_FOUND).
 */
export async function registerCatalogRoutes(app: FastifyInstance, base: AppContext, catalogs: Catalogs): Promise<void> {
  app.get('/api/catalogs', { schema: { summary: 'The catalogs this server holds, the default one first, then by name, with their active model', tags: ['catalogs'] } }, async (): Promise<CatalogsResponse> => ({
    catalogs: (await catalogs.list()).map(view),
  }));

  app.post<{ Body: CreateCatalogRequest }>('/api/catalogs', { schema: createSchema, onRequest: adminGuard(base.adminToken) }, async (request, reply) => {
    const catalog = await catalogs.create(request.body);
    const summary = (await catalogs.list()).find((c) => c.name === catalog.name)!;
    return reply.status(201).send(view(summary));
  });

  app.delete<{ Params: { catalog: string } }>('/api/catalogs/:catalog', { schema: removeSchema, onRequest: adminGuard(base.adminToken) }, async (request): Promise<RemoveCatalogResponse> => {
    const { record, removed } = await catalogs.remove(request.params.catalog);
    const kept = basename(record.modelsDir);
    return {
      name: record.name,
      removed,
      modelsDirKept: kept,
      message: `catalog "${record.name}" removed with ${removed.predictions} predictions, ${removed.feedback} feedback rows, ${removed.jobs} jobs and ${removed.models} registered models; its models folder (${kept}) and the model folders in it are left on disk: delete them yourself if nothing needs them`,
    };
  });

  // /api/catalogs/default/... is the default catalog's own context, the same the routes under /api read.
  const contexts = new WeakMap<Catalog, AppContext>([[catalogs.defaultCatalog, base]]);
  const contextOf = (catalog: Catalog): AppContext => {
    let ctx = contexts.get(catalog);
    if (!ctx) contexts.set(catalog, (ctx = catalogContext(base, catalog)));
    return ctx;
  };
  const scope = new AsyncLocalStorage<AppContext>();
  const ofRequest = new WeakMap<FastifyRequest, AppContext>();

  await app.register(async (scoped) => {
    scoped.addHook('onRoute', (route: RouteOptions) => {
      route.url = route.url.replace(/^\/api(?=\/|$)/, CATALOG_PREFIX);
      // The OpenAPI document lists each route once, under /api; the README says where a catalog's are.
      route.schema = { ...route.schema, hide: true };
      const inScope = <F extends (this: unknown, request: FastifyRequest, ...rest: never[]) => unknown>(fn: F) =>
        function (this: unknown, request: FastifyRequest, ...rest: never[]) {
          const ctx = ofRequest.get(request);
          return ctx ? scope.run(ctx, () => fn.call(this, request, ...rest)) : fn.call(this, request, ...rest);
        } as unknown as F;
      route.handler = inScope(route.handler as (request: FastifyRequest, reply: FastifyReply) => unknown) as RouteOptions['handler'];
      for (const hook of SCOPED_HOOKS) {
        const hooks = route[hook] as unknown;
        if (typeof hooks === 'function') (route as unknown as Record<string, unknown>)[hook] = inScope(hooks as never);
        else if (Array.isArray(hooks)) (route as unknown as Record<string, unknown>)[hook] = hooks.map((h) => inScope(h as never));
      }
    });
    // Before any route's own hooks (admin tokens, bodies): a request for an unknown catalog stops here.
    scoped.addHook('onRequest', async (request) => {
      const name = (request.params as { catalog?: string }).catalog ?? '';
      const catalog = await catalogs.get(name);
      if (!catalog) throw catalogNotFound(name);
      ofRequest.set(request, contextOf(catalog));
    });
    // The route modules link to their own routes under /api (a job's result, a prediction's photo): a catalog's answer
    // links to the catalog's, where that job or prediction is found.
    scoped.addHook('preSerialization', async (request: FastifyRequest, _reply: FastifyReply, payload: unknown) => {
      const name = (request.params as { catalog?: string }).catalog;
      if (name) relink(payload, `/api/catalogs/${name}`);
      return payload;
    });
    const ctx = requestScopedContext(base, scope);
    for (const register of PER_CATALOG_ROUTES) register(scoped, ctx);
  });
}
