/**
 * Audits: assignments planned vs done on time by due month, grades per x-measures answer by month,
 * and the moderation agreement rate (the auditor's grade and the moderator's, where both exist).
 */
import { measureField } from '../timeliness/measure-keys.js';
import { childrenInScope, drill, fieldLabel, monthsOf, percent, plural, tallyIn, whereScope, type Frame } from './common.js';
import { doneInRange, measureCharts, scopeConditions, type ScopeBy } from './measures.js';
import type { Chart, Dashboard, Figure } from './model.js';
import { publishedForms } from './published.js';
import { monthWords, rangeWords } from './words.js';

export async function auditsDashboard(frame: Frame): Promise<Omit<Dashboard, 'id' | 'title' | 'scope' | 'filters' | 'generatedAt'>> {
  const where = whereScope(frame);
  const months = monthsOf(frame.filters.from, frame.filters.to);
  const team = frame.everything ? [] : [{ field: 'team', op: 'in' as const, values: frame.teams }];
  const inMonths = [
    { field: 'dueMonth', op: 'gte' as const, value: months[0]! },
    { field: 'dueMonth', op: 'lt' as const, value: `${months.at(-1)!}~` },
  ];
  const [planned, overdue] = await Promise.all([
    tallyIn(frame, { source: 'assignments', where: [...team, ...inMonths, { field: 'status', op: 'in', values: ['open', 'done'] }], by: ['dueMonth', 'status', 'onTime'] }),
    tallyIn(frame, { source: 'assignments', where: [...team, ...inMonths, { field: 'status', op: 'eq', value: 'open' }, { field: 'dueOn', op: 'lt', value: frame.today }], by: ['dueMonth'] }),
  ]);
  const cell = (m: string, f: (r: (typeof planned)[number]) => boolean) => planned.filter((r) => r.key[0] === m && f(r)).reduce((s, r) => s + r.count, 0);
  const onTime = (r: (typeof planned)[number]) => r.key[1] === 'done' && r.key[2] === true;
  const late = (r: (typeof planned)[number]) => r.key[1] === 'done' && r.key[2] !== true;
  const open = (r: (typeof planned)[number]) => r.key[1] === 'open';
  const overdueIn = (m: string) => overdue.filter((r) => r.key[0] === m).reduce((s, r) => s + r.count, 0);
  const totals = { planned: planned.reduce((s, r) => s + r.count, 0), onTime: planned.filter(onTime).reduce((s, r) => s + r.count, 0), late: planned.filter(late).reduce((s, r) => s + r.count, 0), overdue: overdue.reduce((s, r) => s + r.count, 0) };
  const figures: Figure[] = [
    { id: 'planned', label: 'Audits planned (due in the range)', value: totals.planned, unit: 'assignments', drill: drill(frame, 'assignments', `Audits due ${rangeWords(frame.filters)} in ${where}`, { status: 'planned' }) },
    { id: 'done-on-time', label: 'Done on time', value: totals.onTime, unit: 'assignments', drill: drill(frame, 'assignments', `Audits done on time in ${where}`, { status: 'done-on-time' }) },
    { id: 'done-late', label: 'Done late', value: totals.late, unit: 'assignments', drill: drill(frame, 'assignments', `Audits done late in ${where}`, { status: 'done-late' }) },
    { id: 'overdue', label: 'Overdue (open past their due date)', value: totals.overdue, unit: 'assignments', drill: drill(frame, 'assignments', `Audits overdue in ${where}`, { status: 'overdue' }) },
  ];
  const charts: Chart[] = [
    {
      id: 'planned',
      title: 'Audits planned and done, by due month',
      kind: 'stacked-bar',
      summary: `${plural(totals.planned, 'audit')} due in the range: ${totals.onTime} done on time, ${totals.late} late, ${totals.overdue} overdue.`,
      xLabel: 'Month due',
      yLabel: 'Audits',
      series: [
        { key: 'onTime', label: 'Done on time' },
        { key: 'late', label: 'Done late' },
        { key: 'overdue', label: 'Overdue' },
        { key: 'notDue', label: 'Not yet due' },
      ],
      rows: months.map((m) => ({
        x: m,
        values: { onTime: cell(m, onTime), late: cell(m, late), overdue: overdueIn(m), notDue: cell(m, open) - overdueIn(m) },
        drill: {
          onTime: drill(frame, 'assignments', `Audits due in ${monthWords(m)} done on time`, { status: 'done-on-time', month: m }),
          late: drill(frame, 'assignments', `Audits due in ${monthWords(m)} done late`, { status: 'done-late', month: m }),
          overdue: drill(frame, 'assignments', `Audits due in ${monthWords(m)} overdue`, { status: 'overdue', month: m }),
          notDue: drill(frame, 'assignments', `Audits due in ${monthWords(m)} not yet due`, { status: 'not-due', month: m }),
        },
      })),
    },
  ];
  const forms = (await publishedForms(frame.ctx)).filter((f) => f.measures && f.schedule?.per !== 'record');
  const scope: ScopeBy = { by: 'child', ids: frame.everything ? null : (await childrenInScope(frame)).map((c) => c.id) };
  const sentences = [totals.planned ? `${totals.onTime} of ${plural(totals.planned, 'audit')} due in ${where} ${totals.onTime === 1 ? 'was' : 'were'} done on time; ${totals.overdue} ${totals.overdue === 1 ? 'is' : 'are'} overdue.` : `No audits in ${where} are due ${rangeWords(frame.filters)}.`];
  for (const info of forms) {
    charts.push(...(await measureCharts(frame, info, scope)));
    const agreement = info.measures?.agreement;
    const first = agreement && measureField(agreement.first);
    const second = agreement && measureField(agreement.second);
    if (!agreement || !first || !second) continue;
    const sc = scopeConditions(frame, scope);
    const rows = await tallyIn(
      frame,
      { source: 'submissions', where: [...doneInRange(frame, info.form.id), ...sc.where, { field: first, op: 'exists', value: true }, { field: second, op: 'exists', value: true }], by: [first, second] },
      sc.big,
    );
    const both = rows.filter((r) => r.key[0] !== null && r.key[1] !== null);
    const total = both.reduce((s, r) => s + r.count, 0);
    const agree = both.filter((r) => r.key[0] === r.key[1]).reduce((s, r) => s + r.count, 0);
    const label = agreement.label ?? `${fieldLabel(info.version, agreement.first)} agrees with ${fieldLabel(info.version, agreement.second)}`;
    figures.push({ id: `${info.form.id}.agreement`, label: `${info.form.title}: ${label}`, value: percent(agree, total), unit: 'percent', drill: drill(frame, 'completed-records', `${info.form.title} moderated ${rangeWords(frame.filters)}`, { form: info.form.id, by: 'child', moderated: true }) });
    if (total) sentences.push(`Moderation agreed with the auditor's grade in ${agree} of ${total} ${info.form.title} records (${percent(agree, total)}%).`);
  }
  return {
    summary: sentences.join(' '),
    forms: forms.map((f) => ({ id: f.form.id, title: f.form.title })),
    figures,
    charts,
  };
}
