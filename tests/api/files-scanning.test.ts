/**
 * The virus-scanner hook through the real service: with a scanner configured (a shell script, or
 * the clamd stand-in), an upload is held as unscanned (409 to download) until the scan loop has a
 * verdict; a clean file then downloads, an infected one is gone for good (410) and refused in answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishForm, startTestServer, type TestServer } from '../support/api.js';
import { STORE_KINDS } from '../support/stores.js';
import { pdf } from '../support/file-samples.js';
import { DEFINITION, FORM, download, refOf, upload } from '../support/files-api.js';
import { EICAR, startClamd, type ClamdStandIn } from '../support/clamd.js';

function scanScript(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'caseforms-scan-')), 'scan.sh');
  writeFileSync(path, `#!/bin/sh\nif grep -q 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE' "$1"; then exit 1; fi\nexit 0\n`);
  chmodSync(path, 0o700);
  return path;
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await read();
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting');
}

const SCANNERS = ['command', 'clamd'] as const;

describe.each(STORE_KINDS.flatMap((kind) => SCANNERS.map((scanner) => [kind, scanner] as const)))('virus scanning (%s store, %s)', (kind, scanner) => {
  let srv: TestServer;
  let clamd: ClamdStandIn | undefined;
  let n = 0;

  beforeAll(async () => {
    clamd = scanner === 'clamd' ? await startClamd() : undefined;
    srv = await startTestServer(kind, { files: { maxBytes: 20 * 1024 * 1024, scanner: clamd ? { kind: 'clamd', address: clamd.address } : { kind: 'command', command: scanScript() } } });
    await publishForm(srv, { id: FORM, title: 'Return to work (files)', category: 'return-to-work', team: 'children-in-need-north' }, DEFINITION);
  });
  afterAll(async () => {
    await srv?.close();
    await clamd?.close();
  });

  it('holds a file until the scanner says clean, and removes an infected one for good', async () => {
    const practitioner = srv.as('practitioner');
    expect((await practitioner.get('/api/files/limits')).body.scanner).toBe(true);
    const made = await practitioner.post('/api/submissions', { formId: FORM, data: { reason: 'Flu' }, status: 'draft' }, { headers: { 'idempotency-key': `"scan-${kind}-${scanner}-${++n}"` } });
    const store = srv.running.ctx.store;

    const clean = await upload(practitioner, made.body.id, '/evidence', 'fit note.pdf', pdf());
    expect(clean.body.scan).toBe('unscanned');
    const early = await download(practitioner, clean.body.id);
    // Unless the scan was quicker than this request.
    if (early.status !== 200) expect(early.body).toMatchObject({ status: 409, type: '/api/problems/file-not-scanned', detail: 'fit note.pdf is still being checked for viruses. Try again in a minute.' });
    await until(() => store.files.get(clean.body.id), (f) => f?.scan === 'clean');
    expect((await download(practitioner, clean.body.id)).status).toBe(200);

    const bad = await upload(practitioner, made.body.id, '/evidence', 'note.pdf', Buffer.concat([pdf(), Buffer.from(`\n% ${EICAR}\n`)]));
    expect(bad.status).toBe(201);
    await until(() => store.files.get(bad.body.id), (f) => f?.scan === 'infected');
    const gone = await download(practitioner, bad.body.id);
    expect(gone.status).toBe(410);
    expect(gone.body.detail).toBe('note.pdf had a virus in it, so it was removed. Ask the person who uploaded it for a clean copy.');
    expect(await store.files.open(bad.body.id)).toBeNull();
    const scanned = await store.listEvents({ entityId: bad.body.id, action: 'file.scanned' });
    expect(scanned.map((e) => e.details)).toEqual([{ submissionId: made.body.id, result: 'infected' }]);

    const saved = await practitioner.put(`/api/submissions/${made.body.id}`, { data: { reason: 'Flu', evidence: [refOf(clean.body), refOf(bad.body)] } }, { headers: { 'if-match': `"${made.body.revision}"` } });
    expect(saved.status).toBe(422);
    expect(saved.body.errors).toEqual([{ pointer: '/evidence/1', message: 'note.pdf had a virus in it, so it was removed. Remove it and upload a clean copy.' }]);
    if (clamd) expect(clamd.scanned.length).toBeGreaterThanOrEqual(2);
  });
});
