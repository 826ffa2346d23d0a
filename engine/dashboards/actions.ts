/** Actions: open, overdue (open and due before today) and median days to close, per team. */
import { drill, medianOf, plural, tallyIn, teamName, teamWhere, whereScope, type Frame } from './common.js';
import type { Dashboard } from './model.js';
import { countTable, tableBars } from './tables.js';
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
  const closedInRange = (t: string) => drill(frame, 'actions', `Actions of ${teamName(frame, t)} closed ${rangeWords(frame.filters)}`, { status: 'done', team: teamParam(t) });
  const table = countTable({
    id: 'teams',
    title: 'Actions per team',
    summary: rows.map((t) => `${teamName(frame, t)}: ${openBy.get(t) ?? 0} open, ${overdueBy.get(t) ?? 0} overdue`).join('; ') || 'No actions.',
    head: { key: 'team', label: 'Team' },
    keys: rows,
    name: (t) => teamName(frame, t),
    columns: [
      { key: 'open', label: 'Open', unit: 'actions', value: (t) => openBy.get(t) ?? 0, drill: (t) => drill(frame, 'actions', `Open actions of ${teamName(frame, t)}`, { status: 'open', team: teamParam(t) }) },
      { key: 'overdue', label: 'Overdue', unit: 'actions', value: (t) => overdueBy.get(t) ?? 0, drill: (t) => drill(frame, 'actions', `Overdue actions of ${teamName(frame, t)}`, { status: 'overdue', team: teamParam(t) }) },
      { key: 'closed', label: 'Closed in the range', unit: 'actions', value: (t) => closedBy.get(t) ?? 0, drill: closedInRange },
      { key: 'median', label: 'Median days to close', unit: 'days', value: (t) => medianOf(hist.get(t) ?? []), drill: closedInRange },
    ],
  });
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
      tableBars(table, {
        id: 'teams',
        title: 'Open actions per team',
        xLabel: 'Team',
        yLabel: 'Actions',
        series: [
          { key: 'overdue', label: 'Overdue', value: (r) => r.cells.overdue as number, drill: (r) => r.drill!.overdue! },
          { key: 'notDue', label: 'Open, not yet due', value: (r) => (r.cells.open as number) - (r.cells.overdue as number), drill: (r) => drill(frame, 'actions', `Open actions of ${teamName(frame, r.key)} not yet due`, { status: 'not-due', team: teamParam(r.key) }) },
        ],
      }),
    ],
    tables: [table],
  };
}
