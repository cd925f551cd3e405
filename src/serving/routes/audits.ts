// Catalog audit routes: start an audit of the server's labelled data or of an uploaded file, read its suspects, keep or move each one.

import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProdclassError } from '../../core/errors.js';
import type { JobRecord } from '../../storage/job-store.js';
import { decideSuspect, readDecisions, type AuditDecision } from '../../workflows/audit/audit-decisions.js';
import { readAuditJob } from '../../workflows/audit/audit-job.js';
import { jobPaths } from '../../workflows/job-folder.js';
import type { AppContext } from '../app-context.js';
import type { AuditDecisionResponse, AuditResponse, JobResponse } from '../api-types.js';
import { receiveAuditUpload } from '../audit-upload.js';
import { reviewerGuard } from '../plugins/admin-auth.js';
import { errorResponses, idParams } from '../schemas.js';
import { toJobResponse } from '../views.js';

const decisionSchema = {
  summary: 'Keep a suspect where it is filed, or move it to the suggested category (recorded as feedback)',
  tags: ['audit'],
  params: idParams,
  body: {
    type: 'object',
    required: ['row', 'decision'],
    additionalProperties: false,
    properties: {
      row: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: "the suspect's data row" },
      decision: { type: 'string', enum: ['keep', 'move'] },
    },
  },
  response: errorResponses(400, 401, 404),
} as const;

export function registerAuditRoutes(app: FastifyInstance, ctx: AppContext): void {
  const reviewer = reviewerGuard(ctx.reviewerTokens, ctx.adminToken);
  const reviewerOf = new WeakMap<FastifyRequest, string | null>();
  const onRequest = async (request: FastifyRequest) => {
    reviewerOf.set(request, reviewer(request));
  };
  const auditJobOf = async (id: string): Promise<JobRecord> => {
    const job = await ctx.storage.jobs.get(id);
    if (!job || job.kind !== 'audit') throw new ProdclassError('NOT_FOUND', `no audit job "${id}"; start one with POST /api/audits`);
    return job;
  };

  app.post(
    '/api/audits',
    {
      schema: {
        summary: "Audit the server's labelled data, or an uploaded labelled catalog file, for misfiled products (a background job)",
        description:
          'Without a body, audits the labelled data the server explores. multipart/form-data with `file` = a labelled catalog file ' +
          '(CSV, TSV, JSON lines, JSON, Parquet or Excel, read as the active model read its own data: a title and a category column, ' +
          "categories of the model's taxonomy) audits that file; it is read before answering, so a file that cannot be read is " +
          'refused with its line and column. Answers 202 with the job; GET /api/jobs/{id} shows its progress; once done, ' +
          'GET /api/audits/{id} lists the suspects.',
        tags: ['audit'],
        consumes: ['multipart/form-data'],
        response: errorResponses(400, 401, 404, 409, 413, 422),
      },
      onRequest,
    },
    async (request, reply) => {
      const taxonomy = ctx.models.active.taxonomy;
      if (!request.isMultipart()) {
        // No data here: said now, rather than by a job that fails.
        ctx.explore.requireDataDir();
        return reply.status(202).send(toJobResponse(await ctx.jobs.submitAudit(), taxonomy) satisfies JobResponse);
      }
      const id = randomUUID();
      const path = await receiveAuditUpload(request, ctx.varDir, id, ctx.limits, ctx.models.active);
      try {
        return reply.status(202).send(toJobResponse(await ctx.jobs.submitAudit({ id, path }), taxonomy) satisfies JobResponse);
      } catch (error) {
        await rm(jobPaths(ctx.varDir, id).dir, { recursive: true, force: true });
        throw error;
      }
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/audits/:id',
    { schema: { summary: 'An audit: its job and, once done, the suspects best first with the decisions taken', tags: ['audit'], params: idParams, response: errorResponses(404) } },
    async (request, reply): Promise<AuditResponse> => {
      const job = await auditJobOf(request.params.id);
      reply.header('cache-control', 'no-store');
      const response = toJobResponse(job, ctx.models.active.taxonomy);
      if (job.status !== 'done') return { job: response, suspects: [], noise: [] };
      const [audit, decisions] = await Promise.all([readAuditJob(ctx.storage, ctx.varDir, job), readDecisions(ctx.storage, ctx.varDir, job)]);
      const { taxonomy } = ctx.models.active;
      const name = (id: string) => {
        const category = taxonomy.byId(id);
        return category ? taxonomy.pathString(category.key) : id;
      };
      return {
        job: response,
        suspects: audit.suspects.map((s) => ({ ...s, givenName: name(s.given), suggestedName: name(s.suggested), decision: decisions[String(s.row)]?.decision ?? null })),
        noise: audit.noise,
      };
    },
  );

  app.post<{ Params: { id: string }; Body: { row: number; decision: AuditDecision } }>(
    '/api/audits/:id/decisions',
    { schema: decisionSchema, onRequest },
    async (request): Promise<AuditDecisionResponse> => {
      const job = await auditJobOf(request.params.id);
      const served = ctx.models.active;
      const record = await decideSuspect({
        varDir: ctx.varDir,
        job,
        storage: ctx.storage,
        taxonomy: served.taxonomy,
        modelId: served.id,
        row: request.body.row,
        decision: request.body.decision,
        reviewer: reviewerOf.get(request) ?? null,
      });
      return { row: request.body.row, decision: record.decision, feedbackId: record.feedbackId };
    },
  );
}
