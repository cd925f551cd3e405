// The application context of one catalog (its storage view, models, jobs, threshold, insights), and the request-scoped context the catalog routes read.

import { AsyncLocalStorage } from 'node:async_hooks';
import { basename, join } from 'node:path';
import { ProdclassError } from '../core/errors.js';
import type { Catalog } from '../workflows/catalogs.js';
import type { AppContext } from './app-context.js';
import { ExploreData } from './explore-data.js';
import { ModelInsights } from './model-insights.js';
import { PublicPaths } from './public-paths.js';
import { ReportDownload } from './report-download.js';

/**
 * `catalog`'s context: what is the catalog's own (storage view, models, jobs, review threshold, the data and model
 * insights of its active model, its models folder among the public paths) over what the server shares (limits, tokens,
 * metrics, uploads, similarity indexes).
 */
export function catalogContext(base: AppContext, catalog: Catalog): AppContext {
  const { models } = catalog;
  const log = () => {};
  // Its data is the data its active model was trained on: a catalog has no --data of its own.
  const noData = (why: string) =>
    new ProdclassError(
      'CATALOG_DATA_NOT_FOUND',
      `catalog "${catalog.name}" has no data on this server to explore, audit or report on: ${why}; train its model on this server from the catalog's file ` +
        `(prodclass train --data FILE --out ${basename(catalog.modelsDir)}/NAME), then activate it (POST /api/catalogs/${catalog.name}/models/{id}/activate)`,
      { location: { field: 'catalog' } },
    );
  const explore = new ExploreData({ activeCard: () => models.active.card, cacheDir: join(base.varDir, 'cache', 'analysis'), log, noData });
  const insights = new ModelInsights(models, explore, catalog.reviewThreshold);
  const paths = new PublicPaths(() => [
    { dir: catalog.modelsDir, label: basename(catalog.modelsDir) },
    { dir: base.varDir, label: basename(base.varDir) },
    ...[explore.dataDir()].filter((d): d is string => d !== null).map((dir) => ({ dir, label: basename(dir) })),
  ]);
  return {
    ...base,
    storage: catalog.storage,
    models,
    jobs: catalog.jobs,
    explore,
    insights,
    report: new ReportDownload(explore, insights),
    paths,
    reviewThreshold: catalog.reviewThreshold,
    // The process's active-model gauge stays the default catalog's.
    metrics: { ...base.metrics, setActiveModel: () => {} },
  };
}

/** What differs from one catalog to another: read outside a request, these would silently be the default catalog's. */
const PER_CATALOG = new Set<keyof AppContext>(['storage', 'models', 'jobs', 'explore', 'insights', 'report', 'paths', 'reviewThreshold']);

/**
 * The context of the catalog whose route a request reached, for route modules written against one AppContext: while
 * `scope.run(ctx, ...)` runs a handler or hook, every field is that catalog's; outside one (declaring the routes) the
 * shared fields are `base`'s and a per-catalog field throws, so that no route can serve one catalog's request from another.
 */
export function requestScopedContext(base: AppContext, scope: AsyncLocalStorage<AppContext>): AppContext {
  return new Proxy(base, {
    get(target, key, receiver) {
      const current = scope.getStore();
      if (current) return Reflect.get(current, key);
      if (PER_CATALOG.has(key as keyof AppContext)) throw new ProdclassError('INTERNAL', `the catalog routes read "${String(key)}" outside a request: it is per catalog`);
      return Reflect.get(target, key, receiver);
    },
  });
}
