/**
 * Issue 9, item 3: an answer to a question a display rule hides is never part of a submitted
 * record — not in what is stored, not in the export, not in what goes to the ICS — while a draft
 * keeps it (turning the question back on loses nothing). On the shipped templates, through the
 * real server on both stores, with the ICS simulator receiving the envelopes.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../engine/ids.js';
import { newEvent } from '../../engine/store/events.js';
import type { Submission } from '../../engine/submissions/model.js';
import { startTestServer, type TestServer } from '../support/api.js';
import { startIcsSimulator, type IcsSimulator } from '../support/ics-simulator.js';
import { STORE_KINDS } from '../support/stores.js';
import { SECRET, SECRET_ENV, eventually } from '../support/sync.js';

type Json = Record<string, any>;
const fixture = (form: string, name: string): Json => JSON.parse(readFileSync(new URL(`../schemas/fixtures/${form}/${name}.json`, import.meta.url), 'utf8'));

const DETAILS = 'Service manager told: the plan is drifting.';
/** Case supervision with "Supervisee disagrees with the decision? No" — and the reason typed before the answer changed. */
const notEscalated = (): Json => {
  const d = fixture('case-supervision', 'valid-ad-hoc-with-disagreement');
  d.superviseeView.superviseeComments = 'I will talk the plan through with the children at my next visit.';
  d.superviseeView.superviseeDisagrees = false;
  d.superviseeView.disagreementReason = DETAILS;
  return d;
};

const MAPPING = {
  fields: [
    { target: 'DISAGREES', from: '/superviseeView/superviseeDisagrees', as: 'flag' },
    { target: 'DISAGREEMENT', from: '/superviseeView/disagreementReason' },
    { target: 'CASE_NOTE', join: [{ heading: "Supervisee's comments", from: '/superviseeView/superviseeComments' }, { heading: 'Disagreement', from: '/superviseeView/disagreementReason' }] },
  ],
};

