// Prometheus metrics (prom-client, one registry per application): request counts, latency histogram, predictions, feedback, process.

import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ProcessLabels } from '../../workflows/worker-metrics.js';

export interface AppMetrics {
  registry: Registry;
  predictions: Counter<'origin'>;
  feedback: Counter<'kind'>;
  /** Products filed into the similarity index off the request path, by outcome (filed, failed). */
  indexFilings: Counter<'outcome'>;
  activeModel: Gauge<'model' | 'kind'>;
  /** Records which model is active (one series set to 1). */
  setActiveModel(id: string, kind: string): void;
}

/** Latency buckets in seconds: fine below 20 ms where interactive predictions land, coarse above for batch uploads. */
const BUCKETS = [0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Creates the registry and counts every response by method, route pattern and status. Every series carries `labels`
 * (host and role), so that one Prometheus scraping every API host and worker tells them apart.
 */
export function registerMetrics(app: FastifyInstance, labels: ProcessLabels): AppMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ ...labels });
  collectDefaultMetrics({ register: registry, prefix: 'prodclass_' });
  const requests = new Counter({
    name: 'prodclass_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'prodclass_http_request_duration_seconds',
    help: 'Time from request received to response sent, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: BUCKETS,
    registers: [registry],
  });
  const predictions = new Counter({
    name: 'prodclass_predictions_total',
    help: 'Products classified, by origin (api, page, batch)',
    labelNames: ['origin'] as const,
    registers: [registry],
  });
  const feedback = new Counter({
    name: 'prodclass_feedback_total',
    help: 'Feedback rows recorded, by kind (accepted: confirms the prediction; corrected: another category)',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const indexFilings = new Counter({
    name: 'prodclass_index_filings_total',
    help: 'Automatically filed products written into the similarity index after their answer, by outcome (filed; failed: logged, missing from the index)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const activeModel = new Gauge({
    name: 'prodclass_active_model',
    help: 'The active model (value 1), by id and kind',
    labelNames: ['model', 'kind'] as const,
    registers: [registry],
  });

  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    done();
  });

  return {
    registry,
    predictions,
    feedback,
    indexFilings,
    activeModel,
    setActiveModel(id, kind) {
      activeModel.reset();
      activeModel.set({ model: id, kind }, 1);
    },
  };
}
