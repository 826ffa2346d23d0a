/**
 * Calculated answers in the practitioners' app, in Chromium against the real server:
 * - a manager fills in a return-to-work interview with the keyboard and sees every worked-out
 *   answer appear as they type (calendar days, working days lost across the August bank holiday,
 *   hours lost, the trigger score and whether a trigger point is met), each change announced once
 *   it settles and nothing announced while typing elsewhere; the record the server stores holds
 *   the same values, and a client that posts wrong values gets them recomputed;
 * - the shared evaluator cases (tests/support/calculation-cases.ts) give in the browser exactly
 *   what they give in the unit tests: every case's formula on one published form, drafts holding
 *   each case's inputs, every value read off the page;
 * - a page of calculated answers passes axe, and a reload straight after typing keeps the
 *   answers typed and what was worked out from them.
 */
import type { Page, Route } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CALC_CASES, CALC_CASE_SCHEMA, calcCaseDefinition } from '../support/calculation-cases.js';
import { SAVE_RACED_BY_RELOAD, useE2E } from '../support/e2e.js';
import { answer, button, fieldId, loadFixture, loadTemplate, press, stepsOf, waitForHeading, type Json, type Question } from '../support/form-filler.js';

const e2e = useE2E();
const template = loadTemplate('return-to-work');
const questions = new Map<string, Question>(stepsOf(template).flatMap((s) => s.questions.map((q) => [q.path, q] as const)));

beforeAll(async () => {
  await e2e.signInPractitioner();
});

/** What the page shows for the calculated answer at `path` (its <output>). */
async function shown(page: Page, path: string): Promise<string> {
  return ((await page.locator(`output#${fieldId(path)}`).textContent()) ?? '').trim();
}

/** Waits until the calculated answer at `path` shows `text`; fails saying what it shows. */
async function expectShown(page: Page, path: string, text: string): Promise<void> {
  const ok = await page
    .waitForFunction(([id, want]) => document.getElementById(id)?.textContent?.trim() === want, [fieldId(path), text] as const, { timeout: 3000 })
    .then(() => true)
    .catch(() => false);
  expect(ok ? text : await shown(page, path), `the calculated answer ${path}`).toBe(text);
}

/** From now on, every text any announcement region of a calculated answer takes, in order. */
async function recordAnnouncements(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __said: string[] };
    const watching = Array.isArray(w.__said);
    w.__said = [];
    if (watching) return;
    const seen = new WeakSet<Element>();
    const watch = () => {
      for (const el of Array.from(document.querySelectorAll('[data-announce]'))) {
        if (seen.has(el)) continue;
        seen.add(el);
        new MutationObserver(() => {
          const t = el.textContent?.trim();
          if (t) w.__said.push(t);
        }).observe(el, { childList: true, characterData: true, subtree: true });
      }
    };
    watch();
    new MutationObserver(watch).observe(document.body, { childList: true, subtree: true });
  });
}

async function announcements(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __said: string[] }).__said.slice());
}

async function goToStep(page: Page, label: string): Promise<void> {
  await press(page, 'keyboard', { css: 'nav[aria-label="Form sections"] a', text: label });
  await waitForHeading(page, label);
}

/** Answers one question of the return-to-work form with the keyboard. */
async function type(page: Page, path: string, value: unknown): Promise<void> {
  await answer(page, 'keyboard', questions.get(path)!, path, value);
}

/** A complete return-to-work record without what this test types: the absence dates, hours and trigger counts. */
function startingAnswers(): Json {
  const data = structuredClone(loadFixture('return-to-work', 'valid-fit-note-phased-return'));
  const absence = data.absence as Json;
  for (const k of ['firstDayAbsent', 'lastDayAbsent', 'contractedHoursPerDay', 'calendarDays', 'workingDaysLost', 'hoursLost']) delete absence[k];
  absence.returnDate = '2026-09-07';
  absence.interviewDate = '2026-09-07';
  const triggers = data.triggers as Json;
  for (const k of ['occasions12Months', 'days12Months', 'excludedFromTriggers', 'occasionsCounted', 'daysCounted', 'triggerScore', 'triggerMet']) delete triggers[k];
  return data;
}

// Monday 24 August to Friday 4 September 2026: 12 calendar days, 10 weekdays less the summer
// bank holiday on Monday 31 August = 9 working days; at 7.4 hours a day, 66.6 hours.
const ABSENCE = { firstDayAbsent: '2026-08-24', lastDayAbsent: '2026-09-04', contractedHoursPerDay: 7.4 };
const WORKED_OUT = { calendarDays: 12, workingDaysLost: 9, hoursLost: 66.6 };

