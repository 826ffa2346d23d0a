/** The team page's view and filters, kept in the address (`/team?view=actions&worker=W3&overdue=true`). */

export type View = 'records' | 'workers' | 'actions';
export const VIEWS: ReadonlyArray<readonly [View, string]> = [
  ['records', 'Records waiting'],
  ['workers', 'Actions by worker'],
  ['actions', 'Team actions'],
];

export interface TeamFilters {
  view: View;
  overdue: boolean;
  worker: string;
}

export function teamFilters(search: string): TeamFilters {
  const q = new URLSearchParams(search);
  const view = VIEWS.find(([v]) => v === q.get('view'))?.[0] ?? 'records';
  return { view, overdue: q.get('overdue') === 'true', worker: q.get('worker') ?? '' };
}

export function teamHref(f: Partial<TeamFilters>): string {
  const q = new URLSearchParams();
  if (f.view && f.view !== 'records') q.set('view', f.view);
  if (f.worker) q.set('worker', f.worker);
  if (f.overdue) q.set('overdue', 'true');
  const s = q.toString();
  return s ? `/team?${s}` : '/team';
}
