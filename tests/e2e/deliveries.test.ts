/**
 * The integrators' "Deliveries to the ICS" page in a real browser, against the real server
 * (SQLite store, delivery worker running) and the ICS simulator: the connector with its counts and
 * the forms it receives, a dead letter with the ICS's reason, replayed from the keyboard (a banner
 * says so, and the ICS gets the record), pause (new records wait) and resume (they are sent),
 * looking up one record's state and sending a delivered one again, and axe on each state. Anyone else is told it is not for them.
 * And an analyst publishing a version that would break the mapping is told so at the publish step.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useE2E } from '../support/e2e.js';
import { signIn, waitForHeading, waitForLoaded } from '../support/form-filler.js';
import { act, startIcsSimulator, type IcsSimulator } from '../support/ics-simulator.js';
import { FORM_ID, SECRET, VISIT_SCHEMA, VISIT_UISCHEMA, connectHttp, eventually, publishVisitForm, submitVisit } from '../support/sync.js';
import { openView, signInToDesigner, waitForNoLoading } from '../support/designer.js';

const e2e = useE2E();
const CONNECTOR = 'ICS (test simulator)';
const TITLE = 'Deliveries to the ICS';

let sim: IcsSimulator;
/** Refused by the ICS the first time (unknown child): a dead letter. */
let refusedId: string;
/** Refused the first time too (child C-4): replayed with "Replay all". */
let refusedLaterId: string;
/** Delivered at once. */
let deliveredId: string;

interface Delivery {
  id: string;
  state: string;
  attempts: number;
}

const deliveriesOf = async (submissionId: string): Promise<Delivery[]> => (await e2e.server.as('integrator').get(`/api/sync/deliveries?submissionId=${submissionId}`)).body.items;
const stateOf = async (submissionId: string) => (await deliveriesOf(submissionId))[0]?.state;

beforeAll(async () => {
  sim = await startIcsSimulator({ secret: SECRET });
  await publishVisitForm(e2e.server);
  await connectHttp(e2e.server, sim);
  sim.behave(act.problem(400, 'Unknown child', 'No child C-1 in the ICS'), { childId: 'C-1', times: 1 });
  sim.behave(act.problem(400, 'Unknown child', 'No child C-4 in the ICS'), { childId: 'C-4', times: 1 });
  refusedId = await submitVisit(e2e.server, 1, 'C-1');
  deliveredId = await submitVisit(e2e.server, 2, 'C-2');
  refusedLaterId = await submitVisit(e2e.server, 4, 'C-4');
  await eventually(() => stateOf(refusedId), (s) => s === 'dead');
  await eventually(() => stateOf(refusedLaterId), (s) => s === 'dead');
  await eventually(() => stateOf(deliveredId), (s) => s === 'delivered');
});

afterAll(async () => {
  await sim?.close();
});

/** Signs `role`'s demo account in (signing out whoever was) in a tab of its own, and returns it. */
async function signedIn(role: 'integrator' | 'practitioner'): Promise<Page> {
  await e2e.browser.context.clearCookies();
  const { page } = await e2e.open();
  await signIn(page, e2e.url, e2e.server.demo[role]);
  return page;
}

async function openDeliveries(page: Page): Promise<void> {
  await page.goto(`${e2e.url}/deliveries`);
  await waitForHeading(page, TITLE);
  await waitForLoaded(page);
  await page.getByRole('heading', { name: CONNECTOR, level: 2 }).waitFor();
}

/** The connector card's summary list, as `{ key: value }` with whitespace collapsed. */
async function card(page: Page): Promise<Record<string, string>> {
  const section = page.getByRole('region', { name: CONNECTOR, exact: true });
  const pairs = await section.locator('.govuk-summary-list__row').evaluateAll((rows) =>
    rows.map((r) => [r.querySelector('dt')?.textContent ?? '', r.querySelector('dd')?.textContent ?? ''].map((t) => t.replace(/\s+/g, ' ').trim())),
  );
  return { status: ((await section.locator('.govuk-summary-card__title-wrapper .govuk-tag').textContent()) ?? '').trim(), ...Object.fromEntries(pairs) };
}

