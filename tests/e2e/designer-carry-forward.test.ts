/**
 * Issue 12, item 3, in the designer: in a question's properties, "Fill in from an earlier record"
 * chooses a form (this one or another published form) and a question there whose kind of answer
 * fits, by keyboard; it is kept as the question's x-carry-forward, shown as a sentence, and can
 * be removed. axe on every state.
 */
import { describe, expect, it } from 'vitest';
import { useE2E } from '../support/e2e.js';
import { choose, selectItem, signInToDesigner, waitForNoLoading, waitSaved } from '../support/designer.js';
import { tabTo, waitForHeading, type Json } from '../support/form-filler.js';

const e2e = useE2E();
const K = 'keyboard' as const;
const FORM = { id: 'visit-carry', title: 'Home visit', category: 'case-record', team: 'children-in-need', subject: { childId: '/childId' } };
const DEFINITION = {
  schema: {
    type: 'object',
    properties: {
      childId: { type: 'string', title: "Child's ICS person id", maxLength: 20 },
      visitOn: { type: 'string', title: 'Date of the visit', format: 'date', maxLength: 10 },
      lastVisitOn: { type: 'string', title: 'Date of last visit', format: 'date', maxLength: 10 },
      note: { type: 'string', title: 'Note', maxLength: 500 },
    },
  },
  uischema: { type: 'VerticalLayout', elements: ['childId', 'visitOn', 'lastVisitOn', 'note'].map((k) => ({ type: 'Control', scope: `#/properties/${k}` })) },
};

describe('designer: fill in from an earlier record', () => {
  it('an analyst chooses, by keyboard, the question of this form or of another published form a date is filled in from, and removes it', { timeout: 60_000 }, async () => {
    const designer = e2e.server.as('designer');
    expect((await designer.post('/api/forms', FORM)).status).toBe(201);
    expect((await designer.post(`/api/forms/${FORM.id}/versions`, { ...DEFINITION, changeNote: 'First version' })).status).toBe(201);
    const stored = async (): Promise<Json> => ((await designer.get(`/api/forms/${FORM.id}/versions/1`)).body as { schema: { properties: Record<string, Json> } }).schema.properties.lastVisitOn!;

    const { page } = await e2e.open();
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInToDesigner(page, e2e.url, e2e.server.demo.designer, K);
    await page.goto(`${e2e.url}/designer/forms/${FORM.id}`);
    await waitForHeading(page, 'Build');
    await waitForNoLoading(page);
    await selectItem(page, K, 'Date of last visit');
    const group = page.getByRole('group', { name: 'Fill in from an earlier record' });
    // Only questions with a date (or a date and time) are offered for a date.
    expect(await group.locator('[id$="-carry-question"] option').allTextContents()).toEqual(['Date of the visit', 'Date of last visit']);
    await e2e.axe(page, 'designer: fill in from an earlier record, nothing chosen');

    await choose(page, K, '[id$="-carry-question"]', 'Date of the visit');
    await tabTo(page, { css: 'button', text: 'Fill in from this question' });
    await page.keyboard.press('Enter');
    const sentence = group.getByText('Filled in from “Date of the visit” in the last record of this form.');
    await sentence.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toMatch(/-carry-current$/);
    await waitSaved(page);
    expect((await stored())['x-carry-forward']).toEqual({ from: '/visitOn' });
    await e2e.axe(page, 'designer: filled in from a question of this form');

    await tabTo(page, { css: 'button', text: 'Remove filling in from an earlier record' });
    await page.keyboard.press('Enter');
    await group.locator('[id$="-carry-form"]').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toMatch(/-carry-form$/);
    // Another published form: its questions that fit, a date and time among them.
    await choose(page, K, '[id$="-carry-form"]', 'Case supervision');
    await choose(page, K, '[id$="-carry-question"]', 'Date and time of the supervision');
    await tabTo(page, { css: 'button', text: 'Fill in from this question' });
    await page.keyboard.press('Enter');
    await group.getByText('Filled in from “Date and time of the supervision” in the last record of “Case supervision”.').waitFor();
    await waitSaved(page);
    expect((await stored())['x-carry-forward']).toEqual({ from: '/meeting/meetingAt', form: 'case-supervision' });
    await e2e.axe(page, 'designer: filled in from a question of another form');

    await tabTo(page, { css: 'button', text: 'Remove filling in from an earlier record' });
    await page.keyboard.press('Enter');
    await group.locator('[id$="-carry-form"]').waitFor();
    await waitSaved(page);
    expect((await stored())['x-carry-forward']).toBeUndefined();
  });
});
