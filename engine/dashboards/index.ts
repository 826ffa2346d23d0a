/** Builds a dashboard for a reader, and its CSV. */
import { stringify } from 'csv-stringify/sync';
import type { Account } from '../accounts/model.js';
import type { EngineContext } from '../context.js';
import { csvCell } from '../submissions/csv-cell.js';
import { actionsDashboard } from './actions.js';
import { auditsDashboard } from './audits.js';
import { frameOf, scopeOf, type Frame } from './common.js';
import { formsDashboard } from './forms.js';
import { DASHBOARD_IDS, DASHBOARD_TITLES, type Dashboard, type DashboardId, type DashboardIndex, type DrillItem, type TableColumn } from './model.js';
import { returnToWorkDashboard } from './return-to-work.js';
import { supervisionDashboard } from './supervision.js';

const BUILDERS: Record<DashboardId, (frame: Frame) => Promise<Omit<Dashboard, 'id' | 'title' | 'scope' | 'filters' | 'generatedAt'>>> = {
  supervision: supervisionDashboard,
  audits: auditsDashboard,
  actions: actionsDashboard,
  'return-to-work': returnToWorkDashboard,
  forms: formsDashboard,
};

export interface RawFilters {
  team?: string;
  from?: string;
  to?: string;
}

export async function dashboardIndex(ctx: EngineContext, account: Account): Promise<DashboardIndex> {
  const scope = await scopeOf(ctx, account);
  return { scope, dashboards: DASHBOARD_IDS.map((id) => ({ id, title: DASHBOARD_TITLES[id], href: `/api/dashboards/${id}` })) };
}

export async function buildDashboard(ctx: EngineContext, account: Account, id: DashboardId, raw: RawFilters): Promise<Dashboard> {
  const frame = await frameOf(ctx, account, id, raw);
  const built = await BUILDERS[id](frame);
  return { id, title: DASHBOARD_TITLES[id], scope: frame.scope, filters: frame.filters, generatedAt: ctx.now().toISOString(), ...built };
}

/** Every figure, then every chart's and table's rows: one line per number. */
export function dashboardCsv(d: Dashboard): string {
  const rows: unknown[][] = [];
  for (const f of d.figures) rows.push(['Figure', f.label, '', '', f.value, f.unit ?? '']);
  for (const c of d.charts) {
    for (const r of c.rows) for (const s of c.series) rows.push([c.title, s.label, c.xLabel, r.x, r.values[s.key] ?? 0, '']);
  }
  for (const t of d.tables ?? []) {
    const [first, ...rest] = t.columns;
    for (const r of t.rows) for (const col of rest) rows.push([t.title, col.label, first?.label ?? '', String(r.cells[first?.key ?? ''] ?? ''), r.cells[col.key] ?? '', col.unit ?? '']);
  }
  const head = [`${d.title}: ${d.scope.teams.map((t) => t.name).join(', ')}`, `from ${d.filters.from} to ${d.filters.to}`, `generated ${d.generatedAt}`];
  return '\ufeff' + stringify([head, ['Chart or figure', 'Series', 'Axis', 'Value of the axis', 'Count', 'Unit'], ...rows].map((r) => r.map((v) => csvCell(v, 'joined'))));
}

export function drillCsv(columns: TableColumn[], items: DrillItem[]): string {
  return '\ufeff' + stringify([columns.map((c) => csvCell(c.label, 'joined')), ...items.map((i) => columns.map((c) => csvCell((i as unknown as Record<string, unknown>)[c.key], 'joined')))]);
}
