/**
 * The directory in the SQLite store (tables in migration 7). A batch is applied inside the
 * store's one IMMEDIATE write transaction, so it is all-or-nothing, one at a time, and readers
 * (WAL) see the directory before it or after it, never part of it.
 */
import type Database from 'better-sqlite3';
import type { AppliedBatch, Child, ChildSearch, DirectoryBatch, DirectoryCounts, DirectoryKind, Team, Worker } from '../../directory/model.js';
import { DIRECTORY_KINDS, MERGE_DEPTH } from '../../directory/model.js';
import {
  appliedBatch,
  emailKey,
  idKey,
  nameWords,
  planBatch,
  prefixEnd,
  replayOf,
  searchWords,
  touchedIds,
  type StoredRow,
} from '../directory.js';

type Sql = (text: string) => Database.Statement;

/** Each kind's table and the columns beside `doc` that it is searched by. */
const TABLES: Record<DirectoryKind, { table: string; columns: string[]; values: (row: StoredRow) => unknown[] }> = {
  children: {
    table: 'directory_children',
    columns: ['id_key', 'name', 'date_of_birth', 'allocated_worker_id', 'team', 'restricted', 'merged_into'],
    values: (r) => [idKey(r.id), r.name, r.dateOfBirth ?? null, r.allocatedWorkerId ?? null, r.team ?? null, r.restricted ? 1 : 0, r.mergedInto ?? null],
  },
  workers: {
    table: 'directory_workers',
    columns: ['email_key', 'name', 'team', 'manager_id'],
    values: (r) => [typeof r.email === 'string' ? emailKey(r.email) : null, r.name, r.team ?? null, r.managerId ?? null],
  },
  teams: { table: 'directory_teams', columns: ['name'], values: (r) => [r.name] },
};

type DocRow = { doc: string; updated_at: string };
const rowOf = <T>(r: DocRow): T => ({ ...(JSON.parse(r.doc) as object), updatedAt: r.updated_at }) as T;
const SELECT = 'SELECT doc, updated_at FROM';

/**
 * The team of the child a record is about, as access.ts reads it: the kept child's (followed
 * through at most MERGE_DEPTH merges), NULL when the chain leaves the directory or goes deeper.
 * `child` is an SQL expression for the child's id (a parameter, or a column of the outer query).
 * One primary-key read per link, only for links that exist.
 */
export function keptTeamSql(child: string): string {
  const links = Array.from({ length: MERGE_DEPTH + 1 }, (_, i) => i);
  const when = links.map((i) => `WHEN c${i}.merged_into IS NULL THEN c${i}.team`).join(' ');
  const joins = links.slice(1).map((i) => ` LEFT JOIN directory_children AS c${i} ON c${i}.id = c${i - 1}.merged_into`).join('');
  return `(SELECT CASE ${when} END FROM directory_children AS c0${joins} WHERE c0.id = ${child})`;
}

export class SqliteDirectory {
  constructor(
    private readonly sql: Sql,
    private readonly step: (name: string) => void,
  ) {}

  /** Applies a batch; call inside the write transaction (with the event written after it). */
  apply(batch: DirectoryBatch): { applied: AppliedBatch; replayed: boolean } {
    const prior = this.sql('SELECT doc FROM directory_batches WHERE key = ?').get(batch.key) as { doc: string } | undefined;
    if (prior) return replayOf(JSON.parse(prior.doc) as AppliedBatch, batch);
    const { table, columns, values } = TABLES[batch.kind];

    const existing = new Map<string, string>();
    if (batch.mode === 'full') {
      for (const r of this.sql(`SELECT id, doc FROM ${table}`).raw().iterate() as IterableIterator<[string, string]>) existing.set(r[0], r[1]);
    } else {
      const one = this.sql(`SELECT doc FROM ${table} WHERE id = ?`).pluck();
      for (const id of touchedIds(batch)) {
        const doc = one.get(id) as string | undefined;
        if (doc !== undefined) existing.set(id, doc);
      }
    }
    const plan = planBatch(batch, existing);

    const children = batch.kind === 'children';
    const dropWord = this.sql('DELETE FROM directory_child_words WHERE word = ? AND child_id = ?');
    const addWord = this.sql('INSERT OR IGNORE INTO directory_child_words (word, child_id) VALUES (?, ?)');
    /** Takes a stored child's words out of the index (read from the row as it was). */
    const forgetWords = (id: string) => {
      for (const w of nameWords((JSON.parse(existing.get(id)!) as { name: string }).name)) dropWord.run(w, id);
    };

    const remove = this.sql(`DELETE FROM ${table} WHERE id = ?`);
    for (const id of plan.deletes) {
      if (children) forgetWords(id);
      remove.run(id);
    }
    this.step('directory.rows-deleted');

    const insert = this.sql(`INSERT INTO ${table} (${columns.join(', ')}, updated_at, doc, id) VALUES (${columns.map(() => '?').join(', ')}, ?, ?, ?)`);
    const update = this.sql(`UPDATE ${table} SET ${[...columns, 'updated_at', 'doc'].map((c) => `${c} = ?`).join(', ')} WHERE id = ?`);
    let written = 0;
    for (const put of plan.puts) {
      (put.isNew ? insert : update).run(...values(put.row), batch.appliedAt, put.content, put.row.id);
      if (children) {
        if (!put.isNew) forgetWords(put.row.id);
        for (const w of nameWords(put.row.name as string)) addWord.run(w, put.row.id);
      }
      // Half way through, for the crash tests.
      if (++written === Math.ceil(plan.puts.length / 2)) this.step('directory.rows-half-written');
    }
    this.step('directory.rows-written');
    if (children) this.refreshChildTeams([...plan.deletes, ...plan.puts.map((p) => p.row.id)]);

    const total = (this.sql(`SELECT count(*) FROM ${table}`).pluck().get() as number);
    const seq = (this.sql('SELECT coalesce(max(seq), 0) + 1 FROM directory_batches').pluck().get() as number);
    const applied = appliedBatch(batch, seq, plan, total);
    this.sql('INSERT INTO directory_batches (seq, key, kind, doc) VALUES (?, ?, ?, ?)').run(seq, batch.key, batch.kind, JSON.stringify(applied));
    this.step('directory.batch-logged');
    return { applied, replayed: false };
  }

