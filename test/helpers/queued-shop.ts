// An API host on PostgreSQL + Redis serving the shop catalog's model, and `prodclass worker` processes beside it: what
// the worker process tests start the same way.

import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/serving/app.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { startCli, until } from './run-cli.js';
import { freshPostgresDatabase, redisDatabaseUrl } from './services.js';
import { SHOP_MISFILED, trainShopModel } from './shop-catalog.js';
import { tempDir } from './tmp.js';

export interface QueuedShop {
  root: string;
  databaseUrl: string;
  redis: string;
  api: FastifyInstance;
  /** The shared records, as any host reads them. */
  storage: Storage;
  /** Starts `prodclass worker` on the deployment's database and queue, named `name`, with its own --var and `args`. */
  worker(name: string, args?: string[]): ReturnType<typeof startCli>;
  /** Kills (SIGKILL) every worker still running and waits until they have exited. */
  killWorkers(): Promise<void>;
  /** Kills every worker still running and closes the API host and the storage. */
  close(): Promise<void>;
}

/**
 * A fresh database, the Redis database kept for test file `file`, the shop catalog's model (`perLeaf` products per
 * category, some misfiled, for audits to find) and an API host serving it with jobs on the queue.
 */
export async function startQueuedShop(file: Parameters<typeof redisDatabaseUrl>[0], options: { perLeaf: number; batchChunkSize?: number }): Promise<QueuedShop> {
  const root = tempDir();
  const [databaseUrl, redis] = await Promise.all([freshPostgresDatabase(), redisDatabaseUrl(file)]);
  const { dir, file: _file, ...trained } = await trainShopModel(root, { seed: 4, folder: 'shop', perLeaf: options.perLeaf, misfiled: SHOP_MISFILED });
  const api = await buildApp({
    model: trained.model,
    card: trained.card,
    modelDir: dir,
    varDir: join(root, 'var-api'),
    databaseUrl,
    redisUrl: redis,
    webRoot: null,
    retention: false,
    rateLimit: false,
    ...(options.batchChunkSize ? { batchChunkSize: options.batchChunkSize } : {}),
  });
  const storage = await openStorage(null, { databaseUrl });
  const children: ChildProcess[] = [];
  const killWorkers = async () => {
    const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
    for (const child of running) child.kill('SIGKILL');
    await until('the workers to exit', () => running.every((c) => c.exitCode !== null || c.signalCode !== null));
  };
  return {
    root,
    databaseUrl,
    redis,
    api,
    storage,
    worker: (name, args = []) => startCli(['worker', ...args, '--database', databaseUrl, '--redis', redis, '--var', join(root, `var-${name}`), '--host-name', name], children),
    killWorkers,
    async close() {
      await killWorkers();
      await api.close();
      await storage.close();
    },
  };
}
