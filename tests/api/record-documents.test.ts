/**
 * Records' PDFs delivered to the ICS (issue 16), through a real server: the file-drop connector
 * writes `<reference>.pdf` beside each batch, listed with its size and SHA-256 in the manifest;
 * the verifier checks them (and says so when one byte of a PDF changes); pdftotext finds the
 * answers in it, and it is byte for byte the PDF the API gives. The HTTP connector, set to send
 * documents as links, puts a signed download link in the envelope (to a real HTTP receiver, the
 * ICS simulator); the link works without signing in, a changed one is 404, an expired one 410.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK_SECRET_ENV, signLink } from '../../engine/documents/links.js';
import { PUBLIC_URL_ENV } from '../../engine/documents/source.js';
import { verifyFolder } from '../../engine/sync/connectors/file-drop-verify.js';
import type { BatchManifest } from '../../engine/sync/connectors/file-drop.js';
import { startTestServer, type TestServer } from '../support/api.js';
import { startIcsSimulator, type IcsSimulator } from '../support/ics-simulator.js';
import { download, flat, pdfPages } from '../support/pdf.js';
import { FORM_ID, SECRET, SECRET_ENV, VISIT_MAPPING, eventually, publishVisitForm, submitVisit, visitData } from '../support/sync.js';
import { newId } from '../../engine/ids.js';
import { newEvent } from '../../engine/store/events.js';
import type { Submission } from '../../engine/submissions/model.js';

const LINK_SECRET = 'a-link-secret-for-the-tests-of-at-least-32-characters';

describe('record PDFs delivered to the ICS (sqlite store)', () => {
  let srv: TestServer;
  let sim: IcsSimulator;
  let folder: string;
  const integrator = () => srv.as('integrator');
  const deliveriesOf = async (submissionId: string) => (await integrator().get(`/api/sync/deliveries?submissionId=${submissionId}`)).body.items as Array<Record<string, any>>;

  beforeAll(async () => {
    srv = await startTestServer('sqlite');
    sim = await startIcsSimulator({ secret: SECRET });
    folder = mkdtempSync(join(tmpdir(), 'caseforms-docs-drop-'));
    await publishVisitForm(srv);
  });
  afterAll(async () => {
    delete process.env[LINK_SECRET_ENV];
    delete process.env[PUBLIC_URL_ENV];
    await srv?.close();
    await sim?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('file drop: each record’s PDF beside its batch, in the manifest with its SHA-256, checked by the verifier; a changed byte is found', async () => {
    const c = await integrator().post('/api/sync/connectors', { id: 'ics-files', kind: 'file-drop', title: 'ICS batch import', settings: { folder, formats: ['jsonl'] }, retry: { maxAttempts: 3, baseMs: 20, maxMs: 100 } });
    expect(c.status, c.text).toBe(201);
    expect((await integrator().put(`/api/sync/connectors/ics-files/mappings/${FORM_ID}/1`, VISIT_MAPPING)).status).toBe(201);
    const ids = [await submitVisit(srv, 1, 'C-D1'), await submitVisit(srv, 2, 'C-D2')];
    for (const id of ids) await eventually(() => deliveriesOf(id), (ds) => ds.some((d) => d.connector === 'ics-files' && d.state === 'delivered'));
    const checks = await verifyFolder(folder);
    expect(checks.map((b) => b.problems)).toEqual(checks.map(() => []));
    const manifests = checks.map((b) => b.batch!) as BatchManifest[];
    const documents = manifests.flatMap((m) => m.documents ?? []);
    expect(documents.map((d) => d.submissionId).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const record = (await srv.as('practitioner').get(`/api/submissions/${id}`)).body;
      const doc = documents.find((d) => d.submissionId === id)!;
      expect(doc).toMatchObject({ name: `${record.reference}.pdf`, kind: 'record-pdf', mediaType: 'application/pdf' });
      const bytes = readFileSync(join(folder, doc.name));
      expect(bytes.length).toBe(doc.bytes);
      const text = flat((await pdfPages(bytes)).join(' '));
      expect(text).toContain(`Child's name ${record.data.childName}`);
      expect(text).toContain('Date of visit 27 March 2026');
      expect(text).toContain(`Page 1 of`);
      expect(text).toContain(String(record.reference));
      // The same document the API gives whoever may read the record.
      const api = await download(srv.as('practitioner'), `/api/submissions/${id}/pdf`);
      expect(api.bytes.equals(bytes)).toBe(true);
    }
    // One byte of one PDF changed: the verifier says which file and why.
    const victim = join(folder, documents[0]!.name);
    const bytes = readFileSync(victim);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 0x01;
    writeFileSync(victim, bytes);
    const after = await verifyFolder(folder);
    const problems = after.flatMap((b) => b.problems);
    expect(problems).toEqual([`${documents[0]!.name} does not have the SHA-256 the manifest gives (changed or cut short).`]);
  });

  it('HTTP: refuses to send links until the server has a link secret and its public address', async () => {
    process.env[SECRET_ENV] = SECRET;
    const settings = { url: sim.url, secretEnv: SECRET_ENV, timeoutMs: 2000, documents: 'links', documentLinkDays: 1 };
    const refused = await integrator().post('/api/sync/connectors', { id: 'ics-links', kind: 'http', title: 'ICS with documents', retry: { maxAttempts: 5, baseMs: 20, maxMs: 100 }, settings });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { pointer: string; message: string }) => `${e.pointer} ${e.message}`).join('\n')).toMatch(/\/settings\/documents The server has no CASEFORMS_DOCUMENT_LINK_SECRET/);
  });

  it('HTTP: a signed link to the record’s PDF in the envelope works without signing in; changed is 404, expired 410', async () => {
    process.env[SECRET_ENV] = SECRET;
    process.env[LINK_SECRET_ENV] = LINK_SECRET;
    process.env[PUBLIC_URL_ENV] = srv.url;
    const settings = { url: sim.url, secretEnv: SECRET_ENV, timeoutMs: 2000, documents: 'links', documentLinkDays: 1 };
    const c = await integrator().post('/api/sync/connectors', { id: 'ics-links', kind: 'http', title: 'ICS with documents', retry: { maxAttempts: 5, baseMs: 20, maxMs: 100 }, settings });
    expect(c.status, c.text).toBe(201);
    expect((await integrator().put(`/api/sync/connectors/ics-links/mappings/${FORM_ID}/1`, VISIT_MAPPING)).status).toBe(201);
    const id = await submitVisit(srv, 3, 'C-D3');
    await eventually(() => deliveriesOf(id), (ds) => ds.some((d) => d.connector === 'ics-links' && d.state === 'delivered'));
    const record = (await srv.as('practitioner').get(`/api/submissions/${id}`)).body;
    const envelope = sim.records.find((r) => r.submissionId === id)!.envelope as { documents?: Array<Record<string, string>> };
    expect(envelope.documents).toHaveLength(1);
    const doc = envelope.documents![0]!;
    expect(doc).toMatchObject({ kind: 'record-pdf', name: `${record.reference}.pdf`, mediaType: 'application/pdf' });
    expect(doc.expiresAt).toBe(new Date(Math.floor((Date.parse(record.updatedAt) + 86_400_000) / 1000) * 1000).toISOString());
    const path = doc.url!.slice(srv.url.length);
    expect(doc.url!.startsWith(`${srv.url}/api/documents/`)).toBe(true);

    // No session, no token: the link is the permission.
    const got = await download(srv.as('anonymous'), path);
    expect(got.status, got.text).toBe(200);
    expect(got.headers.get('content-disposition')).toContain(`attachment; filename="${record.reference}.pdf"`);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect(flat((await pdfPages(got.bytes)).join(' '))).toContain('Date of visit 27 March 2026');
    const events = await srv.running.ctx.store.listEvents({ entityKind: 'submission', entityId: id, action: 'submission.pdf' });
    expect(events.map((e) => e.actor)).toEqual(['connector:ics-links']);

    // A changed link is not one we signed.
    const token = path.split('/').pop()!;
    const changed = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    const bad = await download(srv.as('anonymous'), `/api/documents/${changed}`);
    expect(bad.status).toBe(404);
    expect(JSON.parse(bad.text).detail).toBe('There is no document at this link. Check that the whole link was copied.');

    // The same link once its time is up (signed as the server signs, with an expiry passed).
    const expired = signLink(LINK_SECRET, { submissionId: id, connector: 'ics-links', expiresAt: '2026-01-01T00:00:00.000Z' });
    const gone = await download(srv.as('anonymous'), `/api/documents/${expired}`);
    expect(gone.status).toBe(410);
    expect(JSON.parse(gone.text).detail).toBe('This download link expired on 2026-01-01T00:00:00.000Z. Send the record again (replay its delivery) to get a new link.');
    expect(gone.bytes.includes('%PDF')).toBe(false);
  });

  it('HTTP: a record delivered long after its last change (a late send, a replay) carries a link good for at least half its lifetime, not one already expired', async () => {
    // A record submitted three days ago (stored as it was then), delivered now, links of one day:
    // its link ends four whole days after the change (one day from now), not one (two days ago).
    const ctx = srv.running.ctx;
    const past = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const s: Submission = { id: newId(), formId: FORM_ID, version: 1, status: 'submitted', subject: { childId: 'C-D4' }, data: visitData(4), revision: 1, createdBy: 'u-old', createdAt: past, updatedBy: 'u-old', updatedAt: past, submittedBy: 'u-old', submittedAt: past };
    const { submission } = await ctx.store.createSubmission(s, { outbox: await ctx.deliveriesFor(s), event: newEvent(new Date(), 'u-old', 'submission.submitted', 'submission', s.id) });
    ctx.afterSubmit(submission);
    await eventually(() => deliveriesOf(s.id), (ds) => ds.some((d) => d.connector === 'ics-links' && d.state === 'delivered'));
    const doc = (sim.records.find((r) => r.submissionId === s.id)!.envelope as { documents: Array<Record<string, string>> }).documents[0]!;
    expect(doc.expiresAt).toBe(new Date(Math.floor((Date.parse(past) + 4 * 86_400_000) / 1000) * 1000).toISOString());
    const fetched = await download(srv.as('anonymous'), doc.url!.slice(srv.url.length));
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toBe('application/pdf');
  });
});
