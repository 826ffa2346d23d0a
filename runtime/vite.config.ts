import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './build/precompress.js';
import { serviceWorker } from './build/service-worker.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** The practitioners' app, served by the Caseforms server at `/`. */
export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [react(), serviceWorker(), precompress()],
  // ajv is imported by JSON Forms (for when no `ajv` is given) and ajv-formats, but never runs here.
  resolve: { alias: [{ find: /^ajv$/, replacement: here('./build/no-ajv.ts') }] },
  build: {
    outDir: here('../.build/web/runtime'),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    reportCompressedSize: false,
  },
  css: { preprocessorOptions: { scss: { loadPaths: [here('../node_modules')], quietDeps: true } } },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
