/**
 * Uploaded files delivered to the ICS when the mapping says so (issue 16), through a real server
 * with real uploads: a mapping rule `as: "files"` sends a files question's names as the field and
 * the files themselves — beside a file-drop batch (listed in the manifest with the SHA-256 they
 * were uploaded with, checked by the verifier) and as signed download links over HTTP (to the ICS
 * simulator, a real receiver), on both stores (files on disk; GridFS). Mapping a files question plainly sends its names; `as: "files"` on
 * any other question, or a flag or date of a files question, is refused in words.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK_SECRET_ENV } from '../../engine/documents/links.js';
import { PUBLIC_URL_ENV } from '../../engine/documents/source.js';
import { verifyFolder } from '../../engine/sync/connectors/file-drop-verify.js';
import { publishForm, startTestServer, type TestServer } from '../support/api.js';
import { pdf } from '../support/file-samples.js';
import { DEFINITION, FORM, refOf, sha, upload } from '../support/files-api.js';
import { startIcsSimulator, type IcsSimulator } from '../support/ics-simulator.js';
import { STORE_KINDS } from '../support/stores.js';
import { download, flat, pdfPages } from '../support/pdf.js';
import { SECRET, SECRET_ENV, eventually } from '../support/sync.js';

const MAPPING = {
  fields: [
    { target: 'REASON', from: '/reason' },
    { target: 'EVIDENCE', from: '/evidence', as: 'files' },
    { target: 'EVIDENCE_NAMES', from: '/evidence', as: 'text' },
    { target: 'PHOTO', from: '/photo' },
  ],
};

describe.each(STORE_KINDS)('uploaded files delivered to the ICS (%s store)', (kind) => {
  let srv: TestServer;
  let sim: IcsSimulator;
  let folder: string;
  let record: { id: string; reference: string };
  const note = pdf('Fit note: fit for phased return', 40_000);
  const letter = pdf('Letter from the GP');
  const integrator = () => srv.as('integrator');
  const deliveriesOf = async (submissionId: string) => (await integrator().get(`/api/sync/deliveries?submissionId=${submissionId}`)).body.items as Array<Record<string, any>>;

  beforeAll(async () => {
    srv = await startTestServer(kind);
    sim = await startIcsSimulator({ secret: SECRET });
    folder = mkdtempSync(join(tmpdir(), 'caseforms-files-drop-'));
    await publishForm(srv, { id: FORM, title: 'Return to work (files)', category: 'return-to-work', team: 'children-in-need-north' }, DEFINITION);
    process.env[SECRET_ENV] = SECRET;
    process.env[LINK_SECRET_ENV] = 'a-link-secret-for-the-files-tests-of-32-chars-or-more';
    process.env[PUBLIC_URL_ENV] = srv.url;
    const drop = await integrator().post('/api/sync/connectors', { id: 'ics-files', kind: 'file-drop', title: 'ICS batch import', settings: { folder, formats: ['csv', 'jsonl'] }, retry: { maxAttempts: 3, baseMs: 20, maxMs: 100 } });
    expect(drop.status, drop.text).toBe(201);
    const http = await integrator().post('/api/sync/connectors', { id: 'ics-links', kind: 'http', title: 'ICS with documents', retry: { maxAttempts: 5, baseMs: 20, maxMs: 100 }, settings: { url: sim.url, secretEnv: SECRET_ENV, timeoutMs: 2000, documents: 'links' } });
    expect(http.status, http.text).toBe(201);
    for (const c of ['ics-files', 'ics-links']) {
      const m = await integrator().put(`/api/sync/connectors/${c}/mappings/${FORM}/1`, MAPPING);
      expect(m.status, m.text).toBe(201);
    }
    const practitioner = srv.as('practitioner');
    const made = await practitioner.post('/api/submissions', { formId: FORM, data: { reason: 'Flu' }, status: 'draft' }, { headers: { 'idempotency-key': `"files-delivery-${kind}"` } });
    expect(made.status, made.text).toBe(201);
    const a = await upload(practitioner, made.body.id, '/evidence', 'fit note (GP).pdf', note);
    const b = await upload(practitioner, made.body.id, '/evidence', 'letter.pdf', letter);
    expect([a.status, b.status]).toEqual([201, 201]);
    const submitted = await practitioner.post(`/api/submissions/${made.body.id}/submit`, { data: { reason: 'Flu', evidence: [refOf(a.body), refOf(b.body)] } }, { headers: { 'if-match': `"${made.body.revision}"` } });
    expect(submitted.status, submitted.text).toBe(200);
    record = submitted.body;
    for (const c of ['ics-files', 'ics-links']) await eventually(() => deliveriesOf(record.id), (ds) => ds.some((d) => d.connector === c && d.state === 'delivered'));
  }, 60_000);
  afterAll(async () => {
    delete process.env[LINK_SECRET_ENV];
    delete process.env[PUBLIC_URL_ENV];
    await srv?.close();
    await sim?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('file drop: the files beside the batch, as uploaded, listed with their SHA-256 under their ICS field; the field holds their names', async () => {
    const [check] = await verifyFolder(folder);
    expect(check!.problems).toEqual([]);
    const docs = check!.batch!.documents!;
    expect(docs.map((d) => [d.kind, d.name])).toEqual([
      ['record-pdf', `${record.reference}.pdf`],
      ['file', `${record.reference}-file-1-fit_note_GP_.pdf`],
      ['file', `${record.reference}-file-2-letter.pdf`],
    ]);
    expect(docs[1]).toMatchObject({ submissionId: record.id, field: 'EVIDENCE', originalName: 'fit note (GP).pdf', mediaType: 'application/pdf', bytes: note.length, sha256: sha(note) });
    expect(readFileSync(join(folder, docs[1]!.name)).equals(note)).toBe(true);
    expect(readFileSync(join(folder, docs[2]!.name)).equals(letter)).toBe(true);
    const line = JSON.parse(readFileSync(join(folder, check!.batch!.files.find((f) => f.format === 'jsonl')!.name), 'utf8'));
    expect(line.fields).toEqual({ REASON: 'Flu', EVIDENCE: ['fit note (GP).pdf', 'letter.pdf'], EVIDENCE_NAMES: 'fit note (GP).pdf; letter.pdf', PHOTO: null });
  });

  it('HTTP: a link to each file in the envelope, with its field, size and SHA-256; it gives the file without signing in', async () => {
    const envelope = sim.records.find((r) => r.submissionId === record.id)!.envelope as { documents: Array<Record<string, any>>; fields: Record<string, unknown> };
    expect(envelope.fields.EVIDENCE).toEqual(['fit note (GP).pdf', 'letter.pdf']);
    expect(envelope.documents.map((d) => [d.kind, d.name, d.field])).toEqual([
      ['record-pdf', `${record.reference}.pdf`, undefined],
      ['file', 'fit note (GP).pdf', 'EVIDENCE'],
      ['file', 'letter.pdf', 'EVIDENCE'],
    ]);
    const file = envelope.documents[1]!;
    expect(file).toMatchObject({ mediaType: 'application/pdf', bytes: note.length, sha256: sha(note) });
    const got = await download(srv.as('anonymous'), file.url.slice(srv.url.length));
    expect(got.status, got.text).toBe(200);
    expect(got.bytes.equals(note)).toBe(true);
    expect(got.headers.get('content-disposition')).toBe(`attachment; filename="fit note (GP).pdf"; filename*=UTF-8''fit%20note%20%28GP%29.pdf`);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    const events = await srv.running.ctx.store.listEvents({ entityKind: 'file', actor: 'connector:ics-links' });
    expect(events.map((e) => e.action)).toEqual(['file.downloaded']);
  });

  it('refuses "files" for a question that is not a file upload, and a flag of uploaded files, in words', async () => {
    const bad = await integrator().put(`/api/sync/connectors/ics-files/mappings/${FORM}/1`, {
      fields: [
        { target: 'REASON', from: '/reason', as: 'files' },
        { target: 'EVIDENCE', from: '/evidence', as: 'flag' },
      ],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([
      { pointer: '/fields/0/from', message: 'The ICS field “REASON” sends uploaded files, and “Reason for absence” is text: map it without "as": "files".' },
      { pointer: '/fields/1/from', message: 'The ICS field “EVIDENCE” makes a flag from a yes/no answer, and “Evidence” is uploaded files.' },
    ]);
    // Over HTTP files travel only as links.
    const plain = await integrator().post('/api/sync/connectors', { id: 'ics-plain', kind: 'http', title: 'ICS fields only', settings: { url: sim.url, secretEnv: SECRET_ENV } });
    expect(plain.status, plain.text).toBe(201);
    const noLinks = await integrator().put(`/api/sync/connectors/ics-plain/mappings/${FORM}/1`, MAPPING);
    expect(noLinks.status).toBe(422);
    expect(noLinks.body.errors).toEqual([
      { pointer: '/fields/1/as', message: 'The ICS field “EVIDENCE” sends uploaded files, which the “ics-plain” connector sends as download links only: set its "documents" to "links", or send the names without "as": "files".' },
    ]);
  });

  it('the record’s PDF names the uploaded files where the question is', async () => {
    const [check] = await verifyFolder(folder);
    const bytes = readFileSync(join(folder, `${record.reference}.pdf`));
    expect(check!.batch!.documents![0]!.sha256).toBe(sha(bytes));
    const text = flat((await pdfPages(bytes)).join(' '));
    expect(text).toContain('Reason for absence Flu Evidence fit note (GP).pdf letter.pdf Photo Not answered');
  });
});
