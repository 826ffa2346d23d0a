/**
 * The audit programme in the SQLite store (migration 10). Lists are soonest due first, then id,
 * read from the indexes ending in (status, due_on, id): a query is one SELECT per status it allows
 * and per team it names, each an ordered index range, merged by a compound SELECT.
 */
import type Database from 'better-sqlite3';
import { AUDIT_STATUSES, type AssignmentPatch, type AssignmentQuery, type AuditAssignment, type AuditSample } from '../../audits/model.js';
import { dueCursor } from '../due-cursor.js';
import type { EventRecord } from '../events.js';
import { refuse } from '../messages.js';

type Sql = (text: string) => Database.Statement;
type Built = { sql: string; params: unknown[] };

const columns = (a: AuditAssignment): unknown[] => [a.formId, a.childId, a.team ?? null, a.auditorAccountId, a.status, a.dueOn, a.revision, JSON.stringify(a), a.id];

/** One SELECT of (due_on, id) per status and team; empty when nothing can match (`teams: []`). */
function arms(query: AssignmentQuery, after: { dueOn: string; id: string } | null): Built[] {
  if (query.teams && !query.teams.length) return [];
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (query.auditorAccountId !== undefined) (clauses.push('auditor_account_id = ?'), params.push(query.auditorAccountId));
  if (query.childId !== undefined) (clauses.push('child_id = ?'), params.push(query.childId));
  if (query.formId !== undefined) (clauses.push('form_id = ?'), params.push(query.formId));
  if (query.dueBefore !== undefined) (clauses.push('due_on < ?'), params.push(query.dueBefore));
  if (after) (clauses.push('(due_on, id) > (?, ?)'), params.push(after.dueOn, after.id));
  const out: Built[] = [];
  for (const status of query.status !== undefined ? [query.status] : AUDIT_STATUSES) {
    for (const team of query.teams ?? [null]) {
      out.push({
        sql: `SELECT due_on, id FROM audit_assignments WHERE status = ?${team !== null ? ' AND team = ?' : ''}${clauses.map((c) => ` AND ${c}`).join('')}`,
        params: [status, ...(team !== null ? [team] : []), ...params],
      });
    }
  }
  return out;
}

export class SqliteAudits {
  constructor(
    private readonly sql: Sql,
    private readonly tx: <T>(fn: () => T) => Promise<T>,
    private readonly insertEvent: (e: EventRecord) => void,
    private readonly step: (name: string) => void,
  ) {}

  private read(id: string): AuditAssignment | null {
    const row = this.sql('SELECT doc FROM audit_assignments WHERE id = ?').get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as AuditAssignment) : null;
  }

  async insert(items: AuditAssignment[], sample: AuditSample | null, events: EventRecord[]): Promise<void> {
    await this.tx(() => {
      if (sample) {
        if (this.sql('SELECT 1 FROM audit_samples WHERE id = ?').get(sample.id)) throw refuse.assignmentExists(sample.id);
        this.sql('INSERT INTO audit_samples (id, doc) VALUES (?, ?)').run(sample.id, JSON.stringify(sample));
        this.step('audit-sample.inserted');
      }
      const insert = this.sql('INSERT INTO audit_assignments (form_id, child_id, team, auditor_account_id, status, due_on, revision, doc, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
      // Checked inside the write transaction (IMMEDIATE: one writer at a time, across processes),
      // each after the ones before it in the call are in.
      const openOne = this.sql("SELECT 1 FROM audit_assignments WHERE child_id = ? AND form_id = ? AND status = 'open' LIMIT 1");
      for (const a of items) {
        if (this.read(a.id)) throw refuse.assignmentExists(a.id);
        if (a.status === 'open' && openOne.get(a.childId, a.formId)) throw refuse.assignmentOpen(a.formId, a.childId);
        insert.run(...columns(a));
        this.step('audit-assignment.inserted');
      }
      for (const e of events) this.insertEvent(e);
    });
  }

  async get(id: string): Promise<AuditAssignment | null> {
    return this.read(id);
  }

  async update(id: string, expectedRevision: number, patch: AssignmentPatch, event: EventRecord): Promise<AuditAssignment> {
    return await this.tx(() => {
      const cur = this.read(id);
      if (!cur) throw refuse.assignmentMissing(id);
      if (cur.revision !== expectedRevision) throw refuse.assignmentStale(id, cur.revision);
      // What the assignment is about, and who made it when, never change whatever the patch holds.
      const next = JSON.parse(
        JSON.stringify({ ...cur, ...patch, id: cur.id, formId: cur.formId, childId: cur.childId, createdAt: cur.createdAt, createdBy: cur.createdBy, revision: cur.revision + 1 }),
      ) as AuditAssignment;
      this.sql('UPDATE audit_assignments SET form_id = ?, child_id = ?, team = ?, auditor_account_id = ?, status = ?, due_on = ?, revision = ?, doc = ? WHERE id = ?').run(...columns(next));
      this.step('audit-assignment.updated');
      this.insertEvent(event);
      return next;
    });
  }

  async list(query: AssignmentQuery, page: { limit: number; after?: string }): Promise<{ items: AuditAssignment[]; next: string | null }> {
    const c = page.after ? dueCursor.decode(page.after) : null;
    const selects = arms(query, c ? { dueOn: c.dueOn ?? '', id: c.id } : null);
    if (!selects.length) return { items: [], next: null };
    const rows = this.sql(
      `SELECT a.due_on AS due_on, a.id AS id, a.doc AS doc
         FROM (${selects.map((s) => s.sql).join(' UNION ALL ')} ORDER BY due_on, id LIMIT ?) AS page
         JOIN audit_assignments AS a ON a.id = page.id
        ORDER BY page.due_on, page.id`,
    ).all(...selects.flatMap((s) => s.params), page.limit + 1) as Array<{ due_on: string; id: string; doc: string }>;
    const items = rows.slice(0, page.limit).map((r) => JSON.parse(r.doc) as AuditAssignment);
    const last = rows.length > page.limit ? rows[page.limit - 1]! : null;
    return { items, next: last ? dueCursor.encode(last.due_on, last.id) : null };
  }

  async count(query: AssignmentQuery): Promise<number> {
    const selects = arms(query, null);
    if (!selects.length) return 0;
    return (this.sql(`SELECT count(*) AS n FROM (${selects.map((s) => s.sql).join(' UNION ALL ')})`).get(...selects.flatMap((s) => s.params)) as { n: number }).n;
  }

  async getSample(id: string): Promise<AuditSample | null> {
    const row = this.sql('SELECT doc FROM audit_samples WHERE id = ?').get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as AuditSample) : null;
  }

  async listSamples(page: { limit: number; after?: string }): Promise<{ items: AuditSample[]; next: string | null }> {
    const rows = (
      page.after
        ? this.sql('SELECT id, doc FROM audit_samples WHERE id < ? ORDER BY id DESC LIMIT ?').all(page.after, page.limit + 1)
        : this.sql('SELECT id, doc FROM audit_samples ORDER BY id DESC LIMIT ?').all(page.limit + 1)
    ) as Array<{ id: string; doc: string }>;
    const items = rows.slice(0, page.limit).map((r) => JSON.parse(r.doc) as AuditSample);
    return { items, next: rows.length > page.limit ? rows[page.limit - 1]!.id : null };
  }
}
