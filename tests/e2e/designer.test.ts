/**
 * The designer in a real browser against the real server (SQLite store): a business analyst who
 * has never used it builds a supervision form from nothing (part of it by keyboard only), with a
 * section, a repeating group of actions and a display rule; sees a policy problem where it is;
 * previews and tries it; renames a question in the data, in the panel and by hand in the JSON (the form settings follow); publishes
 * it. A practitioner fills it in and submits it in the runtime: the data is named after the
 * labels the analyst typed. The analyst changes it in a breaking way (a published name cannot
 * change), sees what that breaks, and publishes version 2; the submitted record still shows
 * version 1. axe runs on every state the analyst sees.
 */
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { useE2E } from '../support/e2e.js';
import {
  addLabelled,
  choose,
  openView,
  outlineItem,
  outlineText,
  panelControl,
  problemsListed,
  saveState,
  selectItem,
  setPanelCheck,
  setPanelText,
  signInToDesigner,
  waitForNoLoading,
  waitSaved,
} from '../support/designer.js';
import { button, fillForm, press, signIn, startForm, tabTo, typeInto, waitForHeading, type Json, type Template, type UiElement } from '../support/form-filler.js';

const e2e = useE2E();

beforeEach(async () => {
  await e2e.browser.context.clearCookies();
});

/** The data name of the question labelled `label` (the last step of its control's scope). */
function nameOf(uischema: UiElement, label: string): string {
  const found: string[] = [];
  const walk = (el: UiElement) => {
    if (el.type === 'Control' && el.label === label && el.scope) found.push(el.scope.split('/').at(-1)!);
    for (const c of el.elements ?? []) walk(c);
    if (el.options?.detail) walk(el.options.detail);
  };
  walk(uischema);
  if (found.length !== 1) throw new Error(`${found.length} questions are labelled "${label}"`);
  return found[0]!;
}

/** Every key in some data, at any depth. */
function keysIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [k, ...keysIn(v)]);
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await waitForHeading(page, 'Sign in');
}

