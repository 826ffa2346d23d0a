/**
 * What whoever may create connectors cannot make the server do (issue 11, items 8-10), through the
 * API on both stores: send to loopback, link-local or private addresses; name a server variable
 * that is not a connector secret (or learn whether it is set); drop files outside the allowed
 * folders, through `..` or a link.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destinations } from '../../engine/sync/destinations.js';
import { fileDropConnector } from '../../engine/sync/connectors/file-drop.js';
import { startTestServer, type TestServer } from '../support/api.js';
import { STORE_KINDS } from '../support/stores.js';

describe.each(STORE_KINDS)('connector limits (%s store)', (kind) => {
  let srv: TestServer;
  let base: string;
  let root: string;
  let outside: string;
  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'caseforms-limits-'));
    root = join(base, 'drops');
    outside = join(base, 'elsewhere');
    mkdirSync(join(root, 'ics'), { recursive: true });
    mkdirSync(outside);
    // The default policy: public addresses only; drops only under `root`.
    srv = await startTestServer(kind, { connectors: { destinations: destinations(''), dropRoots: [root] } });
  });
  afterAll(async () => {
    await srv?.close();
    rmSync(base, { recursive: true, force: true });
  });

  const create = (id: string, kind: string, settings: Record<string, unknown>) => srv.as('integrator').post('/api/sync/connectors', { id, kind, title: 'x', settings });
  const messagesAt = (body: { errors?: Array<{ pointer: string; message: string }> }, pointer: string) => (body.errors ?? []).filter((e) => e.pointer === pointer).map((e) => e.message);

  it('refuses HTTP connectors to loopback, link-local, private and numeric-form addresses (item 8)', async () => {
    for (const [n, url] of ['http://127.0.0.1:3000/', 'http://2130706433/', 'http://0x7f.1/', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/', 'http://[fe80::1]/', 'http://10.1.2.3/', 'http://192.168.0.1/'].entries()) {
      const res = await create(`ssrf-${n}`, 'http', { url, secretEnv: 'CASEFORMS_SECRET_X' });
      expect(res.status, url).toBe(400);
      expect(messagesAt(res.body, '/settings/url')[0], url).toMatch(/special-purpose address, which the server's CASEFORMS_SYNC_HTTP_ALLOW setting does not allow/);
    }
    expect((await srv.as('integrator').get('/api/sync/connectors')).body.items).toEqual([]);
  });

  it('lets a connector name only CASEFORMS_SECRET_ variables, and says the same whether another variable is set or not (item 9)', async () => {
    process.env.CASEFORMS_LIMITS_TEST_SET = 'x'.repeat(40);
    const answers = [];
    for (const [n, name] of ['PATH', 'MONGODB_URI', 'CASEFORMS_LIMITS_TEST_SET', 'CASEFORMS_LIMITS_TEST_UNSET'].entries()) {
      const res = await create(`secret-${n}`, 'http', { url: 'https://ics.example.gov.uk/records', secretEnv: name });
      expect(res.status, name).toBe(400);
      answers.push(JSON.stringify(res.body.errors));
    }
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toContain('must start with CASEFORMS_SECRET_');
    delete process.env.CASEFORMS_LIMITS_TEST_SET;
  });

  it('keeps file drops inside the allowed folders: no `..`, no link out, and no sweeping outside (item 10)', async () => {
    const refused = async (id: string, folder: string) => {
      const res = await create(id, 'file-drop', { folder });
      expect(res.status, folder).toBe(400);
      return messagesAt(res.body, '/settings/folder')[0];
    };
    expect(await refused('drop-up', `${root}/../elsewhere`)).toBe(`The drop folder ${root}/../elsewhere (it leads to ${outside}) is outside the folders this server allows file drops in: it must be inside ${root}. The server's operator sets these with CASEFORMS_SYNC_DROP_ROOTS.`);
    expect(await refused('drop-etc', '/tmp/../etc')).toMatch(/^The drop folder \/tmp\/\.\.\/etc \(it leads to \/etc\) is outside the folders/);
    symlinkSync(outside, join(root, 'link-out'));
    expect(await refused('drop-link', join(root, 'link-out'))).toContain(`(it leads to ${outside}) is outside`);
    expect(readdirSync(outside)).toEqual([]);

    const ok = await create('drop-ok', 'file-drop', { folder: join(root, 'ics') });
    expect(ok.status, ok.text).toBe(201);
    // The folder is swapped for a link out after it was saved: the driver writes and sweeps nothing there.
    const stale = join(outside, '.caseforms-1234.csv.tmp-0123456789ab');
    writeFileSync(stale, 'not ours');
    utimesSync(stale, new Date(0), new Date(0));
    rmSync(join(root, 'ics'), { recursive: true });
    symlinkSync(outside, join(root, 'ics'));
    const driver = fileDropConnector.create(ok.body, { secrets: {}, now: () => new Date(), destinations: destinations(''), dropRoots: [root] });
    const entry = { id: 'S1:drop-ok', submissionId: 'S1', connector: 'drop-ok', partitionKey: 'C1', seq: 1, state: 'leased' as const, attempts: 1, nextAttemptAt: '2026-01-01T00:00:00Z', createdAt: '2026-01-01T00:00:00Z' };
    const envelope = { envelope: 'caseforms.ics/1' as const, submissionId: 'S1', formId: 'f', formVersion: 1, subject: { childId: 'C1' }, submittedBy: 'p', submittedAt: '2026-01-01T00:00:00Z', fields: {} };
    const [outcome] = await driver.deliver([{ entry, envelope }], new AbortController().signal);
    expect(outcome).toEqual({ outcome: 'retry', reason: expect.stringContaining('is outside the folders this server allows file drops in') });
    expect(readdirSync(outside)).toEqual(['.caseforms-1234.csv.tmp-0123456789ab']);
  });
});
