/**
 * The lists behind the numbers. Each list is found with the same aggregate conditions as the
 * number (a tally of ids), then one page of items is read. A list honours the reader's access:
 * records (and actions, which belong to records) only when the reader may read the record;
 * children and workers only in scope, and a restricted child only for those who may see it.
 */
import type { Reader } from '../directory/access.js';
import type { Child } from '../directory/model.js';
import { withChildNames } from '../directory/subjects.js';
import { InvalidRequestError } from '../errors.js';
import type { Submission } from '../submissions/model.js';
import type { TallyCondition, TallyQuery, TallyValue } from '../timeliness/model.js';
import { measureField } from '../timeliness/measure-keys.js';
import { childrenInScope, daysBetween, londonStart, nextDueOf, tallyIn, teamWhere, type Frame } from './common.js';
import { DAYS_BAND_LABELS, DRILL_LISTS, type DaysBand, type DrillAction, type DrillAssignment, type DrillChild, type DrillItem, type DrillList, type DrillPage, type DrillRecord, type DrillWorker, type TableColumn } from './model.js';
import { publishedForms, type DashboardFormInfo } from './published.js';
import { bandsOf, nextDay, subjectField, subjectsOf, workerNames, workersInScope } from './supervision.js';

export interface DrillParams {
  list: DrillList;
  form?: string;
  worker?: string;
  band?: DaysBand;
  month?: string;
  status?: string;
  by?: 'team' | 'child' | 'worker';
  field?: string;
  value?: string;
  onTime?: boolean;
  moderated?: boolean;
  title?: string;
}

export { DRILL_LISTS };

const COLUMNS: Record<DrillItem['kind'], TableColumn[]> = {
  record: [
    { key: 'reference', label: 'Reference' },
    { key: 'formTitle', label: 'Form' },
    { key: 'childName', label: 'Child' },
    { key: 'status', label: 'Status' },
    { key: 'createdAt', label: 'Started' },
    { key: 'doneOn', label: 'Done on' },
    { key: 'daysToComplete', label: 'Days to complete', unit: 'days' },
    { key: 'dueOn', label: 'Due on' },
    { key: 'onTime', label: 'On time' },
  ],
  child: [
    { key: 'id', label: 'ICS person id' },
    { key: 'name', label: 'Child' },
    { key: 'allocatedWorkerName', label: 'Allocated worker' },
    { key: 'team', label: 'Team' },
    { key: 'lastDoneOn', label: 'Last done' },
    { key: 'nextDueOn', label: 'Next due' },
    { key: 'overdueDays', label: 'Days overdue', unit: 'days' },
  ],
  worker: [
    { key: 'id', label: 'ICS worker id' },
    { key: 'name', label: 'Worker' },
    { key: 'team', label: 'Team' },
    { key: 'lastDoneOn', label: 'Last done' },
    { key: 'nextDueOn', label: 'Next due' },
    { key: 'overdueDays', label: 'Days overdue', unit: 'days' },
  ],
  action: [
    { key: 'reference', label: 'Record' },
    { key: 'text', label: 'Action' },
    { key: 'childName', label: 'Child' },
    { key: 'ownerName', label: 'Owner' },
    { key: 'team', label: 'Team' },
    { key: 'dueOn', label: 'Due on' },
    { key: 'status', label: 'Status' },
    { key: 'doneOn', label: 'Done on' },
    { key: 'daysToClose', label: 'Days to close', unit: 'days' },
    { key: 'overdueDays', label: 'Days overdue', unit: 'days' },
  ],
  assignment: [
    { key: 'childName', label: 'Child' },
    { key: 'formId', label: 'Form' },
    { key: 'team', label: 'Team' },
    { key: 'auditorName', label: 'Auditor' },
    { key: 'dueOn', label: 'Due on' },
    { key: 'status', label: 'Status' },
    { key: 'doneOn', label: 'Done on' },
    { key: 'onTime', label: 'On time' },
  ],
};

