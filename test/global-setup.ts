// Vitest global setup: builds the web page with Vite when dist/web is missing or older than web/ (a clean clone passes).

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WEB = join(ROOT, 'web');
const BUILT = join(ROOT, 'dist', 'web', 'index.html');
const API_TYPES = join(ROOT, 'src', 'serving', 'api-types.ts');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export default async function setup(): Promise<void> {
  const stale = !existsSync(BUILT) || statSync(BUILT).mtimeMs < Math.max(newestMtime(WEB), statSync(API_TYPES).mtimeMs);
  if (!stale) return;
  const { build } = await import('vite');
  // Vitest sets NODE_ENV=test, which would give React's development build: build what `npm start` builds.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(WEB, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
