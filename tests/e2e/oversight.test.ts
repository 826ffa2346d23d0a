/**
 * Issue 14's "Done means", in the browser, with the SHIPPED templates (published on a fresh server
 * as the demo forms) and the demo ICS directory (Pat = W20002, allocated Jordan Smith C9990001;
 * Mo = W20001, Pat's line manager). Records are made through the API from the templates' valid
 * fixtures (filling whole templates in the browser is fill-templates.test.ts's job); every review
 * step the issue names is done in the browser, with axe on each state.
 *
 * (a) Case supervision: Pat submits; it waits for Mo, who returns it with a reason; Pat sees why,
 *     amends and resubmits; Mo writes the management decision and signs off — only then does the
 *     ICS simulator get it, once, with the signature in the envelope.
 * (b) Case-file audit: an auditor (a manager, also a QA moderator) submits it; Pat responds and
 *     signs; the auditor is told they may not moderate their own audit; another moderator
 *     disagrees with the grade and signs; the actions are tracked; Pat completes one; with the
 *     server's clock moved on, another is overdue and first on Pat's "Your work" and Mo's Team page.
 * (c) Return to work: Mo's interview about Pat waits in Pat's "Your work"; Pat fills in her
 *     comments and consent and confirms it with her signature, by keyboard only.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateOf, dayNumber } from '../../engine/forms/calculations/dates.js';
import { londonToday } from '../../engine/forms/calculations/evaluate.js';
import { workingDaysLate } from '../../runtime/work/due.js';
import { newAccount } from '../support/api.js';
import { useE2E, tableRows } from '../support/e2e.js';
import { loadFixture, signIn, tabTo, waitForHeading, waitForLoaded, type Json, type Mode } from '../support/form-filler.js';
import { startIcsSimulator, type IcsSimulator } from '../support/ics-simulator.js';
import { SECRET, SECRET_ENV, eventually } from '../support/sync.js';

const e2e = useE2E({ demoDirectory: true });

const CHILD = 'C9990001';
const PAT = 'W20002';
const MO = 'W20001';
const CHRIS = 'W20003';
const PASSWORD = 'correct horse battery staple';
const AUDITOR = { username: 'ash.auditor', password: PASSWORD, displayName: 'Ash (auditor)' };
const MODERATOR = { username: 'rowan.moderator', password: PASSWORD, displayName: 'Rowan (QA moderator)' };

const TODAY = londonToday(new Date());
const plusDays = (n: number) => dateOf(dayNumber(TODAY)! + n)!;
/** The audit's actions: Pat completes FIRST; SECOND is overdue once the clock is moved to LATER. */
const FIRST_DUE = plusDays(30);
const SECOND_DUE = plusDays(3);
const CHRIS_DUE = plusDays(60);
const LATER = plusDays(10);
/** The case supervision's own actions (Pat's too), due well after LATER so they never come first. */
const SUPERVISION_DUE = plusDays(120);

let sim: IcsSimulator;

beforeAll(async () => {
  sim = await startIcsSimulator({ secret: SECRET });
  process.env[SECRET_ENV] = SECRET;
  const integrator = e2e.server.as('integrator');
  const connector = await integrator.post('/api/sync/connectors', { id: 'ics', kind: 'http', title: 'ICS (test simulator)', dateFormat: 'DD/MM/YYYY', retry: { maxAttempts: 5, baseMs: 20, maxMs: 100 }, settings: { url: sim.url, secretEnv: SECRET_ENV, timeoutMs: 2000 } });
  expect(connector.status, connector.text).toBe(201);
  const mapping = {
    fields: [
      { target: 'RECORD_TYPE', value: 'CASE_SUPERVISION' },
      { target: 'ANALYSIS', from: '/discussion/analysis' },
      { target: 'DECISION', from: '/decision/decision' },
      { target: 'RATIONALE', from: '/decision/rationale' },
    ],
  };
  const mapped = await integrator.put('/api/sync/connectors/ics/mappings/case-supervision/1', mapping);
  expect(mapped.status, mapped.text).toBe(201);
});

afterAll(async () => {
  await sim?.close();
});

async function signInAs(page: Page, account: { username: string; password: string }, mode: Mode = 'pointer'): Promise<void> {
  await e2e.browser.context.clearCookies();
  await signIn(page, e2e.url, account, mode);
}

async function openRecord(page: Page, id: string): Promise<void> {
  await page.goto(`${e2e.url}/records/${id}`);
  await waitForLoaded(page);
}

