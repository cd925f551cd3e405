// The set-up every browser test file shares: a chromium page (helpers/chromium.ts), and a test server on a loopback port for it.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { BrowserContext, Page } from 'playwright-core';
import { BROWSER_ARTIFACTS, launchChromium } from './chromium.js';

type LaunchOptions = Parameters<typeof launchChromium>[0];

export interface BrowserPage {
  context: BrowserContext;
  /** The profile's first tab. */
  page: Page;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

export interface BrowserApp extends BrowserPage {
  /** The server's address, `http://127.0.0.1:<port>`. */
  base: string;
  /** Closes the browser, then the server. */
  close(): Promise<void>;
}

/**
 * Launches chromium (1200 x 900 unless `options` say otherwise) and gives its first tab; the artifacts folder exists
 * afterwards, for screenshots.
 */
export async function openBrowserPage(options: LaunchOptions = {}): Promise<BrowserPage> {
  mkdirSync(BROWSER_ARTIFACTS, { recursive: true });
  const { context, close } = await launchChromium({ viewport: { width: 1200, height: 900 }, ...options });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, close };
}

/**
 * Serves `app` on a free loopback port and opens a browser page for it (see openBrowserPage); `close` stops both.
 * @throws what listening or launching chromium throws (the server is closed first when the browser fails).
 */
export async function openBrowserApp(app: FastifyInstance, options: LaunchOptions = {}): Promise<BrowserApp> {
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  let browser: BrowserPage;
  try {
    browser = await openBrowserPage(options);
  } catch (error) {
    await app.close();
    throw error;
  }
  return {
    ...browser,
    base,
    close: async () => {
      await browser.close();
      await app.close();
    },
  };
}

/** A full-page screenshot kept under the browser artifacts folder as `<name>.png`. */
export function screenshot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: join(BROWSER_ARTIFACTS, `${name}.png`), fullPage: true });
}