/** When the page last read the figures (changes on every successful refresh). */
async function updatedAt(page: Page): Promise<string | null> {
  return page.locator('.app-refresh time').getAttribute('datetime', { timeout: 5000 });
}

/** Presses Refresh and waits for the page to show what it read, until `ok` holds for the card. */
async function refreshUntil(page: Page, ok: (c: Record<string, string>) => boolean, timeoutMs = 10_000): Promise<Record<string, string>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const before = await updatedAt(page);
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await page.waitForFunction((prev) => {
      const t = document.querySelector('.app-refresh time');
      return t !== null && t.getAttribute('datetime') !== prev;
    }, before);
    const c = await card(page);
    if (ok(c)) return c;
    if (Date.now() > deadline) throw new Error(`The page did not get there in time; the card says ${JSON.stringify(c)}`);
    await page.waitForTimeout(100);
  }
}

/** Presses Tab until `target` has focus (as a keyboard user would reach it), or fails. */
async function tabTo(page: Page, target: ReturnType<Page['getByRole']>, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`${max} presses of Tab did not reach ${target}`);
}

/** The dead-letter table's body rows, each cell's text with whitespace collapsed. */
async function deadRows(page: Page): Promise<string[][]> {
  return page
    .getByRole('table', { name: `Dead letters for ${CONNECTOR}` })
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => (td.textContent ?? '').replace(/\s+/g, ' ').trim())));
}

describe('for anyone but an integrator', () => {
  it('a practitioner opening /deliveries is told it is not for their role, and sees no connector, queue or control', async () => {
    const page = await signedIn('practitioner');
    expect(await page.getByRole('link', { name: TITLE }).count(), 'no link to it on the practitioner’s home page').toBe(0);
    await page.goto(`${e2e.url}/deliveries`);
    await waitForHeading(page, 'Deliveries to the ICS are for integrators');
    expect(await page.locator('main').innerText()).toMatch(/Your account \(practitioner\) cannot see or change what is sent/);
    expect(await page.title()).toBe('Not available – Caseforms');
    expect(await page.getByRole('heading', { name: CONNECTOR }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Pause|Replay|Refresh/ }).count()).toBe(0);
    await e2e.axe(page, 'deliveries: not for a practitioner');
  });
});