/** The summary row's value on the record page ("Review", "Status"). */
async function row(page: Page, key: string): Promise<string> {
  return page.locator('main .govuk-summary-list__row', { has: page.locator('dt', { hasText: new RegExp(`^${key}$`) }) }).locator('dd').first().innerText();
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');

/** Waits for the notice an action on the record page leaves (it takes focus once drawn). */
async function notice(page: Page, text: string | RegExp): Promise<void> {
  await page.getByRole('status').filter({ hasText: text }).waitFor();
  await expect.poll(() => focusedText(page)).toMatch(text);
}

const panel = (page: Page) => page.locator('#review-panel');

/**
 * A reviewer's last answer in their stage's section (`section.field`): typed, saved as typed (the
 * store has it), axe on the panel filled in; then signed with the stage's button, and told so.
 */
async function answerAndSign(page: Page, id: string, o: { section: string; field: string; text: string; button: string; stage: string; label: string }): Promise<void> {
  await page.locator(`#f-${o.section}--${o.field}`).fill(o.text);
  await e2e.waitForStored(id, (s) => (s.data[o.section] as Record<string, unknown> | undefined)?.[o.field] === o.text);
  await e2e.axe(page, o.label);
  await panel(page).getByRole('button', { name: o.button, exact: true }).click();
  await notice(page, `You signed this off at ${o.stage}`);
}

describe('oversight with the shipped templates', () => {
  it('(a) a case supervision is returned with a reason, amended, resubmitted and signed off by the line manager; only then does the ICS get it', { timeout: 60_000 }, async () => {
    const fixture = loadFixture('case-supervision', 'valid-planned-child-protection') as Record<string, any>;
    const data = structuredClone(fixture);
    data.meeting = { ...data.meeting, childId: CHILD, supervisorId: MO, superviseeId: PAT };
    delete data.meeting.siblings;
    data.nextSteps.actions = data.nextSteps.actions.map((a: Json & object) => ({ ...a, ownerId: PAT, dueDate: SUPERVISION_DUE }));
    const id = await e2e.createDraft('case-supervision', data, { childId: CHILD });

    // Pat submits it.
    const { page } = await e2e.open();
    await signInAs(page, e2e.server.demo.practitioner);
    await openRecord(page, id);
    await page.getByRole('navigation', { name: 'Form sections' }).getByRole('link', { name: 'Check your answers' }).click();
    await waitForHeading(page, 'Check your answers');
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await waitForHeading(page, 'Form submitted');
    expect(await row(page, 'Review')).toMatch(/^Waiting for Manager sign-off — due \d{1,2} \w+ \d{4}/);
    await e2e.axe(page, 'supervision: submitted, waiting for the line manager');

    // Mo finds it waiting for him and returns it with a reason.
    await signInAs(page, e2e.server.demo.manager);
    const waiting = await tableRows(page, 'Waiting for you: 1');
    expect(waiting[0]!.slice(1, 4)).toEqual(['Case supervision', `Child Jordan Smith (${CHILD})`, 'Manager sign-off']);
    await e2e.axe(page, 'supervision: waiting in the manager’s work');
    await page.getByRole('table', { name: 'Waiting for you: 1' }).getByRole('link', { name: /^Open/ }).click();
    await panel(page).getByRole('heading', { name: 'Manager sign-off', level: 2 }).waitFor();
    const REASON = 'Say what the plan is if the father does not take up the programme.';
    await page.getByLabel('Why are you returning it?').fill(REASON);
    await page.getByRole('button', { name: 'Return for changes' }).click();
    await notice(page, /Returned for changes/);
    await e2e.axe(page, 'supervision: returned, as the manager sees it');
    expect((await e2e.stored(id)).review).toMatchObject({ state: 'returned', deliveryRevision: 0 });

    // Pat sees it returned with the reason, amends the analysis and resubmits.
    await signInAs(page, e2e.server.demo.practitioner);
    const returned = await tableRows(page, /^Returned to you for changes: 1/);
    expect(returned[0]![3]).toBe(`By Mo (team manager) at Manager sign-off: ${REASON}`);
    await e2e.axe(page, 'supervision: returned, in the worker’s work');
    await page.getByRole('link', { name: /^Change and resubmit/ }).click();
    const banner = page.getByRole('region', { name: 'Returned for changes' });
    await banner.waitFor();
    expect(await banner.innerText()).toContain(REASON);
    await e2e.axe(page, 'supervision: returned, as the worker sees it');
    await page.getByRole('navigation', { name: 'Form sections' }).getByRole('link', { name: 'Check your answers' }).click();
    await waitForHeading(page, 'Check your answers');
    await page.locator('main a[href="#f-discussion--analysis"]').click();
    await page.waitForFunction(() => document.activeElement?.id === 'f-discussion--analysis');
    await page.keyboard.press('ControlOrMeta+End');
    const ADDED = ' If he does not take it up by the review, contact stays supervised and we go back to the core group.';
    await page.keyboard.type(ADDED);
    for (let i = 0; i < 8 && !(await page.getByRole('button', { name: 'Resubmit' }).isVisible()); i++) {
      const from = await page.locator('main h1').innerText();
      await page.getByRole('button', { name: /^Save and (continue|check your answers)$/ }).click();
      await page.waitForFunction((prev) => document.querySelector('main h1')?.textContent?.trim() !== prev, from);
    }
    await waitForHeading(page, 'Check your answers');
    await page.getByRole('button', { name: 'Resubmit' }).click();
    await waitForHeading(page, 'Form resubmitted');
    await e2e.axe(page, 'supervision: resubmitted');
    const resubmitted = await e2e.stored(id);
    expect(resubmitted.review).toMatchObject({ state: 'waiting', stage: 'manager-sign-off', deliveryRevision: 0 });
    expect((resubmitted.data.discussion as { analysis: string }).analysis).toBe(data.discussion.analysis + ADDED);
    expect(sim.records.filter((r) => r.submissionId === id), 'nothing delivered before the sign-off').toEqual([]);

    // Mo writes the management decision and signs off.
    await signInAs(page, e2e.server.demo.manager);
    await openRecord(page, id);
    await panel(page).getByRole('heading', { name: 'Manager sign-off', level: 2 }).waitFor();
    await page.locator('#f-decision--decision').fill('Contact stays supervised; offer the perpetrator programme again.');
    expect(sim.records.filter((r) => r.submissionId === id), 'nothing delivered before the sign-off').toEqual([]);
    const rationale = 'The father has not engaged and contact ended early last time.';
    await answerAndSign(page, id, { section: 'decision', field: 'rationale', text: rationale, button: 'Sign off', stage: 'Manager sign-off', label: 'supervision: the manager’s decision, before signing' });
    expect(await row(page, 'Review')).toContain('Signed off');
    const signature = page.locator('.govuk-summary-card', { hasText: 'Manager sign-off' });
    expect(await signature.innerText()).toMatch(/Signed by\s+Mo \(team manager\) \(manager\)/);
    await e2e.axe(page, 'supervision: signed off');

    // Delivered now, exactly once, with the signature over the content.
    const signed = await e2e.stored(id);
    expect(signed.review).toMatchObject({ state: 'complete', deliveryRevision: 1 });
    const [sig] = signed.signatures!;
    const [delivered] = await eventually(() => Promise.resolve(sim.records.filter((r) => r.submissionId === id)), (r) => r.length > 0);
    // A second delivery would follow at once (the workers poll every 50 ms): give it the time to show.
    await new Promise((r) => setTimeout(r, 300));
    expect(sim.records.filter((r) => r.submissionId === id)).toHaveLength(1);
    expect(delivered!.childId).toBe(CHILD);
    expect(delivered!.envelope).toMatchObject({ deliveryRevision: 1, review: { state: 'complete', signatures: [{ stage: 'manager-sign-off', workerId: MO, contentHash: sig!.contentHash }] } });
    await e2e.browser.context.clearCookies();
  });

  it('(b) an audit is responded to, refused to its auditor as moderator, moderated with another grade; its actions are tracked, one done, another overdue first on the lists', { timeout: 90_000 }, async () => {
    const auditor = await newAccount(e2e.server, AUDITOR.username, 'children-in-need-north', 'manager', { groups: ['qa-moderators'], displayName: AUDITOR.displayName });
    await newAccount(e2e.server, MODERATOR.username, 'quality-assurance', 'manager', { groups: ['qa-moderators'], displayName: MODERATOR.displayName });
    const data = structuredClone(loadFixture('case-file-audit', 'valid-child-protection-with-conversation')) as Record<string, any>;
    data.header = { ...data.header, childId: CHILD, allocatedWorkerId: PAT, teamManagerId: MO };
    data.actions = [
      { ...data.actions[0], action: 'Add a contingency plan to the child protection plan.', ownerId: PAT, dueDate: FIRST_DUE },
      { ...data.actions[1], action: 'Bring the chronology up to date.', ownerId: PAT, dueDate: SECOND_DUE },
      { ...data.actions[2], action: 'Ask the school for attendance figures.', ownerId: CHRIS, dueDate: CHRIS_DUE },
    ];
    const made = await auditor.post('/api/submissions', { formId: 'case-file-audit', subject: { childId: CHILD, episodeId: data.header.episodeId }, data, status: 'submitted' }, { headers: { 'idempotency-key': '"oversight-audit"' } });
    expect(made.status, made.text).toBe(201);
    const id = (made.body as { id: string }).id;
    expect(made.body.review).toMatchObject({ state: 'waiting', stage: 'practitioner-response' });

    // Pat responds and signs.
    const { page } = await e2e.open();
    await signInAs(page, e2e.server.demo.practitioner);
    expect((await tableRows(page, 'Waiting for you: 1'))[0]!.slice(1, 4)).toEqual(['Case-file audit', `Child Jordan Smith (${CHILD}), Episode E5531907`, "Practitioner's response"]);
    await page.getByRole('table', { name: 'Waiting for you: 1' }).getByRole('link', { name: /^Open/ }).click();
    await panel(page).getByRole('heading', { name: "Practitioner's response", level: 2 }).waitFor();
    await panel(page).getByRole('radio', { name: 'Partly agrees', exact: true }).check();
    const RESPONSE = 'I accept the chronology was behind; the contact change was agreed at core group and I will record the rationale.';
    await answerAndSign(page, id, { section: 'practitionerResponse', field: 'response', text: RESPONSE, button: 'Sign and send your response', stage: "Practitioner's response", label: 'audit: the practitioner’s response' });
    expect(await row(page, 'Review')).toMatch(/^Waiting for Moderation — due/);
    await e2e.axe(page, 'audit: responded, waiting for moderation');

    // The auditor is a moderator too, but may not moderate their own audit: told so, no panel.
    await signInAs(page, AUDITOR);
    await openRecord(page, id);
    await page.getByText('You wrote this record, so someone else must act at "Moderation".').waitFor();
    expect(await panel(page).count(), 'no sign-off panel for the auditor').toBe(0);
    await e2e.axe(page, 'audit: the auditor may not moderate it');
    const refused = await auditor.post(`/api/submissions/${id}/review/sign`, { stage: 'moderation', data: { moderatedGrade: 'GOOD', outcome: 'RAISED', rationale: 'x' } }, { headers: { 'if-match': `"${(await e2e.stored(id)).revision}"` } });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('You wrote this record');

    // Another moderator disagrees with the grade and signs the moderation off.
    await signInAs(page, MODERATOR);
    expect((await tableRows(page, 'Waiting for you: 1'))[0]![3]).toBe('Moderation');
    await openRecord(page, id);
    await panel(page).getByRole('heading', { name: 'Moderation', level: 2 }).waitFor();
    await panel(page).getByRole('radio', { name: 'Good', exact: true }).check();
    await panel(page).getByRole('radio', { name: 'Grade raised', exact: true }).check();
    const RATIONALE = 'The child is seen and heard and the plan is progressing; the gaps found are recording, not risk. Good overall.';
    await answerAndSign(page, id, { section: 'moderation', field: 'rationale', text: RATIONALE, button: 'Sign off the moderation', stage: 'Moderation', label: 'audit: moderation, before signing' });
    expect(await row(page, 'Review')).toContain('Signed off');
    expect(await page.locator('.govuk-summary-card', { hasText: 'Moderation' }).innerText()).toMatch(/Signed by\s+Rowan \(QA moderator\) \(manager\)/);
    await e2e.axe(page, 'audit: moderated');
    const moderated = await e2e.stored(id);
    expect(moderated.data.overall).toMatchObject({ grade: 'RI' });
    expect(moderated.data.moderation).toEqual({ moderatedGrade: 'GOOD', outcome: 'RAISED', rationale: RATIONALE });
    expect(moderated.signatures!.map((s) => s.stage)).toEqual(['practitioner-response', 'moderation']);

    // Its actions are tracked.
    const tracked = (await e2e.server.as('practitioner').get(`/api/actions?submission=${id}`)).body.items;
    expect(tracked.map((a: any) => [a.id, a.text, a.ownerWorkerId, a.dueOn, a.status])).toEqual([
      [`${id}.2`, 'Bring the chronology up to date.', PAT, SECOND_DUE, 'open'],
      [`${id}.1`, 'Add a contingency plan to the child protection plan.', PAT, FIRST_DUE, 'open'],
      [`${id}.3`, 'Ask the school for attendance figures.', CHRIS, CHRIS_DUE, 'open'],
    ]);

    // Pat completes the first.
    await signInAs(page, e2e.server.demo.practitioner);
    await page.getByRole('link', { name: 'Open the action: Add a contingency plan to the child protection plan.' }).click();
    await waitForHeading(page, 'Add a contingency plan to the child protection plan.');
    await page.getByRole('button', { name: 'Mark as done' }).click();
    await page.locator('#action-note').fill('Contingency plan agreed at the core group and added to the plan.');
    await e2e.axe(page, 'audit: marking an action done');
    await page.locator('form').getByRole('button', { name: 'Mark as done' }).click();
    await page.getByText('The action is marked as done').waitFor();
    await e2e.axe(page, 'audit: an action done');
    expect(await e2e.server.running.ctx.store.getAction(`${id}.1`)).toMatchObject({ status: 'done', note: 'Contingency plan agreed at the core group and added to the plan.' });

    // A week and more later (the server's clock; sessions are signed in afresh at that time): the second is overdue.
    const ctx = e2e.server.running.ctx;
    const realNow = ctx.now;
    const later = new Date(`${LATER}T12:00:00Z`);
    ctx.now = () => later;
    try {
      const late = `Overdue by ${workingDaysLate(SECOND_DUE, LATER)} working days`;
      expect(workingDaysLate(SECOND_DUE, LATER)).toBeGreaterThan(1);
      await signInAs(page, e2e.server.demo.practitioner);
      const mine = await tableRows(page, /^Your open actions: /);
      expect(mine[0]!.slice(0, 3)).toEqual(['Bring the chronology up to date.', `Jordan Smith (${CHILD})`, expect.stringContaining(late)]);
      expect(mine.filter((r) => r[2]!.includes('Overdue')), 'only the second is overdue').toHaveLength(1);
      expect(mine.map((r) => r[0])).not.toContain('Add a contingency plan to the child protection plan.');
      await e2e.axe(page, 'audit: an overdue action first in the worker’s work');

      await signInAs(page, e2e.server.demo.manager);
      await page.getByRole('navigation', { name: 'Caseforms' }).getByRole('link', { name: 'Team' }).click();
      await waitForHeading(page, 'Your team’s work');
      await page.getByRole('link', { name: 'Actions by worker' }).click();
      const workers = await tableRows(page, 'Open actions by worker');
      expect(workers[0]!.slice(0, 3)).toEqual([`Pat Singh (${PAT})`, expect.any(String), '1']);
      expect(workers.find((w) => w[0] === `Chris Doyle (${CHRIS})`)?.slice(1, 3)).toEqual(['1', '0']);
      await e2e.axe(page, 'audit: actions by worker, later');
      await page.getByRole('link', { name: 'Team actions' }).click();
      await page.getByLabel('Overdue only').check();
      await page.getByRole('button', { name: 'Apply filters' }).click();
      const overdue = await tableRows(page, 'Overdue actions of the team');
      expect(overdue.map((r) => r.slice(0, 3))).toEqual([['Bring the chronology up to date.', `Jordan Smith (${CHILD})`, `Pat Singh (${PAT})`]]);
      expect(overdue[0]![3]).toContain(late);
      await e2e.axe(page, 'audit: the team’s overdue actions, later');
    } finally {
      ctx.now = realNow;
      await e2e.browser.context.clearCookies();
    }
  });

  it('(c) the employee confirms a return-to-work interview about her with her signature, by keyboard only', { timeout: 40_000 }, async () => {
    const data = structuredClone(loadFixture('return-to-work', 'valid-fit-note-phased-return')) as Record<string, any>;
    data.employee = { ...data.employee, workerId: PAT, lineManagerId: MO, interviewerId: MO };
    const made = await e2e.server.as('manager').post('/api/submissions', { formId: 'return-to-work', subject: { workerId: PAT }, data, status: 'submitted' }, { headers: { 'idempotency-key': '"oversight-rtw"' } });
    expect(made.status, made.text).toBe(201);
    const id = (made.body as { id: string }).id;

    const { page } = await e2e.open();
    await signInAs(page, e2e.server.demo.practitioner, 'keyboard');
    const waiting = await tableRows(page, /^Waiting for you: /);
    expect(waiting.find((r) => r[1] === 'Return-to-work interview')?.slice(2, 4)).toEqual([expect.stringContaining(PAT), "Employee's confirmation"]);
    await e2e.axe(page, 'return to work: waiting in the employee’s work');
    await tabTo(page, { css: 'table a', text: /^Open.*Return-to-work interview/ });
    await page.keyboard.press('Enter');
    await panel(page).getByRole('heading', { name: "Employee's confirmation", level: 2 }).waitFor();
    await e2e.axe(page, 'return to work: the employee’s confirmation');
    const COMMENTS = 'The phased return suits me; I would like to talk about court work again after occupational health.';
    await tabTo(page, { css: '#f-employeeConfirmation--employeeComments' });
    await page.keyboard.type(COMMENTS);
    await tabTo(page, { css: '#f-employeeConfirmation--consentOccupationalHealth' });
    await page.keyboard.press('Space');
    await tabTo(page, { css: '#f-employeeConfirmation--consentHr' });
    await page.keyboard.press('Space');
    await e2e.waitForStored(id, (s) => {
      const c = s.data.employeeConfirmation as Record<string, unknown> | undefined;
      return c?.employeeComments === COMMENTS && c.consentOccupationalHealth === true && c.consentHr === true;
    });
    await tabTo(page, { css: '#sign-off', text: 'Confirm and sign' });
    await page.keyboard.press('Enter');
    await notice(page, "You signed this off at Employee's confirmation");
    expect(await row(page, 'Review')).toContain('Signed off');
    const signature = page.locator('.govuk-summary-card', { hasText: "Employee's confirmation" });
    expect(await signature.innerText()).toMatch(/Signed by\s+Pat \(social worker\) \(practitioner\)/);
    expect(await signature.innerText()).toContain('Yes: the record has not changed since it was signed');
    await e2e.axe(page, 'return to work: confirmed');
    const stored = await e2e.stored(id);
    expect(stored.review?.state).toBe('complete');
    expect(stored.signatures).toEqual([expect.objectContaining({ stage: 'employee-confirmation', workerId: PAT, role: 'practitioner', contentHash: expect.stringMatching(/^sha256:/) })]);
    expect(stored.data.employeeConfirmation).toEqual({ employeeComments: COMMENTS, consentOccupationalHealth: true, consentHr: true });
    await e2e.browser.context.clearCookies();
  });
});

describe('who a return-to-work interview is about', () => {
  it('a return-to-work interview started about a worker shows their id as chosen, not as a box to type another into; a name typed for the id at the start is refused there', async () => {
    const { page } = await e2e.open({ expectedHttpErrors: [{ path: /\/api\/submissions$/, status: 422 }] });
    await signIn(page, e2e.url, e2e.server.demo.manager);
    await page.getByRole('main').getByRole('link', { name: 'Return-to-work interview', exact: true }).click();
    await waitForHeading(page, 'Return-to-work interview');
    // A manager who knows the name, not the id.
    await page.locator('#subject-workerId').fill('Pat');
    await page.getByRole('button', { name: 'Start now' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('There is no worker with ICS worker id "Pat" in the directory. Enter the id from the worker\'s ICS record, not their name.');
    await e2e.axe(page, 'the start page refusing a name typed for a worker id');
    await page.locator('#subject-workerId').fill(PAT);
    await page.getByRole('button', { name: 'Start now' }).click();
    await waitForHeading(page, 'Employee');
    const id = new URL(page.url()).pathname.split('/').pop()!;
    // The worker it is about is shown as an answer, with what it means; nothing to type it into.
    await page.locator('main .govuk-form-group', { hasText: 'Employee number' }).first().waitFor();
    expect(await page.locator('input#f-employee--workerId, textarea#f-employee--workerId').count()).toBe(0);
    const shown = page.getByRole('main').locator('.govuk-form-group', { hasText: 'Employee\'s ICS worker id' });
    expect(await shown.innerText()).toMatch(new RegExp(`Employee.s ICS worker id[\\s\\S]*${PAT}`));
    await e2e.axe(page, 'a return-to-work interview with its worker shown');
    const stored = await e2e.stored(id);
    expect(stored.subject).toEqual({ workerId: PAT });
    expect((stored.data.employee as { workerId: string }).workerId).toBe(PAT);
  });

});
