/**
 * A download the client gives up on part way (a closed tab, a dropped connection) must let go of
 * the file: before, the bytes were piped to the response, and a response closed early left the
 * file's stream paused with its file handle open for good — one leaked descriptor per abandoned
 * download, on /api/files/{id} and on the signed links of /api/documents/{token} alike. Nor may a
 * download that fails after the file was opened (its event could not be written) keep it open.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK_SECRET_ENV, signLink } from '../../engine/documents/links.js';
import { publishForm, startTestServer, type TestServer } from '../support/api.js';
import { pdf } from '../support/file-samples.js';
import { DEFINITION, FORM, refOf, upload } from '../support/files-api.js';

const MB = 1024 * 1024;
const LINK_SECRET = 'a-link-secret-for-the-abort-tests-of-32-characters-or-more';

/** This process's open descriptors on the stored file (the test server runs in it). */
function handlesOn(fileId: string): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).endsWith(`/files/${fileId}`)) n++;
    } catch {
      // Closed while listing.
    }
  }
  return n;
}

/** GETs `path`, reads the first piece of the body, then drops the connection; resolves with the status. */
function abandon(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      res.once('data', () => {
        req.destroy();
        resolve(res.statusCode!);
      });
    });
    req.on('error', (err) => {
      if (!req.destroyed) reject(err);
    });
    req.end();
  });
}

/** Waits for `test` to hold, checking each 20 ms, at most `tries` times; its last answer. */
async function settle(test: () => boolean, tries = 150): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (test()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return test();
}

describe('a download abandoned part way lets go of the file (sqlite store)', () => {
  let srv: TestServer;
  let fileId: string;
  let submissionId: string;

  beforeAll(async () => {
    process.env[LINK_SECRET_ENV] = LINK_SECRET;
    srv = await startTestServer('sqlite');
    await publishForm(srv, { id: FORM, title: 'Return to work (files)', category: 'return-to-work', team: 'children-in-need-north' }, DEFINITION);
    const practitioner = srv.as('practitioner');
    const made = await practitioner.post('/api/submissions', { formId: FORM, data: { reason: 'Flu' }, status: 'draft' }, { headers: { 'idempotency-key': '"abort-1"' } });
    expect(made.status, made.text).toBe(201);
    submissionId = made.body.id;
    // Far more than the sockets buffer between the two ends, so the server is still sending when the client goes.
    const up = await upload(practitioner, submissionId, '/evidence', 'long scan.pdf', pdf('Scan', 16 * MB));
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    fileId = up.body.id;
    const submitted = await practitioner.post(`/api/submissions/${submissionId}/submit`, { data: { reason: 'Flu', evidence: [refOf(up.body)] } }, { headers: { 'if-match': `"${made.body.revision}"` } });
    expect(submitted.status, submitted.text).toBe(200);
  });
  afterAll(async () => {
    delete process.env[LINK_SECRET_ENV];
    await srv?.close();
  });

  it('GET /api/files/{id}: the file handle is closed once the client has gone', async () => {
    expect(handlesOn(fileId)).toBe(0);
    const status = await abandon(`${srv.url}/api/files/${fileId}`, { authorization: `Bearer ${srv.demo.manager.token}` });
    expect(status).toBe(200);
    expect(await settle(() => handlesOn(fileId) === 0)).toBe(true);
  });

  it('GET /api/documents/{token} for an uploaded file: the file handle is closed once the receiver has gone', async () => {
    expect(handlesOn(fileId)).toBe(0);
    const token = signLink(LINK_SECRET, { submissionId, fileId, connector: 'ics-links', expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    const status = await abandon(`${srv.url}/api/documents/${token}`);
    expect(status).toBe(200);
    expect(await settle(() => handlesOn(fileId) === 0)).toBe(true);
  });

  it('a download whose event cannot be written answers 500 and lets go of the file it had opened, on both routes', async () => {
    // Another connection to the same SQLite file makes the event log refuse download events.
    const db = new Database(join(dirname(srv.running.demoAccountsFile!), 'caseforms.sqlite'));
    db.exec("CREATE TRIGGER refuse_downloads BEFORE INSERT ON events WHEN NEW.action = 'file.downloaded' BEGIN SELECT RAISE(ABORT, 'no room in the event log'); END");
    try {
      const res = await fetch(`${srv.url}/api/files/${fileId}`, { headers: { authorization: `Bearer ${srv.demo.manager.token}` } });
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      await res.text();
      expect(await settle(() => handlesOn(fileId) === 0)).toBe(true);
      const token = signLink(LINK_SECRET, { submissionId, fileId, connector: 'ics-links', expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
      const link = await fetch(`${srv.url}/api/documents/${token}`);
      expect(link.status).toBe(500);
      await link.text();
      expect(await settle(() => handlesOn(fileId) === 0)).toBe(true);
    } finally {
      db.exec('DROP TRIGGER refuse_downloads');
      db.close();
    }
  });
});
