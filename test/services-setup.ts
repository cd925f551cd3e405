// Vitest global setup: a folder where test files record the PostgreSQL and Redis servers they start on first use; stops them at the end.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { stopPostgres, stopRedis, type PostgresRecord, type RedisRecord } from '../scripts/local-services.js';

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'prodclass-services-'));
  project.provide('servicesDir', dir);
  return () => {
    const record = <T>(name: string): T | null => (existsSync(join(dir, `${name}.json`)) ? (JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as T) : null);
    const postgres = record<PostgresRecord>('postgres');
    if (postgres) stopPostgres(postgres);
    const redis = record<RedisRecord>('redis');
    if (redis) stopRedis(redis);
    rmSync(dir, { recursive: true, force: true });
  };
}
