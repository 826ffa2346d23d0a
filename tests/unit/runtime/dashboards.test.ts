/**
 * The dashboards' pure parts: a chart's numbers as its data table (the same numbers, the same
 * drill-down links), the chart colours' contrast against the page worked out rather than trusted,
 * the filters kept in the address (and read back the same), and the filter form's messages.
 */
import { describe, expect, it } from 'vitest';
import { chartData, chartTable, xText } from '../../../runtime/dashboards/chart-table.js';
import { checkFilters, dashboardCsvPath, dashboardHref, drillApiPath, drillPageHref, filterQuery, problemTarget, readFilters } from '../../../runtime/dashboards/filters.js';
import type { Chart } from '../../../runtime/dashboards/model.js';
import { PALETTE, contrast } from '../../../runtime/dashboards/palette.js';
import { figureValue, showingWho } from '../../../runtime/dashboards/DashboardPage.js';
import { teamChoices } from '../../../runtime/dashboards/Filters.js';

const drill = (list: string) => ({ href: `/api/dashboards/supervision/drill?list=${list}`, label: list });

const CHART: Chart = {
  id: 'overdue-by-month',
  title: 'Children overdue by month',
  kind: 'stacked-bar',
  summary: 'More children were overdue in March than in February.',
  xLabel: 'Month',
  yLabel: 'Children',
  series: [
    { key: 'x', label: 'Overdue' },
    { key: 'onTime', label: 'On time' },
  ],
  rows: [
    { x: '2026-02', values: { x: 2, onTime: 10 }, drill: { x: drill('feb-overdue') } },
    { x: '2026-03', values: { onTime: 7.25 } },
    { x: 'Children in need north', values: { x: 1, onTime: 0 } },
  ],
};

describe('runtime: a chart as its data table', () => {
  it('has a row per x value and a column per series, with the same numbers (0 where the server sent none)', () => {
    const t = chartTable(CHART);
    expect(t.caption).toBe('Children overdue by month');
    expect(t.headings).toEqual(['Month', 'Overdue', 'On time']);
    expect(t.rows.map((r) => [r.x, ...r.cells.map((c) => c.value)])).toEqual([
      ['February 2026', 2, 10],
      ['March 2026', 0, 7.25],
      ['Children in need north', 1, 0],
    ]);
  });

  it('keeps each number’s drill-down link in its cell, and none where there is none', () => {
    const t = chartTable(CHART);
    expect(t.rows[0]!.cells[0]!.drill).toEqual(drill('feb-overdue'));
    expect(t.rows[0]!.cells[1]!.drill).toBeUndefined();
    expect(t.rows[1]!.cells.every((c) => c.drill === undefined)).toBe(true);
  });

  it('gives the drawing the same numbers under keys of its own (a series called "x" does not clash with the x axis)', () => {
    expect(chartData(CHART)).toEqual([
      { x: 'February 2026', s0: 2, s1: 10 },
      { x: 'March 2026', s0: 0, s1: 7.25 },
      { x: 'Children in need north', s0: 1, s1: 0 },
    ]);
  });

  it('writes months in words and leaves other x values alone', () => {
    expect(xText('2026-12')).toBe('December 2026');
    expect(xText('2026-13')).toBe('2026-13');
    expect(xText('Over two intervals')).toBe('Over two intervals');
  });

  it('shows a figure with its unit, and says None when there was nothing to count', () => {
    expect(figureValue({ value: 85.5, unit: 'percent' })).toBe('85.5%');
    expect(figureValue({ value: 1, unit: 'days' })).toBe('1 day');
    expect(figureValue({ value: 12, unit: 'days' })).toBe('12 days');
    expect(figureValue({ value: 1234, unit: 'children' })).toBe('1,234');
    expect(figureValue({ value: null, unit: 'days' })).toBe('None');
  });
});

describe('runtime: chart colours', () => {
  it('work out WCAG contrast ratios correctly (black on white 21:1, white on white 1:1, GOV.UK blue 5.17:1)', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    expect(contrast('#1d70b8', '#ffffff')).toBeCloseTo(5.17, 2);
    // GOV.UK's orange is too light for a graphical object on white: the palette must not use it.
    expect(contrast('#f47738', '#ffffff')).toBeLessThan(3);
  });

  it('have at least 3:1 contrast with the white page, every one', () => {
    for (const s of PALETTE) expect(contrast(s.colour, '#ffffff'), s.colour).toBeGreaterThanOrEqual(3);
  });

  it('differ by more than colour: each series has its own pattern, dash and marker', () => {
    for (const k of ['pattern', 'dash', 'marker'] as const) expect(new Set(PALETTE.map((s) => s[k])).size, k).toBe(PALETTE.length);
  });
});