describe('a return-to-work interview works its answers out as it is filled in', () => {
  it('shows calendar days, working days lost across a bank holiday, hours lost, the trigger score and "trigger point met?" live, announces them once settled, and the server stores the same', { timeout: 60_000 }, async () => {
    const id = await e2e.createDraft('return-to-work', startingAnswers());
    const { page } = await e2e.open();
    await page.goto(`${e2e.url}/records/${id}`);
    await waitForHeading(page, 'Employee');
    await goToStep(page, 'The absence');
    await recordAnnouncements(page);

    // Nothing to work from yet: it says so, and which questions it needs, by their titles.
    await expectShown(page, 'absence.calendarDays', 'Not worked out yet');
    expect(await page.locator('#f-absence--calendarDays-reason').innerText()).toBe('Answer ‘First day of absence’ and ‘Last day of absence’ to work this out.');
    expect(await page.locator('#f-absence--hoursLost-reason').innerText()).toBe(
      'Answer ‘First day of absence’, ‘Last day of absence’ and ‘Contracted hours per day’ to work this out.',
    );
    // Labelled by its question, described by its hint and its reason, and not a tab stop.
    const calendar = page.getByLabel('Calendar days absent', { exact: true });
    expect(await calendar.evaluate((el) => el.tagName)).toBe('OUTPUT');
    expect(await calendar.getAttribute('aria-describedby')).toBe('f-absence--calendarDays-hint f-absence--calendarDays-reason');
    expect(await calendar.getAttribute('tabindex')).toBe('-1');

    await type(page, 'absence.firstDayAbsent', ABSENCE.firstDayAbsent);
    await expectShown(page, 'absence.calendarDays', 'Not worked out yet');
    expect(await page.locator('#f-absence--calendarDays-reason').innerText()).toBe('Answer ‘Last day of absence’ to work this out.');
    await type(page, 'absence.lastDayAbsent', ABSENCE.lastDayAbsent);
    // Worked out as the year is typed, with focus still in the year box: nothing pressed.
    await expectShown(page, 'absence.calendarDays', '12');
    await expectShown(page, 'absence.workingDaysLost', '9');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-absence--lastDayAbsent-year');
    await type(page, 'absence.contractedHoursPerDay', ABSENCE.contractedHoursPerDay);
    await expectShown(page, 'absence.hoursLost', '66.6');

    // Announced once each, as settled (not "2", "20", "202" on the way to the year 2026).
    await page.waitForFunction(() => (window as unknown as { __said: string[] }).__said.some((s) => s.startsWith('Hours lost')));
    expect(await announcements(page)).toEqual(['Calendar days absent: 12', 'Working days lost: 9', 'Hours lost: 66.6']);
    // Typing into a question nothing is worked out from announces nothing.
    await type(page, 'absence.reasonDetail', 'Flu, then a chest infection.');
    await page.waitForTimeout(1200);
    expect(await announcements(page)).toEqual(['Calendar days absent: 12', 'Working days lost: 9', 'Hours lost: 66.6']);
    await e2e.axe(page, 'return to work: the absence, worked out');

    await goToStep(page, 'Trigger points');
    await recordAnnouncements(page);
    await expectShown(page, 'triggers.triggerScore', 'Not worked out yet');
    await type(page, 'triggers.occasions12Months', 2);
    await type(page, 'triggers.days12Months', 4);
    // With this absence (not excluded: not answered counts it): 3 occasions, 4 + 9 = 13 days, 3 × 3 × 13 = 117.
    await expectShown(page, 'triggers.occasionsCounted', '3');
    await expectShown(page, 'triggers.daysCounted', '13');
    await expectShown(page, 'triggers.triggerScore', '117');
    await expectShown(page, 'triggers.triggerMet', 'Yes');
    await page.waitForFunction(() => (window as unknown as { __said: string[] }).__said.includes('Trigger point met?: Yes'));
    // Excluded by policy: 2 occasions and 4 days, 2 × 2 × 4 = 16, below every threshold.
    await type(page, 'triggers.excludedFromTriggers', true);
    await expectShown(page, 'triggers.triggerScore', '16');
    await expectShown(page, 'triggers.triggerMet', 'No');
    // A pause long enough to hear it, then back.
    await page.waitForFunction(() => (window as unknown as { __said: string[] }).__said.includes('Trigger point met?: No'));
    await type(page, 'triggers.excludedFromTriggers', false);
    await expectShown(page, 'triggers.triggerScore', '117');
    await expectShown(page, 'triggers.triggerMet', 'Yes');
    await page.waitForFunction(() => (window as unknown as { __said: string[] }).__said.filter((s) => s === 'Trigger point met?: Yes').length === 2);
    // Each settled value once: 117, 16 while excluded, 117 again.
    const said = await announcements(page);
    expect(said.filter((s) => s.startsWith('Trigger score'))).toEqual(['Trigger score: 117', 'Trigger score: 16', 'Trigger score: 117']);
    expect(said.filter((s) => s.startsWith('Trigger point met?'))).toEqual(['Trigger point met?: Yes', 'Trigger point met?: No', 'Trigger point met?: Yes']);
    await e2e.axe(page, 'return to work: trigger points, worked out');

    // Check your answers shows them like any answer, without a "Change" link.
    await goToStep(page, 'Check your answers');
    const row = page.locator('.govuk-summary-list__row', { has: page.locator('dt', { hasText: /^Trigger score$/ }) });
    expect(await row.locator('.govuk-summary-list__value').innerText()).toBe('117');
    expect(await row.locator('a').count()).toBe(0);
    await press(page, 'keyboard', button('Submit'));
    await page.waitForURL(/\/records\/[^/]+\?submitted=1$/);
    await waitForHeading(page, 'Form submitted');

    const read = await e2e.server.as('practitioner').get(`/api/submissions/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.status).toBe('submitted');
    const { absence, triggers } = read.body.data as { absence: Json; triggers: Json };
    expect({ calendarDays: absence.calendarDays, workingDaysLost: absence.workingDaysLost, hoursLost: absence.hoursLost }).toEqual(WORKED_OUT);
    expect(triggers).toMatchObject({ occasionsCounted: 3, daysCounted: 13, triggerScore: 117, triggerMet: true, excludedFromTriggers: false });
    // The record read back shows them too.
    const recordRow = page.locator('.govuk-summary-list__row', { has: page.locator('dt', { hasText: /^Working days lost$/ }) });
    expect(await recordRow.locator('.govuk-summary-list__value').innerText()).toBe('9');
  });

  it('recomputes what a client posts for calculated answers: wrong numbers are never stored', async () => {
    const data = startingAnswers();
    Object.assign(data.absence as Json, ABSENCE, { calendarDays: 99, workingDaysLost: 1, hoursLost: 0.5 });
    Object.assign(data.triggers as Json, { occasions12Months: 2, days12Months: 4, excludedFromTriggers: false, occasionsCounted: 40, daysCounted: 1, triggerScore: 3, triggerMet: false });
    const res = await e2e.server
      .as('practitioner')
      .post('/api/submissions', { formId: 'return-to-work', data, status: 'submitted' }, { headers: { 'idempotency-key': `"calc-wrong-${Date.now()}"` } });
    expect(res.status, res.text).toBe(201);
    const stored = (await e2e.stored(res.body.id as string)).data as { absence: Json; triggers: Json };
    expect({ calendarDays: stored.absence.calendarDays, workingDaysLost: stored.absence.workingDaysLost, hoursLost: stored.absence.hoursLost }).toEqual(WORKED_OUT);
    expect(stored.triggers).toMatchObject({ occasionsCounted: 3, daysCounted: 13, triggerScore: 117, triggerMet: true });
  });

  it('keeps what was typed and what was worked out from it when the page is reloaded straight after typing', async () => {
    const id = await e2e.createDraft('return-to-work', startingAnswers());
    const { page } = await e2e.open({ expectedHttpErrors: [SAVE_RACED_BY_RELOAD] });
    await page.goto(`${e2e.url}/records/${id}`);
    await waitForHeading(page, 'Employee');
    await goToStep(page, 'The absence');
    await type(page, 'absence.firstDayAbsent', ABSENCE.firstDayAbsent);
    await type(page, 'absence.lastDayAbsent', ABSENCE.lastDayAbsent);
    await page.locator('#f-absence--contractedHoursPerDay').focus();
    await page.keyboard.type('7.5');
    await page.reload();
    await waitForHeading(page, 'The absence');
    expect(await page.locator('#f-absence--contractedHoursPerDay').inputValue()).toBe('7.5');
    expect(await page.locator('#f-absence--lastDayAbsent-year').inputValue()).toBe('2026');
    await expectShown(page, 'absence.calendarDays', '12');
    await expectShown(page, 'absence.workingDaysLost', '9');
    await expectShown(page, 'absence.hoursLost', '67.5');
    // And the server gets them too, worked out again on its side.
    await e2e.waitForStored(id, (s) => (s.data.absence as Json | undefined)?.hoursLost === 67.5);
  });
});

// ---- The shared evaluator cases, through the runtime ---------------------------------------

const CASE_FORM = 'calculation-cases';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** How the page should write a case's expected value: written here independently of the renderer. */
function expectedText(expected: unknown, schema: Json): string {
  if (expected === undefined || expected === null) return 'Not worked out yet';
  if (typeof expected === 'boolean') return expected ? 'Yes' : 'No';
  if (typeof expected === 'number') return new Intl.NumberFormat('en-GB', { maximumFractionDigits: 20 }).format(expected);
  const text = String(expected);
  if (schema.format === 'date') {
    const [y, m, d] = text.split('-').map(Number) as [number, number, number];
    return `${d} ${MONTHS[m - 1]} ${y}`;
  }
  if (schema.format === 'time') {
    const [h, min] = text.split(':').map(Number) as [number, number];
    if (min === 0 && h === 0) return 'midnight';
    if (min === 0 && h === 12) return 'midday';
    return `${h % 12 === 0 ? 12 : h % 12}${min ? `:${String(min).padStart(2, '0')}` : ''}${h < 12 ? 'am' : 'pm'}`;
  }
  // A grade: its title, from the case schema's grade options.
  const grade = (CALC_CASE_SCHEMA as Json & { properties: Record<string, Json> }).properties.g1!;
  const options = (grade.oneOf ?? grade.anyOf ?? []) as { const: unknown; title?: string }[];
  return options.find((o) => o.const === expected)?.title ?? text;
}

describe('the shared evaluator cases give the same values in the browser', () => {
  it(`all ${CALC_CASES.length} cases, read off the page of a published form holding every formula`, { timeout: 90_000 }, async () => {
    const definition = calcCaseDefinition(CALC_CASES) as { schema: Json & { properties: Record<string, Json> }; uischema: Json };
    const designer = e2e.server.as('designer');
    const created = await designer.post('/api/forms', { id: CASE_FORM, title: 'Calculation cases', category: 'other', team: 'cin-north' });
    expect(created.status, created.text).toBe(201);
    const draft = await designer.post(`/api/forms/${CASE_FORM}/versions`, { ...definition, changeNote: 'Every shared case' });
    expect(draft.status, draft.text).toBe(201);
    expect(draft.body.violations).toEqual([]);
    const published = await designer.post(`/api/forms/${CASE_FORM}/versions/1/publish`, { changeNote: 'Every shared case' });
    expect(published.status, published.text).toBe(200);

    // Cases that share their inputs share a draft: one page load checks them all.
    const groups = new Map<string, number[]>();
    CALC_CASES.forEach((c, i) => {
      const key = JSON.stringify(c.data);
      groups.set(key, [...(groups.get(key) ?? []), i]);
    });

    const { page } = await e2e.open();
    // today() cases are written for 4 December 2026 (Europe/London).
    await page.clock.setFixedTime(new Date('2026-12-04T12:00:00Z'));
    // The browser works every value out itself: the server's copies are taken out of the draft it loads.
    const calculated = Object.keys(definition.schema.properties).filter((k) => typeof definition.schema.properties[k]!['x-calculate'] === 'string');
    await page.route(/\/api\/submissions\/[^/?]+$/, async (route: Route) => {
      if (route.request().method() !== 'GET') return route.continue();
      const res = await route.fetch();
      const body = (await res.json()) as { data: Json };
      for (const k of calculated) delete body.data[k];
      await route.fulfill({ response: res, json: body });
    });

    const wrong: string[] = [];
    const ids = await Promise.all([...groups.keys()].map((key) => e2e.createDraft(CASE_FORM, JSON.parse(key) as Json)));
    await page.goto(`${e2e.url}/records/${ids[0]}`);
    let n = 0;
    for (const [key, indexes] of groups) {
      const id = ids[n++]!;
      // Within the app, as following a link does (a page load per draft would take most of a second).
      await page.evaluate((to) => {
        for (const path of ['/no-such-page', to]) {
          history.pushState(null, '', path);
          dispatchEvent(new PopStateEvent('popstate'));
        }
      }, `/records/${id}`);
      await page.locator(`a[href="/records/${id}/delete"]`).waitFor();
      await page.locator('output[data-calculated]').first().waitFor();
      const texts = await page.evaluate((paths) => paths.map((p) => document.getElementById(`f-${p}`)?.textContent?.trim() ?? '(not on the page)'), indexes.map((i) => `c${i}`));
      for (const [j, i] of indexes.entries()) {
        const c = CALC_CASES[i]!;
        const path = `c${i}`;
        const want = expectedText(c.expected, definition.schema.properties[path]!);
        const got = texts[j];
        if (got !== want) wrong.push(`${c.name} (${c.formula} with ${key}): the page shows "${got}", expected "${want}"`);
      }
    }
    expect(wrong).toEqual([]);
    expect(groups.size, 'page loads: cases sharing inputs share one').toBeLessThan(CALC_CASES.length);
  });
});
