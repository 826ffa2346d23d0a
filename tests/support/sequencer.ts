/**
 * The order test files start in. Two workers share a run, so a long file that starts near the end
 * keeps one worker busy while the other has nothing left to do. vitest puts the longest files
 * first when it has a results cache from an earlier run, but a clean clone (CI) has none, and then
 * it orders by file size: the 75-second session timeout file started 173rd of 179.
 *
 * So: the files known to run longest first, in this order; then the other files that start
 * servers, browsers or processes; the unit and schema files, short and many, last, to fill in.
 * Within each group vitest's own order holds. A file missing from the list only starts later.
 */
import { relative } from 'node:path';
import type { TestSpecification } from 'vitest/node';
import { BaseSequencer } from 'vitest/node';

/** The slowest files of a full run (seconds on two loaded cores, before they were made quicker). */
const LONGEST = [
  'tests/api/sync-workers.test.ts', // 310
  'tests/e2e/durability.test.ts', // 258
  'tests/api/server.test.ts', // 113
  'tests/e2e/fill-templates.test.ts', // 105
  'tests/e2e/session-timeout.test.ts', // 74
  'tests/e2e/designer.test.ts', // 72
  'tests/e2e/autosave.test.ts', // 69
  'tests/e2e/designer-oversight.test.ts', // 57
  'tests/unit/designer/fuzz.test.ts', // 56
  'tests/store/directory-crash.test.ts', // 51
];

const FILLERS = /^tests\/(unit|schemas)\//;

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const rank = (file: TestSpecification): number => {
      const path = relative(root, file.moduleId).split('\\').join('/');
      const known = LONGEST.indexOf(path);
      if (known >= 0) return known;
      return FILLERS.test(path) ? LONGEST.length + 1 : LONGEST.length;
    };
    const sorted = await super.sort(files);
    return sorted
      .map((file, at) => ({ file, at, rank: rank(file) }))
      .sort((a, b) => a.rank - b.rank || a.at - b.at)
      .map((s) => s.file);
  }
}
