/**
 * A dashboard's filters in the address (`/dashboards/supervision?team=T1&from=2026-01-01&to=2026-06-30`),
 * so a reload or a shared link shows the same figures, and the checks on what was typed into the
 * filter form before it is applied.
 */
import { dayNumber } from '../../engine/forms/calculations/dates.js';
import { dateTarget, readDateParts, type DateParts } from '../components/DateField.js';
import { DASHBOARD_IDS, DASHBOARD_TITLES, type DashboardFilters, type DashboardId } from './model.js';

export const DASHBOARDS: ReadonlyArray<readonly [DashboardId, string]> = DASHBOARD_IDS.map((id) => [id, DASHBOARD_TITLES[id]] as const);

export const isDashboardId = (id: string): id is DashboardId => DASHBOARDS.some(([d]) => d === id);

/** What the address asks for: any of team, from and to (the server chooses the rest). */
export type AskedFilters = Partial<DashboardFilters>;

const isDay = (v: string | null): v is string => v !== null && dayNumber(v) !== undefined;

/** The filters in an address's query; dates that are not real dates are left out (the server's defaults apply). */
export function readFilters(search: string): AskedFilters {
  const q = new URLSearchParams(search);
  const out: AskedFilters = {};
  const team = q.get('team');
  if (team) out.team = team;
  const from = q.get('from');
  if (isDay(from)) out.from = from;
  const to = q.get('to');
  if (isDay(to)) out.to = to;
  return out;
}

/** The query for the filters (`team=…&from=…&to=…`), without `?`; empty when there are none. */
export function filterQuery(f: AskedFilters): string {
  const q = new URLSearchParams();
  if (f.team) q.set('team', f.team);
  if (f.from) q.set('from', f.from);
  if (f.to) q.set('to', f.to);
  return q.toString();
}

const withQuery = (path: string, query: string) => (query ? `${path}?${query}` : path);

/** The app's address of a dashboard with its filters. */
export const dashboardHref = (id: DashboardId, f: AskedFilters = {}) => withQuery(`/dashboards/${id}`, filterQuery(f));
/** The API's address of a dashboard (JSON) and its CSV. */
export const dashboardApiPath = (id: DashboardId, f: AskedFilters = {}) => withQuery(`/api/dashboards/${encodeURIComponent(id)}`, filterQuery(f));
export const dashboardCsvPath = (id: DashboardId, f: AskedFilters = {}) => withQuery(`/api/dashboards/${encodeURIComponent(id)}.csv`, filterQuery(f));

/**
 * A drill-down list's page in the app for the API path behind a number: the same path without
 * `/api` (`/api/dashboards/supervision/drill?list=overdue-children&…` → `/dashboards/supervision/drill?list=overdue-children&…`).
 * Null for anything that is not a dashboard list, so a link made elsewhere cannot point the page at another API.
 */
export function drillPageHref(apiHref: string): string | null {
  return /^\/api\/dashboards\/[A-Za-z0-9-]+\/[^?#]+/.test(apiHref) && !apiHref.includes('..') ? apiHref.slice('/api'.length) : null;
}

/** The reverse: the API path a drill-down page reads. */
export function drillApiPath(pagePath: string, search: string): string | null {
  const api = `/api${pagePath}${search ? (search.startsWith('?') ? search : `?${search}`) : ''}`;
  return drillPageHref(api) ? api : null;
}

/** What the filter form holds while someone types: the team and the three boxes of each date. */
export interface FilterForm {
  team: string;
  from: DateParts;
  to: DateParts;
}

export interface FilterProblem {
  field: 'from' | 'to';
  /** The boxes to mark as wrong (all three when it is the whole date). */
  parts: Array<keyof DateParts>;
  message: string;
}

/** The id of a date's first wrong box, for the error summary's link (the Day box carries the date's own id). */
export const problemTarget = (p: FilterProblem) => dateTarget(p.field, p);

const WORDS = { from: 'start date', to: 'end date' } as const;
const ALL: Array<keyof DateParts> = ['day', 'month', 'year'];

/** One date's boxes: the date, or what is wrong with it in GOV.UK's words. */
function readDate(field: 'from' | 'to', parts: DateParts): { day: string } | FilterProblem {
  const read = readDateParts(WORDS[field], parts);
  return 'day' in read ? read : { field, ...read };
}

/** The filters to apply, or the problems to list (each date checked, then the one against the other). */
export function checkFilters(form: FilterForm): { filters: AskedFilters } | { problems: FilterProblem[] } {
  const from = readDate('from', form.from);
  const to = readDate('to', form.to);
  const problems = [from, to].filter((r): r is FilterProblem => 'message' in r);
  if (problems.length) return { problems };
  const [f, t] = [(from as { day: string }).day, (to as { day: string }).day];
  if (dayNumber(f)! > dayNumber(t)!) return { problems: [{ field: 'to', parts: ALL, message: 'The end date must be the same as or after the start date' }] };
  return { filters: { ...(form.team ? { team: form.team } : {}), from: f, to: t } };
}