const KIND_OF: Record<DrillList, DrillItem['kind']> = {
  'overdue-children': 'child',
  'children-by-band': 'child',
  'overdue-workers': 'worker',
  'workers-by-band': 'worker',
  'completed-records': 'record',
  records: 'record',
  actions: 'action',
  assignments: 'assignment',
};

function bad(name: string, message: string): never {
  throw new InvalidRequestError('The list asked for is not one the dashboards make.', [{ pointer: `/query/${name}`, message }]);
}

function hiddenChild(reader: Reader, childId: string | undefined): boolean {
  return childId !== undefined && reader.reach.kind === 'some' && reader.reach.hidden.has(childId);
}

/** A page of ids, newest (largest) first, after the cursor. */
function pageOf(ids: string[], limit: number, after?: string): { ids: string[]; next: string | null } {
  const sorted = [...new Set(ids)].sort().reverse();
  const rest = after ? sorted.filter((id) => id < after) : sorted;
  const ids2 = rest.slice(0, limit);
  return { ids: ids2, next: rest.length > limit ? ids2.at(-1)! : null };
}

/**
 * The items behind a number, a page at a time: the ids meeting the number's conditions (a tally
 * by id, so the same conditions as the number), then the page's items read one by one (gone ones
 * left out).
 */
async function itemPage<T>(
  frame: Frame,
  source: TallyQuery['source'],
  where: TallyCondition[],
  page: { limit: number; after?: string },
  read: (id: string) => Promise<T | null>,
  big?: { field: string; values: TallyValue[] },
): Promise<{ found: T[]; next: string | null }> {
  const rows = await tallyIn(frame, { source, where, by: ['id'] }, big);
  const { ids, next } = pageOf(rows.map((r) => String(r.key[0])), page.limit, page.after);
  return { found: (await Promise.all(ids.map(read))).filter((item): item is Awaited<T> => item !== null), next };
}

/** A page of subjects in id order, after the cursor. */
function subjectPage<T extends { id: string }>(items: T[], limit: number, after?: string): { items: T[]; next: string | null } {
  const rest = items.filter((s) => !after || s.id > after).sort((a, b) => (a.id < b.id ? -1 : 1));
  const page = rest.slice(0, limit);
  return { items: page, next: rest.length > limit ? page.at(-1)!.id : null };
}

async function formInfo(frame: Frame, id: string | undefined, name = 'form'): Promise<DashboardFormInfo> {
  if (!id) bad(name, `Give "${name}": the form the list is about.`);
  const info = (await publishedForms(frame.ctx)).find((f) => f.form.id === id);
  if (!info) bad(name, `There is no published form "${id}".`);
  return info;
}

function parseValue(raw: string | undefined): TallyValue {
  if (raw === undefined) bad('value', 'Give "value" with "field".');
  try {
    const v = JSON.parse(raw) as unknown;
    if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) return v as TallyValue;
  } catch {
    /* refused below */
  }
  bad('value', '"value" must be an answer written as JSON, e.g. "Good" in quotes, true or 3.');
}