  /**
   * Each record's child's team (submissions.child_team, the reach's index by team) made right
   * again for these children, changed or removed, and the children merged into them (their
   * records follow the kept child): in the batch's transaction, so no reader sees it stale.
   */
  private refreshChildTeams(changed: readonly string[]): void {
    const affected = new Set(changed);
    const mergedInto = this.sql('SELECT id FROM directory_children WHERE merged_into IN (SELECT value FROM json_each(?))').pluck();
    let frontier = [...affected];
    for (let depth = 0; depth < MERGE_DEPTH && frontier.length; depth++) {
      const found: string[] = [];
      for (let i = 0; i < frontier.length; i += 5000) {
        for (const id of mergedInto.all(JSON.stringify(frontier.slice(i, i + 5000))) as string[]) if (!affected.has(id)) (affected.add(id), found.push(id));
      }
      frontier = found;
    }
    const team = this.sql(`SELECT ${keptTeamSql('?')}`).pluck();
    const update = this.sql('UPDATE submissions SET child_team = ? WHERE child_id = ? AND child_team IS NOT ?');
    for (const id of affected) {
      const now = (team.get(id) as string | null | undefined) ?? null;
      update.run(now, id, now);
    }
  }

  getChildren(ids: readonly string[]): Child[] {
    return this.byIds('directory_children', ids);
  }

  getWorkers(ids: readonly string[]): Worker[] {
    return this.byIds('directory_workers', ids);
  }

  private byIds<T>(table: string, ids: readonly string[]): T[] {
    if (ids.length === 0) return [];
    // One id (a request's own worker, a record's child): a plain primary-key read.
    if (ids.length === 1) return (this.sql(`${SELECT} ${table} WHERE id = ?`).all(ids[0]) as DocRow[]).map(rowOf<T>);
    return (this.sql(`${SELECT} ${table} WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`).all(JSON.stringify(ids)) as DocRow[]).map(rowOf<T>);
  }

  /** The SQL and parameters of a child search (exported for the query-plan test). */
  static searchSql(search: ChildSearch, limit: number): { sql: string; params: unknown[] } {
    const where: string[] = [];
    const params: unknown[] = [];
    if (search.id !== undefined && search.id.trim() !== '') {
      const k = idKey(search.id.trim());
      where.push('id_key >= ? AND id_key < ?');
      params.push(k, prefixEnd(k));
    }
    for (const w of searchWords(search.name ?? '')) {
      where.push('id IN (SELECT child_id FROM directory_child_words WHERE word >= ? AND word < ?)');
      params.push(w, prefixEnd(w));
    }
    if (search.dateOfBirth !== undefined) (where.push('date_of_birth = ?'), params.push(search.dateOfBirth));
    const anyOf = (column: string, list: string[] | undefined) => {
      if (list === undefined) return;
      where.push(`${column} IN (SELECT value FROM json_each(?))`);
      params.push(JSON.stringify(list));
    };
    anyOf('allocated_worker_id', search.allocatedWorkerIds);
    anyOf('team', search.teams);
    anyOf('merged_into', search.mergedInto);
    // A literal, so the partial index of restricted children serves it.
    if (search.restricted !== undefined) where.push(search.restricted ? 'restricted = 1' : 'restricted = 0');
    params.push(Math.max(0, Math.floor(limit)));
    return { sql: `${SELECT} directory_children WHERE ${where.length ? where.join(' AND ') : '1'} ORDER BY name, id LIMIT ?`, params };
  }

