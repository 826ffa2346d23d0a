/**
 * Exports of a form with a File upload question (issue 16): the CSV lists each record's files by
 * name and size, the JSON gives each file its download link, and `?files=zip` streams the JSON
 * export with the files themselves — on both stores. Files are put in the store as the upload
 * route does (its bytes, facts and event), the answers saved and submitted through the API.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileRef, ScanState } from '../../engine/files/model.js';
import { newEvent } from '../../engine/store/events.js';
import { STORE_KINDS } from '../support/stores.js';
import { publishForm, startTestServer, type TestServer } from '../support/api.js';
import { filesDefinition } from '../support/files-form.js';
import { readZip } from '../support/zip.js';

const FORM = 'rtw-files';
let n = 0;

describe.each(STORE_KINDS)('exports with uploaded files (%s store)', (kind) => {
  let srv: TestServer;
  const bytes = { note: Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(120 * 1024 - 9)]), scan: randomBytes(2 * 1024 * 1024), second: Buffer.from('%PDF-1.4\nsecond'), later: Buffer.from('%PDF-1.4\nlater') };
  let first: { id: string; reference: string; refs: FileRef[] };
  let other: { id: string; reference: string; refs: FileRef[] };

  /** Puts a file in the store as an upload to record `submissionId` would. */
  async function upload(submissionId: string, name: string, body: Buffer, mediaType: string, scan: ScanState = 'not-configured'): Promise<FileRef> {
    const store = srv.running.ctx.store;
    const uploadedBy = (await store.getAccountByUsername(srv.demo.practitioner.username))!.id;
    const sha256 = createHash('sha256').update(body).digest('hex');
    const f = await store.files.put(
      { id: `f_exporttest${kind}${++n}`, name, submissionId, formId: FORM, pointer: '/fitNote', uploadedBy, uploadedAt: new Date().toISOString(), scan },
      (async function* () {
        yield body;
      })(),
      () => ({ size: body.length, sha256, mediaType }),
      (file) => newEvent(new Date(), file.uploadedBy, 'file.uploaded', 'file', file.id),
    );
    return { id: f.id, name: f.name, size: f.size, mediaType: f.mediaType, sha256: f.sha256 };
  }

  /** A record with these files in its answers, submitted. */
  async function recordWith(key: string, files: (id: string) => Promise<FileRef[]>) {
    const worker = srv.as('practitioner');
    const draft = await worker.post('/api/submissions', { formId: FORM, subject: { childId: 'C1' }, data: { reason: 'Flu' }, status: 'draft' }, { headers: { 'idempotency-key': `"${key}"` } });
    expect(draft.status, draft.text).toBe(201);
    const refs = await files(draft.body.id);
    const saved = await worker.put(`/api/submissions/${draft.body.id}`, { data: { reason: 'Flu', fitNote: refs } }, { headers: { 'if-match': '"1"' } });
    expect(saved.status, saved.text).toBe(200);
    const submitted = await worker.post(`/api/submissions/${draft.body.id}/submit`, undefined, { headers: { 'if-match': '"2"' } });
    expect(submitted.status, submitted.text).toBe(200);
    return { id: draft.body.id as string, reference: submitted.body.reference as string, refs };
  }

  beforeAll(async () => {
    srv = await startTestServer(kind);
    await publishForm(srv, { id: FORM, title: 'Return to work', category: 'case-record', team: 'cin-north' }, filesDefinition());
    first = await recordWith('files-1', async (id) => [
      await upload(id, 'fit-note.pdf', bytes.note, 'application/pdf'),
      await upload(id, 'scan.png', bytes.scan, 'image/png'),
      await upload(id, 'fit-note.pdf', bytes.second, 'application/pdf'),
    ]);
    other = await recordWith('files-2', async (id) => [await upload(id, 'later.pdf', bytes.later, 'application/pdf', 'unscanned')]);
  });
  afterAll(async () => srv?.close());

  it('CSV: one cell with each file’s name and size', async () => {
    const csv = await srv.as('integrator').get(`/api/forms/${FORM}/export?format=csv`);
    expect(csv.status).toBe(200);
    const [header, ...rows] = csv.text.replace(/^\ufeff/, '').trim().split('\n').map((l) => l.split(','));
    const row = rows.find((r) => r[header!.indexOf('id')] === first.id)!;
    expect(row[header!.indexOf('fitNote')]).toBe('fit-note.pdf (120 KB); scan.png (2 MB); fit-note.pdf (23 bytes)'.replace('23 bytes', `${bytes.second.length} bytes`));
  });

  it('JSON: each file as answered, with its download link', async () => {
    const json = await srv.as('integrator').get(`/api/forms/${FORM}/export?format=json`);
    expect(json.status).toBe(200);
    const record = (json.body as Array<{ id: string; data: { fitNote: unknown[] } }>).find((r) => r.id === first.id)!;
    expect(record.data.fitNote).toEqual(first.refs.map((f) => ({ ...f, link: `/api/files/${f.id}` })));
  });

  it('JSON with files=zip: records.json and every file under files/<reference>/<name>, names made unique, a file not yet scanned replaced by a note; each file given is logged', async () => {
    const res = await fetch(`${srv.url}/api/forms/${FORM}/export?format=json&files=zip`, { headers: { authorization: `Bearer ${srv.demo.integrator.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="rtw-files-\d{4}-\d{2}-\d{2}\.zip"$/);
    const entries = readZip(Buffer.from(await res.arrayBuffer()));
    const byName = new Map(entries.map((e) => [e.name, e.data]));
    expect(entries.map((e) => e.name)).toEqual([
      'records.json',
      `files/${first.reference}/fit-note.pdf`,
      `files/${first.reference}/scan.png`,
      `files/${first.reference}/fit-note (2).pdf`,
      `files/${other.reference}/later.pdf.not-included.txt`,
    ]);
    const records = JSON.parse(byName.get('records.json')!.toString('utf8')) as Array<{ id: string; data: { fitNote: Array<{ link: string }> } }>;
    expect(records.map((r) => r.id).sort()).toEqual([first.id, other.id].sort());
    expect(records.find((r) => r.id === first.id)!.data.fitNote.map((f) => f.link)).toEqual(first.refs.map((f) => `/api/files/${f.id}`));
    expect(byName.get(`files/${first.reference}/fit-note.pdf`)!.equals(bytes.note)).toBe(true);
    expect(byName.get(`files/${first.reference}/scan.png`)!.equals(bytes.scan)).toBe(true);
    expect(byName.get(`files/${first.reference}/fit-note (2).pdf`)!.equals(bytes.second)).toBe(true);
    expect(byName.get(`files/${other.reference}/later.pdf.not-included.txt`)!.toString('utf8')).toBe('later.pdf is not included: it is still being checked for viruses. Export again later to include it.\n');
    const downloads = await srv.running.ctx.store.listEvents({ action: 'file.downloaded' });
    expect(downloads.map((e) => e.entity.id).sort()).toEqual(first.refs.map((f) => f.id).sort());
    const integrator = (await srv.running.ctx.store.getAccountByUsername(srv.demo.integrator.username))!.id;
    expect(downloads.every((e) => e.actor === integrator)).toBe(true);
  });

  it('a reader who goes away half-way leaves the service well: the next zip is whole', async () => {
    const url = `${srv.url}/api/forms/${FORM}/export?format=json&files=zip`;
    const headers = { authorization: `Bearer ${srv.demo.integrator.token}` };
    const stop = new AbortController();
    const res = await fetch(url, { headers, signal: stop.signal });
    const reader = res.body!.getReader();
    await reader.read();
    stop.abort();
    await reader.read().catch(() => {});
    const again = await fetch(url, { headers });
    expect(again.status).toBe(200);
    expect(readZip(Buffer.from(await again.arrayBuffer())).map((e) => e.name)).toHaveLength(5);
  });

  it('refuses files=zip with the CSV export, and for those who may not export', async () => {
    const csv = await srv.as('integrator').get(`/api/forms/${FORM}/export?format=csv&files=zip`);
    expect(csv.status).toBe(400);
    expect(csv.body.errors).toEqual([{ pointer: '/query/files', message: expect.stringContaining('only with the JSON export') }]);
    expect((await srv.as('practitioner').get(`/api/forms/${FORM}/export?format=json&files=zip`)).status).toBe(403);
  });
});
