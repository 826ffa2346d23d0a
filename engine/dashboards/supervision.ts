/**
 * Supervision: for each form whose `x-schedule` is per child or per worker, who is overdue (no
 * completed record done on or after the cutoff: today less one interval), how long since the last
 * (bands of intervals), per allocated worker and per team, and how many were completed each month.
 * Built from a few tallies by subject (done on or after a cutoff) compared with the children (or
 * workers) in scope.
 */
import type { Child, Worker } from '../directory/model.js';
import type { Interval, TallyCondition } from '../timeliness/model.js';
import {
  childrenInScope,
  cutoffOf,
  drill,
  fieldLabel,
  intervalWords,
  monthsOf,
  plural,
  tallyIn,
  teamName,
  whereScope,
  type Frame,
} from './common.js';
import { DAYS_BAND_LABELS, type Chart, type Dashboard, type DaysBand, type Figure } from './model.js';
import { publishedForms, type DashboardFormInfo } from './published.js';
import { LAST_WAS, lowerFirst, monthWords, rangeWords } from './words.js';

export type Subjects = { per: 'child'; items: Child[] } | { per: 'worker'; items: Worker[] };

/**
 * Active directory workers of the teams counted who manage no one: those a record per worker
 * (reflective supervision) is due for. A manager is a worker another active worker of those teams
 * names as line manager, or one an enabled manager's account is linked to; their own
 * supervision is not what these dashboards follow.
 */
export async function workersInScope(frame: Frame): Promise<Worker[]> {
  const store = frame.ctx.store;
  const teams = frame.everything ? (await store.listDirectoryTeams()).map((t) => t.id) : frame.teams;
  const active: Worker[] = [];
  for (const team of teams) active.push(...(await store.listWorkers({ team }, 5000)).filter((w) => w.active));
  const managers = new Set(active.flatMap((w) => (w.managerId ? [w.managerId] : [])));
  for (const a of await store.listAccounts()) if (a.role === 'manager' && !a.disabled && a.workerId) managers.add(a.workerId);
  return active.filter((w) => !managers.has(w.id));
}

export function subjectField(per: 'child' | 'worker'): string {
  return per === 'child' ? 'subject.childId' : 'subject.workerId';
}

/** Ids of subjects with a completed record of the form done on or after `cutoff` (any, when undefined). */
export async function doneSince(frame: Frame, formId: string, per: 'child' | 'worker', cutoff: string | undefined): Promise<Set<string>> {
  const where: TallyCondition[] = [{ field: 'formId', op: 'eq', value: formId }, cutoff ? { field: 'timeliness.doneOn', op: 'gte', value: cutoff } : { field: 'timeliness.doneOn', op: 'exists', value: true }];
  const rows = await tallyIn(frame, { source: 'submissions', where, by: [subjectField(per)] });
  return new Set(rows.map((r) => r.key[0]).filter((k): k is string => typeof k === 'string'));
}

/** Each subject's band of days since the last completed record. */
export async function bandsOf(frame: Frame, formId: string, per: 'child' | 'worker', every: Interval): Promise<(id: string) => DaysBand> {
  const [one, two, ever] = await Promise.all([doneSince(frame, formId, per, cutoffOf(every, frame.today, 1)), doneSince(frame, formId, per, cutoffOf(every, frame.today, 2)), doneSince(frame, formId, per, undefined)]);
  return (id) => (one.has(id) ? 'within' : two.has(id) ? 'one-to-two' : ever.has(id) ? 'over-two' : 'never');
}

export function ruleWords(info: DashboardFormInfo): string | undefined {
  const s = info.schedule;
  if (!s) return undefined;
  if (s.per === 'child') return `Every allocated child at least every ${intervalWords(s.every)}`;
  if (s.per === 'worker') return `Every worker at least every ${intervalWords(s.every)}`;
  const from = fieldLabel(info.version, s.from);
  return `Each record within ${intervalWords(s.within)} of ${from === s.from ? `the date at ${from}` : `the ${lowerFirst(from)}`}`;
}

export async function subjectsOf(frame: Frame, per: 'child' | 'worker'): Promise<Subjects> {
  return per === 'child' ? { per, items: (await childrenInScope(frame)).filter((c) => c.allocatedWorkerId !== undefined) } : { per, items: await workersInScope(frame) };
}

