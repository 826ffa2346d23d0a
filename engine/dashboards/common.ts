/**
 * What every dashboard shares: the reader's scope (their team, their service area, every team),
 * the filters (team, from, to), the dates a schedule's cutoff is counted from, links to the lists
 * behind the numbers, medians from histograms, and the forms whose `x-schedule` / `x-measures`
 * put them on a dashboard (published.ts). Counts come only from the store's aggregates (tally, listChildren):
 * never from loading every record.
 */
import type { Account } from '../accounts/model.js';
import { can } from '../accounts/permissions.js';
import type { EngineContext } from '../context.js';
import type { Child, Team } from '../directory/model.js';
import { oversightOf } from '../directory/oversight.js';
import { DomainError, InvalidRequestError, type FieldError } from '../errors.js';
import { TALLY_LIMITS } from '../store/tally.js';
import { dateOf, dayNumber } from '../forms/calculations/dates.js';
import { addInterval, cutoffFor } from '../timeliness/schedule.js';
import { londonToday } from '../forms/calculations/evaluate.js';
import type { FormVersion } from '../forms/model.js';
import type { Interval, TallyCondition, TallyQuery, TallyRow, TallyValue } from '../timeliness/model.js';
import type { DashboardFilters, DashboardId, DashboardScope, DrillLink, DrillList, TeamRef } from './model.js';

/** The store's aggregate reads the dashboards are built from. */
export type Aggregates = Pick<EngineContext['store'], 'tally' | 'listChildren'>;

export function aggregates(ctx: EngineContext): Aggregates {
  return ctx.store;
}

/** The longest range the filters take, in months. */
export const MAX_MONTHS = 36;
/** `in` conditions are sent in chunks of this many values (the most a tally takes: a head of service's children in one). */
const IN_CHUNK = TALLY_LIMITS.inValues;

/** What a dashboard is counted over: the teams in scope (after the team filter), dates, today. */
export interface Frame {
  ctx: EngineContext;
  account: Account;
  dashboard: DashboardId;
  scope: DashboardScope;
  filters: DashboardFilters;
  /** Team ids counted (the filtered team, or every team in scope). */
  teams: string[];
  /** True when every team is counted with no team filter (QA, no filter): no team condition needed. */
  everything: boolean;
  today: string;
  teamNames: Map<string, string>;
}

/** The reader's scope from what they oversee (engine/directory/oversight.ts) and the directory's teams; a 403 problem for those with none. */
export async function scopeOf(ctx: EngineContext, account: Account): Promise<DashboardScope> {
  if (!can(account, 'dashboards:read')) throw new DomainError('forbidden', `Dashboards are for managers, heads of service and quality assurance; your role (${account.role}) has none.`);
  const teams = await ctx.store.listDirectoryTeams();
  const ref = (t: Pick<Team, 'id' | 'name'>): TeamRef => ({ id: t.id, name: t.name });
  const oversight = await oversightOf(account, async () => teams);
  if (oversight.kind === 'all') return { kind: 'all', teams: teams.map(ref) };
  if (oversight.kind === 'service-area') return { kind: 'service-area', serviceArea: oversight.serviceArea, teams: oversight.teams.map(ref) };
  const mine = teams.find((t) => t.id === oversight.team);
  return { kind: 'team', teams: [mine ? ref(mine) : { id: oversight.team, name: oversight.team }] };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `date` moved by whole months (the day kept, or the month's last day). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  return dateOf(dayNumber(date)! + days)!;
}

export function daysBetween(from: string, to: string): number {
  return dayNumber(to)! - dayNumber(from)!;
}

/** Reads team, from and to (already checked for form by the route) against the scope: problems name the parameter. */
export function filtersOf(scope: DashboardScope, today: string, raw: { team?: string; from?: string; to?: string }): DashboardFilters {
  const errors: FieldError[] = [];
  const bad = (name: string, message: string) => errors.push({ pointer: `/query/${name}`, message });
  for (const name of ['from', 'to'] as const) {
    const v = raw[name];
    if (v !== undefined && (!DATE.test(v) || dayNumber(v) === undefined)) bad(name, `"${name}" must be a date written YYYY-MM-DD, e.g. 2026-03-27.`);
  }
  if (errors.length) throw new InvalidRequestError('Some query parameters are not valid.', errors);
  const to = raw.to ?? today;
  const from = raw.from ?? addDays(addMonths(to, -12), 1);
  if (from > to) bad('from', `The range must start on or before its end (${to}).`);
  else if (from < addMonths(to, -MAX_MONTHS)) bad('from', `The range can be at most ${MAX_MONTHS} months long: start on or after ${addMonths(to, -MAX_MONTHS)}.`);
  if (errors.length) throw new InvalidRequestError('The date range is not valid.', errors);
  if (raw.team !== undefined && !scope.teams.some((t) => t.id === raw.team)) {
    const message = `Team "${raw.team}" is not one of the teams your dashboards cover (${scope.teams.map((t) => t.name).join(', ')}).`;
    throw new DomainError('forbidden', message, [{ pointer: '/query/team', message }]);
  }
  return { ...(raw.team !== undefined ? { team: raw.team } : {}), from, to };
}

export async function frameOf(ctx: EngineContext, account: Account, dashboard: DashboardId, raw: { team?: string; from?: string; to?: string }): Promise<Frame> {
  const scope = await scopeOf(ctx, account);
  const today = londonToday(ctx.now());
  const filters = filtersOf(scope, today, raw);
  const teams = filters.team ? [filters.team] : scope.teams.map((t) => t.id);
  return { ctx, account, dashboard, scope, filters, teams, everything: scope.kind === 'all' && !filters.team, today, teamNames: new Map(scope.teams.map((t) => [t.id, t.name])) };
}

export function teamName(frame: Frame, id: string | null | undefined): string {
  return id ? (frame.teamNames.get(id) ?? id) : 'No team';
}

/** The London instant a day starts, as ISO (for createdAt ranges). */
export function londonStart(date: string): string {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  // In summer time London's midnight is 23:00 UTC the day before.
  return new Date(londonToday(new Date(t - 3_600_000)) === date ? t - 3_600_000 : t).toISOString();
}

export function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from.slice(0, 7); m <= to.slice(0, 7); m = addMonths(`${m}-01`, 1).slice(0, 7)) out.push(m);
  return out;
}

