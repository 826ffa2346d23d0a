/**
 * The SQLite store finds directory rows through an index, never by reading the whole table:
 * SQLite's own query plan for each child search member alone (and a few together), and for the
 * worker lookups, names an index. So searches stay fast with 100,000 children.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ChildSearch } from '../../engine/directory/model.js';
import { SqliteDirectory } from '../../engine/store/sqlite/directory.js';
import { newLocation } from '../support/stores.js';

const plan = (db: Database.Database, sql: string, params: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('; ');

/** A whole-table read: SCAN of a directory table not through an index. */
const FULL_SCAN = /SCAN directory_\w+(?! USING)(;|$)/;

describe('sqlite store: directory searches are index-served', () => {
  it('uses an index for each child search member alone and together, and for worker lookups', async () => {
    const loc = newLocation('sqlite');
    await (await loc.open()).close();
    const db = new Database(loc.env.SQLITE_FILE!, { readonly: true });
    try {
      const searches: Array<[ChildSearch, RegExp]> = [
        [{ id: 'C12' }, /USING INDEX directory_children_id_key/],
        [{ name: 'jor' }, /directory_child_words USING PRIMARY KEY/],
        [{ name: 'jor smi' }, /directory_child_words USING PRIMARY KEY/],
        [{ dateOfBirth: '2015-03-02' }, /USING INDEX directory_children_birth/],
        [{ allocatedWorkerIds: ['W1', 'W2'] }, /USING INDEX directory_children_worker/],
        [{ teams: ['cin-north'] }, /USING INDEX directory_children_team/],
        [{ restricted: true }, /USING INDEX directory_children_restricted/],
        [{ restricted: false }, /USING INDEX directory_children_name/],
        [{ mergedInto: ['C1'] }, /USING INDEX directory_children_merged/],
        [{}, /USING INDEX directory_children_name/],
        [{ name: 'jor', teams: ['cin-north'], restricted: false }, /USING/],
        [{ allocatedWorkerIds: ['W2'], restricted: true }, /USING/],
      ];
      const wrong: string[] = [];
      for (const [search, want] of searches) {
        const { sql, params } = SqliteDirectory.searchSql(search, 10);
        const p = plan(db, sql, params);
        if (FULL_SCAN.test(p) || !want.test(p)) wrong.push(`${JSON.stringify(search)}: ${p}`);
      }
      for (const query of [{}, { team: 'cin-north' }, { managerId: 'W1' }, { team: 'cin-north', managerId: 'W1' }]) {
        const { sql, params } = SqliteDirectory.workerListSql(query, 10);
        const p = plan(db, sql, params);
        if (FULL_SCAN.test(p) || /TEMP B-TREE/.test(p)) wrong.push(`workers ${JSON.stringify(query)}: ${p}`);
      }
      const email = plan(db, SqliteDirectory.workersByEmailSql, ['a@b.example']);
      if (!/USING INDEX directory_workers_email/.test(email)) wrong.push(`workers by email: ${email}`);
      expect(wrong).toEqual([]);
    } finally {
      db.close();
    }
  });
});
