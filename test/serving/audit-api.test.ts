// The audit through the API: a background job with progress over the server's data, suspects best first, keep and
// move (a move is feedback), and a retraining that learns the move.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditDecisionResponse, AuditResponse, FeedbackListResponse, JobResponse } from '../../src/serving/api-types.js';
import { buildApp } from '../../src/serving/app.js';
import { SHOP_MISFILED, trainShopModel } from '../helpers/shop-catalog.js';
import { tempDir } from '../helpers/tmp.js';
import { endedJob } from '../helpers/jobs.js';

const TOKEN = 'audit-admin-token';
const root = tempDir();
let app: FastifyInstance;
let base = '';


beforeAll(async () => {
  const { dir, ...trained } = await trainShopModel(root, { seed: 4, folder: 'shop', perLeaf: 20, misfiled: SHOP_MISFILED });
  app = await buildApp({ model: trained.model, card: trained.card, modelDir: dir, varDir: join(root, 'var'), adminToken: TOKEN, webRoot: null });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const waitFor = (job: JobResponse) => endedJob(app, job, { timeoutMs: 120_000, everyMs: 100 });

const decide = (id: string, row: number, decision: string) => app.inject({ method: 'POST', url: `/api/audits/${id}/decisions`, payload: { row, decision } });

describe('the audit through the API', () => {
  let auditId = '';

  it('runs as a job with progress and lists the misfiled products first', async () => {
    const started = await app.inject({ method: 'POST', url: '/api/audits' });
    expect(started.statusCode, started.body).toBe(202);
    const queued = started.json() as JobResponse;
    expect(queued.kind).toBe('audit');
    const again = await app.inject({ method: 'POST', url: '/api/audits' });
    expect([202, 409]).toContain(again.statusCode);
    const job = await waitFor(queued);
    expect(job.status, JSON.stringify(job)).toBe('done');
    expect(job.fraction).toBe(1);
    expect(job.resultUrl).toBe(`/api/audits/${job.id}`);
    auditId = job.id;
    const audit = (await app.inject({ method: 'GET', url: job.resultUrl! })).json() as AuditResponse;
    const top = audit.suspects.slice(0, 3).map((s) => s.id);
    expect(top).toContain('p40');
    expect(top).toContain('p22');
    const toy = audit.suspects.find((s) => s.id === 'p40')!;
    expect(toy).toMatchObject({ row: 40, given: 'Toys', suggested: 'Home > Kitchen > Pans', suggestedName: 'Home > Kitchen > Pans', sameParent: false, decision: null });
    const pan = audit.suspects.find((s) => s.id === 'p22')!;
    expect(pan).toMatchObject({ given: 'Home > Kitchen > Knives', suggested: 'Home > Kitchen > Pans', sameParent: true });
    expect(audit.noise.length).toBeGreaterThan(0);
  }, 240_000);

  it('keeps one suspect and moves another, the move recorded as feedback', async () => {
    const kept = await decide(auditId, 22, 'keep');
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json()).toEqual({ row: 22, decision: 'keep', feedbackId: null } satisfies AuditDecisionResponse);
    const moved = await decide(auditId, 40, 'move');
    expect(moved.statusCode, moved.body).toBe(200);
    const { feedbackId } = moved.json() as AuditDecisionResponse;
    expect(feedbackId).toBeGreaterThan(0);
    // Moving twice records one feedback row.
    expect(((await decide(auditId, 40, 'move')).json() as AuditDecisionResponse).feedbackId).toBe(feedbackId);
    const feedback = (await app.inject({ method: 'GET', url: '/api/feedback' })).json() as FeedbackListResponse;
    expect(feedback.total).toBe(1);
    expect(feedback.items[0]).toMatchObject({ id: feedbackId, designation: expect.stringMatching(/skillet|nonstick|wok|saute/) });
    const audit = (await app.inject({ method: 'GET', url: `/api/audits/${auditId}` })).json() as AuditResponse;
    expect(audit.suspects.find((s) => s.row === 22)!.decision).toBe('keep');
    expect(audit.suspects.find((s) => s.row === 40)!.decision).toBe('move');
  });

  it('refuses a decision it cannot take, saying what to send', async () => {
    const bad = await decide(auditId, 40, 'maybe');
    expect(bad.statusCode).toBe(400);
    const missing = await decide(auditId, 3999, 'keep');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toMatch(/no suspect at row 3999/);
    const unknown = await app.inject({ method: 'GET', url: '/api/audits/not-a-job' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toMatch(/POST \/api\/audits/);
  });

  it('retrains on the moved product under its new category', async () => {
    const started = await app.inject({ method: 'POST', url: '/api/retrain', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(started.statusCode).toBe(202);
    const job = await waitFor(started.json() as JobResponse);
    expect(job.status, JSON.stringify(job)).toBe('done');
    const manifest = JSON.parse(readFileSync(join(root, 'models', job.gate!.newModelId, 'manifest.json'), 'utf8'));
    expect(manifest.card.extra.retrain.feedbackRows).toBe(1);
  }, 180_000);

  it('audits an uploaded catalog file: its own misfiled product first, rows numbered as in that file', async () => {
    // The shop's file with its two misfiled pans filed back among the pans, and a toy (p65) filed under Bath instead.
    const lines = readFileSync(join(root, 'shop.csv'), 'utf8').trim().split('\n');
    const upload = lines
      .map((line) => (/^p(22|40),/.test(line) ? line.replace(/,[^,]*$/, ',Home > Kitchen > Pans') : line.startsWith('p65,') ? line.replace(/,Toys$/, ',Home > Bath') : line))
      .join('\n');
    expect(upload).toContain('p65,');
    const form = new FormData();
    form.append('file', new Blob([upload], { type: 'text/csv' }), 'spring-catalog.csv');
    const res = await fetch(`${base}/api/audits`, { method: 'POST', body: form });
    expect(res.status, await res.clone().text()).toBe(202);
    const job = await waitFor((await res.json()) as JobResponse);
    expect(job.status, JSON.stringify(job)).toBe('done');
    const audit = (await app.inject({ method: 'GET', url: job.resultUrl! })).json() as AuditResponse;
    expect(audit.suspects[0]).toMatchObject({ id: 'p65', row: 65, given: 'Home > Bath', suggested: 'Toys' });
    expect(audit.suspects.slice(0, 3).map((s) => s.id)).not.toContain('p40');
    // A move is feedback, as for the server's own data.
    const moved = await decide(job.id, 65, 'move');
    expect(moved.statusCode, moved.body).toBe(200);
    expect((moved.json() as AuditDecisionResponse).feedbackId).toBeGreaterThan(0);
  }, 240_000);

  it('refuses an upload it cannot audit before any job exists, naming the file, its line and what to change', async () => {
    const send = async (name: string, body: string, field = 'file') => {
      const form = new FormData();
      form.append(field, new Blob([body], { type: 'text/csv' }), name);
      const res = await fetch(`${base}/api/audits`, { method: 'POST', body: form });
      return { status: res.status, body: (await res.json()) as { error: string; message: string } };
    };
    const unknown = await send('new.csv', 'id,title,category\nq1,chef blade nr 1,Home > Kitchen > Knives\nq2,lego doll nr 2,Garden\n');
    expect(unknown.status, JSON.stringify(unknown.body)).toBe(422);
    expect(unknown.body.message).toMatch(/^new\.csv:3, field "category"/);
    expect(unknown.body.message).not.toMatch(/jobs/);
    expect(unknown.body.message).toMatch(/Garden/);
    const unlabelled = await send('titles.csv', 'id,title\nq1,chef blade nr 1\n');
    expect(unlabelled.status, JSON.stringify(unlabelled.body)).toBe(422);
    expect(unlabelled.body.message).toMatch(/categor/i);
    const wrongType = await send('catalog.pdf', 'id,title,category\n');
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.message).toMatch(/\.csv/);
    const wrongField = await send('shop.csv', 'id,title,category\n', 'catalog');
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.message).toMatch(/"file"/);
    // Nothing was queued and nothing of the uploads was kept.
    const jobs = readdirSync(join(root, 'var', 'jobs'));
    for (const id of jobs) expect(readdirSync(join(root, 'var', 'jobs', id)).some((f) => /new|titles|catalog\.pdf/.test(f))).toBe(false);
  });
});
