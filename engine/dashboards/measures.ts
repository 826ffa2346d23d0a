/** Answers charted by month (x-measures answers: grades, trigger met) for one form, about the records in scope. */
import { TALLY_LIMITS } from '../store/tally.js';
import type { TallyCondition, TallyRow, TallyValue } from '../timeliness/model.js';
import { measureField } from '../timeliness/measure-keys.js';
import { drill, fieldLabel, monthsOf, tallyIn, type Frame } from './common.js';
import type { Chart } from './model.js';
import type { DashboardFormInfo } from './published.js';
import { nextDay } from './supervision.js';
import { monthWords } from './words.js';

/** How a form's records are kept to the scope: by the record's team, or its child (or worker) among those in scope. */
export type ScopeBy = { by: 'team' } | { by: 'child' | 'worker'; ids: string[] | null };

export function scopeConditions(frame: Frame, scope: ScopeBy): { where: TallyCondition[]; big?: { field: string; values: TallyValue[] } } {
  if (scope.by === 'team') return { where: frame.everything ? [] : [{ field: 'team', op: 'in', values: frame.teams }] };
  return scope.ids === null ? { where: [] } : { where: [], big: { field: scope.by === 'child' ? 'subject.childId' : 'subject.workerId', values: scope.ids } };
}

export function doneInRange(frame: Frame, formId: string): TallyCondition[] {
  return [
    { field: 'formId', op: 'eq', value: formId },
    { field: 'timeliness.doneOn', op: 'gte', value: frame.filters.from },
    { field: 'timeliness.doneOn', op: 'lt', value: nextDay(frame.filters.to) },
  ];
}

export function valueText(v: TallyValue): string {
  if (v === null) return 'Not given';
  if (v === true) return 'Yes';
  if (v === false) return 'No';
  return String(v);
}

/** Answers counted in one tally (by month and up to three answers: the most `by` fields a tally takes). */
const PER_TALLY = TALLY_LIMITS.by - 1;

/** Each measured answer's count by month, [month, value] rows, from one tally per PER_TALLY answers (one read of the records for three charts). */
async function answersByMonth(frame: Frame, info: DashboardFormInfo, fields: string[], scope: ScopeBy): Promise<TallyRow[][]> {
  const sc = scopeConditions(frame, scope);
  const out: TallyRow[][] = [];
  for (let i = 0; i < fields.length; i += PER_TALLY) {
    const group = fields.slice(i, i + PER_TALLY);
    const rows = await tallyIn(frame, { source: 'submissions', where: [...doneInRange(frame, info.form.id), ...sc.where], by: ['timeliness.month', ...group] }, sc.big);
    for (let j = 1; j <= group.length; j++) {
      const merged = new Map<string, TallyRow>();
      for (const r of rows) {
        const key = [r.key[0] ?? null, r.key[j] ?? null];
        const id = JSON.stringify(key);
        const had = merged.get(id);
        if (had) had.count += r.count;
        else merged.set(id, { key, count: r.count });
      }
      out.push([...merged.values()]);
    }
  }
  return out;
}

export async function measureCharts(frame: Frame, info: DashboardFormInfo, scope: ScopeBy): Promise<Chart[]> {
  const charts: Chart[] = [];
  const months = monthsOf(frame.filters.from, frame.filters.to);
  const answers = (info.measures?.answers ?? []).slice(0, 20).flatMap((answer) => {
    const field = measureField(answer.field);
    return field ? [{ answer, field }] : [];
  });
  const counted = await answersByMonth(frame, info, answers.map((a) => a.field), scope);
  for (const [n, { answer }] of answers.entries()) {
    const label = fieldLabel(info.version, answer.field, answer.label);
    const rows = counted[n]!;
    const values = [...new Set(rows.map((r) => r.key[1] ?? null))].sort((a, b) => valueText(a).localeCompare(valueText(b)));
    const keyOf = (v: TallyValue) => `v${values.indexOf(v)}`;
    const total = rows.reduce((s, r) => s + r.count, 0);
    charts.push({
      id: `${info.form.id}.${answer.field.replace(/^\//, '').replace(/\//g, '.')}`,
      title: `${info.form.title}: ${label} by month`,
      kind: 'stacked-bar',
      summary: total
        ? `${label} over ${total} completed record${total === 1 ? '' : 's'}: ${values.map((v) => `${valueText(v)} ${rows.filter((r) => (r.key[1] ?? null) === v).reduce((s, r) => s + r.count, 0)}`).join(', ')}.`
        : `No completed ${info.form.title} records in the range.`,
      xLabel: 'Month',
      yLabel: 'Records',
      series: values.map((v) => ({ key: keyOf(v), label: valueText(v) })),
      rows: months.map((m) => ({
        x: m,
        values: Object.fromEntries(values.map((v) => [keyOf(v), rows.filter((r) => r.key[0] === m && (r.key[1] ?? null) === v).reduce((s, r) => s + r.count, 0)])),
        drill: Object.fromEntries(values.map((v) => [keyOf(v), drill(frame, 'completed-records', `${info.form.title} in ${monthWords(m)} with ${label}: ${valueText(v)}`, { form: info.form.id, month: m, by: scope.by, field: answer.field, value: JSON.stringify(v) })])),
      })),
    });
  }
  return charts;
}
