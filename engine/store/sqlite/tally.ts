/**
 * Tallies in the SQLite store (Store.tally): one `SELECT … count(*) … GROUP BY` over the source's
 * table. A field with a column of its own reads the column; a record's `timeliness.<x>` reads the
 * stamp's own column (JSONB, migration 12), `json_extract(stamp, '$.<x>')`; any other reads the
 * stored JSON, `json_extract(doc, '$.<field>')`. That path is written into the SQL text, never
 * bound: SQLite matches an expression index (migrations 9 and 12) only against the very same
 * expression, and a bound path is not (measured with EXPLAIN QUERY PLAN: bound, the month trend
 * needs a temporary B-tree and the supervision count reads every record; literal, both are read
 * from the index alone). It is safe because checkTally has refused every field that is not a
 * SAFE_FIELD name (letters, digits, underscores and dots: no quote can reach the SQL); every
 * value is a bound parameter.
 *
 * JSON values keep their type: SQLite reads `true` as 1 (and a list as JSON text), so fields that
 * may hold yes/no answers or lists (answers under `data.`, `onTime`, measures; see PLAIN) are
 * grouped by their JSON text (`->`) and compared with their `json_type` as well.
 * Ranges keep to one type, as MongoDB's do: a text bound never matches numbers, a number bound
 * never matches texts.
 */
import { checkTally, tallyRows } from '../tally.js';
import type { TallyCondition, TallyQuery, TallyRow, TallyValue } from '../../timeliness/model.js';

interface Source {
  table: string;
  /** Fields with a column of their own (the column holds exactly the stored field, or NULL). */
  columns: Record<string, string>;
}

const SOURCES: Record<TallyQuery['source'], Source> = {
  submissions: {
    table: 'submissions',
    columns: {
      id: 'id',
      formId: 'form_id',
      version: 'version',
      status: 'status',
      team: 'team',
      createdBy: 'created_by',
      submittedBy: 'submitted_by',
      'subject.childId': 'child_id',
      'subject.workerId': 'worker_id',
      'review.state': 'review_state',
      createdAt: 'created_at',
      reference: 'reference',
    },
  },
  actions: {
    table: 'actions',
    columns: {
      id: 'id',
      submissionId: 'submission_id',
      childId: 'child_id',
      status: 'status',
      ownerAccountId: 'owner_account_id',
      ownerWorkerId: 'owner_worker_id',
      team: 'team',
      dueOn: 'due_on',
    },
  },
  // The audits' table (its migration, 10): AuditAssignment as `doc`, with these columns.
  assignments: {
    table: 'audit_assignments',
    columns: { id: 'id', formId: 'form_id', childId: 'child_id', team: 'team', auditorAccountId: 'auditor_account_id', status: 'status', dueOn: 'due_on' },
  },
};

/**
 * Stored fields the domain types as one text or number (never a yes/no, list or object): read
 * without their JSON type, so the indexes of migration 9 serve them alone. Any other field (the
 * answers under `data.`, `onTime`, anything unforeseen) is read with its type, since SQLite gives
 * `true` as 1 and a list or object as JSON text.
 */
const PLAIN = new Set([
  'timeliness.doneOn', 'timeliness.month', 'timeliness.completedAt', 'timeliness.daysToComplete', 'timeliness.dueOn',
  'subject.workerId', 'subject.episodeId', 'submittedAt', 'updatedAt', 'updatedBy', 'review.stage', 'review.dueOn',
  'formId', 'version', 'doneOn', 'daysToClose', 'createdAt', 'createdBy', 'ownerName', 'reference', 'submissionId',
  'dueMonth', 'auditorWorkerId', 'auditorName', 'sampleId', 'revision',
]);

interface Field {
  /** The SQL expression of the value (a column, or json_extract with the literal path). */
  expr: string;
  /** The expression of its JSON type, where the value may be a boolean, list or object; else null. */
  type: string | null;
  /** The JSON type of the field in the stored document (for yes/no comparisons, columns included). */
  docType: string;
  /**
   * Where `type` is set: the value as JSON text (`doc -> path`: '"good"', 'true', '1'), which a
   * group reads in one call where value and type take two (a third less work a row).
   */
  json: string | null;
}

/** A record's timeliness stamp is in its own column, `stamp` (migration 12): `timeliness.x` is `$.x` there. */
const STAMP = 'timeliness.';

