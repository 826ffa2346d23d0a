/** Forms: per form, records started in the range that are still drafts vs submitted, and the median days to complete. */
import { drill, londonStart, medianOf, plural, tallyIn, teamWhere, whereScope, type Frame } from './common.js';
import type { Dashboard } from './model.js';
import { publishedForms } from './published.js';
import { countTable, tableBars } from './tables.js';
import { nextDay } from './supervision.js';
import { rangeWords } from './words.js';

export async function formsDashboard(frame: Frame): Promise<Omit<Dashboard, 'id' | 'title' | 'scope' | 'filters' | 'generatedAt'>> {
  const where = whereScope(frame);
  const team = teamWhere(frame);
  const [started, days, forms] = await Promise.all([
    tallyIn(frame, { source: 'submissions', where: [...team, { field: 'createdAt', op: 'gte', value: londonStart(frame.filters.from) }, { field: 'createdAt', op: 'lt', value: londonStart(nextDay(frame.filters.to)) }], by: ['formId', 'status'] }),
    tallyIn(frame, { source: 'submissions', where: [...team, { field: 'timeliness.doneOn', op: 'gte', value: frame.filters.from }, { field: 'timeliness.doneOn', op: 'lt', value: nextDay(frame.filters.to) }], by: ['formId', 'timeliness.daysToComplete'] }),
    publishedForms(frame.ctx),
  ]);
  const titles = new Map(forms.map((f) => [f.form.id, f.form.title]));
  const ids = [...new Set([...started, ...days].map((r) => String(r.key[0])))].sort((a, b) => (titles.get(a) ?? a).localeCompare(titles.get(b) ?? b));
  const count = (f: string, status: string) => started.filter((r) => r.key[0] === f && r.key[1] === status).reduce((s, r) => s + r.count, 0);
  const hist = (f?: string) => days.filter((r) => (f === undefined || r.key[0] === f) && typeof r.key[1] === 'number').map((r) => [r.key[1] as number, r.count] as [number, number]);
  const title = (f: string) => titles.get(f) ?? f;
  const range = rangeWords(frame.filters);
  const table = countTable({
    id: 'forms',
    title: 'Records per form',
    summary: ids.map((f) => `${title(f)}: ${count(f, 'draft') + count(f, 'submitted')} started, ${count(f, 'submitted')} submitted`).join('; ') || 'No records started in the range.',
    head: { key: 'form', label: 'Form' },
    keys: ids,
    name: title,
    columns: [
      { key: 'started', label: 'Started', unit: 'records', value: (f) => count(f, 'draft') + count(f, 'submitted'), drill: (f) => drill(frame, 'records', `${title(f)} records started ${range}`, { form: f }) },
      { key: 'drafts', label: 'Still drafts', unit: 'records', value: (f) => count(f, 'draft'), drill: (f) => drill(frame, 'records', `${title(f)} drafts started ${range}`, { form: f, status: 'draft' }) },
      { key: 'submitted', label: 'Submitted', unit: 'records', value: (f) => count(f, 'submitted'), drill: (f) => drill(frame, 'records', `${title(f)} records started ${range} and submitted`, { form: f, status: 'submitted' }) },
      { key: 'median', label: 'Median days to complete', unit: 'days', value: (f) => medianOf(hist(f)), drill: (f) => drill(frame, 'completed-records', `${title(f)} records completed ${range}`, { form: f, by: 'team' }) },
    ],
  });
  const drafts = started.filter((r) => r.key[1] === 'draft').reduce((s, r) => s + r.count, 0);
  const submitted = started.filter((r) => r.key[1] === 'submitted').reduce((s, r) => s + r.count, 0);
  const median = medianOf(hist());
  return {
    summary: `${plural(drafts + submitted, 'record')} ${drafts + submitted === 1 ? 'was' : 'were'} started in ${where} ${range}: ${submitted} submitted, ${drafts} still drafts.${median !== null ? ` Completed records took a median of ${plural(median, 'day')} from start to completion.` : ''}`,
    forms: ids.map((f) => ({ id: f, title: title(f) })),
    figures: [
      { id: 'started', label: 'Records started', value: drafts + submitted, unit: 'records', drill: drill(frame, 'records', `Records started ${range} in ${where}`) },
      { id: 'drafts', label: 'Still drafts', value: drafts, unit: 'records', drill: drill(frame, 'records', `Drafts started ${range} in ${where}`, { status: 'draft' }) },
      { id: 'submitted', label: 'Submitted', value: submitted, unit: 'records', drill: drill(frame, 'records', `Records started ${range} and submitted in ${where}`, { status: 'submitted' }) },
      { id: 'median', label: 'Median days to complete', value: median, unit: 'days', drill: drill(frame, 'completed-records', `Records completed ${range} in ${where}`, { by: 'team' }) },
    ],
    charts: [
      tableBars(table, {
        id: 'forms',
        title: 'Drafts started and submitted, per form',
        xLabel: 'Form',
        yLabel: 'Records',
        series: [
          { key: 'submitted', label: 'Submitted', value: (r) => r.cells.submitted as number, drill: (r) => r.drill!.submitted! },
          { key: 'drafts', label: 'Still drafts', value: (r) => r.cells.drafts as number, drill: (r) => r.drill!.drafts! },
        ],
      }),
    ],
    tables: [table],
  };
}
