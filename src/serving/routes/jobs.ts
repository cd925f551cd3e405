// Batch classification and job routes: upload a CSV (and images), follow the job, download the result CSV.

import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProdclassError } from '../../core/errors.js';
import type { JobRecord } from '../../storage/job-store.js';
import { jobPaths } from '../../workflows/job-folder.js';
import { fetchQueuedResult } from '../../workflows/queued-result.js';
import type { AppContext } from '../app-context.js';
import type { JobResponse, JobsResponse } from '../api-types.js';
import { receiveBatchUpload } from '../batch-upload.js';
import { errorResponses, idParams } from '../schemas.js';
import { toJobResponse } from '../views.js';

/**
 * The request's Idempotency-Key: a client that retries a batch upload with the same key gets the first job back rather
 * than a second job.
 * @throws ProdclassError INVALID_INPUT for a key that is empty, longer than 200 characters or not printable ASCII.
 */
function idempotencyKeyOf(request: FastifyRequest): string | null {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return null;
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new ProdclassError('INVALID_INPUT', 'the Idempotency-Key header must be 1 to 200 printable ASCII characters without spaces (a UUID, say)', { location: { field: 'Idempotency-Key' } });
  }
  return key;
}

export function registerJobRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post(
    '/api/predict/batch',
    {
      schema: {
        summary: 'Classify a CSV of products (challenge layout), optionally with images',
        description:
          'multipart/form-data: `file` = the CSV (header ",designation,description,productid,imageid"), `images` = a zip of ' +
          'image_{imageid}_product_{productid}.jpg files, or such files one by one (kept only when the model reads photos). Any catalog file ' +
          '(CSV/TSV, JSON Lines, Parquet, xlsx) is taken too, its columns found by their usual names, or named by the text field `columns` ' +
          '(`title=COL,description=COL+COL,id=COL,...`, as the CLI\'s --columns). Answers 202 with the job; ' +
          'follow it with GET /api/jobs/{id}. An `Idempotency-Key` header makes a retry return the first job (header `idempotent-replayed: true`) rather than start another.',
        tags: ['batch'],
        consumes: ['multipart/form-data'],
        response: errorResponses(400, 413, 415, 422),
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new ProdclassError('UNSUPPORTED_MEDIA_TYPE', 'send the batch as multipart/form-data: the CSV as "file", optionally images as "images"');
      }
      const idempotencyKey = idempotencyKeyOf(request);
      const replay = (job: JobRecord) => reply.status(202).header('idempotent-replayed', 'true').send(toJobResponse(job, ctx.models.active.taxonomy) satisfies JobResponse);
      const earlier = idempotencyKey ? await ctx.storage.jobs.byIdempotencyKey(idempotencyKey) : undefined;
      if (earlier) return replay(earlier);
      const id = randomUUID();
      const served = ctx.models.active;
      const upload = await receiveBatchUpload(request, ctx.varDir, id, ctx.limits, served.modalities.includes('image'));
      const job = await ctx.storage.jobs.create({
        id,
        kind: 'batch',
        modelId: served.id,
        input: {
          fileName: upload.fileName,
          csvBytes: upload.csvBytes,
          zip: upload.zip,
          looseImages: upload.looseImages,
          imagesNotKept: upload.imagesNotKept,
          layout: upload.layout,
          inputFile: upload.inputFile,
          result: upload.result,
          ...(upload.columns ? { columns: upload.columns } : {}),
        },
        idempotencyKey,
        host: ctx.jobs.host,
      });
      // The same key sent twice at once: the first to be recorded wins, the other's upload goes.
      if (job.id !== id) {
        await rm(upload.paths.dir, { recursive: true, force: true });
        return replay(job);
      }
      ctx.jobs.enqueue(id);
      return reply.status(202).send(toJobResponse(job, ctx.models.active.taxonomy) satisfies JobResponse);
    },
  );

  app.get<{ Querystring: { kind?: 'batch' | 'retrain' | 'audit' | 'index'; limit: number } }>(
    '/api/jobs',
    {
      schema: {
        summary: 'Recent jobs, newest first',
        tags: ['batch'],
        querystring: {
          type: 'object',
          properties: { kind: { type: 'string', enum: ['batch', 'retrain', 'audit', 'index'] }, limit: { type: 'integer', minimum: 1, maximum: 200, default: 20 } },
        },
      },
    },
    async (request): Promise<JobsResponse> => ({ jobs: (await ctx.storage.jobs.list(request.query.limit, request.query.kind)).map((job) => toJobResponse(job, ctx.models.active.taxonomy)) }),
  );

  app.get<{ Params: { id: string } }>(
    '/api/jobs/:id',
    { schema: { summary: 'A job: status, progress, summary or retraining gate', tags: ['batch'], params: idParams, response: errorResponses(404) } },
    async (request, reply): Promise<JobResponse> => {
      const job = await ctx.storage.jobs.get(request.params.id);
      if (!job) throw new ProdclassError('NOT_FOUND', `no job "${request.params.id}"`);
      reply.header('cache-control', 'no-store');
      return toJobResponse(job, ctx.models.active.taxonomy);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/jobs/:id/result',
    {
      schema: {
        summary: 'The result CSV of a batch job (index, prdtypecode, name, probability, decision; filed_id, filed_path, filed_depth for a tree model with per-depth thresholds), streamed',
        tags: ['batch'],
        params: idParams,
        produces: ['text/csv'],
        response: errorResponses(404),
      },
    },
    async (request, reply) => {
      const job = await ctx.storage.jobs.get(request.params.id);
      if (!job || job.kind !== 'batch') throw new ProdclassError('NOT_FOUND', `no batch job "${request.params.id}"`);
      const { result } = jobPaths(ctx.varDir, job.id);
      // A queued job's result is in the database: a host that did not run it (or whose copy was cleaned up) writes its own.
      if (!existsSync(result) && job.status === 'done') await fetchQueuedResult(ctx.storage, job.id, result);
      if (!existsSync(result)) {
        if (job.status === 'done') throw new ProdclassError('NOT_FOUND', `the result of job ${job.id} was removed by the retention policy (serve --retention-days)`);
        throw new ProdclassError('NOT_FOUND', `job ${job.id} has no result yet (status: ${job.status})`);
      }
      // A catalog's result keeps its upload's format and encoding.
      const format = (job.input.result ?? null) as { kind: 'csv' | 'jsonl'; encoding: string } | null;
      const kind = format?.kind ?? 'csv';
      return reply
        .type(`${kind === 'jsonl' ? 'application/x-ndjson' : 'text/csv'}; charset=${format?.encoding ?? 'utf-8'}`)
        .header('content-disposition', `attachment; filename="prodclass-${job.id}.${kind}"`)
        .header('cache-control', 'no-store')
        .send(createReadStream(result));
    },
  );
}