describe('for an integrator', () => {
  it('the home page links to the page, which lists the connector with its counts, the forms it receives and the dead letters with their reasons', async () => {
    const page = await signedIn('integrator');
    await page.getByRole('link', { name: TITLE }).click();
    await waitForHeading(page, TITLE);
    expect(new URL(page.url()).pathname).toBe('/deliveries');
    await waitForLoaded(page);
    await page.getByRole('heading', { name: CONNECTOR, level: 2 }).waitFor();
    expect(await page.title()).toBe(`${TITLE} – Caseforms`);

    const c = await card(page);
    expect(c).toMatchObject({
      status: 'Active',
      Waiting: '0',
      'In flight': '0',
      Delivered: '1',
      'Dead letters': '2',
      'Oldest waiting record': 'Nothing is waiting',
      'Forms it receives': 'Home visit (version 1 onwards)',
    });
    expect(c.Kind).toContain('HTTP');
    expect(c.Kind).toContain(sim.url);

    const rows = await deadRows(page);
    expect(rows.map((r) => r[0])).toEqual([refusedId, refusedLaterId]);
    expect(rows[1]![4]).toMatch(/No child C-4 in the ICS/);
    const [record, child, attempts, died, reason, action] = rows[0]!;
    expect({ record, child, attempts, action }).toEqual({ record: refusedId, child: 'C-1', attempts: '1', action: `Replay record ${refusedId}` });
    expect(died).toMatch(/\d{4}, \d{2}:\d{2}:\d{2}$/);
    expect(reason).toMatch(/^The ICS refused the record \(400.*No child C-1 in the ICS/);
    // The table has its column headers, and the replay button says which record.
    expect(await page.getByRole('columnheader').allInnerTexts()).toEqual(expect.arrayContaining(['Record ID', 'Child ID', 'Attempts', 'Died', 'Reason']));
    expect(await page.getByRole('button', { name: `Replay record ${refusedId}`, exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: `Replay all dead letters for ${CONNECTOR}` }).count()).toBe(1);
    await e2e.axe(page, 'deliveries: with a dead letter');

    // At 320 CSS pixels (400% zoom) the page reads without scrolling sideways (the table scrolls in itself).
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 'sideways overflow at 320px').toBeLessThanOrEqual(0);
    await e2e.axe(page, 'deliveries: with a dead letter, at 320px');
  });

  it('replays a dead letter from the keyboard, then all the others: a banner says how many went back to the queue, focus moves to it, and the ICS receives the records', async () => {
    const page = await signedIn('integrator');
    await openDeliveries(page);
    const replay = page.getByRole('button', { name: `Replay record ${refusedId}`, exact: true });
    await tabTo(page, replay);
    await page.keyboard.press('Enter');

    const banner = page.getByRole('status').filter({ has: page.locator('.govuk-notification-banner--success') });
    await banner.waitFor();
    expect((await banner.innerText()).replace(/\s+/g, ' ')).toMatch(/^Success 1 dead letter went back to the queue It will be sent to ICS \(test simulator\) again shortly\.$/);
    // Its button went with its row: focus is on the banner, not lost.
    await page.waitForFunction(() => document.activeElement?.classList.contains('govuk-notification-banner'));
    await page.waitForFunction(() => document.querySelectorAll('main table tbody tr').length === 1);
    expect((await deadRows(page)).map((r) => r[0])).toEqual([refusedLaterId]);
    await e2e.axe(page, 'deliveries: after a replay, with the banner');
    await eventually(
      async () => sim.records.filter((r) => r.submissionId === refusedId).length,
      (n) => n === 1,
    );

    const all = page.getByRole('button', { name: `Replay all dead letters for ${CONNECTOR}`, exact: true });
    await tabTo(page, all);
    await page.keyboard.press('Enter');
    await banner.filter({ hasText: `1 dead letter for ${CONNECTOR} went back to the queue` }).waitFor();
    await page.waitForFunction(() => document.activeElement?.classList.contains('govuk-notification-banner'));
    await page.getByText(`There are no dead letters for ${CONNECTOR}.`).waitFor();
    expect(await page.getByRole('table', { name: `Dead letters for ${CONNECTOR}` }).count()).toBe(0);
    await eventually(
      async () => sim.records.filter((r) => r.submissionId === refusedLaterId).length,
      (n) => n === 1,
    );

    const c = await refreshUntil(page, (c) => c.Delivered === '3');
    expect(c).toMatchObject({ 'Dead letters': '0', Waiting: '0', 'In flight': '0' });
    // Refresh does not move focus.
    expect(await page.getByRole('button', { name: 'Refresh', exact: true }).evaluate((el) => el === document.activeElement)).toBe(true);
    expect([await stateOf(refusedId), await stateOf(refusedLaterId)]).toEqual(['delivered', 'delivered']);
  });

  it('pause: the tag says paused and a new record stays waiting; resume: it is delivered', async () => {
    const page = await signedIn('integrator');
    await openDeliveries(page);
    const pause = page.getByRole('button', { name: `Pause ${CONNECTOR}`, exact: true });
    // What pausing means is said before pressing, tied to the button.
    const hintId = await pause.getAttribute('aria-describedby');
    expect(await page.locator(`#${hintId}`).innerText()).toBe(`Pausing stops sending to ${CONNECTOR}. Records keep queuing, but nothing is sent until you resume it.`);
    await tabTo(page, pause);
    await page.keyboard.press('Enter');

    const resume = page.getByRole('button', { name: `Resume ${CONNECTOR}`, exact: true });
    await resume.waitFor();
    expect(await resume.evaluate((el) => el === document.activeElement), 'focus stays on the button').toBe(true);
    expect((await card(page)).status).toBe('Paused');
    expect((await page.getByRole('status').filter({ hasText: `${CONNECTOR} is paused` }).innerText()).replace(/\s+/g, ' ')).toContain('Records keep queuing for it, but nothing is sent until you resume it.');
    expect((await e2e.server.as('integrator').get('/api/sync/connectors/ics-http')).body.paused).toBe(true);
    await e2e.axe(page, 'deliveries: paused');

    const waitingId = await submitVisit(e2e.server, 3, 'C-3');
    // Ten of the worker's polls: a paused connector sends nothing.
    await page.waitForTimeout(500);
    const waiting = await refreshUntil(page, (c) => c.Waiting === '1');
    expect(waiting).toMatchObject({ status: 'Paused', Delivered: '3', 'Oldest waiting record': expect.stringMatching(/^Has waited less than a minute \(since /) });
    expect(sim.records.some((r) => r.submissionId === waitingId)).toBe(false);
    expect(await stateOf(waitingId)).toBe('pending');

    await resume.focus();
    await page.keyboard.press('Enter');
    await pause.waitFor();
    expect(await pause.evaluate((el) => el === document.activeElement), 'focus stays on the button').toBe(true);
    expect((await card(page)).status).toBe('Active');
    await page.getByRole('status').filter({ hasText: `${CONNECTOR} is sending again` }).waitFor();
    const sent = await refreshUntil(page, (c) => c.Delivered === '4');
    expect(sent).toMatchObject({ status: 'Active', Waiting: '0', 'In flight': '0', 'Oldest waiting record': 'Nothing is waiting' });
    expect(sim.records.filter((r) => r.submissionId === waitingId)).toHaveLength(1);
  });

  it('looks up a record by its id: an empty box is an error, GOV.UK style; a record shows its state and the ICS record id', async () => {
    const page = await signedIn('integrator');
    await openDeliveries(page);
    const input = page.getByLabel('Record ID');
    const lookUp = page.getByRole('button', { name: 'Look up', exact: true });

    await lookUp.click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    await page.waitForFunction(() => document.activeElement?.classList.contains('govuk-error-summary'));
    expect(await summary.getByRole('link').allInnerTexts()).toEqual(['Enter a record ID']);
    expect((await page.locator('#lookup-record-error').innerText()).replace(/\s+/g, ' ').trim()).toBe('Error: Enter a record ID');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect((await input.getAttribute('aria-describedby'))?.split(' ')).toContain('lookup-record-error');
    expect(await page.title()).toBe(`Error: ${TITLE} – Caseforms`);
    await e2e.axe(page, 'deliveries: look-up with an error');
    await summary.getByRole('link', { name: 'Enter a record ID' }).click();
    await page.waitForFunction(() => document.activeElement?.id === 'lookup-record');

    await page.keyboard.type('not a valid id');
    await page.keyboard.press('Enter');
    await page.locator('#lookup-record-error', { hasText: 'Record ID must only include letters, numbers, hyphens, underscores and colons' }).waitFor();

    await input.fill(refusedId);
    await page.keyboard.press('Enter');
    const result = page.getByRole('table', { name: `Deliveries of record ${refusedId}` });
    await result.waitFor();
    expect(await page.locator('.govuk-error-summary').count(), 'the error is gone').toBe(0);
    expect(await page.title()).toBe(`${TITLE} – Caseforms`);
    const icsRecord = sim.records.find((r) => r.submissionId === refusedId)!.recordId;
    const cells = await result.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => (td.textContent ?? '').replace(/\s+/g, ' ').trim())));
    expect(cells).toHaveLength(1);
    expect(cells[0]!.slice(0, 3)).toEqual([CONNECTOR, 'Delivered', '2']);
    expect(cells[0]![3]).toMatch(new RegExp(`^Delivered .+\\. ICS record ${icsRecord}$`));
    expect(await page.getByRole('status').filter({ hasText: `Record ${refusedId}:` }).innerText()).toBe(`Record ${refusedId}: delivered to ${CONNECTOR}.`);
    await e2e.axe(page, 'deliveries: a record looked up');

    // The ICS has lost it: send it again, from the keyboard. It goes with the same idempotency
    // key, so the ICS (which keeps to it) answers with the record it has and makes no second one.
    const sendAgain = page.getByRole('button', { name: `Send again record ${refusedId} to ${CONNECTOR}`, exact: true });
    await tabTo(page, sendAgain);
    await page.keyboard.press('Enter');
    const banner = page.getByRole('status').filter({ has: page.locator('.govuk-notification-banner--success') });
    await banner.filter({ hasText: `Record ${refusedId} will be sent to ${CONNECTOR} again` }).waitFor();
    await page.waitForFunction(() => document.activeElement?.classList.contains('govuk-notification-banner'));
    await e2e.axe(page, 'deliveries: a delivered record sent again, with the banner');
    await eventually(
      async () => sim.records.find((r) => r.submissionId === refusedId)!.repeats,
      (n) => n === 1,
    );
    expect(sim.records.filter((r) => r.submissionId === refusedId)).toHaveLength(1);
    await eventually(
      () => deliveriesOf(refusedId),
      (ds) => ds[0]?.state === 'delivered' && ds[0].attempts === 3,
    );
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await result.locator('tbody tr td', { hasText: /^3$/ }).waitFor();
    const after = await result.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => (td.textContent ?? '').replace(/\s+/g, ' ').trim())));
    expect(after[0]!.slice(0, 3)).toEqual([CONNECTOR, 'Delivered', '3']);
    expect(after[0]![3]).toMatch(new RegExp(`^Delivered .+\\. ICS record ${icsRecord}$`));

    // A well-formed id with nothing queued says so.
    await input.fill('no-such-record');
    await lookUp.click();
    await page.getByRole('status').filter({ hasText: 'Nothing has been queued for record no-such-record.' }).waitFor();
    expect(await page.getByRole('table', { name: /^Deliveries of record/ }).count()).toBe(0);
  });
});

