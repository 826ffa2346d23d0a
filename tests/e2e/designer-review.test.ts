/**
 * Issue 14 in the designer: an analyst gives a form two review stages by keyboard — "Practitioner's
 * response" by the child's allocated worker, who fills in the response section, and "Moderation"
 * by the group qa-moderators, who fills in the moderation section — reorders them and back, says
 * the case recording system gets the record at the last sign-off, and tracks a repeating group's
 * rows as actions. The saved draft's schema holds exactly the x-review and x-actions of the plan.
 * axe on every state added.
 */
import { describe, expect, it } from 'vitest';
import { useE2E } from '../support/e2e.js';
import { TWO_STAGES, reviewForm } from '../support/review-form.js';
import { choose, openEditor, openView, retypeAt, selectItem, waitSaved } from '../support/designer.js';
import { press, tabTo, type Json } from '../support/form-filler.js';

const e2e = useE2E();
const K = 'keyboard' as const;
const FORM = { id: 'visit-review', title: 'Home visit with review', category: 'case-record', team: 'children-in-need' };

describe('designer: review and sign-off, and tracked actions', () => {
  it('an analyst adds two stages by keyboard, reorders them, and marks a repeating group as actions; the draft holds x-review and x-actions', { timeout: 60_000 }, async () => {
    const designer = e2e.server.as('designer');
    expect((await designer.post('/api/forms', FORM)).status).toBe(201);
    expect((await designer.post(`/api/forms/${FORM.id}/versions`, { ...reviewForm(), changeNote: 'First version' })).status).toBe(201);
    const stored = async (): Promise<Json> => ((await designer.get(`/api/forms/${FORM.id}/versions/1`)).body as { schema: Json }).schema;

    const { page } = await e2e.open();
    await openEditor(page, e2e.url, e2e.server.demo.designer, FORM.id, K);
    await openView(page, K, 'Review and sign-off');
    await page.locator('#review-none').waitFor();
    await e2e.axe(page, 'designer: review and sign-off, no stages');

    const focused = () => page.evaluate(() => document.activeElement?.id);
    // Stage 1: its name box takes focus with the made-up name selected, so typing replaces it.
    await press(page, K, { css: 'button', text: 'Add a stage' });
    await page.waitForFunction(() => document.activeElement?.id === 'review-stage-0-name');
    await page.keyboard.type("Practitioner's response");
    await page.keyboard.press('Tab');
    await page.getByRole('heading', { name: "Stage 1: Practitioner's response" }).waitFor();
    await choose(page, K, '#review-stage-0-role', 'A practitioner');
    await choose(page, K, '#review-stage-0-relationship', "The child's allocated worker");
    await retypeAt(page, '#review-stage-0-due', '3');
    await choose(page, K, '#review-stage-0-section', 'Practitioner’s response');

    // Stage 2: a named group, not someone who acted before, with its own section.
    await press(page, K, { css: 'button', text: 'Add a stage' });
    await page.waitForFunction(() => document.activeElement?.id === 'review-stage-1-name');
    await page.keyboard.type('Moderation');
    await page.keyboard.press('Tab');
    await choose(page, K, '#review-stage-1-relationship', 'Members of a named group');
    await retypeAt(page, '#review-stage-1-group', 'QA moderators');
    // Refused in words at its box, and kept there to put right.
    await page.locator('#review-stage-1-group-error').getByText("A group's name is 2 to 40 small letters").waitFor();
    await e2e.axe(page, 'designer: review stage with a refused group name');
    await retypeAt(page, '#review-stage-1-group', 'qa-moderators');
    await page.locator('#review-stage-1-group-error').waitFor({ state: 'detached' });
    await tabTo(page, { css: '#review-stage-1-not-earlier' });
    await page.keyboard.press('Space');
    await retypeAt(page, '#review-stage-1-due', '10');
    await choose(page, K, '#review-stage-1-section', 'Quality moderation');

    // Reordered by keyboard: focus follows the stage; and back.
    await press(page, K, { css: 'button', text: 'Move up the stage “Moderation”' });
    await page.getByRole('heading', { name: 'Stage 1: Moderation' }).waitFor();
    // Focus follows once the moved stage is drawn: wait for it rather than look at once.
    await expect.poll(focused).toBe('review-stage-0-down');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Stage 2: Moderation' }).waitFor();
    await expect.poll(focused).toBe('review-stage-1-up');

    // The radios: the checked one is the tab stop, an arrow key chooses the other.
    await tabTo(page, { css: '#review-deliver-submit' });
    await page.keyboard.press('ArrowDown');
    await page.locator('#review-deliver-final-sign-off:checked').waitFor();
    await waitSaved(page);
    await e2e.axe(page, 'designer: review and sign-off, two stages');

    // Track as actions, on the repeating group's properties (by pointer).
    await openView(page, 'pointer', 'Build');
    await selectItem(page, 'pointer', 'Actions');
    const actions = page.getByRole('group', { name: 'Track as actions' });
    await actions.getByLabel('Track these rows as actions').check();
    await actions.getByLabel('The action').waitFor();
    expect(await actions.getByLabel('When it is due').locator('option').allTextContents()).toEqual(['Due by']);
    await waitSaved(page);
    await e2e.axe(page, 'designer: a repeating group tracked as actions');

    const schema = await stored();
    expect(schema['x-review']).toEqual(TWO_STAGES);
    expect(schema.required).toEqual(['visit']);
    expect((schema.properties as Record<string, Json>).actions!['x-actions']).toEqual({ action: 'action', owner: 'ownerId', due: 'dueDate' });
  });
});
