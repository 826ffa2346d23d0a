/**
 * Issue 12, item 3, in the browser: a second case supervision for the same child opens with the
 * date of the last one and its actions carried forward, each with a note saying where they came
 * from (part of the question's description), and the worker can change them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useE2E } from '../support/e2e.js';
import { loadFixture, waitForHeading } from '../support/form-filler.js';

const e2e = useE2E();

beforeAll(async () => {
  await e2e.signInPractitioner();
});

describe('carry-forward', () => {
  it('a second case supervision for the same child opens with the last date and the previous actions carried forward, the note read with each', async () => {
    const last = loadFixture('case-supervision', 'valid-planned-child-protection') as Record<string, any>;
    last.meeting.childId = 'C7001';
    last.meeting.meetingAt = '2026-10-03T14:30:00+01:00';
    const res = await e2e.server.as('practitioner').post('/api/submissions', { formId: 'case-supervision', subject: { childId: 'C7001' }, data: last, status: 'submitted' }, { headers: { 'idempotency-key': '"e2e-carry-1"' } });
    expect(res.status, res.text).toBe(201);
    // The record is the one submitted just now: its day, as the browser (in this machine's zone) writes it.
    const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(res.body.submittedAt));
    // …and its reference, given by the store when it was created.
    expect(res.body.reference).toMatch(/^SUP-\d{4}-\d{6}$/);
    const note = `Carried forward from the record of ${day} (${res.body.reference}). Check it is still right; you can change it.`;

    const { page } = await e2e.open();
    await page.goto(`${e2e.url}/forms/case-supervision/start`);
    await page.getByLabel("Child's ICS person ID").fill('C7001');
    await page.getByRole('button', { name: 'Start now' }).click();
    await waitForHeading(page, 'The supervision');
    const date = page.getByRole('group', { name: /^Date of last case supervision/ });
    expect([await date.getByLabel('Day').inputValue(), await date.getByLabel('Month').inputValue(), await date.getByLabel('Year').inputValue()]).toEqual(['03', '10', '2026']);
    // The note is words, tied to the question: a screen reader hears it with the question.
    const described = await date.getAttribute('aria-describedby');
    expect(described?.split(' ')).toContain('f-meeting--lastCaseSupervisionOn-carried');
    expect((await page.locator('#f-meeting--lastCaseSupervisionOn-carried').innerText()).trim()).toBe(note);
    await e2e.axe(page, 'carry-forward: the last date carried');

    await page.getByRole('navigation', { name: 'Form sections' }).getByRole('link', { name: 'Previous actions', exact: true }).click();
    await waitForHeading(page, 'Previous actions');
    const actions = last.nextSteps.actions as Array<{ action: string }>;
    for (const [i, a] of actions.entries()) expect(await page.locator(`#f-previousActions--${i}--action`).inputValue()).toBe(a.action);
    const group = page.getByRole('group', { name: 'Review of previous actions' });
    expect((await group.getAttribute('aria-describedby'))?.split(' ')).toContain('f-previousActions-carried');
    expect(await page.locator('#f-previousActions-carried').innerText()).toContain(`Carried forward from the record of ${day} (${res.body.reference}). Check each one`);
    await e2e.axe(page, 'carry-forward: the previous actions carried');

    // The worker records progress on each; what was carried can be changed like any answer.
    const id = new URL(page.url()).pathname.split('/').pop()!;
    await page.locator('#f-previousActions--0--action').fill('Written to the father: programme offered.');
    await page.getByRole('group', { name: /Previous action 1: Progress/ }).getByLabel('Completed').check();
    const { submission } = await e2e.waitForStored(id, (s) => (s.data.previousActions as Array<Record<string, unknown>>)[0]?.progress === 'DONE');
    expect((submission.data.previousActions as Array<Record<string, unknown>>)[0]).toMatchObject({ action: 'Written to the father: programme offered.', ownerId: 'W20931', progress: 'DONE' });
    expect(submission.carriedForward?.map((c) => c.pointer)).toEqual(['/meeting/lastCaseSupervisionOn', '/previousActions']);
  });
});
