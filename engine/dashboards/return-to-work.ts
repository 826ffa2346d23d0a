/** Return to work (forms with a per-record x-schedule): held within the timescale by month and team; x-measures answers by month. */
import { drill, monthsOf, percent, plural, tallyIn, teamName, whereScope, type Frame } from './common.js';
import { doneInRange, measureCharts, scopeConditions } from './measures.js';
import type { Chart, Dashboard, Figure } from './model.js';
import { publishedForms } from './published.js';
import { ruleWords } from './supervision.js';
import { lowerFirst, monthWords, rangeWords } from './words.js';

export async function returnToWorkDashboard(frame: Frame): Promise<Omit<Dashboard, 'id' | 'title' | 'scope' | 'filters' | 'generatedAt'>> {
  const forms = (await publishedForms(frame.ctx)).filter((f) => f.schedule?.per === 'record');
  const where = whereScope(frame);
  const months = monthsOf(frame.filters.from, frame.filters.to);
  const figures: Figure[] = [];
  const charts: Chart[] = [];
  const sentences: string[] = [];
  for (const info of forms) {
    const id = info.form.id;
    const title = info.form.title;
    const sc = scopeConditions(frame, { by: 'team' });
    const rows = await tallyIn(frame, { source: 'submissions', where: [...doneInRange(frame, id), ...sc.where], by: ['timeliness.month', 'team', 'timeliness.onTime'] });
    const sum = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f).reduce((s, r) => s + r.count, 0);
    const total = sum(() => true);
    const inTime = sum((r) => r.key[2] === true);
    figures.push(
      { id: `${id}.held`, label: `${title}: held`, value: total, unit: 'records', drill: drill(frame, 'completed-records', `${title} held ${rangeWords(frame.filters)} in ${where}`, { form: id, by: 'team' }) },
      { id: `${id}.in-time`, label: `${title}: held within the timescale`, value: inTime, unit: 'records', drill: drill(frame, 'completed-records', `${title} held within the timescale in ${where}`, { form: id, by: 'team', onTime: true }) },
      { id: `${id}.late`, label: `${title}: held late`, value: total - inTime, unit: 'records', drill: drill(frame, 'completed-records', `${title} held late in ${where}`, { form: id, by: 'team', onTime: false }) },
      { id: `${id}.rate`, label: `${title}: share held within the timescale`, value: percent(inTime, total), unit: 'percent', drill: drill(frame, 'completed-records', `${title} held ${rangeWords(frame.filters)} in ${where}`, { form: id, by: 'team' }) },
    );
    sentences.push(total ? `${inTime} of ${plural(total, `${title} record`)} in ${where} ${inTime === 1 ? 'was' : 'were'} held within the timescale (${percent(inTime, total)}%; ${lowerFirst(ruleWords(info)!)}).` : `No ${title} records were completed in ${where} in the range.`);
    charts.push({
      id: `${id}.months`,
      title: `${title}: held within the timescale, by month`,
      kind: 'stacked-bar',
      summary: `${inTime} within the timescale and ${total - inTime} late ${rangeWords(frame.filters)}.`,
      xLabel: 'Month',
      yLabel: 'Records',
      series: [{ key: 'onTime', label: 'Within the timescale' }, { key: 'late', label: 'Late' }],
      rows: months.map((m) => ({
        x: m,
        values: { onTime: sum((r) => r.key[0] === m && r.key[2] === true), late: sum((r) => r.key[0] === m && r.key[2] !== true) },
        drill: { onTime: drill(frame, 'completed-records', `${title} in ${monthWords(m)} within the timescale`, { form: id, by: 'team', month: m, onTime: true }), late: drill(frame, 'completed-records', `${title} in ${monthWords(m)} late`, { form: id, by: 'team', month: m, onTime: false }) },
      })),
    });
    const teams = [...new Set(rows.map((r) => String(r.key[1] ?? '')))].sort((a, b) => teamName(frame, a).localeCompare(teamName(frame, b)));
    charts.push({
      id: `${id}.teams`,
      title: `${title}: held within the timescale, by team`,
      kind: 'stacked-bar',
      summary: teams.map((t) => `${teamName(frame, t)}: ${sum((r) => String(r.key[1] ?? '') === t && r.key[2] === true)} within, ${sum((r) => String(r.key[1] ?? '') === t && r.key[2] !== true)} late`).join('; ') || 'None in the range.',
      xLabel: 'Team',
      yLabel: 'Records',
      series: [{ key: 'onTime', label: 'Within the timescale' }, { key: 'late', label: 'Late' }],
      rows: teams.map((t) => ({
        x: teamName(frame, t),
        values: { onTime: sum((r) => String(r.key[1] ?? '') === t && r.key[2] === true), late: sum((r) => String(r.key[1] ?? '') === t && r.key[2] !== true) },
        drill: { onTime: drill(frame, 'completed-records', `${title} of ${teamName(frame, t)} within the timescale`, { form: id, by: 'team', team: t || undefined, onTime: true }), late: drill(frame, 'completed-records', `${title} of ${teamName(frame, t)} late`, { form: id, by: 'team', team: t || undefined, onTime: false }) },
      })),
    });
    charts.push(...(await measureCharts(frame, info, { by: 'team' })));
  }
  return {
    summary: forms.length ? sentences.join(' ') : 'No published form has a per-record timescale yet.',
    forms: forms.map((f) => ({ id: f.form.id, title: f.form.title, ...(ruleWords(f) ? { rule: ruleWords(f)! } : {}) })),
    figures,
    charts,
    ...(forms.length ? {} : { notes: ['An analyst sets a timescale (within N working days of a date answer) on a form in the designer.'] }),
  };
}