async function subjectList(frame: Frame, reader: Reader, p: DrillParams, page: { limit: number; after?: string }): Promise<{ items: Array<DrillChild | DrillWorker>; next: string | null }> {
  const info = await formInfo(frame, p.form);
  const rule = info.schedule;
  const per = p.list === 'overdue-children' || p.list === 'children-by-band' ? 'child' : 'worker';
  if (!rule || rule.per !== per) bad('form', `"${info.form.title}" is not due per ${per}.`);
  const subjects = await subjectsOf(frame, per);
  const band = await bandsOf(frame, info.form.id, per, rule.every);
  const wanted = (id: string) => (p.list.startsWith('overdue') ? band(id) !== 'within' : band(id) === p.band);
  if (!p.list.startsWith('overdue') && !p.band) bad('band', `Give "band": one of ${Object.keys(DAYS_BAND_LABELS).join(', ')}.`);
  const chosen = subjects.items.filter((s) => wanted(s.id) && (per === 'worker' || ((!p.worker || (s as Child).allocatedWorkerId === p.worker) && !hiddenChild(reader, s.id))));
  const { items, next } = subjectPage(chosen, page.limit, page.after);
  const dates = await tallyIn(frame, { source: 'submissions', where: [{ field: 'formId', op: 'eq', value: info.form.id }, { field: 'timeliness.doneOn', op: 'exists', value: true }], by: [subjectField(per), 'timeliness.doneOn'] }, { field: subjectField(per), values: items.map((s) => s.id) });
  const last = new Map<string, string>();
  for (const r of dates) {
    const [id, on] = r.key as [string, string];
    if (typeof on === 'string' && (!last.has(id) || on > last.get(id)!)) last.set(id, on);
  }
  const timing = (id: string) => {
    const lastDoneOn = last.get(id) ?? null;
    const nextDueOn = lastDoneOn ? nextDueOf(rule.every, lastDoneOn) : null;
    return { lastDoneOn, nextDueOn, overdueDays: nextDueOn ? Math.max(0, daysBetween(nextDueOn, frame.today)) : null };
  };
  if (per === 'worker') return { items: items.map((w) => ({ kind: 'worker' as const, id: w.id, name: (w as { name: string }).name, ...(w.team ? { team: w.team } : {}), ...timing(w.id) })), next };
  const workers = new Map((await workerNames(frame, [...new Set(items.map((c) => (c as Child).allocatedWorkerId!))])).map((w) => [w.id, w.name]));
  return {
    items: items.map((s) => {
      const c = s as Child;
      return {
        kind: 'child' as const,
        id: c.id,
        name: c.name,
        ...(c.team ? { team: c.team } : {}),
        ...(c.allocatedWorkerId ? { allocatedWorkerId: c.allocatedWorkerId, ...(workers.has(c.allocatedWorkerId) ? { allocatedWorkerName: workers.get(c.allocatedWorkerId)! } : {}) } : {}),
        ...timing(c.id),
        link: `/children/${encodeURIComponent(c.id)}`,
      };
    }),
    next,
  };
}

