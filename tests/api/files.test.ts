/**
 * Uploaded files through the real service on both stores: upload checked by content and size
 * while streaming, download only as a sandboxed attachment to those who may read the record,
 * remove, keep at submit, answers that name files, the event log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Role } from '../../engine/accounts/model.js';
import { Client, newPractitioner, publishForm, startTestServer, type TestServer } from '../support/api.js';
import { checkResponse } from '../support/openapi.js';
import { STORE_KINDS } from '../support/stores.js';
import { EML, PNG, docx, exe, pdf, sendStream } from '../support/file-samples.js';
import { DEFINITION, FORM, download, refOf, sha, upload } from '../support/files-api.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { createEngine } from '../../engine/engine.js';
import { InvalidStateError, StaleRevisionError } from '../../engine/errors.js';
import { sweepFiles } from '../../engine/files/workers.js';
import type { Store } from '../../engine/store/contract.js';
import { newEvent } from '../../engine/store/events.js';
import { submitDraft } from '../../engine/submissions/lifecycle.js';

const MB = 1024 * 1024;

describe.each(STORE_KINDS)('uploaded files (%s store)', (kind) => {
  let srv: TestServer;
  let practitioner: Client;
  let manager: Client;
  /** A practitioner of another team. */
  let other: Client;
  let n = 0;

  beforeAll(async () => {
    srv = await startTestServer(kind);
    await publishForm(srv, { id: FORM, title: 'Return to work (files)', category: 'return-to-work', team: 'children-in-need-north' }, DEFINITION);
    practitioner = srv.as('practitioner');
    manager = srv.as('manager');
    other = await newPractitioner(srv, 'olu.other', 'cin-south');
  });
  afterAll(async () => srv?.close());

  async function draft(who: Client = practitioner): Promise<{ id: string; revision: number }> {
    const res = await who.post('/api/submissions', { formId: FORM, data: { reason: 'Flu' }, status: 'draft' }, { headers: { 'idempotency-key': `"files-${kind}-${++n}"` } });
    expect(res.status, res.text).toBe(201);
    return { id: res.body.id, revision: res.body.revision };
  }

  const events = async (id: string) => (await srv.running.ctx.store.listEvents({ entityId: id })).map((e) => e.action);

  it('takes a PDF, an image, a Word document and an email, each typed by its content, with its SHA-256 and an event', async () => {
    const d = await draft();
    const word = await docx();
    const cases: Array<[string, Buffer, string]> = [
      ['fit note.pdf', pdf(), 'application/pdf'],
      ['photo of note.png', PNG, 'image/png'],
      ['plan.docx', word, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['email from GP.eml', EML, 'message/rfc822'],
    ];
    for (const [name, bytes, mediaType] of cases) {
      const res = await upload(practitioner, d.id, '/evidence', name, bytes);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toEqual({ id: expect.stringMatching(/^f_[A-Za-z0-9_-]{24}$/), name, size: bytes.length, mediaType, sha256: sha(bytes), scan: 'not-configured' });
      expect(res.headers.get('location')).toBe(`/api/files/${res.body.id}`);
      expect(await events(res.body.id)).toEqual(['file.uploaded']);
    }
    // A name with a folder part and control characters is cleaned; a JSON Content-Type does not make the JSON parser take the body.
    const odd = await upload(practitioner, d.id, '/evidence', 'C:\\Users\\pat\\Desktop\\fit\u202Enote\u0007.pdf', pdf(), 'application/json');
    expect(odd.status, JSON.stringify(odd.body)).toBe(201);
    expect(odd.body.name).toBe('fitnote.pdf');
  });

  it('refuses a Windows program renamed .pdf, and a file of a type the question does not allow, in words, at the question', async () => {
    const d = await draft();
    const program = await upload(practitioner, d.id, '/evidence', 'fit-note.pdf', exe());
    expect(program.status).toBe(422);
    expect(program.body).toMatchObject({
      type: '/api/problems/file-type-not-allowed',
      detail: 'fit-note.pdf is not a PDF, an image, a Word document or an email: it looks like a Windows program. Choose a PDF, an image, a Word document or an email.',
      errors: [{ pointer: '/evidence' }],
    });
    const wrong = await upload(practitioner, d.id, '/photo', 'plan.png', await docx());
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ type: '/api/problems/file-type-not-allowed', detail: 'plan.png is not an image: it looks like a Word document. Choose an image.', errors: [{ pointer: '/photo' }] });
    const empty = await upload(practitioner, d.id, '/evidence', 'nothing.pdf', Buffer.alloc(0));
    expect(empty.status).toBe(422);
    expect(empty.body).toMatchObject({ type: '/api/problems/file-empty', errors: [{ pointer: '/evidence' }] });
    const noQuestion = await upload(practitioner, d.id, '/reason', 'a.pdf', pdf());
    expect(noQuestion.status).toBe(400);
    expect(noQuestion.body.errors).toEqual([{ pointer: '/reason', message: 'Upload files only to a file upload question of the form.' }]);
    // Nothing of any refused upload is kept.
    expect(await srv.running.ctx.store.files.listForRecord(d.id)).toEqual([]);
  });

  it('refuses a file over the question’s own limit at once from Content-Length', async () => {
    const d = await draft();
    const big = Buffer.concat([PNG, Buffer.alloc(2 * MB)]);
    const res = await upload(practitioner, d.id, '/photo', 'scan.png', big);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ type: '/api/problems/file-too-large', detail: 'scan.png is 2.1 MB. Files must be 1 MB or smaller.', errors: [{ pointer: '/photo', message: 'scan.png is 2.1 MB. Files must be 1 MB or smaller.' }] });
  });

  it('refuses a 30 MB file to a 20 MB limit while streaming, with and without Content-Length, keeping nothing', async () => {
    const d = await draft();
    const url = `${srv.url}/api/submissions/${d.id}/files?pointer=%2Fevidence&name=fit-note.pdf`;
    for (const chunked of [false, true]) {
      const res = await sendStream(url, { authorization: `Bearer ${practitioner.token}` }, 30 * MB, { chunked });
      expect(res.status).toBe(413);
      const body = JSON.parse(res.body.toString());
      await checkResponse('POST', url.slice(srv.url.length), 413, String(res.headers['content-type']), body);
      expect(body.detail).toBe(chunked ? 'fit-note.pdf is more than 20 MB. Files must be 20 MB or smaller.' : 'fit-note.pdf is 30 MB. Files must be 20 MB or smaller.');
      expect(body.errors[0].pointer).toBe('/evidence');
      // With Content-Length the answer comes before the body; chunked, at the first byte over 20 MB (sockets buffer a little more).
      if (chunked) expect(res.sentWhenAnswered).toBeGreaterThan(20 * MB);
      else expect(res.sentWhenAnswered).toBeLessThan(8 * MB);
      expect(res.sentWhenAnswered).toBeLessThan(28 * MB);
    }
    expect(await srv.running.ctx.store.files.listForRecord(d.id)).toEqual([]);
    // Nor any bytes (SQLite: the files folder holds only the files of the other tests' uploads, none of this record's).
    if (kind === 'sqlite') expect(readdirSync(join(dataDirOf(srv), 'files')).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('downloads as a sandboxed attachment to the author and their manager, never to another team’s practitioner; submit keeps the files', async () => {
    const d = await draft();
    const bytes = pdf('Signed off sick until 12 December');
    const up = await upload(practitioner, d.id, '/evidence', 'fit note “Alex”.pdf', bytes);
    expect(up.status).toBe(201);
    const id = up.body.id as string;

    const mine = await download(practitioner, id);
    expect(mine.status).toBe(200);
    expect(mine.bytes.equals(bytes)).toBe(true);
    expect(mine.headers.get('content-type')).toBe('application/pdf');
    expect(mine.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''fit%20note%20%E2%80%9CAlex%E2%80%9D.pdf");
    expect(mine.headers.get('x-content-type-options')).toBe('nosniff');
    expect(mine.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");

    const refused = await download(other, id);
    expect(refused.status).toBe(404);
    expect(refused.body.type).toBe('/api/problems/not-found');
    // Unknown and not allowed read the same.
    const unknown = await download(other, 'f_doesnotexist000');
    expect(unknown.body.detail).toBe('There is no file "f_doesnotexist000" that you can open.');
    expect(refused.body.detail).toBe(`There is no file "${id}" that you can open.`);
    expect((await other.delete(`/api/files/${id}`)).status).toBe(404);

    const saved = await practitioner.put(`/api/submissions/${d.id}`, { data: { reason: 'Flu', evidence: [refOf(up.body)] } }, { headers: { 'if-match': `"${d.revision}"` } });
    expect(saved.status, saved.text).toBe(200);
    const submitted = await practitioner.post(`/api/submissions/${d.id}/submit`, undefined, { headers: { 'if-match': `"${saved.body.revision}"` } });
    expect(submitted.status, submitted.text).toBe(200);
    expect((await srv.running.ctx.store.files.get(id))?.keptAt).toEqual(expect.any(String));

    const managers = await download(manager, id);
    expect(managers.status).toBe(200);
    expect(managers.bytes.equals(bytes)).toBe(true);
    expect((await download(other, id)).status).toBe(404);

    // Kept with the submitted record: the uploader cannot remove it, and the sweep leaves it.
    const remove = await practitioner.delete(`/api/files/${id}`);
    expect(remove.status).toBe(409);
    const swept: string[] = [];
    await srv.running.ctx.store.files.sweep(new Date(Date.now() + 86_400_000), (f) => (swept.push(f.id), { id: `e-${f.id}`, at: new Date().toISOString(), actor: 'system', action: 'file.swept', entity: { kind: 'file', id: f.id } }));
    expect(swept).not.toContain(id);
    expect(await srv.running.ctx.store.files.get(id)).not.toBeNull();

    const log = await srv.running.ctx.store.listEvents({ entityId: id });
    expect(log.map((e) => [e.action, e.actor])).toEqual([
      ['file.uploaded', expect.any(String)],
      ['file.downloaded', expect.any(String)],
      ['file.download-refused', expect.any(String)],
      ['file.downloaded', expect.any(String)],
      ['file.download-refused', expect.any(String)],
    ]);
  });

  it('the uploader removes a file from a draft: gone for download, with its event', async () => {
    const d = await draft();
    const up = await upload(practitioner, d.id, '/evidence', 'wrong.pdf', pdf());
    const id = up.body.id as string;
    // A manager may read the draft but is not its author.
    expect((await manager.delete(`/api/files/${id}`)).status).toBe(403);
    expect((await practitioner.delete(`/api/files/${id}`)).status).toBe(204);
    expect((await download(practitioner, id)).status).toBe(404);
    expect(await events(id)).toEqual(['file.uploaded', 'file.deleted']);
  });

  it('one draft cannot take files without end: past a question’s most files and a few spare, an upload is refused until one is removed', async () => {
    const d = await draft();
    // "Photo" takes up to 2 files: 2 and 5 spare are taken, the 8th refused.
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await upload(practitioner, d.id, '/photo', `photo-${i}.png`, PNG);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids.push(res.body.id as string);
    }
    const refused = await upload(practitioner, d.id, '/photo', 'photo-7.png', PNG);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      type: '/api/problems/file-too-many',
      detail: 'Photo already has 7 files uploaded, and takes up to 2. Remove one, then upload photo-7.png again.',
      errors: [{ pointer: '/photo', message: 'Photo already has 7 files uploaded, and takes up to 2. Remove one, then upload photo-7.png again.' }],
    });
    // Another question of the same draft is not held back by it.
    expect((await upload(practitioner, d.id, '/evidence', 'note.pdf', pdf())).status).toBe(201);
    expect((await practitioner.delete(`/api/files/${ids[0]}`)).status).toBe(204);
    expect((await upload(practitioner, d.id, '/photo', 'photo-7.png', PNG)).status).toBe(201);
  });

  it('refuses answers that name another record’s file, a file of another question, or a changed one, at the answer’s pointer', async () => {
    const a = await draft();
    const b = await draft();
    const upA = await upload(practitioner, a.id, '/evidence', 'a.pdf', pdf('A'));
    const upB = await upload(practitioner, b.id, '/evidence', 'b.png', PNG);
    const save = (data: Record<string, unknown>) => practitioner.put(`/api/submissions/${b.id}`, { data: { reason: 'Flu', ...data } }, { headers: { 'if-match': `"${b.revision}"` } });

    const theirs = await save({ evidence: [refOf(upB.body), refOf(upA.body)] });
    expect(theirs.status).toBe(422);
    expect(theirs.body.errors).toEqual([{ pointer: '/evidence/1', message: 'a.pdf is not a file uploaded to this question of this record. Remove it and upload the file again.' }]);
    const otherQuestion = await save({ photo: [refOf(upB.body)] });
    expect(otherQuestion.body.errors).toEqual([{ pointer: '/photo/0', message: 'b.png is not a file uploaded to this question of this record. Remove it and upload the file again.' }]);
    const changed = await save({ evidence: [{ ...refOf(upB.body), sha256: 'a'.repeat(64) }] });
    expect(changed.body.errors).toEqual([{ pointer: '/evidence/0', message: 'b.png is not a file uploaded to this question of this record. Remove it and upload the file again.' }]);
    const submitted = await practitioner.post(`/api/submissions/${b.id}/submit`, { data: { reason: 'Flu', evidence: [refOf(upA.body)] } }, { headers: { 'if-match': `"${b.revision}"` } });
    expect(submitted.status).toBe(422);
    expect(submitted.body.errors).toEqual([{ pointer: '/evidence/0', message: expect.stringContaining('a.pdf is not a file uploaded') }]);
    // The refused submit kept nothing.
    expect((await srv.running.ctx.store.files.get(upA.body.id))?.keptAt).toBeUndefined();
  });

  it('a record created with its answers at once (draft or submitted) cannot name any upload: files go to a draft', async () => {
    const a = await draft();
    const up = await upload(practitioner, a.id, '/evidence', 'a.pdf', pdf('A'));
    for (const status of ['draft', 'submitted']) {
      const res = await practitioner.post('/api/submissions', { formId: FORM, data: { reason: 'Flu', evidence: [refOf(up.body)] }, status }, { headers: { 'idempotency-key': `"files-${kind}-made-${status}"` } });
      expect(res.status, res.text).toBe(422);
      expect(res.body.errors).toEqual([{ pointer: '/evidence/0', message: 'a.pdf is not a file uploaded to this question of this record. Remove it and upload the file again.' }]);
    }
    expect((await srv.running.ctx.store.files.get(up.body.id))?.keptAt).toBeUndefined();
  });

  it('only the draft’s author uploads, only to a draft, and a browser session must carry the CSRF token', async () => {
    const d = await draft();
    expect((await upload(manager, d.id, '/evidence', 'a.pdf', pdf())).status).toBe(403);
    expect((await upload(other, d.id, '/evidence', 'a.pdf', pdf())).status).toBe(404);
    const signIn = await new Client(srv.url, null).post('/api/session', { username: srv.demo.practitioner.username, password: srv.demo.practitioner.password });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const path = `/api/submissions/${d.id}/files?pointer=%2Fevidence&name=a.pdf`;
    const forged = await fetch(srv.url + path, { method: 'POST', headers: { cookie }, body: new Uint8Array(pdf()) });
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { type: string }).type).toBe('/api/problems/csrf-token-missing');
    const fine = await fetch(srv.url + path, { method: 'POST', headers: { cookie, 'x-csrf-token': signIn.body.csrfToken }, body: new Uint8Array(pdf()) });
    expect(fine.status).toBe(201);
  });

  it('a file uploaded while a scanner was set up, and not checked before it was taken away, says no scanner can check it now', async () => {
    const d = await draft();
    const bytes = pdf('held');
    // As uploaded on a node (or before a restart) with a scanner: unscanned. This server has none.
    const held = await srv.running.ctx.store.files.put(
      { id: 'f_heldforscan000001', name: 'held.pdf', submissionId: d.id, formId: FORM, pointer: '/evidence', uploadedBy: 'u-someone', uploadedAt: new Date().toISOString(), scan: 'unscanned' },
      (async function* () {
        yield bytes;
      })(),
      () => ({ size: bytes.length, sha256: sha(bytes), mediaType: 'application/pdf' }),
      (f) => ({ id: `e-held-${kind}`, at: new Date().toISOString(), actor: 'u-someone', action: 'file.uploaded', entity: { kind: 'file', id: f.id } }),
    );
    const res = await download(practitioner, held.id);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      type: '/api/problems/file-not-scanned',
      detail: 'held.pdf has not been checked for viruses, and no virus scanner is set up to check it now. Tell your IT service desk: it can be downloaded once a scanner has checked it.',
    });

    // The record's files, as a page opened again reads them: only those its answers name, each with its scan.
    const notNamed = await upload(practitioner, d.id, '/evidence', 'not-named.pdf', pdf('not named'));
    const saved = await practitioner.put(`/api/submissions/${d.id}`, { data: { reason: 'Flu', evidence: [refOf(held)] } }, { headers: { 'if-match': `"${d.revision}"` } });
    expect(saved.status, saved.text).toBe(200);
    const files = await practitioner.get(`/api/submissions/${d.id}/files`);
    expect(files.status).toBe(200);
    expect(files.body).toEqual({ scanner: false, items: [{ id: held.id, name: 'held.pdf', size: bytes.length, mediaType: 'application/pdf', sha256: sha(bytes), scan: 'unscanned' }] });
    await checkResponse('GET', `/api/submissions/${d.id}/files`, 200, files.headers.get('content-type'), files.body);
    expect(files.body.items.map((f: { id: string }) => f.id)).not.toContain(notNamed.body.id);
    // Read as the record is read: logged; and not found for someone who may not read it, as the record is.
    expect(await events(d.id)).toContain('submission.read');
    const refused = await other.get(`/api/submissions/${d.id}/files`);
    expect(refused.status).toBe(404);
    expect(refused.body.type).toBe('/api/problems/not-found');
    expect((await srv.as('anonymous').get(`/api/submissions/${d.id}/files`)).status).toBe(401);
  });

  it('tells anyone signed in the server’s limits', async () => {
    const res = await srv.as('designer').get('/api/files/limits');
    expect(res.status).toBe(200);
    expect(res.body.maxFileSize).toBe(20 * MB);
    expect(res.body.scanner).toBe(false);
    expect(res.body.types.map((t: { name: string }) => t.name)).toEqual(['pdf', 'image', 'word', 'excel', 'email']);
    expect((await srv.as('anonymous').get('/api/files/limits')).status).toBe(401);
  });

  // Last in this block: its sweep, run as if two days on, removes every upload no record names.
  it('a submit that fails after keeping its files lets go of them, unless another submit of the draft won; a draft never submitted keeps none once deleted: the sweep takes only those', async () => {
    const ctx = srv.running.ctx;
    const store = ctx.store;
    const pat = (await store.getAccountByUsername(srv.demo.practitioner.username))!;
    /** A draft naming one uploaded fit note, saved. */
    const withFitNote = async (label: string) => {
      const d = await draft();
      const up = await upload(practitioner, d.id, '/evidence', `${label}.pdf`, pdf(label));
      const saved = await practitioner.put(`/api/submissions/${d.id}`, { data: { reason: 'Flu', evidence: [refOf(up.body)] } }, { headers: { 'if-match': `"${d.revision}"` } });
      expect(saved.status, saved.text).toBe(200);
      return { id: d.id, revision: saved.body.revision as number, file: up.body.id as string };
    };
    /** The engine on the real store, where `meanwhile` happens just before the submit's write (and so makes it stale). */
    const racing = (meanwhile: () => Promise<void>) => ({
      ...ctx,
      store: new Proxy(store, {
        get(target, key) {
          if (key === 'updateDraft') {
            return async (...args: Parameters<Store['updateDraft']>) => {
              await meanwhile();
              return target.updateDraft(...args);
            };
          }
          const value = Reflect.get(target, key, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      }),
    });

    // The submit's write meets a save made elsewhere at that moment (another tab): refused, 412.
    const a = await withFitNote('saved-elsewhere');
    const saveElsewhere = async () => {
      const now = new Date();
      const current = (await store.getSubmission(a.id))!;
      await store.updateDraft(a.id, current.revision, { data: current.data, updatedBy: pat.id, updatedAt: now.toISOString() }, { outbox: [], event: newEvent(now, pat.id, 'submission.saved', 'submission', a.id) });
    };
    await expect(submitDraft(racing(saveElsewhere), { id: pat.id, team: pat.team }, a.id, a.revision)).rejects.toBeInstanceOf(StaleRevisionError);
    expect((await store.getSubmission(a.id))?.status).toBe('draft');
    expect((await store.files.get(a.file))?.keptAt, 'the failed submit let go of the file').toBeUndefined();

    // Two submits of one draft at once (two tabs): the one refused never lets go of what the other kept.
    const b = await withFitNote('submitted-twice');
    const submitElsewhere = async () => {
      const other = await practitioner.post(`/api/submissions/${b.id}/submit`, undefined, { headers: { 'if-match': `"${b.revision}"` } });
      expect(other.status, other.text).toBe(200);
    };
    await expect(submitDraft(racing(submitElsewhere), { id: pat.id, team: pat.team }, b.id, b.revision)).rejects.toBeInstanceOf(InvalidStateError);
    expect((await store.getSubmission(b.id))?.status).toBe('submitted');
    expect((await store.files.get(b.file))?.keptAt, 'kept with the submitted record').toEqual(expect.any(String));
    // Had it been let go all the same (the other submit landing just after the look), the sweep keeps it.
    await store.files.unkeep([b.file]);

    // A submit whose process died after keeping it: kept on the draft. The author deletes the draft.
    await store.files.keep([a.file], new Date().toISOString());
    const current = await practitioner.get(`/api/submissions/${a.id}`);
    const deleted = await practitioner.delete(`/api/submissions/${a.id}`, { headers: { 'if-match': current.headers.get('etag')! } });
    expect(deleted.status, deleted.text).toBe(204);
    expect((await store.files.get(a.file))?.keptAt, 'the deleted draft let go of the file').toBeUndefined();

    await sweepFiles(createEngine({ store, now: () => new Date(Date.now() + 2 * 86_400_000) }));
    expect(await store.files.get(a.file)).toBeNull();
    expect((await store.listEvents({ entityId: a.file })).map((e) => e.action)).toEqual(['file.uploaded', 'file.swept']);
    expect((await store.files.get(b.file))?.keptAt, 'the submitted record\'s file kept by the sweep').toEqual(expect.any(String));
    expect((await download(practitioner, b.file)).status).toBe(200);
  });
});

