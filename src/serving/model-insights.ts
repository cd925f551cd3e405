// The Models page's data for the registered models: each summarised once (its latency measured once), kept until the model or the data changes.

import { summarizeModels, MODELS_SUMMARY_VERSION, type ModelComparisonRow, type ModelSummary, type ModelsSummary } from '../analysis/models-summary.js';
import { isProdclassError } from '../core/errors.js';
import type { ModelService } from '../workflows/model-service.js';
import { REVIEW_PRECISION } from '../workflows/served-model.js';
import type { ModelDetails, ModelsSummaryResponse } from './api-types.js';
import type { ExploreData, ExploredFolder } from './explore-data.js';

type Summarised = { summary: ModelSummary; row: ModelComparisonRow } | { skipped: ModelsSummary['skipped'][number] };

export interface ModelInsightsResult {
  response: ModelsSummaryResponse;
  /** The same in the shape the HTML report takes. */
  report: ModelsSummary;
}

/**
 * Summarises every registered model that has a folder with summarizeModels, on the explored data when there is
 * some (latency timed on its first products, misclassified products named by title). One model at a time, so
 * timing one is not disturbed by loading another.
 */
export class ModelInsights {
  private readonly cache = new Map<string, Promise<Summarised>>();

  constructor(
    private readonly models: ModelService,
    private readonly explore: ExploreData,
    private readonly reviewThreshold: () => number,
  ) {}

  /** @throws only unexpected errors: unreadable folders are listed in `skipped`, missing data in `notes`. */
  async summary(): Promise<ModelInsightsResult> {
    const notes: string[] = [];
    let data: ExploredFolder | null = null;
    try {
      data = await this.explore.folder();
    } catch (error) {
      if (!isProdclassError(error)) throw error;
      notes.push(`latency is only shown where a model card records it, and misclassified products are not named: ${error.message}`);
    }
    const summaries: ModelSummary[] = [];
    const rows = new Map<string, ModelComparisonRow>();
    const skipped: ModelsSummaryResponse['skipped'] = [];
    for (const entry of await this.models.list()) {
      if (entry.dir === null) {
        skipped.push({ id: entry.id, dir: null, code: 'MODEL_NOT_FOUND', message: `model ${entry.id} is held in memory and has no folder to summarise` });
        continue;
      }
      if (!entry.available) {
        skipped.push({ id: entry.id, dir: entry.dir, code: 'MODEL_NOT_FOUND', message: `${entry.dir} no longer holds model ${entry.id}` });
        continue;
      }
      const result = await this.summarise(entry.id, entry.dir, data);
      if ('skipped' in result) {
        skipped.push({ id: entry.id, ...result.skipped });
        continue;
      }
      summaries.push(result.summary);
      rows.set(result.summary.id, result.row);
    }
    // The order of summarizeModels: best validation weighted F1 first, models without metrics last.
    summaries.sort((a, b) => (b.metrics?.weightedF1 ?? -1) - (a.metrics?.weightedF1 ?? -1) || (a.id < b.id ? -1 : 1));
    const comparison = summaries.map((s) => rows.get(s.id)!);
    const activeId = this.models.active.id;
    const details: ModelDetails[] = summaries.map((s) => ({ ...s, active: s.id === activeId }));
    return {
      response: {
        activeId,
        reviewThreshold: this.reviewThreshold(),
        reviewPrecision: REVIEW_PRECISION,
        data: data ? { dir: data.dir, fingerprint: data.fingerprint } : null,
        models: details,
        comparison,
        skipped,
        notes,
      },
      report: {
        format: 'prodclass-models-summary',
        version: MODELS_SUMMARY_VERSION,
        createdAt: new Date().toISOString(),
        models: summaries,
        comparison,
        skipped: skipped.map(({ dir, code, message }) => ({ dir: dir ?? '', code, message })),
      },
    };
  }

  /** One model's summary, computed once per (model, folder, data); an unreadable folder or a failure is retried next time. */
  private summarise(id: string, dir: string, data: ExploredFolder | null): Promise<Summarised> {
    const key = [id, dir, data?.fingerprint ?? ''].join('\u0000');
    let pending = this.cache.get(key);
    if (!pending) {
      pending = summarizeModels([dir], { data: data ?? undefined }).then((s): Summarised => {
        if (s.models[0]) return { summary: s.models[0], row: s.comparison[0] };
        this.cache.delete(key);
        return { skipped: s.skipped[0] };
      });
      this.cache.set(key, pending);
      pending.catch(() => this.cache.delete(key));
    }
    return pending;
  }
}