/** The earliest done date that keeps a subject in time today (`times` intervals back: the bands of days since the last). */
export function cutoffOf(every: Interval, today: string, times = 1): string {
  const scaled: Interval = 'weeks' in every ? { weeks: every.weeks * times } : 'months' in every ? { months: every.months * times } : { workingDays: every.workingDays * times };
  return cutoffFor({ per: 'child', every: scaled }, today);
}

/** When a subject last done on `last` is next due. */
export function nextDueOf(every: Interval, last: string): string {
  return addInterval(last, every);
}

export function intervalWords(every: Interval): string {
  if ('weeks' in every) return `${every.weeks} week${every.weeks === 1 ? '' : 's'}`;
  if ('months' in every) return `${every.months} month${every.months === 1 ? '' : 's'}`;
  return `${every.workingDays} working day${every.workingDays === 1 ? '' : 's'}`;
}

/** The median of a histogram (value → count); null when empty. The lower middle for an even count. */
export function medianOf(histogram: ReadonlyArray<readonly [number, number]>): number | null {
  const sorted = histogram.filter(([v, n]) => Number.isFinite(v) && n > 0).sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((s, [, n]) => s + n, 0);
  if (!total) return null;
  let seen = 0;
  for (const [v, n] of sorted) {
    seen += n;
    if (seen * 2 >= total) return v;
  }
  return null;
}

/** Runs a tally, splitting one `in` condition with many values into chunks and adding the rows up. */
export async function tallyIn(frame: Frame, query: TallyQuery, big?: { field: string; values: TallyValue[] }): Promise<TallyRow[]> {
  const agg = aggregates(frame.ctx);
  if (!big) return agg.tally(query);
  if (!big.values.length) return [];
  const sums = new Map<string, TallyRow>();
  for (let i = 0; i < big.values.length; i += IN_CHUNK) {
    const where: TallyCondition[] = [...(query.where ?? []), { field: big.field, op: 'in', values: big.values.slice(i, i + IN_CHUNK) }];
    for (const row of await agg.tally({ ...query, where })) {
      const k = JSON.stringify(row.key);
      const had = sums.get(k);
      if (had) had.count += row.count;
      else sums.set(k, { key: [...row.key], count: row.count });
    }
  }
  return [...sums.values()];
}

/** The team condition for records (author's team) or actions (owner's team); none when counting everything. */
export function teamWhere(frame: Frame, field = 'team'): TallyCondition[] {
  return frame.everything ? [] : [{ field, op: 'in', values: frame.teams }];
}

/** Children in the teams counted (every page of listChildren), not merged into another. */
export async function childrenInScope(frame: Frame): Promise<Child[]> {
  const agg = aggregates(frame.ctx);
  const out: Child[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await agg.listChildren(frame.everything ? {} : { teams: frame.teams }, { limit: 1000, ...(after ? { after } : {}) });
    out.push(...page.items.filter((c) => c.mergedInto === undefined));
    if (!page.next) return out;
    after = page.next;
  }
}

// ---------------------------------------------------------------------------------------------
// Forms on the dashboards (published.ts)

/** A field's label: the x-measures label, else the schema title at that pointer, else the pointer. */
export function fieldLabel(version: FormVersion, pointer: string, label?: string): string {
  if (label) return label;
  let node: unknown = version.schema;
  for (const part of pointer.replace(/^\//, '').split('/')) {
    const props = (node as { properties?: Record<string, unknown> } | undefined)?.properties;
    node = props?.[part];
  }
  const title = (node as { title?: unknown } | undefined)?.title;
  return typeof title === 'string' ? title : pointer;
}

// ---------------------------------------------------------------------------------------------
// Links

/** The link to a list behind a number: the frame's filters and the list's own parameters. */
export function drill(frame: Frame, list: DrillList, label: string, params: Record<string, string | number | boolean | undefined> = {}): DrillLink {
  const q = new URLSearchParams({ list });
  for (const [k, v] of Object.entries({ ...params, team: params.team ?? frame.filters.team, from: frame.filters.from, to: frame.filters.to })) {
    if (v !== undefined) q.set(k, String(v));
  }
  return { href: `/api/dashboards/${frame.dashboard}/drill?${q.toString()}`, label };
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function percent(part: number, whole: number): number | null {
  return whole ? Math.round((part / whole) * 1000) / 10 : null;
}

export function whereScope(frame: Frame): string {
  if (frame.filters.team) return teamName(frame, frame.filters.team);
  if (frame.scope.kind === 'all') return 'every team';
  if (frame.scope.kind === 'service-area') return frame.scope.serviceArea ?? 'your service area';
  return teamName(frame, frame.teams[0]);
}
