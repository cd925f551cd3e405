// Vitest global setup: a folder for the PostgreSQL and Redis servers test files start on first use; stops them at the end.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { PostgresRecord } from './helpers/services.js';

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'prodclass-services-'));
  project.provide('servicesDir', dir);
  return () => {
    const postgres = join(dir, 'postgres.json');
    if (existsSync(postgres)) {
      const { pgCtl, dir: pgDir, dataDir, user } = JSON.parse(readFileSync(postgres, 'utf8')) as PostgresRecord;
      const args = ['-D', dataDir, '-m', 'immediate', '-w', 'stop'];
      spawnSync(user ? 'runuser' : pgCtl, user ? ['-u', user, '--', pgCtl, ...args] : args, { stdio: 'ignore', timeout: 60_000 });
      rmSync(pgDir, { recursive: true, force: true });
    }
    const redis = join(dir, 'redis.json');
    if (existsSync(redis)) {
      const { pidFile } = JSON.parse(readFileSync(redis, 'utf8')) as { pidFile: string };
      if (existsSync(pidFile)) {
        try {
          process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGTERM');
        } catch {
          // Already gone.
        }
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