describe('for an analyst publishing a change', () => {
  it('the publish step says which ICS mapping a new version would break, and Publish stays off', async () => {
    const { seenAlone: _gone, ...props } = VISIT_SCHEMA.properties;
    const uischema = { ...VISIT_UISCHEMA, elements: VISIT_UISCHEMA.elements.filter((el) => el.scope !== '#/properties/seenAlone') };
    const draft = await e2e.server.as('designer').post(`/api/forms/${FORM_ID}/versions`, { schema: { ...VISIT_SCHEMA, properties: props, required: ['visitDate', 'visitType'] }, uischema, changeNote: '' });
    expect(draft.status, draft.text).toBe(201);
    await e2e.browser.context.clearCookies();
    const { page } = await e2e.open();
    await signInToDesigner(page, e2e.url, e2e.server.demo.designer);
    await page.getByRole('link', { name: /Edit draft\s+Home visit/ }).click();
    await waitForHeading(page, 'Build');
    await waitForNoLoading(page);
    await openView(page, 'pointer', 'Versions and publishing');
    await page.getByLabel('What changed in this version').fill('Seen alone is asked on the visit plan now.');
    await page.getByRole('button', { name: 'Check what publishing changes' }).click();
    const blockers = page.locator('#delivery-blockers');
    await blockers.waitFor();
    expect(await blockers.innerText()).toMatch(/cannot be published yet: it would break deliveries to the case recording system/);
    expect(await blockers.innerText()).toMatch(/removes “Was the child seen alone\?”, which the “ics-http” mapping \(made for version 1\) sends as “SEEN_ALONE”/);
    const publish = page.getByRole('button', { name: 'Publish version 2' });
    expect(await publish.isDisabled()).toBe(true);
    expect(await publish.getAttribute('aria-describedby')).toBe('delivery-blockers');
    await e2e.axe(page, 'designer: a publish that would break an ICS mapping');
    // The version stays a draft.
    expect((await e2e.server.as('designer').get(`/api/forms/${FORM_ID}/versions/2`)).body.status).toBe('draft');
  });
});
