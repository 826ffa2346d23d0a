import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from '../runtime/build/precompress.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** The analysts' designer, served by the Caseforms server at `/designer/`. */
export default defineConfig({
  root: here('.'),
  base: '/designer/',
  plugins: [react(), precompress()],
  build: {
    outDir: here('../.build/web/designer'),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1500,
  },
  css: { preprocessorOptions: { scss: { loadPaths: [here('../node_modules')], quietDeps: true } } },
  server: { fs: { allow: [here('..')] }, proxy: { '/api': 'http://127.0.0.1:3000' } },
});
