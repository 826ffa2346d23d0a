/**
 * Two web nodes (`npm start`'s program, compiled, each its own process) started together on one
 * empty store, as a council runs them behind a load balancer: on one SQLite file sharing one data
 * folder (one host), and on one MongoDB-protocol server with a data folder each (two hosts).
 * Both come up with one seed between them, and a scenario run through them alternately behaves
 * as one service: a session and its CSRF token from A work on B, the sign-in limit counts
 * failures at both, an Idempotency-Key used on A then B gives the same record, a stale If-Match
 * on B is refused, and their delivery workers between them deliver each record once.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoAccount } from '../../engine/accounts/lifecycle.js';
import type { Role } from '../../engine/accounts/model.js';
import { Client, TEST_CONNECTOR_ENV, type TestServer } from '../support/api.js';
import { startIcsSimulator, type IcsSimulator } from '../support/ics-simulator.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { STORE_KINDS, newLocation } from '../support/stores.js';
import { FORM_ID, SECRET, SECRET_ENV, connectHttp, eventually, publishVisitForm, submitVisit } from '../support/sync.js';

/** The support helpers take a server they can act on as a role: a node, with the demo accounts' tokens. */
const asServer = (node: ServerProcess, demo: Record<Role, DemoAccount>) =>
  ({ url: node.url, as: (role: Role | 'anonymous') => new Client(node.url, role === 'anonymous' ? null : demo[role].token) }) as unknown as TestServer;

async function signIn(node: ServerProcess, username: string, password: string) {
  const res = await new Client(node.url, null).post('/api/session', { username, password });
  return { res, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: res.body?.csrfToken as string | undefined };
}

/** The records this node's own delivery worker delivered, from its /metrics. */
async function deliveredBy(node: ServerProcess, integratorToken: string): Promise<number> {
  const res = await fetch(`${node.url}/metrics`, { headers: { authorization: `Bearer ${integratorToken}` } });
  expect(res.status).toBe(200);
  const lines = (await res.text()).split('\n').filter((l) => /^caseforms_deliveries_total\{[^}]*outcome="delivered"[^}]*\} /.test(l));
  return lines.reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

