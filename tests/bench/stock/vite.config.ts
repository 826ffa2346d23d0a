import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Stock JSON Forms with the vanilla renderers, as its documentation shows: the benchmark's baseline. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  logLevel: 'warn',
  build: { outDir: fileURLToPath(new URL('../../../.build/web/stock-bench', import.meta.url)), emptyOutDir: true, target: 'es2022' },
});
