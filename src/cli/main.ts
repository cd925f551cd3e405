#!/usr/bin/env node
// The `prodclass` command: one sub-command per file in this folder.

import { Command, CommanderError } from 'commander';
import { isProdclassError } from '../core/errors.js';
import { packageVersion } from '../core/version.js';
import { registerAudit } from './audit.js';
import { registerCompare } from './compare.js';
import { registerEmbed } from './embed.js';
import { registerEvaluate } from './evaluate.js';
import { registerExplore } from './explore.js';
import { registerGc } from './gc.js';
import { registerIndex } from './index-catalog.js';
import { registerSimilar } from './similar.js';
import { registerDuplicates } from './duplicates.js';
import { registerPredict } from './predict.js';
import { registerReport } from './report.js';
import { registerRetrain } from './retrain.js';
import { registerServe } from './serve.js';
import { registerWorker } from './worker.js';
import { registerTaxonomy } from './taxonomy.js';
import { registerStart } from './start.js';
import { registerTrain } from './train.js';
import { registerTune } from './tune.js';

export function buildProgram(): Command {
  const program = new Command('prodclass')
    .description('File e-commerce products into Rakuten catalog categories from their title, description and photo.')
    .version(packageVersion())
    .showHelpAfterError()
    .exitOverride();
  registerTrain(program);
  registerTune(program);
  registerCompare(program);
  registerEmbed(program);
  registerEvaluate(program);
  registerPredict(program);
  registerExplore(program);
  registerReport(program);
  registerServe(program);
  registerStart(program);
  registerRetrain(program);
  registerGc(program);
  registerTaxonomy(program);
  registerIndex(program);
  registerSimilar(program);
  registerDuplicates(program);
  registerAudit(program);
  registerWorker(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (isProdclassError(error)) {
      process.stderr.write(`prodclass: error [${error.code}] ${error.message}\n`);
      return error.code === 'INTERNAL' ? 1 : 2;
    }
    process.stderr.write(`prodclass: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

const code = await main(process.argv);
if (code !== 0) process.exitCode = code;