  searchChildren(search: ChildSearch, limit: number): Child[] {
    const { sql, params } = SqliteDirectory.searchSql(search, limit);
    return (this.sql(sql).all(...params) as DocRow[]).map(rowOf<Child>);
  }

  /**
   * A page of children by id (exported for the query-plan test). With teams, one ordered range
   * of directory_children_team_id (team, id) per team, merged by SQLite in id order (a compound
   * SELECT with ORDER BY), so no page is ever sorted; without, the table itself in id order.
   */
  static childPageSql(query: { teams?: readonly string[] }, page: { limit: number; after?: string }): { sql: string; params: unknown[] } | null {
    const limit = Math.max(0, Math.floor(page.limit)) + 1;
    const after = page.after === undefined ? [] : [page.after];
    const from = page.after === undefined ? '' : ' AND id > ?';
    if (query.teams === undefined) return { sql: `SELECT id FROM directory_children WHERE 1${from} ORDER BY id LIMIT ?`, params: [...after, limit] };
    const teams = [...new Set(query.teams)];
    if (!teams.length) return null;
    return {
      sql: `${teams.map(() => `SELECT id FROM directory_children WHERE team = ?${from}`).join(' UNION ALL ')} ORDER BY id LIMIT ?`,
      params: [...teams.flatMap((t) => [t, ...after]), limit],
    };
  }

  listChildren(query: { teams?: readonly string[] }, page: { limit: number; after?: string }): { items: Child[]; next: string | null } {
    const built = SqliteDirectory.childPageSql(query, page);
    if (!built || page.limit <= 0) return { items: [], next: null };
    const rows = this.sql(
      `SELECT c.doc AS doc, c.updated_at AS updated_at FROM (${built.sql}) AS page JOIN directory_children AS c ON c.id = page.id ORDER BY page.id`,
    ).all(...built.params) as DocRow[];
    const items = rows.slice(0, page.limit).map(rowOf<Child>);
    return { items, next: rows.length > page.limit ? items.at(-1)!.id : null };
  }

  static readonly workersByEmailSql = `${SELECT} directory_workers WHERE email_key = ? ORDER BY id`;

  findWorkersByEmail(email: string): Worker[] {
    return (this.sql(SqliteDirectory.workersByEmailSql).all(emailKey(email)) as DocRow[]).map(rowOf<Worker>);
  }

  /** The SQL and parameters of a worker list (exported for the query-plan test). */
  static workerListSql(query: { team?: string; managerId?: string }, limit: number): { sql: string; params: unknown[] } {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.team !== undefined) (where.push('team = ?'), params.push(query.team));
    if (query.managerId !== undefined) (where.push('manager_id = ?'), params.push(query.managerId));
    params.push(Math.max(0, Math.floor(limit)));
    return { sql: `${SELECT} directory_workers WHERE ${where.length ? where.join(' AND ') : '1'} ORDER BY name, id LIMIT ?`, params };
  }

  listWorkers(query: { team?: string; managerId?: string }, limit: number): Worker[] {
    const { sql, params } = SqliteDirectory.workerListSql(query, limit);
    return (this.sql(sql).all(...params) as DocRow[]).map(rowOf<Worker>);
  }

  listTeams(): Team[] {
    return (this.sql(`${SELECT} directory_teams ORDER BY name, id`).all() as DocRow[]).map(rowOf<Team>);
  }

  /** From the batch log alone: the newest batch of a kind holds the kind's count after it. */
  counts(): DirectoryCounts {
    const newest = this.sql('SELECT doc FROM directory_batches WHERE kind = ? ORDER BY seq DESC LIMIT 1').pluck();
    const out: DirectoryCounts = { children: 0, workers: 0, teams: 0, last: {} };
    for (const kind of DIRECTORY_KINDS) {
      const doc = newest.get(kind) as string | undefined;
      if (!doc) continue;
      const b = JSON.parse(doc) as AppliedBatch;
      out[kind] = b.total;
      out.last[kind] = b;
    }
    return out;
  }

  listBatches(query: { kind?: DirectoryKind; limit?: number }): AppliedBatch[] {
    const limit = Math.max(0, Math.floor(query.limit ?? 50));
    const rows =
      query.kind === undefined
        ? this.sql('SELECT doc FROM directory_batches ORDER BY seq DESC LIMIT ?').pluck().all(limit)
        : this.sql('SELECT doc FROM directory_batches WHERE kind = ? ORDER BY seq DESC LIMIT ?').pluck().all(query.kind, limit);
    return (rows as string[]).map((d) => JSON.parse(d) as AppliedBatch);
  }
}
