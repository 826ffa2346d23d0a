/**
 * A form changes while people are using it. A draft open on version 1 is offered the new version
 * when a designer publishes one that nothing it holds conflicts with, and moves with every answer
 * kept; a change that would break its answers is never offered. A record already submitted keeps
 * reading exactly as it was made, against its own version.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../support/api.js';
import { useE2E } from '../support/e2e.js';
import { shownAnswers, waitForHeading, type Json } from '../support/form-filler.js';

const e2e = useE2E();

const FORM = 'home-visit-note';
const TITLE = 'Home visit note';

const VISIT_TYPE = {
  type: 'string',
  title: 'Where was the visit?',
  maxLength: 20,
  oneOf: [
    { const: 'HOME', title: 'Home' },
    { const: 'SCHOOL', title: 'School' },
    { const: 'OFFICE', title: 'Office' },
  ],
};

const V1 = {
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['visitType'],
    properties: {
      visitType: VISIT_TYPE,
      seenAlone: { type: 'boolean', title: 'Was the child seen alone?' },
      note: { type: 'string', title: 'Note', maxLength: 5000 },
    },
  },
  uischema: {
    type: 'VerticalLayout',
    elements: [
      { type: 'Control', scope: '#/properties/visitType', label: 'Where was the visit?', options: { format: 'radio' } },
      { type: 'Control', scope: '#/properties/seenAlone', label: 'Was the child seen alone?' },
      { type: 'Control', scope: '#/properties/note', label: 'Note', options: { multi: true } },
    ],
  },
};

/** Version 2: a new optional question and a clearer label. Nothing breaking. */
function v2(): { schema: Json; uischema: Json } {
  const d = structuredClone(V1) as { schema: Json & { properties: Json }; uischema: { elements: Json[] } };
  d.schema.properties.nextVisit = { type: 'string', format: 'date', maxLength: 10, title: 'Date of the next visit' };
  d.uischema.elements[2]!.label = 'Visit notes';
  d.uischema.elements.push({ type: 'Control', scope: '#/properties/nextVisit', label: 'Date of the next visit' });
  return d;
}

/** Version 3: visits at school are no longer recorded on this form. Breaking for a draft that says "School". */
function v3(): { schema: Json; uischema: Json } {
  const d = v2() as { schema: Json & { properties: Record<string, Json> }; uischema: Json };
  d.schema.properties.visitType!.oneOf = (VISIT_TYPE.oneOf as Json[]).filter((o) => o.const !== 'SCHOOL');
  return d;
}

async function publish(designer: Client, definition: { schema: Json; uischema: Json }, changeNote: string): Promise<number> {
  const draft = await designer.post(`/api/forms/${FORM}/versions`, {});
  expect(draft.status, draft.text).toBe(201);
  const n = (draft.body as { version: { version: number } }).version.version;
  const put = await designer.put(`/api/forms/${FORM}/versions/${n}`, { ...definition, changeNote }, { headers: { 'if-match': draft.headers.get('etag')! } });
  expect(put.status, put.text).toBe(200);
  const published = await designer.post(`/api/forms/${FORM}/versions/${n}/publish`, {});
  expect(published.status, published.text).toBe(200);
  return n;
}

const ANSWERS = { visitType: 'SCHOOL', seenAlone: true, note: 'Seen at school with the designated safeguarding lead nearby; said home is "calmer".' };

let submittedOnV1: string;

beforeAll(async () => {
  const designer = e2e.server.as('designer');
  const created = await designer.post('/api/forms', { id: FORM, title: TITLE, category: 'case-record', team: 'children-in-need' });
  expect(created.status, created.text).toBe(201);
  const first = await designer.post(`/api/forms/${FORM}/versions`, { ...V1, changeNote: 'First version' });
  expect(first.status, first.text).toBe(201);
  expect((await designer.post(`/api/forms/${FORM}/versions/1/publish`, {})).status).toBe(200);

  const submitted = await e2e.server
    .as('practitioner')
    .post('/api/submissions', { formId: FORM, data: ANSWERS, status: 'submitted' }, { headers: { 'idempotency-key': '"e2e-migration-submitted"' } });
  expect(submitted.status, submitted.text).toBe(201);
  submittedOnV1 = (submitted.body as { id: string }).id;

  await e2e.signInPractitioner();
});

/** The app's own check of the draft against the newest version (it runs on open and every minute). */
function migrationCheck(page: Page, id: string) {
  return page.waitForResponse((r) => r.request().method() === 'GET' && r.url().endsWith(`/api/submissions/${id}/migration`));
}

