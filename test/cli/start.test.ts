import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HealthResponse, PredictResponse } from '../../src/serving/api-types.js';
import { spawnCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/tmp.js';

describe('prodclass start (npm start)', () => {
  it('with no model and no data: writes a demo catalog, trains models/default on it, serves it, labelled as a demo', async () => {
    const root = tempDir();
    const child = spawnCli(['start', '--port', '0'], { cwd: root });
    let stderr = '';
    try {
      const address = await new Promise<string>((resolve, reject) => {
        child.stderr!.on('data', (d: Buffer) => {
          stderr += d.toString();
          const m = /serving .* at (http:\/\/\S+)/.exec(stderr);
          if (m) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`start exited with ${code}: ${stderr}`)));
      });
      expect(stderr).toMatch(/DEMO model on a synthetic catalog/);
      // A session admin token, in a link that opens the page with it (the page keeps it and strips it from the address).
      const link = await new Promise<URL>((resolve) => {
        const find = () => /(http:\/\/\S+\?token=\S+)/.exec(stderr);
        if (find()) return resolve(new URL(find()![1]));
        child.stderr!.on('data', () => find() && resolve(new URL(find()![1])));
      });
      const token = link.searchParams.get('token')!;
      expect(token.length).toBeGreaterThanOrEqual(32);
      const health = (await (await fetch(`${address}/api/health`)).json()) as HealthResponse;
      expect(health.admin).toBe(true);
      const activate = await fetch(`${address}/api/models/${health.model}/activate`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      expect(activate.status).toBe(200);
      expect((await fetch(`${address}/api/models/${health.model}/activate`, { method: 'POST' })).status).toBe(401);
      expect(existsSync(join(root, 'models/default/manifest.json'))).toBe(true);
      expect(existsSync(join(root, 'var/demo-catalog/X_train_update.csv'))).toBe(true);
      const res = await fetch(`${address}/api/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ designation: 'Drone DJI Mini avec caméra 4K' }),
      });
      const json = (await res.json()) as PredictResponse;
      expect(json.model.demo).toBe(true);
      expect(json.predictions[0].code).toBe(1300);
      expect(((await (await fetch(`${address}/api/health`)).json()) as HealthResponse).demo).toBe(true);
      // The web page (built by the test setup, as npm start builds it) says "Demo model" once rendered: test/browser checks it.
      expect(await (await fetch(`${address}/`)).text()).toContain('<div id="root">');
    } finally {
      child.kill('SIGTERM');
    }
  }, 120_000);
});
