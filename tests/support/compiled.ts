/**
 * The engine and the tests' support files as JavaScript, for the processes tests start again and
 * again: delivery workers (29 starts in tests/api/sync-workers.test.ts) and the store's
 * cross-process children (store-child.ts, some 30 starts). Node starts compiled files in about
 * half the time it takes through tsx's loader (0.8 s less a start on two loaded cores), and
 * compiled files are what `npm run sync-worker` runs.
 *
 * Each file has its types stripped (vite's transform, as for the web apps; no type check: `npm
 * test` has made that) into a folder private to this test process, with links to schemas/ and
 * node_modules/ beside it so that what the code reads and imports resolves as in the repository.
 * Made once per test process, on first use, in well under a second.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformWithOxc } from 'vite';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

let compiled: Promise<string> | undefined;

/** The folder holding `engine/` and `tests/support/` compiled (run `<folder>/engine/sync/main.js`, say). */
export function compiledSources(): Promise<string> {
  return (compiled ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseforms-js-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    copyFileSync(join(REPO_ROOT, 'package.json'), join(dir, 'package.json'));
    for (const linked of ['schemas', 'node_modules']) symlinkSync(join(REPO_ROOT, linked), join(dir, linked));
    for (const tree of ['engine', join('tests', 'support')]) await compileTree(join(REPO_ROOT, tree), join(dir, tree));
    return dir;
  })());
}

async function compileTree(from: string, to: string): Promise<void> {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    if (entry.isDirectory()) await compileTree(source, join(to, entry.name));
    else if (entry.name.endsWith('.d.ts')) continue;
    else if (entry.name.endsWith('.ts')) {
      // Imports are kept unless marked `type` (verbatimModuleSyntax), as tsc keeps them.
      const { code, map } = await transformWithOxc(readFileSync(source, 'utf8'), source, { lang: 'ts', sourcemap: true, typescript: { onlyRemoveTypeImports: true } });
      const inline = map ? `\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n` : '';
      writeFileSync(join(to, entry.name.replace(/\.ts$/, '.js')), code + inline);
    } else copyFileSync(source, join(to, entry.name));
  }
}