describe('runtime: dashboard filters in the address', () => {
  it('read back what they wrote, for any mix of team, from and to', () => {
    for (const f of [{}, { team: 'children-in-need-north' }, { from: '2026-01-01', to: '2026-06-30' }, { team: 'a b&c', from: '2025-12-01', to: '2026-02-28' }]) {
      const href = dashboardHref('supervision', f);
      expect(readFilters(href.includes('?') ? href.slice(href.indexOf('?')) : '')).toEqual(f);
    }
    expect(dashboardHref('audits')).toBe('/dashboards/audits');
    expect(dashboardHref('return-to-work', { team: 'T1', from: '2026-01-01', to: '2026-01-31' })).toBe('/dashboards/return-to-work?team=T1&from=2026-01-01&to=2026-01-31');
    expect(dashboardCsvPath('forms', { from: '2026-01-01' })).toBe('/api/dashboards/forms.csv?from=2026-01-01');
  });

  it('leave out dates in the address that are not real dates, so the server’s defaults apply', () => {
    expect(readFilters('?from=2026-02-30&to=yesterday&team=T1')).toEqual({ team: 'T1' });
    expect(filterQuery({ team: '' })).toBe('');
  });

  it('turn a drill-down link’s API path into the app’s page and back, and refuse anything else', () => {
    const api = '/api/dashboards/supervision/drill?list=overdue-children&team=T1&from=2026-01-01&to=2026-06-30';
    const page = drillPageHref(api)!;
    expect(page).toBe('/dashboards/supervision/drill?list=overdue-children&team=T1&from=2026-01-01&to=2026-06-30');
    expect(drillApiPath(page.slice(0, page.indexOf('?')), page.slice(page.indexOf('?')))).toBe(api);
    expect(drillPageHref('/api/submissions/abc')).toBeNull();
    expect(drillPageHref('https://elsewhere.example/api/dashboards/x/drill')).toBeNull();
    expect(drillPageHref('/api/dashboards/supervision/../../accounts')).toBeNull();
    expect(drillApiPath('/dashboards/supervision', '')).toBeNull();
  });
});

describe('runtime: the dashboard filter form', () => {
  const d = (day: string, month: string, year: string) => ({ day, month, year });

  it('applies a team and a real period', () => {
    expect(checkFilters({ team: 'T1', from: d('1', '4', '2026'), to: d('30', '6', '2026') })).toEqual({ filters: { team: 'T1', from: '2026-04-01', to: '2026-06-30' } });
    expect(checkFilters({ team: '', from: d('1', '4', '2026'), to: d('1', '4', '2026') })).toEqual({ filters: { from: '2026-04-01', to: '2026-04-01' } });
  });

  it('says what is wrong with each date in GOV.UK’s words, marking the boxes at fault and linking to the first', () => {
    const r = checkFilters({ team: '', from: d('', '', ''), to: d('31', '', '2026') });
    expect('problems' in r && r.problems.map((p) => [p.message, p.parts, problemTarget(p)])).toEqual([
      ['Enter the start date', ['day', 'month', 'year'], 'from'],
      ['The end date must include a month', ['month'], 'to-month'],
    ]);
    const bad = checkFilters({ team: '', from: d('30', '2', '2026'), to: d('1', '3', '26') });
    expect('problems' in bad && bad.problems.map((p) => [p.message, p.parts])).toEqual([
      ['The start date must be a real date, for example 1 4 2026', ['day']],
      ['The year of the end date must include 4 numbers', ['year']],
    ]);
  });

  it('refuses an end date before the start date', () => {
    const r = checkFilters({ team: '', from: d('2', '4', '2026'), to: d('1', '4', '2026') });
    expect('problems' in r && r.problems.map((p) => [p.message, problemTarget(p)])).toEqual([['The end date must be the same as or after the start date', 'to']]);
  });
});

describe('runtime: whose work the figures count, in words', () => {
  const scope = (kind: 'team' | 'service-area' | 'all', teams: Array<{ id: string; name: string }>) => ({ kind, teams, ...(kind === 'service-area' ? { serviceArea: 'Children in need' } : {}) });
  const north = { id: 'cin-north', name: 'Children in need north' };
  const range = { from: '2026-01-01', to: '2026-06-30' };

  it('names the team, the service area a head of service sees (even with one team in it), or every team', () => {
    expect(showingWho({ scope: scope('team', [north]), filters: range })).toBe('Team Children in need north');
    expect(showingWho({ scope: scope('service-area', [north]), filters: range })).toBe('Every team in Children in need');
    expect(showingWho({ scope: scope('service-area', [north]), filters: { ...range, team: 'cin-north' } })).toBe('Team Children in need north');
    expect(showingWho({ scope: scope('all', [north]), filters: range })).toBe('Every team');
  });

  it('offers teams by name, with the id only beside a name two teams share', () => {
    expect(teamChoices([north, { id: 'cla', name: 'Children looked after' }])).toEqual([
      ['cin-north', 'Children in need north'],
      ['cla', 'Children looked after'],
    ]);
    expect(teamChoices([north, { id: 'cin-north-2', name: 'Children in need north' }, { id: 'x' }])).toEqual([
      ['cin-north', 'Children in need north (cin-north)'],
      ['cin-north-2', 'Children in need north (cin-north-2)'],
      ['x', 'x'],
    ]);
  });
});