/** The SQLite test server's data folder (where its files/ folder is). */
function dataDirOf(srv: TestServer): string {
  return dirname(srv.running.demoAccountsFile!);
}

describe('uploads are streamed: the server’s memory does not grow by the file’s size', () => {
  let proc: ServerProcess;
  beforeAll(async () => {
    // Room for a 100 MB file on /evidence (no size of its own); /report takes 20 MB at most.
    proc = await startServerProcess({ CASEFORMS_UPLOAD_MAX_MB: '120' });
    await publishForm({ as: (role: Role) => new Client(proc.url, proc.token(role)) } as unknown as TestServer, { id: FORM, title: 'Return to work (files)', category: 'return-to-work', team: 'children-in-need-north' }, DEFINITION);
  });
  afterAll(async () => proc?.stop());

  it('a 30 MB file refused at 20 MB, with and without Content-Length, and a 100 MB file stored, each well under its size', async () => {
    const practitioner = new Client(proc.url, proc.token('practitioner'));
    const made = await practitioner.post('/api/submissions', { formId: FORM, data: { reason: 'Flu' }, status: 'draft' }, { headers: { 'idempotency-key': '"memory-1"' } });
    expect(made.status, made.text).toBe(201);
    const url = (pointer: string) => `${proc.url}/api/submissions/${made.body.id}/files?pointer=${encodeURIComponent(pointer)}&name=fit-note.pdf`;
    const headers = { authorization: `Bearer ${practitioner.token}` };
    // A first upload, so what every upload loads once (file-type, the hash) is loaded before measuring.
    const warm = await sendStream(url('/report'), headers, 1 * MB, { chunked: false });
    expect(warm.status, warm.body.toString()).toBe(201);
    const cases: Array<[string, string, number, boolean, number]> = [
      ['30 MB to a 20 MB limit, Content-Length', '/report', 30 * MB, false, 413],
      ['100 MB stored, chunked', '/evidence', 100 * MB, true, 201],
      ['30 MB to a 20 MB limit, chunked', '/report', 30 * MB, true, 413],
    ];
    for (const [label, pointer, total, chunked, expected] of cases) {
      const before = proc.rss();
      proc.resetPeak();
      const res = await sendStream(url(pointer), headers, total, { chunked });
      const growth = (proc.peakRss() - before) / MB;
      console.log(`[files] ${label}: ${res.status}; server peak RSS ${(proc.peakRss() / MB).toFixed(1)} MB, ${growth.toFixed(1)} MB over the ${(before / MB).toFixed(1)} MB before`);
      expect(res.status, res.body.toString()).toBe(expected);
      // Not the file's size: what grows is V8 collecting the socket's spent 64 KB reads in batches, bounded whatever the size.
      expect(growth).toBeLessThan(40);
    }
  });
});
