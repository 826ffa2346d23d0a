/**
 * /api/dashboards: the dashboards (supervision, audits, actions, return to work, forms) for
 * managers (their team), heads of service (their service area) and quality assurance (every
 * team), their CSV, and the lists behind every number (drill-downs, also as CSV). Every read is
 * logged (`dashboard.read`, with the filters and the list, never names).
 */
import { Router, type Request, type Response } from 'express';
import type { Account } from '../../accounts/model.js';
import type { EngineContext } from '../../context.js';
import { frameOf } from '../../dashboards/common.js';
import { columnsOf, drillPage, type DrillParams } from '../../dashboards/drill.js';
import { buildDashboard, dashboardCsv, dashboardIndex, drillCsv, type RawFilters } from '../../dashboards/index.js';
import { drillTitle } from '../../dashboards/titles.js';
import { DASHBOARD_IDS, DAYS_BAND_LABELS, DRILL_LISTS, drillCsvHref, type DashboardId, type DaysBand, type DrillItem } from '../../dashboards/model.js';
import { readerFor } from '../../directory/access.js';
import { NotFoundError } from '../../errors.js';
import { newEvent } from '../../store/events.js';
import { accountOf, param, requires } from '../auth.js';
import { QueryReader } from '../query.js';

const TEAM = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const FORM = /^[a-z][a-z0-9-]{2,63}$/;
const WORKER = /^[A-Za-z0-9][A-Za-z0-9/_-]{0,19}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const POINTER = /^(\/[A-Za-z_][A-Za-z0-9_]{0,63}){1,7}$/;
const CURSOR = /^[A-Za-z0-9_.:-]{1,200}$/;
/** A drill-down's CSV holds at most this many rows. */
const CSV_ROWS = 10_000;

function dashboardOf(raw: string): { id: DashboardId; csv: boolean } {
  const csv = raw.endsWith('.csv');
  const id = csv ? raw.slice(0, -4) : raw;
  if (!(DASHBOARD_IDS as readonly string[]).includes(id)) throw new NotFoundError(`There is no dashboard "${id}": there are ${DASHBOARD_IDS.join(', ')}.`);
  return { id: id as DashboardId, csv };
}

function filters(q: QueryReader): RawFilters {
  const team = q.string('team', TEAM, 'a team id');
  const from = q.string('from', DAY, 'a date written YYYY-MM-DD');
  const to = q.string('to', DAY, 'a date written YYYY-MM-DD');
  return { ...(team ? { team } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

function drillParams(q: QueryReader): DrillParams {
  const list = q.oneOf('list', DRILL_LISTS);
  if (!list) q.refuse('list', `Give "list": one of ${DRILL_LISTS.join(', ')}.`);
  const form = q.string('form', FORM, 'a form id');
  const worker = q.string('worker', WORKER, 'an ICS worker id');
  const band = q.oneOf('band', Object.keys(DAYS_BAND_LABELS) as DaysBand[]);
  const month = q.string('month', MONTH, 'a month written YYYY-MM');
  const status = q.oneOf('status', ['open', 'overdue', 'not-due', 'done', 'draft', 'submitted', 'planned', 'done-on-time', 'done-late'] as const);
  const by = q.oneOf('by', ['team', 'child', 'worker'] as const);
  const field = q.string('field', POINTER, 'an answer’s path such as /overall/grade');
  const value = q.string('value', /^.{1,200}$/s, 'an answer written as JSON');
  const onTime = q.oneOf('onTime', ['true', 'false'] as const);
  const moderated = q.oneOf('moderated', ['true', 'false'] as const);
  return {
    list: list ?? 'records',
    ...(form ? { form } : {}),
    ...(worker ? { worker } : {}),
    ...(band ? { band } : {}),
    ...(month ? { month } : {}),
    ...(status ? { status } : {}),
    ...(by ? { by } : {}),
    ...(field ? { field } : {}),
    ...(value !== undefined ? { value } : {}),
    ...(onTime ? { onTime: onTime === 'true' } : {}),
    ...(moderated === 'true' ? { moderated: true } : {}),
  };
}

async function logRead(ctx: EngineContext, account: Account, id: DashboardId, details: Record<string, unknown>): Promise<void> {
  await ctx.store.appendEvent(newEvent(ctx.now(), account.id, 'dashboard.read', 'dashboard', id, details));
}

function sendCsv(res: Response, name: string, body: string): void {
  res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
  res.setHeader('Cache-Control', 'no-store');
  res.type('text/csv; charset=utf-8').send(body);
}

export function dashboardRoutes(ctx: EngineContext): Router {
  const r = Router();

  r.get('/', requires('dashboards:read'), async (_req, res) => {
    res.json(await dashboardIndex(ctx, accountOf(res)));
  });

  r.get('/:dashboard', requires('dashboards:read'), async (req, res) => {
    const { id, csv } = dashboardOf(param(req, 'dashboard'));
    const q = new QueryReader(req);
    const raw = filters(q);
    q.done();
    const account = accountOf(res);
    const d = await buildDashboard(ctx, account, id, raw);
    await logRead(ctx, account, id, { filters: d.filters, scope: d.scope.kind, ...(csv ? { format: 'csv' } : {}) });
    if (csv) sendCsv(res, `${id}-${d.filters.from}-${d.filters.to}`, dashboardCsv(d));
    else {
      res.setHeader('Cache-Control', 'no-store');
      res.json(d);
    }
  });

  const drill = async (req: Request, res: Response, csv: boolean) => {
    const { id } = dashboardOf(param(req, 'dashboard'));
    const q = new QueryReader(req);
    const raw = filters(q);
    const params = drillParams(q);
    const after = csv ? undefined : q.string('after', CURSOR, 'the next of the page before');
    const limit = csv ? undefined : q.int('limit', 1, 200);
    q.done();
    const account = accountOf(res);
    const frame = await frameOf(ctx, account, id, raw);
    const reader = await readerFor(ctx, account);
    const kept = Object.entries(req.query as Record<string, string>).filter(([k]) => k !== 'after' && k !== 'limit');
    const href = `${req.baseUrl}/${id}/drill?${new URLSearchParams(kept).toString()}`;
    await logRead(ctx, account, id, { filters: frame.filters, scope: frame.scope.kind, list: params.list, ...(csv ? { format: 'csv' } : {}) });
    if (!csv) {
      const page = await drillPage(frame, reader, { ...params, title: await drillTitle(frame, params) }, { limit: limit ?? 50, ...(after ? { after } : {}) });
      res.setHeader('Cache-Control', 'no-store');
      res.json({ ...page, csv: drillCsvHref(href) });
      return;
    }
    const items: DrillItem[] = [];
    let next: string | undefined;
    do {
      const page = await drillPage(frame, reader, params, { limit: 500, ...(next ? { after: next } : {}) });
      items.push(...page.items);
      next = page.next ?? undefined;
    } while (next && items.length < CSV_ROWS);
    sendCsv(res, `${id}-${params.list}-${frame.filters.from}-${frame.filters.to}`, drillCsv(columnsOf(params.list), items.slice(0, CSV_ROWS)));
  };
  r.get('/:dashboard/drill', requires('dashboards:read'), (req, res) => drill(req, res, false));
  r.get('/:dashboard/drill.csv', requires('dashboards:read'), (req, res) => drill(req, res, true));
  return r;
}