function fieldOf(source: Source, field: string): Field {
  // `field` matched SAFE_FIELD (checkTally): letters, digits, underscores and dots only.
  const stamped = source.table === 'submissions' && field.startsWith(STAMP);
  const json = stamped ? 'stamp' : 'doc';
  const path = `'$.${stamped ? field.slice(STAMP.length) : field}'`;
  const column = Object.hasOwn(source.columns, field) ? source.columns[field]! : null;
  return {
    expr: column ?? `json_extract(${json}, ${path})`,
    type: column === null && !PLAIN.has(field) ? `json_type(${json}, ${path})` : null,
    docType: `json_type(${json}, ${path})`,
    json: column === null && !PLAIN.has(field) ? `${json} -> ${path}` : null,
  };
}

const boolType = (v: boolean) => (v ? "'true'" : "'false'");

/** One condition as SQL with its parameters. */
function conditionSql(f: Field, c: TallyCondition): { sql: string; params: unknown[] } {
  const notBool = f.type ? ` AND ${f.type} NOT IN ('true', 'false')` : '';
  switch (c.op) {
    case 'exists':
      return { sql: `${f.expr} IS ${c.value ? 'NOT ' : ''}NULL`, params: [] };
    case 'eq':
      return equalsAny(f, [c.value]);
    case 'in':
      return equalsAny(f, c.values);
    case 'gte':
      return typeof c.value === 'string'
        ? { sql: `${f.expr} >= ?`, params: [c.value] } // texts sort after every number
        : { sql: `${f.expr} >= ? AND ${f.expr} < ''${notBool}`, params: [c.value] };
    case 'lt':
      return typeof c.value === 'string' ? { sql: `${f.expr} >= '' AND ${f.expr} < ?`, params: [c.value] } : { sql: `${f.expr} < ?${notBool}`, params: [c.value] };
  }
}

function equalsAny(f: Field, values: readonly TallyValue[]): { sql: string; params: unknown[] } {
  const arms: string[] = [];
  const params: unknown[] = [];
  if (values.some((v) => v === null)) arms.push(`${f.expr} IS NULL`);
  const bools = [...new Set(values.filter((v): v is boolean => typeof v === 'boolean'))];
  if (bools.length) arms.push(`${f.docType} IN (${bools.map(boolType).join(', ')})`);
  const plain = values.filter((v) => typeof v === 'string' || typeof v === 'number');
  const notBool = f.type && plain.some((v) => typeof v === 'number') ? ` AND ${f.type} NOT IN ('true', 'false')` : '';
  if (plain.length === 1) (arms.push(`(${f.expr} = ?${notBool})`), params.push(plain[0]));
  else if (plain.length > 1) (arms.push(`(${f.expr} IN (SELECT value FROM json_each(?))${notBool})`), params.push(JSON.stringify(plain)));
  if (!arms.length) return { sql: '0', params: [] };
  return { sql: arms.length === 1 ? arms[0]! : `(${arms.join(' OR ')})`, params };
}

/** The statement of a tally (exported for the query-plan test and the benchmark). */
export function tallySql(query: TallyQuery): { sql: string; params: unknown[]; by: Field[] } {
  checkTally(query);
  const source = SOURCES[query.source];
  const by = query.by.map((f) => fieldOf(source, f));
  const where: string[] = [];
  const params: unknown[] = [];
  for (const c of query.where ?? []) {
    const built = conditionSql(fieldOf(source, c.field), c);
    where.push(built.sql);
    params.push(...built.params);
  }
  const groups = by.map((f) => f.json ?? f.expr);
  const columns = by.map((f, i) => `${f.json ?? f.expr} AS k${i}`);
  const sql =
    `SELECT ${[...columns, 'count(*) AS n'].join(', ')} FROM ${source.table}` +
    (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
    (groups.length ? ` GROUP BY ${groups.join(', ')}` : '');
  return { sql, params, by };
}

/** The value a row holds for `by` field i (read as JSON text where typed: a list or object becomes null in tallyRows). */
function valueOf(row: Record<string, unknown>, i: number, typed: boolean): unknown {
  const v = row[`k${i}`];
  return typed && typeof v === 'string' ? (JSON.parse(v) as unknown) : v;
}

/** Runs a tally with the store's statement cache. */
export function runTally(all: (sql: string, params: unknown[]) => unknown[], query: TallyQuery): TallyRow[] {
  const { sql, params, by } = tallySql(query);
  const rows = all(sql, params) as Array<Record<string, unknown> & { n: number }>;
  // No group by and nothing matched: count(*) still gives one row of 0.
  return tallyRows(rows.filter((r) => r.n > 0).map((r) => ({ key: by.map((f, i) => valueOf(r, i, f.json !== null)), count: r.n })));
}