describe('the designer', () => {
  it('a new analyst builds a supervision form (partly by keyboard), previews and publishes it; a practitioner submits it; version 2 keeps that record on version 1', { timeout: 240_000 }, async () => {
    const { page } = await e2e.open({ expectedHttpErrors: [{ path: '/api/forms/practice-supervision/versions/1/try', status: 422 }] });
    await page.setViewportSize({ width: 1280, height: 900 });
    const axe = (label: string) => e2e.axe(page, label);
    const K = 'keyboard' as const;
    const P = 'pointer' as const;

    // --- Keyboard only: sign in, create the form, its first section and questions. ---
    await signInToDesigner(page, e2e.url, e2e.server.demo.designer, K);
    await axe('designer: the list of forms');
    await typeInto(page, K, '#new-title', 'Practice supervision');
    await choose(page, K, '#new-category', 'Supervision');
    await choose(page, K, '#new-team', 'Children in need north (children-in-need-north)');
    await press(page, K, button('Create form'));
    await waitForHeading(page, 'Build');
    await waitForNoLoading(page);
    expect(await page.locator('main .govuk-caption-l').innerText()).toBe('Practice supervision, version 1 (draft)');
    await axe('designer: a new, empty form');

    await addLabelled(page, K, 'Section', 'The child');
    await addLabelled(page, K, 'Person or child id', "Child's ICS person id");
    await setPanelCheck(page, K, 'Required', true);
    await addLabelled(page, K, 'Single choice', 'Type of supervision');
    // Options: a label people see and a code the ICS gets.
    await typeInto(page, K, '[id$="-options-label-0"]', 'Individual');
    await typeInto(page, K, '[id$="-options-code-0"]', 'IND');
    await typeInto(page, K, '[id$="-options-label-1"]', 'Group');
    await typeInto(page, K, '[id$="-options-code-1"]', 'GRP');
    await page.keyboard.press('Tab');
    await setPanelCheck(page, K, 'Required', true);
    // Two options would be radios by default; the analyst asks for a dropdown list.
    await choose(page, K, '[id$="-display"]', 'A dropdown list');
    await waitSaved(page);
    await axe('designer: a single-choice question with its options');
    expect(await outlineText(page)).toEqual(['The child (Section)', "  Child's ICS person id (Person or child id, required)", '  Type of supervision (Single choice, required)']);

    // --- Pointer from here: a repeating group of actions after the section. ---
    await selectItem(page, P, 'The child');
    await choose(page, P, '#palette-where', 'After “The child”');
    await addLabelled(page, P, 'Repeating group', 'Actions');
    // The group starts with a short-text question ("Details"): add the action as long text instead.
    await addLabelled(page, P, 'Long text', 'Action');
    await setPanelCheck(page, P, 'Required', true);
    await selectItem(page, P, 'Details');
    await page.getByRole('button', { name: 'Remove this question' }).click();
    await page.locator(outlineItem('Details').css, { hasText: /^Details/ }).waitFor({ state: 'detached' });
    await selectItem(page, P, 'Action');
    await addLabelled(page, P, 'Short text', 'Action owner');
    await setPanelCheck(page, P, 'Required', true);
    await addLabelled(page, P, 'Date', 'Due date');
    await setPanelCheck(page, P, 'Required', true);
    // A day that is not a day is refused at its box; a real one is kept.
    await setPanelText(page, P, 'Earliest date (optional)', '2026-02-30');
    const earliestBox = panelControl(page, 'Earliest date (optional)');
    await expect.poll(() => earliestBox.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${(await earliestBox.getAttribute('aria-describedby'))!.split(' ').find((i) => i.endsWith('-error'))}`).innerText()).toMatch(/earliest date of “Due date” must be a real day written YYYY-MM-DD/);
    await axe('designer: a refused earliest date');
    await setPanelText(page, P, 'Earliest date (optional)', '2026-01-01');
    await expect.poll(() => earliestBox.getAttribute('aria-invalid')).not.toBe('true');
    // A check against another answer, without JSON, by keyboard: kept as an x-compare rule in the row.
    await choose(page, K, '[id$="-checks-other"]', 'Now (the moment the form is checked)');
    await choose(page, K, '[id$="-checks-op"]', 'on or after');
    await tabTo(page, { css: 'button', text: 'Add the check' });
    await page.keyboard.press('Enter');
    await page.getByText('Must be on or after now (not in the past)').waitFor();
    await waitSaved(page);
    await axe('designer: a check against now');
    const draftRules = async () => JSON.stringify(((await e2e.server.as('designer').get('/api/forms/practice-supervision/versions/1')).body as { schema: Json }).schema).match(/"x-compare":\[[^\]]*\]/g);
    expect(await draftRules()).toEqual(['"x-compare":[{"field":"/dueDate","op":">=","other":"now"}]']);
    // Taken off again: the practitioner's due date later on must not depend on today's date.
    await page.getByRole('button', { name: 'Remove the check: Must be on or after now (not in the past)' }).click();
    await page.getByText('No checks yet.').waitFor();
    await waitSaved(page);
    expect(await draftRules()).toBeNull();
    await selectItem(page, P, 'Actions');
    await choose(page, P, '#palette-where', 'After “Actions”');
    await addLabelled(page, P, 'Yes or no', 'Escalation needed?');
    await addLabelled(page, P, 'Long text', 'Escalation: to whom and why');
    await setPanelCheck(page, P, 'Required', true);

    // --- The display rule: shown only when escalation is needed. ---
    await page.getByRole('button', { name: 'Add a display rule' }).click();
    await axe('designer: building a display rule');
    await choose(page, P, '[id$="-rule-effect"]', 'Show this only when');
    await choose(page, P, '[id$="-rule-field-0"]', 'Escalation needed?');
    await choose(page, P, '[id$="-rule-comparison-0"]', 'is');
    await choose(page, P, '[id$="-rule-value-0"]', 'Yes');
    await page.getByRole('button', { name: 'Save the rule' }).click();
    await waitSaved(page);
    expect(await outlineText(page)).toEqual([
      'The child (Section)',
      "  Child's ICS person id (Person or child id, required)",
      '  Type of supervision (Single choice, required)',
      'Actions (Repeating group)',
      '  Action (Long text, required)',
      '  Action owner (Short text, required)',
      '  Due date (Date, required)',
      'Escalation needed? (Yes or no)',
      'Escalation: to whom and why (Long text, required, shown by a rule)',
    ]);
    // The panel says the rule makes "required" conditional.
    expect(await panelControl(page, 'Required when shown').isChecked()).toBe(true);

    // --- A limit that contradicts another is refused at its box; nothing is saved. ---
    await selectItem(page, P, 'Action owner');
    await setPanelText(page, P, 'Fewest characters (optional)', '500');
    const refusal = page.locator('[id$="-minlength-error"]');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/minimum length of “Action owner” \(500\) is more than its maximum length \(200\)/);
    expect(await panelControl(page, 'Fewest characters (optional)').getAttribute('aria-invalid')).toBe('true');
    await e2e.axe(page, 'designer: a refused limit shown at its box');
    await setPanelText(page, P, 'Fewest characters (optional)', '');
    await refusal.waitFor({ state: 'detached' });
    await waitSaved(page);

    // --- A policy problem (here from JSON edited by hand) appears where it is, and goes when fixed. ---
    await openView(page, P, 'Advanced (JSON)');
    const schemaJson = JSON.parse(await page.locator('#advanced-schema').inputValue()) as Json & { properties: Record<string, Json & { items: { properties: Record<string, Json> } }> };
    const uiJson = JSON.parse(await page.locator('#advanced-uischema').inputValue()) as UiElement;
    const owner = schemaJson.properties[nameOf(uiJson, 'Actions')]!.items.properties[nameOf(uiJson, 'Action owner')]!;
    owner.maxLength = 100000;
    await page.locator('#advanced-schema').fill(JSON.stringify(schemaJson, null, 2));
    await page.getByRole('button', { name: 'Apply the JSON' }).click();
    // The problems line counts them; the list opens from it.
    await page.locator('#problems-title', { hasText: '1 problem to fix before publishing' }).waitFor();
    expect((await problemsListed(page)).join('\n')).toMatch(/“?"?Action owner"?”? allows 100000 characters; the most a field may allow is 50,000/);
    await e2e.axe(page, 'designer: a policy problem listed in the advanced view');
    await openView(page, P, 'Build');
    const problems = await problemsListed(page);
    expect(problems).toHaveLength(1);
    expect(await page.locator(outlineItem('Action owner').css, { hasText: /^Action owner/ }).innerText()).toMatch(/has a problem/);
    await selectItem(page, P, 'Due date');
    await page.locator('#problems-title').click();
    await page.locator('#problems-title + ul a').first().click();
    await page.locator('section[aria-labelledby^="prop-"] h2', { hasText: 'Action owner' }).waitFor();
    expect(await page.locator('section[aria-labelledby^="prop-"] .govuk-error-summary').innerText()).toMatch(/the most a field may allow is 50,000/);
    await axe('designer: a policy problem shown at its question');
    await openView(page, P, 'Versions and publishing');
    await page.getByText('Fix the problem shown in the Build view first.').waitFor();
    await openView(page, P, 'Build');
    await selectItem(page, P, 'Action owner');
    await setPanelText(page, P, 'Most characters', '200');
    await waitSaved(page);
    await page.locator('#problems-title', { hasText: 'No problems to fix before publishing' }).waitFor();
    expect(await problemsListed(page)).toEqual([]);

    // --- Undo and redo. ---
    await selectItem(page, P, 'Escalation needed?');
    await setPanelText(page, P, 'Question', 'Escalate?');
    await page.locator(outlineItem('Escalate?').css, { hasText: /^Escalate\?/ }).waitFor();
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.locator(outlineItem('Escalation needed?').css, { hasText: /^Escalation needed\?/ }).waitFor();
    await page.getByRole('button', { name: 'Redo' }).click();
    await page.locator(outlineItem('Escalate?').css, { hasText: /^Escalate\?/ }).waitFor();
    await page.getByRole('button', { name: 'Undo' }).click();
    await waitSaved(page);

    // --- Advanced view: the JSON is there, with the same checks. ---
    await openView(page, P, 'Advanced (JSON)');
    await axe('designer: the advanced (JSON) view');
    expect(await page.locator('#advanced-uischema').inputValue()).toContain('Escalation: to whom and why');
    await page.locator('#advanced-schema').fill('{ "type": "object", ');
    await page.getByRole('button', { name: 'Apply the JSON' }).click();
    expect(await page.locator('#advanced-schema-error').innerText()).toMatch(/not valid JSON/);
    await axe('designer: the advanced view refusing broken JSON');

    // --- Preview and try it. ---
    await openView(page, P, 'Preview and try it');
    await axe('designer: the preview');
    await page.getByRole('button', { name: 'Try these answers' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toMatch(/Enter the child's ICS person id/);
    await axe('designer: the preview with problems in the sample answers');
    await page.getByLabel("Child's ICS person id").fill('C123456');
    // The preview shows the dropdown the analyst asked for, not radios.
    expect(await page.getByRole('radio', { name: 'Individual' }).count()).toBe(0);
    await page.getByRole('combobox', { name: 'Type of supervision' }).selectOption({ label: 'Individual' });
    await page.getByRole('button', { name: 'Try these answers' }).click();
    await page.getByText('These answers could be submitted').waitFor();

    // --- Form settings: the child's id is asked for before the form opens, and fills in the question. ---
    await openView(page, P, 'Form settings');
    await page.locator('#settings-subject-childId').waitFor();
    await axe('designer: form settings');
    await choose(page, P, '#settings-subject-childId', "Ask for it, and fill in “Child's ICS person id”");
    await page.getByLabel('Description (optional)').fill('Monthly case supervision, with actions and escalation.');
    await page.getByRole('button', { name: 'Save the settings' }).click();
    await page.getByText('The settings are saved.').waitFor();

    // --- The question's name in the data: made from its label; a bad name is refused at its box; a rename
    // carries the settings along, and undo carries them back. ---
    const subjectNow = async () => ((await e2e.server.as('designer').get('/api/forms/practice-supervision')).body as { subject: Record<string, string> }).subject;
    expect(await subjectNow()).toEqual({ childId: '/childsIcsPersonId' });
    await openView(page, P, 'Build');
    await selectItem(page, P, "Child's ICS person id");
    const nameBox = panelControl(page, 'Name in the data');
    expect(await nameBox.inputValue()).toBe('childsIcsPersonId');
    expect(await nameBox.getAttribute('readonly')).toBeNull();
    await setPanelText(page, P, 'Name in the data', 'child id');
    const nameRefusal = page.locator('[id$="-name-error"]');
    await nameRefusal.waitFor();
    expect(await nameRefusal.innerText()).toMatch(/The field name "child id" is not allowed: a field name starts with a letter and uses only letters, digits and underscores/);
    expect(await nameBox.getAttribute('aria-invalid')).toBe('true');
    await axe('designer: a refused name in the data');
    // A name is handed on when the analyst leaves the box or presses Enter, not halfway through typing it.
    await nameBox.fill('childIcsId');
    await nameBox.press('Enter');
    await nameRefusal.waitFor({ state: 'detached' });
    await page.getByText('The form settings follow the new name: the child\'s ICS id fills in “/childIcsId”.').waitFor();
    expect(await subjectNow()).toEqual({ childId: '/childIcsId' });
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(subjectNow).toEqual({ childId: '/childsIcsPersonId' });
    expect(await nameBox.inputValue()).toBe('childsIcsPersonId');
    await waitSaved(page);
    // The same rename made by hand in the JSON (the key and the Control's scope) carries the settings too.
    await openView(page, P, 'Advanced (JSON)');
    for (const box of ['#advanced-schema', '#advanced-uischema']) {
      const text = await page.locator(box).inputValue();
      await page.locator(box).fill(text.replaceAll('"childsIcsPersonId"', '"childRef"').replaceAll('/childsIcsPersonId"', '/childRef"'));
    }
    await page.getByRole('button', { name: /^Apply/ }).click();
    await page.getByText('The form settings follow the new name: the child\'s ICS id fills in “/childRef”.').waitFor();
    expect(await subjectNow()).toEqual({ childId: '/childRef' });
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(subjectNow).toEqual({ childId: '/childsIcsPersonId' });
    await waitSaved(page);

    // --- Publish version 1. ---
    await openView(page, P, 'Versions and publishing');
    await axe('designer: versions, before publishing');
    await page.getByLabel('What changed in this version').fill('First version: supervision with actions and escalation.');
    await page.getByRole('button', { name: 'Check what publishing changes' }).click();
    await page.getByRole('heading', { name: 'What publishing version 1 changes' }).waitFor();
    await axe('designer: what publishing version 1 changes');
    await page.getByRole('button', { name: 'Publish version 1' }).click();
    await page.getByRole('heading', { name: 'Version 1 (published)' }).waitFor();
    await axe('designer: version 1 published, read-only');

    const v1 = (await e2e.server.as('designer').get('/api/forms/practice-supervision/versions/1')).body as { status: string; schema: Json; uischema: UiElement };
    expect(v1.status).toBe('published');
    expect(JSON.stringify(v1.schema)).toMatch(/"format":"date"[^}]*"formatMinimum":"2026-01-01"|"formatMinimum":"2026-01-01"[^}]*"format":"date"/);

    // --- A practitioner fills it in and submits it. ---
    await signOut(page);
    await signIn(page, e2e.url, e2e.server.demo.practitioner);
    const ui = v1.uischema;
    const template: Template = { form: { id: 'practice-supervision', title: 'Practice supervision', subject: { childId: `/${nameOf(ui, "Child's ICS person id")}` } }, schema: v1.schema, uischema: v1.uischema };
    const answers: Json = {
      [nameOf(ui, "Child's ICS person id")]: 'C123456',
      [nameOf(ui, 'Type of supervision')]: 'GRP',
      [nameOf(ui, 'Actions')]: [{ [nameOf(ui, 'Action')]: 'Visit the school', [nameOf(ui, 'Action owner')]: 'Sam Jones', [nameOf(ui, 'Due date')]: '2026-12-14' }],
      [nameOf(ui, 'Escalation needed?')]: true,
      [nameOf(ui, 'Escalation: to whom and why')]: 'To the team manager: drift in the plan.',
    };
    const recordId = await startForm(page, template, answers);
    await fillForm(page, template, answers);
    await waitForHeading(page, 'Check your answers');
    await press(page, P, button('Submit'));
    await page.locator('.govuk-panel--confirmation h1', { hasText: 'Form submitted' }).waitFor();
    const stored = await e2e.stored(recordId);
    expect(stored.status).toBe('submitted');
    expect(stored.version).toBe(1);
    expect(stored.data).toEqual(answers);
    expect(stored.subject).toEqual({ childId: 'C123456' });
    // The data is named after the labels the analyst typed, never after the palette's placeholders.
    expect(Object.keys(stored.data).sort()).toEqual(['actions', 'childsIcsPersonId', 'escalationNeeded', 'escalationToWhomAndWhy', 'typeOfSupervision']);
    expect(Object.keys((stored.data.actions as Json[])[0]!).sort()).toEqual(['action', 'actionOwner', 'dueDate']);
    expect(keysIn(stored.data).filter((k) => k.startsWith('new'))).toEqual([]);
    // Another practitioner's draft on version 1 has chosen "Group", which version 2 removes.
    await e2e.createDraft('practice-supervision', { [nameOf(ui, 'Type of supervision')]: 'GRP' });

    // --- The analyst changes it in a breaking way and publishes version 2. ---
    await signOut(page);
    await signInToDesigner(page, e2e.url, e2e.server.demo.designer);
    await page.getByRole('link', { name: /Open\s+Practice supervision/ }).click();
    await page.getByRole('heading', { name: 'Version 1 (published)' }).waitFor();
    await page.getByRole('button', { name: 'Start a new draft' }).click();
    await waitForHeading(page, 'Build');
    await waitForNoLoading(page);
    expect(await page.locator('main .govuk-caption-l').innerText()).toBe('Practice supervision, version 2 (draft)');
    await selectItem(page, P, "Child's ICS person id");
    // Records use its name now: it is shown, read only, with the reason; a new label leaves it as it is.
    const published = panelControl(page, 'Name in the data');
    expect(await published.inputValue()).toBe('childsIcsPersonId');
    expect(await published.getAttribute('readonly')).not.toBeNull();
    const publishedHint = page.locator(`#${await published.getAttribute('aria-describedby')}`);
    expect(await publishedHint.innerText()).toBe("Records, exports and the case recording system's mappings use this name. Published in version 1, so it cannot change.");
    await axe('designer: a published name in the data, read only');
    await setPanelText(page, P, 'Question', "Child's ICS id");
    await page.locator('section[aria-labelledby^="prop-"] h2').filter({ hasText: "Child's ICS id" }).waitFor();
    expect(await published.inputValue()).toBe('childsIcsPersonId');
    await selectItem(page, P, 'Type of supervision');
    await page.getByRole('button', { name: /Remove option 2, Group/ }).click();
    await waitSaved(page);
    await openView(page, P, 'Versions and publishing');
    await page.getByLabel('What changed in this version').fill('Group supervision is recorded on its own form now.');
    await page.getByRole('button', { name: 'Check what publishing changes' }).click();
    await page.getByRole('heading', { name: 'What publishing version 2 changes' }).waitFor();
    const impact = await page.locator('[role="status"]', { has: page.getByRole('heading', { name: 'What publishing version 2 changes' }) }).innerText();
    expect(impact).toMatch(/Breaking/);
    expect(impact).toMatch(/Group/);
    // One draft chose it: a number under 5 is never given exactly, so no one record is singled out.
    expect(impact).toMatch(/breaks the answers in fewer than 5 drafts in progress/);
    expect(impact).toMatch(/fewer than 5 cannot move to this version and will stay on theirs\./);
    expect(impact).not.toMatch(/in 1 draft|; 1 cannot/);
    const publish2 = page.getByRole('button', { name: 'Publish version 2' });
    expect(await publish2.isDisabled(), 'a breaking publish waits for confirmation').toBe(true);
    await axe('designer: a breaking publish, awaiting confirmation');
    await page.getByLabel('I understand what this breaks and want to publish').check();
    await publish2.click();
    await page.getByRole('heading', { name: 'Version 2 (published)' }).waitFor();
    await openView(page, P, 'Versions and publishing').catch(() => {});
    // Any two versions can be compared in words.
    await page.locator('#compare-from').selectOption('1');
    await page.locator('#compare-to').selectOption('2');
    await page.getByRole('button', { name: 'Compare' }).click();
    const diff = page.locator('.app-panel [role="status"]');
    await diff.waitFor();
    expect(await diff.innerText()).toMatch(/Child's ICS id/);
    await axe('designer: comparing version 1 with version 2');

    // --- The record submitted on version 1 still shows version 1. ---
    await signOut(page);
    await signIn(page, e2e.url, e2e.server.demo.practitioner);
    await page.goto(`${e2e.url}/records/${recordId}`);
    await waitForHeading(page, 'Submitted answers');
    const record = await page.locator('main').innerText();
    expect(await page.locator('main .govuk-caption-l').first().innerText()).toBe('Practice supervision, version 1');
    expect(record).toContain("Child's ICS person id");
    expect(record).not.toContain("Child's ICS id\n");
    expect(record).toContain('Group');
  });

  it('reorders by keyboard (move up and down, into the next section) and by drag and drop, and undoes with Ctrl+Z', { timeout: 120_000 }, async () => {
    const { page } = await e2e.open();
    await page.setViewportSize({ width: 1280, height: 900 });
    const K = 'keyboard' as const;
    await signInToDesigner(page, e2e.url, e2e.server.demo.designer);
    await page.locator('#new-title').fill('Order test');
    await page.locator('#new-team').selectOption('children-in-need-north');
    await page.getByRole('button', { name: 'Create form' }).click();
    await waitForHeading(page, 'Build');
    await addLabelled(page, 'pointer', 'Section', 'First');
    await addLabelled(page, 'pointer', 'Short text', 'A');
    await addLabelled(page, 'pointer', 'Short text', 'B');
    await selectItem(page, 'pointer', 'First');
    await choose(page, 'pointer', '#palette-where', 'After “First”');
    await addLabelled(page, 'pointer', 'Section', 'Second');
    await addLabelled(page, 'pointer', 'Short text', 'C');
    await waitSaved(page);
    expect(await outlineText(page)).toEqual(['First (Section)', '  A (Short text)', '  B (Short text)', 'Second (Section)', '  C (Short text)']);

    // Keyboard: choose "A" in the outline, move it down twice: past B, then into the next section.
    await selectItem(page, K, 'A');
    await tabTo(page, { css: '.app-outline__move', text: 'Move down A' });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.app-outline')?.textContent?.indexOf('B') !== -1);
    expect(await outlineText(page)).toEqual(['First (Section)', '  B (Short text)', '  A (Short text)', 'Second (Section)', '  C (Short text)']);
    await tabTo(page, { css: '.app-outline__move', text: 'Move down A' });
    await page.keyboard.press('Enter');
    await expect.poll(() => outlineText(page)).toEqual(['First (Section)', '  B (Short text)', 'Second (Section)', '  A (Short text)', '  C (Short text)']);
    await e2e.axe(page, 'designer: an item selected in the outline, with its move buttons');

    // Ctrl+Z (focus outside any text box) undoes the move.
    await page.locator('main h1').click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => outlineText(page)).toEqual(['First (Section)', '  B (Short text)', '  A (Short text)', 'Second (Section)', '  C (Short text)']);

    // Drag and drop: C onto B (it goes before B, into the first section).
    await page.locator('[data-path]', { has: page.locator('.app-outline__select', { hasText: /^C/ }) }).dragTo(page.locator('[data-path]', { has: page.locator('.app-outline__select', { hasText: /^B/ }) }));
    await expect.poll(() => outlineText(page)).toEqual(['First (Section)', '  C (Short text)', '  B (Short text)', '  A (Short text)', 'Second (Section)']);
    await waitSaved(page);
    // What was saved is what is shown.
    await page.reload();
    await waitForHeading(page, 'Build');
    await waitForNoLoading(page);
    expect(await outlineText(page)).toEqual(['First (Section)', '  C (Short text)', '  B (Short text)', '  A (Short text)', 'Second (Section)']);
    expect(await saveState(page)).toBe('Draft saved');
  });

  it('tells a practitioner the designer is not theirs, and keeps anonymous people out', async () => {
    const { page } = await e2e.open();
    await signIn(page, e2e.url, e2e.server.demo.practitioner);
    await page.goto(`${e2e.url}/designer/`);
    await page.getByRole('heading', { name: 'The designer is for business analysts' }).waitFor();
    await e2e.axe(page, 'designer: a practitioner who opened it');
    await signOut(page).catch(async () => {
      await e2e.browser.context.clearCookies();
    });
    await e2e.browser.context.clearCookies();
    await page.goto(`${e2e.url}/designer/forms/case-file-audit`);
    await page.waitForURL(/\/sign-in\?next=%2Fdesigner%2Fforms%2Fcase-file-audit/);
  });

  it('"Create form" whose second step (version 1) does not reach the server says the form is made without it; opened, it says so and starts version 1 by keyboard', { timeout: 60_000 }, async () => {
    const designer = e2e.server.as('designer');
    // A title of its own each time (a form, once made, stays).
    const title = `Interrupted form ${Date.now() % 1_000_000}`;
    const id = title.toLowerCase().replace(/ /g, '-');
    const { page } = await e2e.open({ expectedConsole: [/Failed to load resource: net::ERR_INTERNET_DISCONNECTED/] });
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInToDesigner(page, e2e.url, e2e.server.demo.designer, 'keyboard');
    // The connection drops between the form and its first version.
    await page.route(`**/api/forms/${id}/versions`, (route) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()));
    await typeInto(page, 'keyboard', '#new-title', title);
    await choose(page, 'keyboard', '#new-team', 'Business systems (business-systems)');
    await press(page, 'keyboard', button('Create form'));
    // It said "The form could not be created", and trying again said the form already exists.
    const summary = page.locator('.govuk-error-summary');
    await expect.poll(() => summary.innerText()).toContain(`The form “${title}” is created, but its version 1 could not be started (the service cannot be reached). Open it from the list to start version 1.`);
    await page.unroute(`**/api/forms/${id}/versions`);
    await e2e.axe(page, 'designer: a form made without its version 1');
    await press(page, 'keyboard', { css: 'a', text: `Open ${title}` });
    // It said "Something went wrong" with only "Try again", which could never work.
    await waitForHeading(page, 'This form has no version yet');
    await e2e.axe(page, 'designer: a form with no version');
    await press(page, 'keyboard', button('Start version 1'));
    await waitForHeading(page, 'Build');
    await waitForNoLoading(page);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Version 1 is started as a blank draft.');
    expect(await page.locator('main .govuk-caption-l').innerText()).toBe(`${title}, version 1 (draft)`);
    const versions = await designer.get(`/api/forms/${id}`);
    expect((versions.body as { versions: Array<{ version: number; status: string }> }).versions).toEqual([expect.objectContaining({ version: 1, status: 'draft' })]);
  });

  // Found walking: it said 'A form with id "case-supervision" already exists.' — an id the analyst never typed.
  it('"Create form" with the title of a form already there names that form and asks for another title; the title stays to be changed', async () => {
    const { page } = await e2e.open({ expectedHttpErrors: [{ path: '/api/forms', status: 409 }] });
    await signInToDesigner(page, e2e.url, e2e.server.demo.designer, 'keyboard');
    await typeInto(page, 'keyboard', '#new-title', 'Case supervision');
    await choose(page, 'keyboard', '#new-team', 'Business systems (business-systems)');
    await press(page, 'keyboard', button('Create form'));
    const summary = page.locator('.govuk-error-summary');
    await expect.poll(() => summary.innerText().catch(() => '')).toContain('There is already a form called “Case supervision”. Give this form a different title, or open “Case supervision” from the list to change it.');
    expect(await page.locator('#new-title').inputValue()).toBe('Case supervision');
    expect(await page.locator('#new-title').getAttribute('aria-invalid')).toBe('true');
    await e2e.axe(page, 'designer: a title already taken');
    // A title that differs only in its punctuation makes the same address: said so, naming the form.
    await page.locator('#new-title').fill('Case-supervision!');
    await press(page, 'keyboard', button('Create form'));
    await expect.poll(() => summary.innerText().catch(() => '')).toContain('This title makes the same form address (“case-supervision”) as the form “Case supervision”. Give this form a different title.');
  });

  it('keeps a draft edited in two tabs from overwriting itself: the second tab is told and keeps its change', { timeout: 60_000 }, async () => {
    const a = await e2e.open({ expectedHttpErrors: [{ path: '/api/forms/two-tabs/versions/1', status: 412 }] });
    await signInToDesigner(a.page, e2e.url, e2e.server.demo.designer);
    await a.page.locator('#new-title').fill('Two tabs');
    await a.page.locator('#new-team').selectOption('children-in-need-north');
    await a.page.getByRole('button', { name: 'Create form' }).click();
    await waitForHeading(a.page, 'Build');
    const b = await e2e.open({ expectedHttpErrors: [{ path: '/api/forms/two-tabs/versions/1', status: 412 }] });
    await b.page.goto(`${e2e.url}/designer/forms/two-tabs`);
    await waitForHeading(b.page, 'Build');
    await waitForNoLoading(b.page);
    await addLabelled(a.page, 'pointer', 'Short text', 'From tab A');
    await waitSaved(a.page);
    await addLabelled(b.page, 'pointer', 'Short text', 'From tab B');
    await b.page.waitForFunction(() => /changed in another tab/.test(document.querySelector('.app-toolbar > p[role="status"]')?.textContent ?? ''));
    // Nothing of tab A's was overwritten.
    const saved = (await e2e.server.as('designer').get('/api/forms/two-tabs/versions/1')).body as { uischema: UiElement };
    expect(JSON.stringify(saved.uischema)).toContain('From tab A');
    expect(JSON.stringify(saved.uischema)).not.toContain('From tab B');
  });
});
