// Debian's chromium for the browser tests: where it is, the flags this closed network needs, and one way to launch it.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { REPO_ROOT } from './run-cli.js';

export const CHROMIUM = process.env.PRODCLASS_CHROMIUM ?? '/usr/bin/chromium';
/** Without the background-networking flags chromium keeps opening connections that this machine refuses. */
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
/** Screenshots and files the browser tests keep (git-ignored). */
export const BROWSER_ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'browser');

/**
 * Whether the browser tests can run. Without chromium they are skipped on a developer's machine, but CI sets
 * PRODCLASS_REQUIRE_BROWSER=1 (.ci/run): there a missing browser fails the run instead of skipping silently.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.PRODCLASS_REQUIRE_BROWSER === '1') throw new Error(`PRODCLASS_REQUIRE_BROWSER=1 but there is no chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  return false;
}

/** A fresh profile (removed by `close`), headless, with the flags above. */
export async function launchChromium(options: Parameters<typeof chromium.launchPersistentContext>[1] = {}): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'prodclass-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, locale: 'en-US', ...options });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
