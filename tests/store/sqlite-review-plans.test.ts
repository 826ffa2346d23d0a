/**
 * The SQLite store reads the review queue and tracked actions through indexes, in list order:
 * SQLite's own query plan for each SQL the adapter runs names an index for every table it reads,
 * never reads a whole table, and never sorts a page afterwards (no temporary B-tree), for every
 * filter the work lists combine, first page or later. Counts read indexes too.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ActionQuery } from '../../engine/actions/model.js';
import type { ReviewQueueQuery } from '../../engine/store/contract.js';
import { dueCursor } from '../../engine/store/due-cursor.js';
import { actionCountSql, actionCountsByOwnerSql, actionPageSql } from '../../engine/store/sqlite/actions.js';
import { reviewQueueCountSql, reviewQueuePageSql } from '../../engine/store/sqlite/review-queue.js';
import { newLocation } from '../support/stores.js';

const plan = (db: Database.Database, sql: string, params: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('; ');

/** A whole-table (or whole-index) read of a stored table, by its name or its alias in the SQL; a SCAN of a subquery's rows is fine. */
const FULL_SCAN = /\bSCAN (submissions|review_keys|actions|s|k|a)\b/;
const SORT = /TEMP B-TREE/;

async function withDb(check: (db: Database.Database) => void): Promise<void> {
  const loc = newLocation('sqlite');
  // Opening the store applies the migrations; the plans are then read from the same file.
  await (await loc.open()).close();
  const db = new Database(loc.env.SQLITE_FILE!, { readonly: true });
  try {
    check(db);
  } finally {
    db.close();
  }
}

const later = dueCursor.encode('2026-01-20', '0190a1b2-0000-7000-8000-000000000000');
const laterNone = dueCursor.encode(null, '0190a1b2-0000-7000-8000-000000000000');

describe('sqlite store: the review queue and tracked actions are index-served', () => {
  it('the review queue: by keys, team, author, form and state, first page or later, read in order from an index', async () => {
    await withDb((db) => {
      const keys = ['manager|team:team-cin-north', 'manager|worker:W20', 'manager|any', 'manager|group:qa'];
      const queries: ReviewQueueQuery[] = [
        { state: 'waiting' },
        { state: 'returned' },
        { state: 'waiting', team: 'team-cin-north' },
        { state: 'returned', createdBy: 'u-ann' },
        { state: 'waiting', formId: 'case-supervision' },
        { state: 'waiting', team: 'team-cin-north', createdBy: 'u-ann', formId: 'case-supervision' },
        { state: 'waiting', keys: keys.slice(0, 1) },
        { state: 'waiting', keys },
        { state: 'waiting', keys, team: 'team-cin-north' },
        { state: 'waiting', keys, createdBy: 'u-ann', formId: 'case-supervision' },
      ];
      const wrong: string[] = [];
      for (const q of queries) {
        for (const after of [undefined, later, laterNone]) {
          const built = reviewQueuePageSql(q, { limit: 20, ...(after ? { after } : {}) })!;
          const p = plan(db, built.sql, built.params);
          const index = q.keys ? /SEARCH k USING COVERING INDEX review_keys_key/ : /USING INDEX submissions_review/;
          if (FULL_SCAN.test(p) || SORT.test(p) || !index.test(p)) wrong.push(`${JSON.stringify(q)}${after ? ' (later page)' : ''}: ${p}`);
        }
        const count = reviewQueueCountSql(q)!;
        const c = plan(db, count.sql, count.params);
        if (FULL_SCAN.test(c)) wrong.push(`count ${JSON.stringify(q)}: ${c}`);
      }
      expect(wrong).toEqual([]);
    });
  });

  it('tracked actions: by owner (account or worker), team, child, record, status and due date, read in order from an index; counts per owner too', async () => {
    await withDb((db) => {
      const owners = { accountId: 'u-ann', workerId: 'W1' };
      const queries: ActionQuery[] = [
        {},
        { status: 'open' },
        { status: 'open', dueBefore: '2026-01-20' },
        { owners },
        { owners, status: 'open' },
        { owners, status: 'open', dueBefore: '2026-01-20' },
        { owners: { workerId: 'W1' }, status: 'open' },
        { owners: { accountId: 'u-ann' } },
        { team: 'team-cin-north', status: 'open' },
        { team: 'team-cin-north', status: 'open', dueBefore: '2026-01-20' },
        { team: 'team-cin-north' },
        { childId: 'C1', status: 'open' },
        { childId: 'C1' },
        { submissionId: '0190a1b2-0000-7000-8000-000000000001' },
        { dueBefore: '2026-01-20' },
      ];
      const wrong: string[] = [];
      for (const q of queries) {
        for (const after of [undefined, later]) {
          const built = actionPageSql(q, { limit: 20, ...(after ? { after } : {}) })!;
          const p = plan(db, built.sql, built.params);
          if (FULL_SCAN.test(p) || SORT.test(p) || !/actions USING (COVERING )?INDEX actions_/.test(p)) wrong.push(`${JSON.stringify(q)}${after ? ' (later page)' : ''}: ${p}`);
        }
        const count = actionCountSql(q)!;
        const c = plan(db, count.sql, count.params);
        if (FULL_SCAN.test(c)) wrong.push(`count ${JSON.stringify(q)}: ${c}`);
      }
      const perOwner = plan(db, actionCountsByOwnerSql, ['2026-01-20', 'team-cin-north']);
      if (FULL_SCAN.test(perOwner) || SORT.test(perOwner) || !/USING COVERING INDEX actions_owner_counts/.test(perOwner)) wrong.push(`per owner: ${perOwner}`);
      expect(wrong).toEqual([]);
    });
  });
});