export async function supervisionDashboard(frame: Frame): Promise<Omit<Dashboard, 'id' | 'title' | 'scope' | 'filters' | 'generatedAt'>> {
  const forms = (await publishedForms(frame.ctx)).filter((f) => f.schedule?.per === 'child' || f.schedule?.per === 'worker');
  const figures: Figure[] = [];
  const charts: Chart[] = [];
  const sentences: string[] = [];
  const cache = new Map<string, Subjects>();
  const where = whereScope(frame);
  for (const info of forms) {
    const rule = info.schedule as { per: 'child' | 'worker'; every: Interval };
    const per = rule.per;
    const subjects = cache.get(per) ?? (await subjectsOf(frame, per));
    cache.set(per, subjects);
    const band = await bandsOf(frame, info.form.id, per, rule.every);
    const noun = per === 'child' ? 'child' : 'worker';
    const nouns = per === 'child' ? 'children' : 'workers';
    const list = per === 'child' ? 'overdue-children' : 'overdue-workers';
    const bandList = per === 'child' ? 'children-by-band' : 'workers-by-band';
    const title = info.form.title;
    const counts: Record<DaysBand, number> = { never: 0, within: 0, 'one-to-two': 0, 'over-two': 0 };
    const byWorker = new Map<string, { overdue: number; within: number }>();
    const byTeam = new Map<string, { overdue: number; within: number }>();
    for (const s of subjects.items) {
      const b = band(s.id);
      counts[b]++;
      const key = b === 'within' ? 'within' : 'overdue';
      const team = s.team ?? '';
      const t = byTeam.get(team) ?? { overdue: 0, within: 0 };
      t[key]++;
      byTeam.set(team, t);
      if (subjects.per === 'child') {
        const w = (s as Child).allocatedWorkerId!;
        const c = byWorker.get(w) ?? { overdue: 0, within: 0 };
        c[key]++;
        byWorker.set(w, c);
      }
    }
    const overdue = subjects.items.length - counts.within;
    const id = info.form.id;
    figures.push(
      { id: `${id}.overdue`, label: `${title}: ${nouns} overdue`, value: overdue, unit: per === 'child' ? 'children' : 'workers', drill: drill(frame, list, `${cap(nouns)} overdue for ${title} in ${where}`, { form: id }) },
      { id: `${id}.never`, label: `${title}: ${nouns} with none completed`, value: counts.never, unit: per === 'child' ? 'children' : 'workers', drill: drill(frame, bandList, `${cap(nouns)} with no completed ${title} yet in ${where}`, { form: id, band: 'never' }) },
      { id: `${id}.in-time`, label: `${title}: ${nouns} in time`, value: counts.within, unit: per === 'child' ? 'children' : 'workers', drill: drill(frame, bandList, `${cap(nouns)} in time for ${title} in ${where}`, { form: id, band: 'within' }) },
    );
    sentences.push(`${overdue} of ${plural(subjects.items.length, noun, nouns)} in ${where} ${overdue === 1 ? 'is' : 'are'} overdue for ${title} (${lowerFirst(ruleWords(info)!)}); ${counts.never} ${counts.never === 1 ? 'has' : 'have'} none completed yet.`);

    charts.push({
      id: `${id}.bands`,
      title: `${title}: time since the last one`,
      kind: 'bar',
      summary: `Of ${plural(subjects.items.length, noun, nouns)}: ${(Object.keys(counts) as DaysBand[]).map((b) => `${DAYS_BAND_LABELS[b].toLowerCase()} ${counts[b]}`).join(', ')} (one interval is ${intervalWords(rule.every)}).`,
      xLabel: 'Time since the last one',
      yLabel: cap(nouns),
      series: [{ key: 'count', label: cap(nouns) }],
      rows: (Object.keys(counts) as DaysBand[]).map((b) => ({ x: DAYS_BAND_LABELS[b], values: { count: counts[b] }, drill: { count: drill(frame, bandList, b === 'never' ? `${cap(nouns)} with no completed ${title} yet in ${where}` : `${cap(nouns)} whose last ${title} was ${LAST_WAS[b]} in ${where}`, { form: id, band: b }) } })),
    });

    if (subjects.per === 'child') {
      const names = new Map((await workerNames(frame, [...byWorker.keys()])).map((w) => [w.id, w.name]));
      const rows = [...byWorker].sort((a, b) => b[1].overdue - a[1].overdue || (names.get(a[0]) ?? a[0]).localeCompare(names.get(b[0]) ?? b[0]));
      charts.push({
        id: `${id}.workers`,
        title: `${title}: children overdue per allocated worker`,
        kind: 'stacked-bar',
        summary: rows.length ? `Most overdue: ${rows.slice(0, 3).map(([w, c]) => `${names.get(w) ?? w} ${c.overdue}`).join(', ')}.` : 'No allocated children in scope.',
        xLabel: 'Allocated worker',
        yLabel: 'Children',
        series: [{ key: 'overdue', label: 'Overdue' }, { key: 'within', label: 'In time' }],
        rows: rows.map(([w, c]) => ({
          x: names.get(w) ?? w,
          values: { overdue: c.overdue, within: c.within },
          drill: { overdue: drill(frame, 'overdue-children', `Children allocated to ${names.get(w) ?? w} overdue for ${title}`, { form: id, worker: w }), within: drill(frame, 'children-by-band', `Children allocated to ${names.get(w) ?? w} in time for ${title}`, { form: id, worker: w, band: 'within' }) },
        })),
      });
    }
    const teams = [...byTeam].sort((a, b) => teamName(frame, a[0]).localeCompare(teamName(frame, b[0])));
    charts.push({
      id: `${id}.teams`,
      title: `${title}: ${nouns} overdue per team`,
      kind: 'stacked-bar',
      summary: teams.length ? teams.map(([t, c]) => `${teamName(frame, t)}: ${c.overdue} overdue, ${c.within} in time`).join('; ') + '.' : `No ${nouns} in scope.`,
      xLabel: 'Team',
      yLabel: cap(nouns),
      series: [{ key: 'overdue', label: 'Overdue' }, { key: 'within', label: 'In time' }],
      rows: teams.map(([t, c]) => ({
        x: teamName(frame, t),
        values: { overdue: c.overdue, within: c.within },
        drill: { overdue: drill(frame, list, `${cap(nouns)} in ${teamName(frame, t)} overdue for ${title}`, { form: id, team: t }), within: drill(frame, bandList, `${cap(nouns)} in ${teamName(frame, t)} in time for ${title}`, { form: id, team: t, band: 'within' }) },
      })),
    });

    // Completed per month, about the subjects in scope.
    const months = monthsOf(frame.filters.from, frame.filters.to);
    const trendRows = await tallyIn(
      frame,
      { source: 'submissions', where: [{ field: 'formId', op: 'eq', value: id }, { field: 'timeliness.doneOn', op: 'gte', value: frame.filters.from }, { field: 'timeliness.doneOn', op: 'lt', value: nextDay(frame.filters.to) }], by: ['timeliness.month'] },
      frame.everything ? undefined : { field: subjectField(per), values: subjects.items.map((s) => s.id) },
    );
    const perMonth = new Map(trendRows.map((r) => [String(r.key[0]), r.count]));
    const total = [...perMonth.values()].reduce((a, b) => a + b, 0);
    charts.push({
      id: `${id}.trend`,
      title: `${title}: completed each month`,
      kind: 'line',
      summary: `${plural(total, `${title} record`)} completed ${rangeWords(frame.filters)}${months.length ? `; ${perMonth.get(months.at(-1)!) ?? 0} in ${monthWords(months.at(-1)!)}` : ''}.`,
      xLabel: 'Month',
      yLabel: 'Completed',
      series: [{ key: 'completed', label: 'Completed' }],
      rows: months.map((m) => ({ x: m, values: { completed: perMonth.get(m) ?? 0 }, drill: { completed: drill(frame, 'completed-records', `${title} completed in ${monthWords(m)}`, { form: id, month: m, by: per }) } })),
    });
    figures.push({ id: `${id}.completed`, label: `${title}: completed in the range`, value: total, unit: 'records', drill: drill(frame, 'completed-records', `${title} completed ${rangeWords(frame.filters)}`, { form: id, by: per }) });
  }
  return {
    summary: forms.length ? sentences.join(' ') : 'No published form has a per-child or per-worker schedule yet.',
    forms: forms.map((f) => ({ id: f.form.id, title: f.form.title, ...(ruleWords(f) ? { rule: ruleWords(f)! } : {}) })),
    figures,
    charts,
    ...(forms.length ? {} : { notes: ['An analyst sets how often a form is due (per child or per worker) in the designer; its dashboard appears once a version with a schedule is published.'] }),
  };
}

export async function workerNames(frame: Frame, ids: string[]): Promise<Worker[]> {
  const out: Worker[] = [];
  for (let i = 0; i < ids.length; i += 1000) out.push(...(await frame.ctx.store.getWorkers(ids.slice(i, i + 1000))));
  return out;
}

export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
