/**
 * The directory API for integrators (issue 13): NDJSON batches applied whole and once per
 * Idempotency-Key, bad lines reported every one, the counts and the batch log; on both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../engine/accounts/model.js';
import { startTestServer, type Client, type TestServer } from '../support/api.js';
import { STORE_KINDS } from '../support/stores.js';

const NDJSON = 'application/x-ndjson';
const lines = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const child = (i: number) => ({ id: `C${1000 + i}`, name: `Child Number${i}`, dateOfBirth: '2015-03-02', allocatedWorkerId: 'W2', team: 'cin-north', legalStatus: 'CIN' });
const HUNDRED = Array.from({ length: 100 }, (_, i) => child(i));

let keys = 0;
/** Sends a batch as an integrator would. */
function send(client: Client, kind: string, mode: string | null, body: string, options: { key?: string | null; contentType?: string } = {}) {
  const key = options.key === undefined ? `batch-${++keys}-${Date.now()}` : options.key;
  return client.request('POST', `/api/directory/batches/${kind}${mode ? `?mode=${mode}` : ''}`, {
    raw: body,
    contentType: options.contentType ?? NDJSON,
    headers: key === null ? {} : { 'idempotency-key': `"${key}"` },
  });
}

describe.each(STORE_KINDS)('the directory API (%s store)', (kind) => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer(kind, { directoryLimits: { maxBytes: 64 * 1024, maxReported: 5 } });
  });
  afterAll(async () => srv?.close());

  it('lets integrators send batches and integrators and administrators read the log; refuses everyone else', async () => {
    const outcome: Record<string, number[]> = {};
    for (const who of ['anonymous', ...ROLES] as Array<Role | 'anonymous'>) {
      const c = srv.as(who);
      // An empty delta changes nothing: allowed roles get 201, whatever else the others get.
      outcome[who] = [(await send(c, 'teams', 'delta', '')).status, (await c.get('/api/directory')).status, (await c.get('/api/directory/batches')).status];
    }
    expect(outcome).toEqual({
      anonymous: [401, 401, 401],
      designer: [403, 403, 403],
      practitioner: [403, 403, 403],
      manager: [403, 403, 403],
      integrator: [201, 200, 200],
      admin: [403, 200, 200],
    });
  });

  it('imports 100 children in one batch, and counts them', async () => {
    const res = await send(srv.as('integrator'), 'children', 'full', lines(HUNDRED));
    expect(res.status).toBe(201);
    expect(res.headers.get('idempotent-replayed')).toBeNull();
    const me = (await srv.as('integrator').get('/api/session')).body.account.id;
    expect(res.body).toMatchObject({ replayed: false, applied: { kind: 'children', mode: 'full', upserted: 100, deleted: 0, total: 100, source: { via: 'api', by: me } } });
    expect(res.body.applied.key).toMatch(/^api:batch-/);
    const counts = await srv.as('admin').get('/api/directory');
    expect(counts.body).toMatchObject({ children: 100, last: { children: { seq: res.body.applied.seq } } });
    const log = await srv.as('integrator').get('/api/directory/batches?kind=children&limit=1');
    expect(log.body.items).toEqual([res.body.applied]);
  });

  it('rejects a batch with bad lines whole, naming every one by line index and field, and changes nothing', async () => {
    const rows: unknown[] = HUNDRED.map((c) => ({ ...c, name: `${c.name} changed` }));
    rows[13] = { ...child(13), dateOfBirth: '2015-02-30' };
    rows[40] = { ...child(40), legalStatus: 'LAC', shoeSize: 3 };
    rows[41] = { ...child(1) };
    const res = await send(srv.as('integrator'), 'children', 'full', lines(rows));
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: '/api/problems/validation-failed', status: 422 });
    expect(res.body.detail).toBe('The children batch was not applied: 4 problems in its rows. Nothing was changed; fix every row listed and send the whole batch again.');
    expect(res.body.errors).toEqual([
      { pointer: '/13/dateOfBirth', message: 'Line 14 (C1013): dateOfBirth must be a real date like 2015-03-02.' },
      { pointer: '/40/shoeSize', message: 'Line 41 (C1040): "shoeSize" is not a field of children (the fields are id, name, dateOfBirth, allocatedWorkerId, team, legalStatus, restricted, allowedWorkerIds, mergedInto).' },
      { pointer: '/40/legalStatus', message: 'Line 41 (C1040): legalStatus must be one of CIN, CP, CLA, CL, EH, NONE.' },
      { pointer: '/41/id', message: 'Line 42 (C1001): C1001 is also on line 2; an id may appear only once in a batch.' },
    ]);
    const counts = await srv.as('integrator').get('/api/directory');
    expect(counts.body.children).toBe(100);
    const log = await srv.as('integrator').get('/api/directory/batches?kind=children');
    expect(log.body.items).toHaveLength(1);
  });

  it('lists the first problems only, and says how many more there are', async () => {
    const rows = HUNDRED.map((c) => ({ ...c, legalStatus: 'X' }));
    const res = await send(srv.as('integrator'), 'children', 'delta', lines(rows));
    expect(res.status).toBe(422);
    expect(res.body.errors).toHaveLength(5);
    expect(res.body.detail).toBe('The children batch was not applied: 100 problems in its rows; the first 5 problems are listed, 95 more are not. Nothing was changed; fix every row listed and send the whole batch again.');
  });

  it('applies a retry once (200, Idempotent-Replayed), and refuses the key with another batch', async () => {
    const c = srv.as('integrator');
    const body = lines([{ id: 'cin-north', name: 'Children in need north' }]);
    const first = await send(c, 'teams', 'full', body, { key: 'teams-2026-12-05' });
    expect(first.status).toBe(201);
    const again = await send(c, 'teams', 'full', body, { key: 'teams-2026-12-05' });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual({ applied: first.body.applied, replayed: true });
    const other = await send(c, 'teams', 'full', lines([{ id: 'cla-south', name: 'Children looked after south' }]), { key: 'teams-2026-12-05' });
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('/api/problems/idempotency-key-reused');
    const otherMode = await send(c, 'teams', 'delta', body, { key: 'teams-2026-12-05' });
    expect(otherMode.status).toBe(422);
    expect(otherMode.body.type).toBe('/api/problems/idempotency-key-reused');
    expect((await c.get('/api/directory/batches?kind=teams')).body.items.filter((b: { key: string }) => b.key === 'api:teams-2026-12-05')).toHaveLength(1);
  });

  it('applies a delta (changes, additions, deletes), then a full batch that removes what it leaves out', async () => {
    const c = srv.as('integrator');
    const w = (id: string, name: string) => ({ id, name, team: 'cin-north', active: true });
    expect((await send(c, 'workers', 'full', lines([w('W1', 'Maria'), w('W2', 'Priya'), w('W3', 'Sam')]))).status).toBe(201);
    const delta = await send(c, 'workers', 'delta', lines([w('W2', 'Priya Patel'), w('W4', 'New Worker'), { delete: 'W3' }, { delete: 'W99' }]));
    expect(delta.body.applied).toMatchObject({ mode: 'delta', upserted: 2, deleted: 1, total: 3 });
    const full = await send(c, 'workers', 'full', lines([w('W1', 'Maria'), w('W5', 'Lee')]));
    expect(full.status).toBe(201);
    expect(full.body.applied).toMatchObject({ mode: 'full', deleted: 2, total: 2 });
    expect((await c.get('/api/directory')).body.workers).toBe(2);
    const log = (await c.get('/api/directory/batches?kind=workers&limit=2')).body.items;
    expect(log.map((b: { mode: string }) => b.mode)).toEqual(['full', 'delta']);
  });

  it('answers mistakes with problem details that say what to do', async () => {
    const c = srv.as('integrator');
    const body = lines([child(1)]);
    const noKey = await send(c, 'children', 'delta', body, { key: null });
    expect(noKey).toMatchObject({ status: 400, body: { type: '/api/problems/idempotency-key-missing' } });
    expect(noKey.body.detail).toMatch(/^Sending a batch needs an Idempotency-Key header/);
    const json = await send(c, 'children', 'delta', JSON.stringify([child(1)]), { contentType: 'application/json' });
    expect(json).toMatchObject({ status: 415, body: { detail: 'Send the batch as JSON Lines, one object per line, with Content-Type: application/x-ndjson (not application/json).' } });
    const noMode = await send(c, 'children', null, body);
    expect(noMode.status).toBe(400);
    expect(noMode.body.errors).toEqual([{ pointer: '/query/mode', message: expect.stringMatching(/^"mode" is needed: full/) }]);
    const badMode = await send(c, 'children', 'everything', body);
    expect(badMode.body.errors).toEqual([{ pointer: '/query/mode', message: '"mode" must be one of: full, delta.' }]);
    const pupils = await send(c, 'pupils', 'full', body);
    expect(pupils).toMatchObject({ status: 404, body: { detail: 'There is no directory of "pupils"; the directory has children, workers, teams.' } });
    const unknown = await c.get('/api/directory/batches?kind=pupils&since=2026');
    expect(unknown.status).toBe(400);
    const deleteInFull = await send(c, 'children', 'full', lines([child(1), { delete: 'C1002' }]));
    expect(deleteInFull.body.errors).toEqual([{ pointer: '/1/delete', message: 'Line 2 (C1002): a delete row is only allowed in a delta batch; a full batch lists every child that should exist, and removes the others.' }]);
    const notJson = await send(c, 'children', 'delta', '{"id": "C1", "name": "x"}\n{oops\n');
    expect(notJson.body.errors).toEqual([{ pointer: '/1', message: 'Line 2: the line is not valid JSON; JSON Lines has one complete JSON object on each line.' }]);
    // Over the server's limit (64 KB here): refused by its length, and when streamed past it.
    const big = lines(Array.from({ length: 1000 }, (_, i) => child(i)));
    const tooBig = await send(c, 'children', 'full', big);
    expect(tooBig).toMatchObject({ status: 413, body: { type: '/api/problems/payload-too-large', detail: 'The batch is larger than 64 KB, the most one batch may be.' } });
    const streamed = await fetch(`${srv.url}/api/directory/batches/children?mode=full`, {
      method: 'POST',
      headers: { authorization: `Bearer ${srv.demo.integrator.token}`, 'content-type': NDJSON, 'idempotency-key': '"streamed-too-big"' },
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await c.get('/api/directory')).body.children).toBe(100);
  });
});
