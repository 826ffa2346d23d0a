/**
 * The SQLite store archives delivered outbox entries, and answers every shape of event-log query
 * the engine makes, from indexes (migration 15 and the event log's own), never by reading the whole outbox or event log:
 * SQLite's own query plan for each statement names the index meant for it.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { newLocation } from '../support/stores.js';

const plan = (db: Database.Database, sql: string, params: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('; ');

describe('sqlite store: outbox archiving and event-log queries are index-served', () => {
  it('finds delivered entries by age, oldest first, through outbox_delivered without sorting', async () => {
    const loc = newLocation('sqlite');
    await (await loc.open()).close();
    const db = new Database(loc.env.SQLITE_FILE!, { readonly: true });
    const p = plan(db, `SELECT doc FROM outbox WHERE state = 'delivered' AND json_extract(doc, '$.deliveredAt') < ? ORDER BY json_extract(doc, '$.deliveredAt') LIMIT ?`, ['2026-01-01T00:00:00.000Z', 500]);
    expect(p).toMatch(/SEARCH outbox USING INDEX outbox_delivered/);
    expect(p).not.toMatch(/TEMP B-TREE/);
    db.close();
  });

  it('reads the event log as the engine does (a record\'s events of one action, an actor\'s, in order after a cursor) through an index each, in id order without sorting', async () => {
    const loc = newLocation('sqlite');
    await (await loc.open()).close();
    const db = new Database(loc.env.SQLITE_FILE!, { readonly: true });
    const shapes: Array<[string, unknown[], RegExp]> = [
      ['entity_kind = ? AND entity_id = ? AND action = ?', ['submission', 's1', 'submission.commented'], /USING INDEX events_entity/],
      ['actor = ?', ['u1'], /USING INDEX events_actor/],
      ['id > ?', ['0'], /SEARCH events USING INDEX sqlite_autoindex_events_1|SEARCH events USING PRIMARY KEY/],
    ];
    for (const [where, params, index] of shapes) {
      const p = plan(db, `SELECT doc FROM events WHERE ${where} ORDER BY id LIMIT ?`, [...params, 100]);
      expect(p, where).toMatch(index);
      expect(p, where).not.toMatch(/TEMP B-TREE|SCAN events(?! USING)/);
    }
    db.close();
  });
});
