// Vite build of the web page: web/ is the root, the output goes to dist/web, which the Fastify server serves.

import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
  },
  server: {
    // `npx vite web` during development: the API comes from a running `npm start`.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