/** CSV text → rows of cells (the export quotes cells with commas, quotes or line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\ufeff/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else if (ch !== '\r') cell += ch;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

describe.each(STORE_KINDS)('answers to hidden questions (%s store)', (kind) => {
  let srv: TestServer;
  let sim: IcsSimulator;
  let n = 0;
  const key = () => ({ headers: { 'idempotency-key': `"hidden-${kind}-${++n}"` } });

  beforeAll(async () => {
    srv = await startTestServer(kind);
    sim = await startIcsSimulator({ secret: SECRET });
    process.env[SECRET_ENV] = SECRET;
    const integrator = srv.as('integrator');
    const c = await integrator.post('/api/sync/connectors', {
      id: 'ics-http',
      kind: 'http',
      title: 'ICS (test simulator)',
      dateFormat: 'DD/MM/YYYY',
      retry: { maxAttempts: 5, baseMs: 20, maxMs: 100 },
      settings: { url: sim.url, secretEnv: SECRET_ENV, timeoutMs: 2000 },
    });
    expect(c.status, c.text).toBe(201);
    const m = await integrator.put('/api/sync/connectors/ics-http/mappings/case-supervision/1', MAPPING);
    expect(m.status, m.text).toBe(201);
  });
  afterAll(async () => {
    await srv?.close();
    await sim?.close();
  });

  /** A case supervision reaches the ICS once its manager signs it off (with the management decision). */
  const signedOff = async (id: string) => {
    const manager = srv.as('manager');
    const record = (await manager.get(`/api/submissions/${id}`)).body;
    const decision = fixture('case-supervision', 'valid-after-sign-off').decision;
    const signed = await manager.post(`/api/submissions/${id}/review/sign`, { stage: 'manager-sign-off', data: decision }, { headers: { 'if-match': `"${record.revision}"` } });
    expect(signed.status, signed.text).toBe(200);
  };
  const envelopeOf = async (id: string) => {
    if ((await srv.running.ctx.store.getSubmission(id))?.review?.state === 'waiting') await signedOff(id);
    await sim.until((s) => s.records.some((r) => r.submissionId === id));
    return sim.records.find((r) => r.submissionId === id)!.envelope as Json;
  };

  it('case supervision, “Supervisee disagrees with the decision? No” with a reason typed: the draft keeps them, the submitted record, the export and the ICS do not', async () => {
    const worker = srv.as('practitioner');
    const draft = await worker.post('/api/submissions', { formId: 'case-supervision', subject: { childId: 'P2210457' }, data: notEscalated(), status: 'draft' }, key());
    expect(draft.status, draft.text).toBe(201);
    expect(draft.body.data.superviseeView.disagreementReason).toBe(DETAILS);
    expect(draft.body.advisory).toEqual([]);

    // Turned back on and off again: nothing typed is lost while it is a draft.
    const on = await worker.put(`/api/submissions/${draft.body.id}`, { data: { ...notEscalated(), superviseeView: { ...notEscalated().superviseeView, superviseeDisagrees: true } } }, { headers: { 'if-match': '"1"' } });
    expect(on.body.data.superviseeView).toMatchObject({ superviseeDisagrees: true, disagreementReason: DETAILS });
    const off = await worker.put(`/api/submissions/${draft.body.id}`, { data: notEscalated() }, { headers: { 'if-match': '"2"' } });
    expect(off.body.data.superviseeView.disagreementReason).toBe(DETAILS);

    const submitted = await worker.post(`/api/submissions/${draft.body.id}/submit`, undefined, { headers: { 'if-match': '"3"' } });
    expect(submitted.status, submitted.text).toBe(200);
    expect(submitted.body.data.superviseeView.superviseeDisagrees).toBe(false);
    expect(submitted.body.data.superviseeView).not.toHaveProperty('disagreementReason');
    expect((await worker.get(`/api/submissions/${draft.body.id}`)).body.data.superviseeView).not.toHaveProperty('disagreementReason');
    // Every other answer is as it was typed.
    const { disagreementReason: _, ...rest } = notEscalated().superviseeView;
    expect(submitted.body.data).toEqual({ ...notEscalated(), superviseeView: rest });

    const envelope = await envelopeOf(draft.body.id);
    expect(envelope.fields).toEqual({ DISAGREES: 'N', DISAGREEMENT: null, CASE_NOTE: `Supervisee's comments\n${notEscalated().superviseeView.superviseeComments}` });
  });

  it('created straight away as submitted, the hidden answer is left out too; a shown one is kept', async () => {
    const worker = srv.as('practitioner');
    // The child's id answer says the child the record is about (engine/submissions/subject-answers.ts).
    const about = (childId: string, data: Json): Json => ({ ...data, meeting: { ...data.meeting, childId } });
    const hidden = await worker.post('/api/submissions', { formId: 'case-supervision', subject: { childId: 'P2210458' }, data: about('P2210458', notEscalated()), status: 'submitted' }, key());
    expect(hidden.status, hidden.text).toBe(201);
    expect(hidden.body.data.superviseeView).not.toHaveProperty('disagreementReason');
    const shown = await worker.post('/api/submissions', { formId: 'case-supervision', subject: { childId: 'P2210459' }, data: about('P2210459', { ...notEscalated(), superviseeView: { ...notEscalated().superviseeView, superviseeDisagrees: true } }), status: 'submitted' }, key());
    expect(shown.status, shown.text).toBe(201);
    expect(shown.body.data.superviseeView.disagreementReason).toBe(DETAILS);
    expect((await envelopeOf(shown.body.id)).fields).toMatchObject({ DISAGREES: 'Y', DISAGREEMENT: DETAILS });
  });

  it('a question that is shown and required when shown is still asked for; a hidden one is not', async () => {
    const worker = srv.as('practitioner');
    const data = fixture('case-supervision', 'valid-ad-hoc-with-disagreement');
    delete data.superviseeView.disagreementReason;
    const refused = await worker.post('/api/submissions', { formId: 'case-supervision', data, status: 'submitted' }, key());
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ pointer: '/superviseeView/disagreementReason', message: 'Enter the reason for disagreeing.' })]);
    data.superviseeView.superviseeDisagrees = false;
    expect((await worker.post('/api/submissions', { formId: 'case-supervision', data, status: 'submitted' }, key())).status).toBe(201);
  });

  it('a hidden answer\'s problems never block or advise, but a draft still refuses what it could not store', async () => {
    const worker = srv.as('practitioner');
    const tooLong = notEscalated();
    tooLong.superviseeView.disagreementReason = 'x'.repeat(5001);
    // About a child with no records yet: a draft about the fixture's child would have the actions
    // of the records above carried forward into it, each with its progress still to say.
    tooLong.meeting.childId = 'P2210460';
    const draft = await worker.post('/api/submissions', { formId: 'case-supervision', data: tooLong, status: 'draft' }, key());
    expect(draft.status, draft.text).toBe(201);
    expect(draft.body.advisory).toEqual([]);
    expect((await worker.get(`/api/submissions/${draft.body.id}`)).body.advisory).toEqual([]);
    const submitted = await worker.post(`/api/submissions/${draft.body.id}/submit`, undefined, { headers: { 'if-match': '"1"' } });
    expect(submitted.status, submitted.text).toBe(200);

    const wrongKind = notEscalated();
    wrongKind.superviseeView.disagreementReason = 42;
    const refused = await worker.post('/api/submissions', { formId: 'case-supervision', data: wrongKind, status: 'draft' }, key());
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/superviseeView/disagreementReason']);
  });

  it('reflective supervision held, with a reason for cancelling it: the reason and the new date are left out', async () => {
    const data = fixture('reflective-supervision', 'valid-held-newly-qualified');
    data.session = { ...data.session, cancellationReason: 'Supervisor off sick', rearrangedTo: '2026-10-27' };
    const res = await srv.as('practitioner').post('/api/submissions', { formId: 'reflective-supervision', data, status: 'submitted' }, key());
    expect(res.status, res.text).toBe(201);
    expect(res.body.data.session).not.toHaveProperty('cancellationReason');
    expect(res.body.data.session).not.toHaveProperty('rearrangedTo');
    expect(res.body.data.session.status).toBe('HELD');
  });

  it('reflective supervision cancelled: everything only asked of a held session is left out, and not required', async () => {
    const data = fixture('reflective-supervision', 'valid-held-newly-qualified');
    data.session = { ...data.session, status: 'CANCELLED-SUPERVISEE', cancellationReason: 'Supervisee on a course' };
    const res = await srv.as('practitioner').post('/api/submissions', { formId: 'reflective-supervision', data, status: 'submitted' }, key());
    expect(res.status, res.text).toBe(201);
    expect(res.body.data.session).not.toHaveProperty('startTime');
    expect(res.body.data.practice).toEqual({});
    expect(res.body.data.caseload).toEqual({});
    expect(res.body.data.session.cancellationReason).toBe('Supervisee on a course');
  });

  it('case-file audit with no conversation held and no safeguarding concern: the conversation and escalation answers are left out', async () => {
    const data = fixture('case-file-audit', 'valid-thematic-without-conversation');
    data.conversation = { held: false, heldOn: '2026-07-20' };
    data.overall = { ...data.overall, concernDetails: 'Bruising', escalatedTo: 'W1', escalatedAt: '2026-07-20T10:00:00Z' };
    const res = await srv.as('practitioner').post('/api/submissions', { formId: 'case-file-audit', data, status: 'submitted' }, key());
    expect(res.status, res.text).toBe(201);
    expect(res.body.data.conversation).toEqual({ held: false });
    expect(res.body.data.overall).not.toHaveProperty('concernDetails');
    expect(res.body.data.overall).not.toHaveProperty('escalatedAt');
    expect(res.body.data.overall.strengths).toBe(fixture('case-file-audit', 'valid-thematic-without-conversation').overall.strengths);
  });

  it('return to work, “procedure followed? Yes” with how it was not followed: that text is left out', async () => {
    const data = fixture('return-to-work', 'valid-self-certified-late-report');
    data.absence.reportingFollowed = true;
    const res = await srv.as('manager').post('/api/submissions', { formId: 'return-to-work', data, status: 'submitted' }, key());
    expect(res.status, res.text).toBe(201);
    expect(res.body.data.absence.reportingFollowed).toBe(true);
    expect(res.body.data.absence).not.toHaveProperty('reportingDetails');
  });

  it('a record stored before hidden answers were left out is exported and delivered without them', async () => {
    const ctx = srv.running.ctx;
    const practitioner = (await ctx.store.getAccountByUsername(srv.demo.practitioner.username))!;
    const now = new Date().toISOString();
    const old: Submission = {
      id: newId(),
      formId: 'case-supervision',
      version: 1,
      status: 'submitted',
      subject: { childId: 'P2210460' },
      data: notEscalated(),
      revision: 1,
      createdBy: practitioner.id,
      createdAt: now,
      updatedBy: practitioner.id,
      updatedAt: now,
      submittedBy: practitioner.id,
      submittedAt: now,
    };
    const stored = await ctx.store.createSubmission(old, { outbox: await ctx.deliveriesFor(old), event: newEvent(new Date(), practitioner.id, 'submission.submitted', 'submission', old.id) });
    expect((stored.submission.data as Json).superviseeView.disagreementReason).toBe(DETAILS);
    ctx.afterSubmit(stored.submission);

    expect((await envelopeOf(old.id)).fields).toMatchObject({ DISAGREES: 'N', DISAGREEMENT: null });

    const integrator = srv.as('integrator');
    const json = await integrator.get('/api/forms/case-supervision/export?format=json');
    const exported = (json.body as Json[]).find((s) => s.id === old.id)!;
    expect(exported.data.superviseeView.superviseeDisagrees).toBe(false);
    expect(exported.data.superviseeView).not.toHaveProperty('disagreementReason');
    // Only the shown escalation (P2210459, above) carries its details; no draft or record shows hidden ones.
    expect((json.body as Json[]).filter((s) => s.data.superviseeView?.disagreementReason === DETAILS).map((s) => s.subject.childId)).toEqual(['P2210459']);

    const csv = parseCsv((await integrator.get('/api/forms/case-supervision/export?format=csv')).text);
    const header = csv[0]!;
    const column = header.indexOf('superviseeView.disagreementReason');
    expect(column).toBeGreaterThan(0);
    const row = csv.find((r) => r[0] === old.id)!;
    expect(row[header.indexOf('superviseeView.superviseeDisagrees')]).toBe('false');
    expect(row[column]).toBe('');
    expect(csv.filter((r) => r[column] === DETAILS)).toHaveLength(1);
  });
});
