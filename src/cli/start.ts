// `prodclass start` (npm start): make sure a default model exists, training one if needed, then serve it.

import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { CHALLENGE_FILES } from '../data/challenge-folder.js';
import { writeDemoCatalog } from '../data/demo-catalog.js';
import { catalogFilesIn } from '../data/load-catalog.js';
import { MANIFEST_FILE } from '../core/model-folder.js';
import { intOption } from './options.js';
import { addServerOptions, DEFAULT_PORT, serve, type ServeOptions } from './serve.js';
import { trainToFolder } from './train.js';

type ServerFlags = 'logLevel' | 'logFile' | 'rateLimit' | 'rateLimitLoopback' | 'requestTimeout' | 'retentionDays' | 'predictionRetentionDays' | 'maxVarSize' | 'allowPrivatePhotos' | 'database' | 'redis' | 'hostName';

interface StartOptions extends Pick<ServeOptions, ServerFlags> {
  model: string;
  data: string;
  var: string;
  port: number;
  host: string;
  seed: number;
}

/**
 * The admin token of this run: PRODCLASS_ADMIN_TOKEN when set, else a fresh random one that lives as long as the process
 * (a local, single-user run: whoever opens the printed link is the admin).
 */
function sessionAdminToken(): string {
  return process.env.PRODCLASS_ADMIN_TOKEN?.trim() || randomBytes(24).toString('base64url');
}

export function registerStart(program: Command): void {
  const command = program
    .command('start')
    .description('train models/default if it is missing (on data/, or a demo catalog), then serve it')
    .option('--model <dir>', 'default model folder', 'models/default')
    .option('--data <dir>', 'challenge files to train on when the model is missing', 'data')
    .option('--var <dir>', 'folder for the application state and the demo catalog', 'var')
    .option('--port <n>', 'port', intOption('port', 0, 65535), Number(process.env.PORT ?? DEFAULT_PORT))
    .option('--host <host>', 'interface to listen on', process.env.HOST ?? '127.0.0.1')
    .option('--seed <n>', 'seed when training', intOption('seed', 0, 2 ** 32 - 1), 42);
  addServerOptions(command, 'warn').action(async (options: StartOptions) => {
    const modelDir = resolve(options.model);
    if (!existsSync(join(modelDir, MANIFEST_FILE))) {
      let dataDir = resolve(options.data);
      // The challenge files are .csv too: the challenge layout wins, else the first catalog file by name.
      const challenge = existsSync(join(dataDir, CHALLENGE_FILES.trainProducts));
      const catalogFile = !challenge && existsSync(dataDir) && statSync(dataDir).isDirectory() ? (await catalogFilesIn(dataDir))[0] : undefined;
      if (challenge || catalogFile !== undefined) {
        if (catalogFile !== undefined) dataDir = join(dataDir, catalogFile);
        process.stderr.write(`no model at ${modelDir}: training the default model on ${dataDir}\n`);
      } else {
        dataDir = resolve(options.var, 'demo-catalog');
        process.stderr.write(
          `no model at ${modelDir} and no catalog in ${resolve(options.data)}:\n` +
            `training a DEMO model on a synthetic catalog written to ${dataDir}.\n` +
            `For a real model, put your catalog file (CSV, TSV, JSON Lines, Parquet or xlsx with a title and a category column) ` +
            `or the challenge's X_train_update.csv and Y_train_CVw08PX.csv (and images/) in ${resolve(options.data)} and delete ${modelDir}.\n`,
        );
        if (!existsSync(join(dataDir, CHALLENGE_FILES.trainProducts))) await writeDemoCatalog(dataDir, { seed: options.seed });
      }
      await trainToFolder({ data: dataDir, out: modelDir, seed: options.seed });
    }
    // The registry's active model (a retrained one, say) keeps serving across restarts; models/default is the fallback.
    await serve({
      model: modelDir,
      port: options.port,
      host: options.host,
      var: options.var,
      database: options.database,
      redis: options.redis,
      hostName: options.hostName,
      preferRegistry: true,
      logLevel: options.logLevel,
      logFile: options.logFile,
      rateLimit: options.rateLimit,
      rateLimitLoopback: options.rateLimitLoopback,
      requestTimeout: options.requestTimeout,
      allowPrivatePhotos: options.allowPrivatePhotos,
      retentionDays: options.retentionDays,
      predictionRetentionDays: options.predictionRetentionDays,
      maxVarSize: options.maxVarSize,
      adminToken: sessionAdminToken(),
      adminLink: true,
    });
  });
}
