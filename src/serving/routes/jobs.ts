// Batch classification and job routes: upload a CSV (and images), follow the job, download the result CSV.

import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { ProdclassError } from '../../core/errors.js';
import { jobPaths } from '../../workflows/job-folder.js';
import type { AppContext } from '../app-context.js';
import type { JobResponse, JobsResponse } from '../api-types.js';
import { receiveBatchUpload } from '../batch-upload.js';
import { errorResponses, idParams } from '../schemas.js';
import { toJobResponse } from '../views.js';

export function registerJobRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post(
    '/api/predict/batch',
    {
      schema: {
        summary: 'Classify a CSV of products (challenge layout), optionally with images',
        description:
          'multipart/form-data: `file` = the CSV (header ",designation,description,productid,imageid"), `images` = a zip of ' +
          'image_{imageid}_product_{productid}.jpg files, or such files one by one. Answers 202 with the job; follow it with GET /api/jobs/{id}.',
        tags: ['batch'],
        consumes: ['multipart/form-data'],
        response: errorResponses(400, 413, 415, 422),
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        throw new ProdclassError('UNSUPPORTED_MEDIA_TYPE', 'send the batch as multipart/form-data: the CSV as "file", optionally images as "images"');
      }
      const id = randomUUID();
      const upload = await receiveBatchUpload(request, ctx.varDir, id, ctx.limits);
      const job = ctx.storage.jobs.create({
        id,
        kind: 'batch',
        modelId: ctx.models.active.id,
        input: { fileName: upload.fileName, csvBytes: upload.csvBytes, zip: upload.zip, looseImages: upload.looseImages },
      });
      ctx.jobs.enqueue(id);
      return reply.status(202).send(toJobResponse(job, ctx.models.active.taxonomy) satisfies JobResponse);
    },
  );

  app.get<{ Querystring: { kind?: 'batch' | 'retrain'; limit: number } }>(
    '/api/jobs',
    {
      schema: {
        summary: 'Recent jobs, newest first',
        tags: ['batch'],
        querystring: {
          type: 'object',
          properties: { kind: { type: 'string', enum: ['batch', 'retrain'] }, limit: { type: 'integer', minimum: 1, maximum: 200, default: 20 } },
        },
      },
    },
    async (request): Promise<JobsResponse> => ({ jobs: ctx.storage.jobs.list(request.query.limit, request.query.kind).map((job) => toJobResponse(job, ctx.models.active.taxonomy)) }),
  );

  app.get<{ Params: { id: string } }>(
    '/api/jobs/:id',
    { schema: { summary: 'A job: status, progress, summary or retraining gate', tags: ['batch'], params: idParams, response: errorResponses(404) } },
    async (request, reply): Promise<JobResponse> => {
      const job = ctx.storage.jobs.get(request.params.id);
      if (!job) throw new ProdclassError('NOT_FOUND', `no job "${request.params.id}"`);
      reply.header('cache-control', 'no-store');
      return toJobResponse(job, ctx.models.active.taxonomy);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/jobs/:id/result',
    {
      schema: {
        summary: 'The result CSV of a batch job (index, prdtypecode, name, probability), streamed',
        tags: ['batch'],
        params: idParams,
        produces: ['text/csv'],
        response: errorResponses(404),
      },
    },
    async (request, reply) => {
      const job = ctx.storage.jobs.get(request.params.id);
      if (!job || job.kind !== 'batch') throw new ProdclassError('NOT_FOUND', `no batch job "${request.params.id}"`);
      const { result } = jobPaths(ctx.varDir, job.id);
      if (!existsSync(result)) throw new ProdclassError('NOT_FOUND', `job ${job.id} has no result yet (status: ${job.status})`);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="prodclass-${job.id}.csv"`)
        .header('cache-control', 'no-store')
        .send(createReadStream(result));
    },
  );
}
