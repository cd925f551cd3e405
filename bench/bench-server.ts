// Helpers for the HTTP benchmarks: a prodclass server in its own process, and its memory as the kernel reports it.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChallengeFolder } from '../src/data/challenge-folder.js';
import { saveModel } from '../src/models/model-store.js';
import { trainModel } from '../src/training/train-model.js';
import { RAKUTEN_TAXONOMY } from '../src/taxonomy/index.js';
import { defaultModelKind } from '../src/models/text-model-kinds.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
let built = false;

/**
 * The command line that runs `prodclass` as it ships: the compiled `dist/cli/main.js`, built from the current sources
 * on first use. Running from the TypeScript sources instead would time tsx, which compiles every worker thread's
 * modules again as it starts.
 */
export function prodclassCommand(): string[] {
  if (!built) {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { stdio: ['ignore', 2, 2] });
    built = true;
  }
  return [join(ROOT, 'dist/cli/main.js')];
}

export interface BenchServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `prodclass serve --model DIR --var VAR --port 0 --log-level warn [ARGS]` in a child process and waits for its
 * address. Request logs are off: they would go to this process's stdout, where the benchmark prints its JSON.
 */
export async function startServer(model: string, varDir: string, env: NodeJS.ProcessEnv = {}, args: string[] = []): Promise<BenchServer> {
  const child = spawn(process.execPath, [...prodclassCommand(), 'serve', '--model', model, '--var', varDir, '--port', '0', '--log-level', 'warn', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /serving .* at (http:\/\/\S+)/.exec(stderr);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`the server exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Resident and peak resident memory of a process in MB, from /proc (Linux); null elsewhere. */
export function memoryOf(pid: number): { rssMb: number; peakRssMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The model folder to serve: `given` (--model), else a model of `kind` (the data's default kind unless given) trained
 * on `folder` and saved under `work`.
 */
export async function benchModelDir(
  given: string | undefined,
  folder: ChallengeFolder,
  work: string,
  log: (m: string) => void,
  kind: string = defaultModelKind(folder.train),
): Promise<string> {
  if (given) return given;
  log(`training ${kind} on ${folder.train.products.length} products of ${folder.source}`);
  const { model, card } = await trainModel({ data: folder.train, taxonomy: RAKUTEN_TAXONOMY, source: folder.source, demo: folder.demo, kind, seed: 42, validationFraction: 0.1 });
  const dir = join(work, 'models', 'default');
  await saveModel(dir, model, card, RAKUTEN_TAXONOMY);
  return dir;
}
