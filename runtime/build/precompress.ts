/**
 * A Vite plugin for both web apps' builds: beside each built text file worth compressing (script,
 * styles, SVG, HTML, JSON over 1 KiB) it writes `<file>.br` and `<file>.gz`, made once at the
 * highest levels, so the server sends them as they are (engine/http/web.ts) rather than sending
 * the raw file or compressing on every request. Source maps are left alone: only developer tools
 * ask for them.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

/** The files worth compressing; engine/http/web.ts serves the copies of these. */
export const COMPRESSIBLE = /\.(js|mjs|css|svg|html|json)$/;
/** Below this, a compressed copy saves less than the bytes it costs to say so. */
export const MIN_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'caseforms:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async writeBundle(options, bundle) {
      const dir = options.dir ?? outDir;
      const names = Object.keys(bundle).filter((name) => COMPRESSIBLE.test(name));
      await Promise.all(
        names.map(async (name) => {
          const file = join(dir, name);
          const raw = await readFile(file);
          if (raw.length < MIN_BYTES) return;
          const [br, gz] = await Promise.all([
            brotli(raw, {
              params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
            }),
            gzipped(raw, { level: constants.Z_BEST_COMPRESSION }),
          ]);
          // A copy no smaller than the file is not worth sending.
          if (br.length < raw.length) await writeFile(`${file}.br`, br);
          if (gz.length < raw.length) await writeFile(`${file}.gz`, gz);
        }),
      );
    },
  };
}
