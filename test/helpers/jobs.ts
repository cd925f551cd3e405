// Waits for a background job (batch, retraining, audit) to end, through app.inject or over HTTP.

import type { FastifyInstance } from 'fastify';
import type { JobResponse } from '../../src/serving/api-types.js';

/**
 * The job once it is done or failed, asked for every `everyMs`: from `server`, an application (app.inject) or a base
 * URL. `job` is its id or the 202 answer that started it.
 * @throws Error when it has neither ended after `timeoutMs`.
 */
export async function endedJob(server: FastifyInstance | string, job: string | JobResponse, options: { timeoutMs?: number; everyMs?: number; api?: string } = {}): Promise<JobResponse> {
  // `api`: where the job's catalog has its routes (/api/catalogs/{name} for another catalog than the default one).
  const { timeoutMs = 60_000, everyMs = 50, api = '/api' } = options;
  const id = typeof job === 'string' ? job : job.id;
  const get = async (): Promise<JobResponse> =>
    typeof server === 'string'
      ? ((await (await fetch(`${server}${api}/jobs/${id}`)).json()) as JobResponse)
      : ((await server.inject({ method: 'GET', url: `${api}/jobs/${id}` })).json() as JobResponse);
  let last = typeof job === 'string' ? await get() : job;
  // An answer without a status (another host not yet aware of the job) is asked again too.
  for (const started = Date.now(); last.status !== 'done' && last.status !== 'failed'; last = await get()) {
    if (Date.now() - started > timeoutMs) throw new Error(`job ${id} has not ended after ${timeoutMs} ms: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return last;
}
