// `prodclass serve`: start the HTTP application on a saved model.

import type { Command } from 'commander';
import { loadModel } from '../models/model-store.js';
import { buildApp } from '../serving/app.js';
import { intOption } from './options.js';

export interface ServeOptions {
  model: string;
  port: number;
  host: string;
}

export const DEFAULT_PORT = 3000;

export async function serve(options: ServeOptions): Promise<void> {
  const { model, card } = await loadModel(options.model);
  const app = await buildApp({ model, card });
  const address = await app.listen({ port: options.port, host: options.host });
  process.stderr.write(`prodclass serving ${card.kind} model ${card.modelId}${card.demo ? ' (DEMO: synthetic catalog)' : ''} at ${address}\n`);
  const stop = () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the classification page and HTTP API')
    .requiredOption('--model <dir>', 'model folder')
    .option('--port <n>', 'port (0 picks a free one)', intOption('port', 0, 65535), Number(process.env.PORT ?? DEFAULT_PORT))
    .option('--host <host>', 'interface to listen on', process.env.HOST ?? '127.0.0.1')
    .action(async (options: ServeOptions) => serve(options));
}
