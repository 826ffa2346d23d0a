/** Actions: open, overdue (open and due before today) and median days to close, per team. */
import { drill, medianOf, plural, tallyIn, teamName, teamWhere, whereScope, type Frame } from './common.js';
import type { Dashboard, DashboardTable } from './model.js';
import { nextDay } from './supervision.js';
import { rangeWords } from './words.js';

export async function actionsDashboard(frame: Frame): Promise<Omit<Dashboard, 'id' | 'title' | 'scope' | 'filters' | 'generatedAt'>> {
  const team = teamWhere(frame);
  const [open, overdue, closed] = await Promise.all([
    tallyIn(frame, { source: 'actions', where: [...team, { field: 'status', op: 'eq', value: 'open' }], by: ['team'] }),
    tallyIn(frame, { source: 'actions', where: [...team, { field: 'status', op: 'eq', value: 'open' }, { field: 'dueOn', op: 'lt', value: frame.today }], by: ['team'] }),
    tallyIn(frame, { source: 'actions', where: [...team, { field: 'status', op: 'eq', value: 'done' }, { field: 'doneOn', op: 'gte', value: frame.filters.from }, { field: 'doneOn', op: 'lt', value: nextDay(frame.filters.to) }], by: ['team', 'daysToClose'] }),
  ]);
  const teams = new Set<string>();
  const count = (rows: typeof open) => {
    const m = new Map<string, number>();
    for (const r of rows) {
      const t = String(r.key[0] ?? '');
      teams.add(t);
      m.set(t, (m.get(t) ?? 0) + r.count);
    }
    return m;
  };
  const openBy = count(open);
  const overdueBy = count(overdue);
  const closedBy = count(closed);
  const hist = new Map<string, Array<[number, number]>>();
  for (const r of closed) {
    const t = String(r.key[0] ?? '');
    if (typeof r.key[1] !== 'number') continue;
    hist.set(t, [...(hist.get(t) ?? []), [r.key[1], r.count]]);
  }
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const allHist = [...hist.values()].flat();
  const median = medianOf(allHist);
  const where = whereScope(frame);
  const rows = [...teams].sort((a, b) => teamName(frame, a).localeCompare(teamName(frame, b)));
  const teamParam = (t: string) => (t ? t : undefined);
  const table: DashboardTable = {
    id: 'teams',
    title: 'Actions per team',
    summary: rows.map((t) => `${teamName(frame, t)}: ${openBy.get(t) ?? 0} open, ${overdueBy.get(t) ?? 0} overdue`).join('; ') || 'No actions.',
    columns: [
      { key: 'team', label: 'Team' },
      { key: 'open', label: 'Open', unit: 'actions' },
      { key: 'overdue', label: 'Overdue', unit: 'actions' },
      { key: 'closed', label: 'Closed in the range', unit: 'actions' },
      { key: 'median', label: 'Median days to close', unit: 'days' },
    ],
    rows: rows.map((t) => ({
      key: t,
      cells: { team: teamName(frame, t), open: openBy.get(t) ?? 0, overdue: overdueBy.get(t) ?? 0, closed: closedBy.get(t) ?? 0, median: medianOf(hist.get(t) ?? []) },
      drill: {
        open: drill(frame, 'actions', `Open actions of ${teamName(frame, t)}`, { status: 'open', team: teamParam(t) }),
        overdue: drill(frame, 'actions', `Overdue actions of ${teamName(frame, t)}`, { status: 'overdue', team: teamParam(t) }),
        closed: drill(frame, 'actions', `Actions of ${teamName(frame, t)} closed ${rangeWords(frame.filters)}`, { status: 'done', team: teamParam(t) }),
        median: drill(frame, 'actions', `Actions of ${teamName(frame, t)} closed ${rangeWords(frame.filters)}`, { status: 'done', team: teamParam(t) }),
      },
    })),
  };
  const totalOpen = sum(openBy);
  const totalOverdue = sum(overdueBy);
  return {
    summary: `${totalOpen ? `${plural(totalOpen, 'action')} ${totalOpen === 1 ? 'is' : 'are'} open in ${where}, ${totalOverdue} of them overdue.` : `No actions are open in ${where}.`}${median !== null ? ` Actions closed ${rangeWords(frame.filters)} took a median of ${plural(median, 'day')}.` : ''}`,
    forms: [],
    figures: [
      { id: 'open', label: 'Open actions', value: totalOpen, unit: 'actions', drill: drill(frame, 'actions', `Open actions in ${where}`, { status: 'open' }) },
      { id: 'overdue', label: 'Overdue actions', value: totalOverdue, unit: 'actions', drill: drill(frame, 'actions', `Overdue actions in ${where}`, { status: 'overdue' }) },
      { id: 'closed', label: 'Closed in the range', value: sum(closedBy), unit: 'actions', drill: drill(frame, 'actions', `Actions closed ${rangeWords(frame.filters)} in ${where}`, { status: 'done' }) },
      { id: 'median', label: 'Median days to close', value: median, unit: 'days', drill: drill(frame, 'actions', `Actions closed ${rangeWords(frame.filters)} in ${where}`, { status: 'done' }) },
    ],
    charts: [
      {
        id: 'teams',
        title: 'Open actions per team',
        kind: 'stacked-bar',
        summary: table.summary,
        xLabel: 'Team',
        yLabel: 'Actions',
        series: [{ key: 'overdue', label: 'Overdue' }, { key: 'notDue', label: 'Open, not yet due' }],
        rows: rows.map((t) => ({
          x: teamName(frame, t),
          values: { overdue: overdueBy.get(t) ?? 0, notDue: (openBy.get(t) ?? 0) - (overdueBy.get(t) ?? 0) },
          drill: { overdue: table.rows.find((r) => r.key === t)!.drill!.overdue!, notDue: drill(frame, 'actions', `Open actions of ${teamName(frame, t)} not yet due`, { status: 'not-due', team: teamParam(t) }) },
        })),
      },
    ],
    tables: [table],
  };
}