describe.each(STORE_KINDS)('two web nodes on one %s store', (kind) => {
  let a: ServerProcess;
  let b: ServerProcess;
  let sim: IcsSimulator;
  const nodes: ServerProcess[] = [];
  /** The demo accounts, from the node that made them. */
  const demo = () => (a.wroteDemoAccounts ? a : b).demo();
  const on = (node: ServerProcess) => asServer(node, demo());
  const loc = newLocation(kind);
  // SQLite: one file on one host, so one data folder; MongoDB: each node its own folder, as on its own host.
  const shared = kind === 'sqlite' ? dirname(loc.env.SQLITE_FILE!) : null;
  const storeEnv: Record<string, string> = kind === 'sqlite' ? { MONGODB_URI: '' } : { MONGODB_URI: loc.env.MONGO_URI!, MONGODB_DB: loc.env.MONGO_DB! };

  beforeAll(async () => {
    sim = await startIcsSimulator({ dedupe: false });
    // The demo directory too: its seeding is part of what the nodes would race on.
    const env = { ...storeEnv, ...TEST_CONNECTOR_ENV, [SECRET_ENV]: SECRET, CASEFORMS_DEMO_DIRECTORY: 'true', CASEFORMS_SYNC_POLL_MS: '200' };
    const started = await Promise.allSettled([0, 1].map(() => startServerProcess(env, { dataDir: shared ?? mkdtempSync(join(tmpdir(), 'caseforms-node-')) })));
    for (const s of started) if (s.status === 'fulfilled') nodes.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    [a, b] = nodes as [ServerProcess, ServerProcess];
  }, 120_000);
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await sim?.close();
  });

  it('both come up with one seed: one node made the demo accounts and wrote their file, and every template is published once', async () => {
    expect([a, b].filter((n) => n.wroteDemoAccounts)).toHaveLength(1);
    const writer = a.wroteDemoAccounts ? a : b;
    const other = writer === a ? b : a;
    if (!shared) expect(existsSync(join(other.dataDir, 'demo-accounts.json'))).toBe(false);
    // The file's passwords are the accounts' own: each signs in, on either node.
    const accountsFile = writer.demo();
    for (const [i, role] of (['designer', 'practitioner', 'manager', 'integrator', 'admin'] as const).entries()) {
      expect((await signIn(i % 2 ? a : b, accountsFile[role].username, accountsFile[role].password)).res.status).toBe(201);
    }
    const accounts = await new Client(other.url, accountsFile.admin.token).get('/api/accounts');
    expect(accounts.status).toBe(200);
    expect((accounts.body.items as Array<{ username: string }>).map((x) => x.username).sort()).toEqual(Object.values(accountsFile).map((d) => d.username).sort());

    const formsOn = async (n: ServerProcess) => ((await new Client(n.url, accountsFile.designer.token).get('/api/forms')).body.items as Array<{ id: string }>).map((f) => f.id).sort();
    const forms = await formsOn(a);
    expect(forms.length).toBeGreaterThan(0);
    expect(await formsOn(b)).toEqual(forms);
    for (const id of forms) {
      const versions = await new Client(b.url, accountsFile.designer.token).get(`/api/forms/${id}/versions`);
      expect((versions.body.items as Array<{ version: number; status: string }>).map((v) => [v.version, v.status])).toEqual([[1, 'published']]);
    }
    if (!shared) expect(JSON.parse(readFileSync(join(writer.dataDir, 'demo-accounts.json'), 'utf8'))).toHaveLength(5);
  });

  it('a session and its CSRF token from node A work on node B, and signing out on B ends it on A', async () => {
    const d = demo().designer;
    const { res, cookie, csrf } = await signIn(a, d.username, d.password);
    expect(res.status).toBe(201);
    const onB = new Client(b.url, null, { cookie });
    expect((await onB.get('/api/session')).body).toMatchObject({ via: 'session', csrfToken: csrf, account: { username: d.username } });
    expect((await onB.post('/api/forms', { id: `two-nodes-${kind}`, title: 'Made on B', category: 'other', team: 'qa' })).status).toBe(403);
    expect((await onB.post('/api/forms', { id: `two-nodes-${kind}`, title: 'Made on B', category: 'other', team: 'qa' }, { headers: { 'x-csrf-token': csrf! } })).status).toBe(201);
    expect((await onB.delete('/api/session', { headers: { 'x-csrf-token': csrf! } })).status).toBe(204);
    expect((await new Client(a.url, null, { cookie }).get('/api/session')).body).toMatchObject({ account: null, ended: { reason: 'ended' } });
  });

  it('the sign-in limit counts failures at both nodes: ten wrong passwords split over A and B, then the right one is refused on each', async () => {
    const user = demo().manager;
    // Each node alone has seen five failures, under its limit of ten: only a shared count refuses.
    for (let i = 0; i < 10; i++) expect((await signIn(i % 2 ? b : a, user.username, `wrong password ${i}`)).res.status).toBe(401);
    for (const node of [a, b]) {
      const refused = await signIn(node, user.username, user.password);
      expect(refused.res.status).toBe(429);
      expect(refused.res.body.detail).toMatch(/^Too many failed sign-ins with this username\. Try again in \d+ minutes?\.$/);
      expect(Number(refused.res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('an Idempotency-Key used on A then B gives the same record, and a stale If-Match on B is refused', async () => {
    await publishVisitForm(on(a));
    const body = { formId: FORM_ID, subject: { childId: 'C9990001' }, data: { childName: 'Ffion' }, status: 'draft' };
    const key = { 'idempotency-key': `"two-nodes-${kind}"` };
    const onA = await on(a).as('practitioner').post('/api/submissions', body, { headers: key });
    expect(onA.status, onA.text).toBe(201);
    const onB = await on(b).as('practitioner').post('/api/submissions', body, { headers: key });
    expect(onB.status).toBe(201);
    expect(onB.headers.get('idempotent-replayed')).toBe('true');
    expect(onB.body.id).toBe(onA.body.id);

    const id = onA.body.id as string;
    const saved = await on(a).as('practitioner').put(`/api/submissions/${id}`, { data: { childName: 'Ffion', observations: 'Saved on A' } }, { headers: { 'if-match': onA.headers.get('etag')! } });
    expect(saved.status).toBe(200);
    const stale = await on(b).as('practitioner').put(`/api/submissions/${id}`, { data: { childName: 'Ffion', observations: 'Saved on B over A' } }, { headers: { 'if-match': onA.headers.get('etag')! } });
    expect(stale.status).toBe(412);
    expect(stale.body.type).toBe('/api/problems/stale-revision');
    expect((await on(b).as('practitioner').get(`/api/submissions/${id}`)).body.data).toEqual({ childName: 'Ffion', observations: 'Saved on A' });
  });

  it("the nodes' delivery workers between them deliver each record submitted on either node once", async () => {
    await connectHttp(on(b), sim);
    const COUNT = 20;
    // Children of the demo directory allocated to the demo practitioner.
    const children = ['C9990001', 'C9990002', 'C9990003', 'C9990005'];
    const ids: string[] = [];
    for (let n = 0; n < COUNT; n++) ids.push(await submitVisit(on(n % 2 ? b : a), n, children[n % children.length]!));
    await sim.until((s) => s.records.length >= COUNT, 60_000);
    // Both workers' counts, so a second delivery of any record (by either) would show in the sum.
    const total = await eventually(async () => (await deliveredBy(a, demo().integrator.token)) + (await deliveredBy(b, demo().integrator.token)), (t) => t >= COUNT, 30_000);
    expect(total).toBe(COUNT);
    expect(sim.duplicates()).toEqual([]);
    expect(sim.records.map((r) => r.submissionId).sort()).toEqual([...ids].sort());
  });
});