describe('a new version of the form while a draft is open', () => {
  it('offers to move the draft when the new version is not breaking for it, and moving keeps every answer (stored as version 2)', async () => {
    const id = await e2e.createDraft(FORM, ANSWERS);
    const { page } = await e2e.open();
    // The app looks for a newer version every minute: the test moves the page's clock instead of waiting.
    await page.clock.install();
    const opened = migrationCheck(page, id);
    await page.goto(`${e2e.url}/records/${id}`);
    await waitForHeading(page, TITLE);
    expect((await (await opened).json()) as Json).toMatchObject({ from: 1, to: 1 });
    expect(await page.getByRole('region', { name: 'New version' }).count()).toBe(0);

    await publish(e2e.server.as('designer'), v2(), 'Next visit date; clearer label for the notes');
    const checked = migrationCheck(page, id);
    await page.clock.fastForward('01:00');
    expect((await (await checked).json()) as Json).toMatchObject({ from: 1, to: 2, possible: true });
    const offer = page.getByRole('region', { name: 'New version' });
    await offer.getByText('Version 2 of this form has been published').waitFor();
    await e2e.axe(page, 'the offer to move the draft to version 2');

    await offer.getByRole('button', { name: 'Move this draft to version 2' }).click();
    // The form as version 2 lays it out, with the answers in.
    await page.getByText('Date of the next visit (optional)').waitFor();
    expect(await page.locator('label[for="f-note"]').innerText()).toBe('Visit notes (optional)');
    expect(await page.locator('#f-visitType-1').isChecked()).toBe(true);
    expect(await page.locator('#f-seenAlone').isChecked()).toBe(true);
    expect(await page.locator('#f-note').inputValue()).toBe(ANSWERS.note);
    expect(await page.getByRole('region', { name: 'New version' }).count()).toBe(0);
    await e2e.axe(page, 'the draft on version 2');

    const stored = await e2e.stored(id);
    expect(stored.version).toBe(2);
    expect(stored.status).toBe('draft');
    expect(stored.data).toEqual(ANSWERS);
  });

  it('makes no offer when the new version would break an answer the draft holds, and the draft stays on its version', async () => {
    // A draft on version 2 (the current one) that says the visit was at school.
    const id = await e2e.createDraft(FORM, ANSWERS);
    expect((await e2e.stored(id)).version).toBe(2);
    const { page } = await e2e.open();
    await page.clock.install();
    const opened = migrationCheck(page, id);
    await page.goto(`${e2e.url}/records/${id}`);
    await waitForHeading(page, TITLE);
    await opened;

    await publish(e2e.server.as('designer'), v3(), 'School visits are recorded on the education form');
    const checked = migrationCheck(page, id);
    await page.clock.fastForward('01:00');
    const check = (await (await checked).json()) as { from: number; to: number; possible: boolean; blockers: Array<{ kind: string }> };
    expect(check).toMatchObject({ from: 2, to: 3, possible: false });
    expect(check.blockers.map((b) => b.kind)).toEqual(['option-removed']);
    // The check has been answered and shown: no offer.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await page.getByRole('region', { name: 'New version' }).count()).toBe(0);
    expect(await page.getByText(/Version 3 of this form/).count()).toBe(0);
    await e2e.axe(page, 'a draft after a breaking version is published');

    // Reopened later: still no offer, still version 2, the answer still "School".
    const reopened = migrationCheck(page, id);
    await page.reload();
    await waitForHeading(page, TITLE);
    await reopened;
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await page.getByRole('region', { name: 'New version' }).count()).toBe(0);
    expect(await page.locator('#f-visitType-1').isChecked()).toBe(true);
    expect(await page.locator('label[for="f-visitType-1"]').innerText()).toBe('School');
    const stored = await e2e.stored(id);
    expect(stored.version).toBe(2);
    expect(stored.data).toEqual(ANSWERS);
  });
});

describe('a record submitted with version 1', () => {
  it('still reads as version 1 after versions 2 and 3 are published: its questions, labels and options as they were', async () => {
    const { page } = await e2e.open();
    await page.goto(`${e2e.url}/records/${submittedOnV1}`);
    await waitForHeading(page, 'Submitted answers');
    expect(await page.locator('main .govuk-caption-l').first().innerText()).toBe(`${TITLE}, version 1`);
    expect(await shownAnswers(page)).toEqual([
      { question: 'Where was the visit?', answer: 'School' },
      { question: 'Was the child seen alone?', answer: 'Yes' },
      { question: 'Note', answer: ANSWERS.note },
    ]);
    await e2e.axe(page, 'a version 1 record after version 3 is published');
    const stored = await e2e.stored(submittedOnV1);
    expect(stored.version).toBe(1);
    expect(stored.data).toEqual(ANSWERS);
  });
});
