/**
 * What the dashboards say to a person, found walking issue 15's screens: every sentence, summary,
 * title and label behind a number writes dates as "6 December 2025" and months as "July 2026" (the
 * CSV keeps YYYY-MM-DD); a per-record timescale names the date answer it counts from by its label
 * (the return-to-work interview counts from "Date returned to work", not "its start date"). The
 * shipped templates on the demo directory, with the server's clock fixed at Wednesday 15 July 2026.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_IDS, type Dashboard } from '../../engine/dashboards/model.js';
import { newAccount, startTestServer, type Client, type TestServer } from '../support/api.js';

const ISO = /\b\d{4}-\d{2}(-\d{2})?\b/;

/** Every string on a dashboard that the page shows or reads out (not ids, hrefs or chart x values, which the page writes in words itself). */
function wordsOf(d: Dashboard): string[] {
  return [
    d.summary,
    ...(d.notes ?? []),
    ...d.forms.flatMap((f) => [f.title, f.rule ?? '']),
    ...d.figures.flatMap((f) => [f.label, f.drill.label]),
    ...d.charts.flatMap((c) => [c.title, c.summary, c.xLabel, c.yLabel, ...c.series.map((s) => s.label), ...c.rows.flatMap((r) => Object.values(r.drill ?? {}).map((l) => l.label))]),
    ...(d.tables ?? []).flatMap((t) => [t.title, t.summary, ...t.rows.flatMap((r) => Object.values(r.drill ?? {}).map((l) => l.label))]),
  ];
}

describe('the dashboards’ words', () => {
  let srv: TestServer;
  let qa: Client;

  beforeAll(async () => {
    srv = await startTestServer('sqlite', { demoDirectory: true });
    srv.running.ctx.now = () => new Date('2026-07-15T09:00:00Z');
    qa = await newAccount(srv, 'words-qa', 'quality-assurance', 'manager', { groups: ['qa'] });
  });
  afterAll(async () => srv?.close());

  it('writes no date or month as YYYY-MM-DD or YYYY-MM in what a person reads, on every dashboard', async () => {
    for (const client of [srv.as('manager'), qa]) {
      for (const id of DASHBOARD_IDS) {
        const res = await client.get(`/api/dashboards/${id}`);
        expect(res.status, res.text).toBe(200);
        const iso = wordsOf(res.body as Dashboard).filter((w) => ISO.test(w));
        expect(iso, `${id}: ISO dates in its words`).toEqual([]);
      }
    }
  });

  it('says the range as people write dates, and the CSV keeps them as YYYY-MM-DD', async () => {
    const d = (await srv.as('manager').get('/api/dashboards/supervision')).body as Dashboard;
    const trend = d.charts.find((c) => c.id === 'case-supervision.trend')!;
    expect(trend.summary).toMatch(/completed from 16 July 2025 to 15 July 2026; 0 in July 2026\.$/);
    expect(d.figures.find((f) => f.id === 'case-supervision.completed')!.drill.label).toBe('Case supervision completed from 16 July 2025 to 15 July 2026');
    const forms = (await srv.as('manager').get('/api/dashboards/forms')).body as Dashboard;
    expect(forms.summary).toContain('from 16 July 2025 to 15 July 2026');
    const csv = await srv.as('manager').get('/api/dashboards/supervision.csv');
    expect(csv.text).toContain('from 2025-07-16 to 2026-07-15');
    expect(csv.text).toContain('2026-07');
  });

  it('says there is nothing rather than "0 of 0"', async () => {
    expect(((await srv.as('manager').get('/api/dashboards/audits')).body as Dashboard).summary).toMatch(/^No audits in Children in need north are due from 16 July 2025 to 15 July 2026\./);
    expect(((await srv.as('manager').get('/api/dashboards/actions')).body as Dashboard).summary).toBe('No actions are open in Children in need north.');
  });

  it('titles the list behind a number with what it holds, whose and where, as the link to it says', async () => {
    const manager = srv.as('manager');
    const d = (await manager.get('/api/dashboards/supervision')).body as Dashboard;
    const title = async (href: string) => ((await manager.get(href)).body as { title: string }).title;
    const never = d.figures.find((f) => f.id === 'case-supervision.never')!;
    expect(never.drill.label).toBe('Children with no completed Case supervision yet in Children in need north');
    // A supervision counts once it is complete (signed off): one waiting for sign-off is not "never had one" (found walking).
    expect(d.summary).toMatch(/ (has|have) none completed yet\./);
    expect(d.summary).not.toMatch(/never/);
    expect(never.label).toBe('Case supervision: children with none completed');
    expect(await title(never.drill.href)).toBe(never.drill.label);
    const july = d.charts.find((c) => c.id === 'case-supervision.trend')!.rows.find((r) => r.x === '2026-07')!;
    expect(await title(july.drill!.completed!.href)).toBe('Case supervision completed in July 2026 in Children in need north');
    const pat = d.charts.find((c) => c.id === 'case-supervision.workers')!.rows.find((r) => r.x === 'Pat Singh')!;
    expect(await title(pat.drill!.overdue!.href)).toBe('Children overdue for Case supervision, allocated to Pat Singh in Children in need north');
    const within = d.charts.find((c) => c.id === 'case-supervision.bands')!.rows.find((r) => r.x === 'Within one interval')!;
    expect(within.drill!.count!.label).toBe('Children whose last Case supervision was within the last interval in Children in need north');
    expect(await title(within.drill!.count!.href)).toBe(within.drill!.count!.label);
  });

  it('names the date a per-record timescale counts from by its label', async () => {
    const d = (await srv.as('manager').get('/api/dashboards/return-to-work')).body as Dashboard;
    const rule = d.forms.find((f) => f.id === 'return-to-work')!.rule;
    expect(rule).toBe('Each record within 3 working days of the date returned to work');
  });
});
