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

/**
 * The slowest files, slowest first, as full runs found them (FerretDB's and the browsers' files
 * take two to three times longer there than alone).
 */
const LONGEST = [
  'tests/api/sync-workers.test.ts',
  'tests/store/query-plans.test.ts',
  'tests/e2e/durability.test.ts',
  'tests/e2e/accessibility.test.ts',
  'tests/e2e/designer.test.ts',
  'tests/e2e/autosave.test.ts',
  'tests/store/connectors.test.ts',
  'tests/e2e/fill-templates.test.ts',
  'tests/e2e/file-upload.test.ts',
  'tests/unit/designer/fuzz.test.ts',
  'tests/store/accounts.test.ts',
  'tests/store/crash.test.ts',
  'tests/e2e/session-timeout.test.ts',
  'tests/api/notifications.test.ts',
  'tests/api/files.test.ts',
  'tests/api/files-scanning.test.ts',
  'tests/api/two-nodes.test.ts',
  'tests/e2e/designer-oversight.test.ts',
  'tests/api/server.test.ts',
  'tests/e2e/designer-files.test.ts',
  'tests/api/record-documents.test.ts',
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