async function recordList(frame: Frame, reader: Reader, p: DrillParams, page: { limit: number; after?: string }): Promise<{ items: DrillRecord[]; next: string | null }> {
  const where: TallyCondition[] = [];
  let big: { field: string; values: TallyValue[] } | undefined;
  const info = p.form ? await formInfo(frame, p.form) : undefined;
  if (info) where.push({ field: 'formId', op: 'eq', value: info.form.id });
  if (p.list === 'records') {
    where.push(...teamWhere(frame), { field: 'createdAt', op: 'gte', value: londonStart(frame.filters.from) }, { field: 'createdAt', op: 'lt', value: londonStart(nextDay(frame.filters.to)) });
    if (p.status) {
      if (p.status !== 'draft' && p.status !== 'submitted') bad('status', '"status" must be draft or submitted for records.');
      where.push({ field: 'status', op: 'eq', value: p.status });
    }
  } else {
    where.push({ field: 'timeliness.doneOn', op: 'gte', value: frame.filters.from }, { field: 'timeliness.doneOn', op: 'lt', value: nextDay(frame.filters.to) });
    if (p.month) where.push({ field: 'timeliness.month', op: 'eq', value: p.month });
    if (p.onTime !== undefined) where.push(p.onTime ? { field: 'timeliness.onTime', op: 'eq', value: true } : { field: 'timeliness.onTime', op: 'eq', value: false });
    if (p.field !== undefined) {
      const field = info && (info.measures?.answers ?? []).some((a) => a.field === p.field) ? measureField(p.field) : undefined;
      if (!field) bad('field', `"${p.field}" is not an answer the form's measures chart.`);
      where.push({ field, op: 'eq', value: parseValue(p.value) });
    }
    if (p.moderated) {
      const a = info?.measures?.agreement;
      const first = a && measureField(a.first);
      const second = a && measureField(a.second);
      if (!first || !second) bad('moderated', 'The form has no pair of answers to compare.');
      where.push({ field: first, op: 'exists', value: true }, { field: second, op: 'exists', value: true });
    }
    const by = p.by ?? 'team';
    if (by === 'team') where.push(...teamWhere(frame));
    else if (!frame.everything) big = { field: subjectField(by), values: (by === 'child' ? await childrenInScope(frame) : await workersInScope(frame)).map((s) => s.id) };
  }
  const { found: records, next } = await itemPage(frame, 'submissions', where, page, (id) => frame.ctx.store.getSubmission(id), big);
  const found = records.filter((s) => reader.why(s).allowed);
  const titles = new Map((await publishedForms(frame.ctx)).map((f) => [f.form.id, f.form.title]));
  const value = (s: Submission) => {
    if (!p.field) return {};
    let v: unknown = s.data;
    for (const k of p.field.replace(/^\//, '').split('/')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
    return v === undefined ? {} : { value: v as TallyValue };
  };
  const items = found.map(
    (s): DrillRecord & { childId?: string } => ({
      kind: 'record',
      id: s.id,
      ...(s.reference ? { reference: s.reference } : {}),
      formId: s.formId,
      formTitle: titles.get(s.formId) ?? s.formId,
      status: s.status,
      ...(s.team ? { team: s.team } : {}),
      ...(s.subject.childId ? { childId: s.subject.childId } : {}),
      ...(s.subject.workerId ? { workerId: s.subject.workerId } : {}),
      createdAt: s.createdAt,
      ...(s.submittedAt ? { submittedAt: s.submittedAt } : {}),
      ...(s.timeliness ? { doneOn: s.timeliness.doneOn, daysToComplete: s.timeliness.daysToComplete, ...(s.timeliness.dueOn ? { dueOn: s.timeliness.dueOn } : {}), ...(s.timeliness.onTime !== undefined ? { onTime: s.timeliness.onTime } : {}) } : {}),
      ...value(s),
      link: `/records/${encodeURIComponent(s.id)}`,
    }),
  );
  return { items: await withChildNames(frame.ctx.store, items), next };
}

async function actionList(frame: Frame, reader: Reader, p: DrillParams, page: { limit: number; after?: string }): Promise<{ items: DrillAction[]; next: string | null }> {
  const where: TallyCondition[] = [...teamWhere(frame)];
  switch (p.status) {
    case 'open':
      where.push({ field: 'status', op: 'eq', value: 'open' });
      break;
    case 'overdue':
      where.push({ field: 'status', op: 'eq', value: 'open' }, { field: 'dueOn', op: 'lt', value: frame.today });
      break;
    case 'not-due':
      where.push({ field: 'status', op: 'eq', value: 'open' }, { field: 'dueOn', op: 'gte', value: frame.today });
      break;
    case 'done':
      where.push({ field: 'status', op: 'eq', value: 'done' }, { field: 'doneOn', op: 'gte', value: frame.filters.from }, { field: 'doneOn', op: 'lt', value: nextDay(frame.filters.to) });
      break;
    default:
      bad('status', '"status" must be one of: open, overdue, not-due, done.');
  }
  const { found: actions, next } = await itemPage(frame, 'actions', where, page, (id) => frame.ctx.store.getAction(id));
  const records = await Promise.all(actions.map((a) => frame.ctx.store.getSubmission(a.submissionId)));
  const readable = actions.filter((_, i) => records[i] && reader.why(records[i]!).allowed);
  const items = readable.map(
    (a): DrillAction => ({
      kind: 'action',
      id: a.id,
      submissionId: a.submissionId,
      ...(a.reference ? { reference: a.reference } : {}),
      formId: a.formId,
      text: a.text,
      ...(a.childId ? { childId: a.childId } : {}),
      ...(a.ownerName ? { ownerName: a.ownerName } : {}),
      ...(a.team ? { team: a.team } : {}),
      dueOn: a.dueOn,
      status: a.status,
      ...(a.doneOn ? { doneOn: a.doneOn } : {}),
      ...(a.daysToClose !== undefined ? { daysToClose: a.daysToClose } : {}),
      overdueDays: a.status === 'open' ? Math.max(0, daysBetween(a.dueOn, frame.today)) : 0,
      link: `/records/${encodeURIComponent(a.submissionId)}`,
    }),
  );
  return { items: await withChildNames(frame.ctx.store, items), next };
}

async function assignmentList(frame: Frame, reader: Reader, p: DrillParams, page: { limit: number; after?: string }): Promise<{ items: DrillAssignment[]; next: string | null }> {
  const where: TallyCondition[] = [...teamWhere(frame)];
  const months = { from: frame.filters.from.slice(0, 7), to: frame.filters.to.slice(0, 7) };
  if (p.month) where.push({ field: 'dueMonth', op: 'eq', value: p.month });
  else where.push({ field: 'dueMonth', op: 'gte', value: months.from }, { field: 'dueMonth', op: 'lt', value: `${months.to}~` });
  switch (p.status) {
    case 'planned':
      where.push({ field: 'status', op: 'in', values: ['open', 'done'] });
      break;
    case 'done-on-time':
      where.push({ field: 'status', op: 'eq', value: 'done' }, { field: 'onTime', op: 'eq', value: true });
      break;
    case 'done-late':
      where.push({ field: 'status', op: 'eq', value: 'done' }, { field: 'onTime', op: 'eq', value: false });
      break;
    case 'overdue':
      where.push({ field: 'status', op: 'eq', value: 'open' }, { field: 'dueOn', op: 'lt', value: frame.today });
      break;
    case 'not-due':
      where.push({ field: 'status', op: 'eq', value: 'open' }, { field: 'dueOn', op: 'gte', value: frame.today });
      break;
    default:
      bad('status', '"status" must be one of: planned, done-on-time, done-late, overdue, not-due.');
  }
  const { found: assignments, next } = await itemPage(frame, 'assignments', where, page, (id) => frame.ctx.store.getAssignment(id));
  const found = assignments.filter((a) => !hiddenChild(reader, a.childId));
  const items = found.map(
    (a): DrillAssignment => ({
      kind: 'assignment',
      id: a.id,
      formId: a.formId,
      childId: a.childId,
      ...(a.team ? { team: a.team } : {}),
      auditorName: a.auditorName,
      dueOn: a.dueOn,
      dueMonth: a.dueMonth,
      status: a.status,
      ...(a.doneOn ? { doneOn: a.doneOn } : {}),
      ...(a.onTime !== undefined ? { onTime: a.onTime } : {}),
      ...(a.submissionId ? { submissionId: a.submissionId } : {}),
    }),
  );
  return { items: (await withChildNames(frame.ctx.store, items)) as DrillAssignment[], next };
}

export async function drillPage(frame: Frame, reader: Reader, p: DrillParams, page: { limit: number; after?: string }): Promise<Omit<DrillPage, 'csv'>> {
  let found: { items: DrillItem[]; next: string | null };
  switch (p.list) {
    case 'overdue-children':
    case 'children-by-band':
    case 'overdue-workers':
    case 'workers-by-band':
      found = await subjectList(frame, reader, p, page);
      break;
    case 'completed-records':
    case 'records':
      found = await recordList(frame, reader, p, page);
      break;
    case 'actions':
      found = await actionList(frame, reader, p, page);
      break;
    case 'assignments':
      found = await assignmentList(frame, reader, p, page);
      break;
  }
  return { dashboard: frame.dashboard, list: p.list, title: p.title ?? listTitle(p), filters: frame.filters, columns: COLUMNS[KIND_OF[p.list]], items: found.items, next: found.next };
}

function listTitle(p: DrillParams): string {
  const words: Record<DrillList, string> = {
    'overdue-children': 'Children overdue',
    'children-by-band': 'Children by time since the last one',
    'overdue-workers': 'Workers overdue',
    'workers-by-band': 'Workers by time since the last one',
    'completed-records': 'Completed records',
    records: 'Records started',
    actions: 'Actions',
    assignments: 'Audit assignments',
  };
  return words[p.list];
}

export function columnsOf(list: DrillList): TableColumn[] {
  return COLUMNS[KIND_OF[list]];
}
