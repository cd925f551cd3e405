// Serves the web page built by Vite (dist/web) from the same server, or the minimal fallback page when it is not built.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type {} from '@fastify/swagger'; // types: route schemas may carry `hide`
import type { ModelCard } from '../../core/model-card.js';
import { renderHomePage } from '../home-page.js';

/** Where `npm run build:web` writes the page: dist/web at the repository root (the same from src/ and dist/). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../dist/web', import.meta.url));

/** Registers the page's files at /, or a single fallback page when `root` holds no index.html. */
export async function registerWebStatic(app: FastifyInstance, root: string | null, activeCard: () => ModelCard): Promise<void> {
  if (root && existsSync(join(root, 'index.html'))) {
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      index: 'index.html',
      // Hashed asset names change with every build; index.html must not be cached.
      setHeaders: (reply, path) => {
        reply.header('cache-control', path.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
      },
    });
    return;
  }
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(renderHomePage(activeCard())));
}
