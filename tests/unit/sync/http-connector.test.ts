/** The HTTP/JSON connector against the ICS simulator, over real HTTP on 127.0.0.1. */
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv } from 'ajv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpConnector, retryAfterMs } from '../../../engine/sync/connectors/http.js';
import { destinations } from '../../../engine/sync/destinations.js';
import type { Connector, ConnectorDriver, ConnectorEnv, DeliveryItem, DeliveryOutcome, Envelope } from '../../../engine/sync/model.js';
import type { OutboxEntry } from '../../../engine/store/outbox.js';
import { SIMULATOR_ALLOW, act, startIcsSimulator, type IcsSimulator } from '../../support/ics-simulator.js';

const SECRET = 'k3y-for-tests-only-0123456789-abcdefghij';
const SUBMITTED = '2026-11-26T10:00:00.000Z';

/** The simulator is on 127.0.0.1, which the destination policy refuses unless allowed: these tests allow it. */
function envFor(secrets: Record<string, string | undefined> = { CASEFORMS_SECRET_ICS: SECRET }, now = () => new Date()): ConnectorEnv {
  return { secrets, now, destinations: destinations(SIMULATOR_ALLOW), dropRoots: [] };
}

function connector(settings: Record<string, unknown>): Connector {
  return {
    id: 'ics-http',
    kind: 'http',
    title: 'ICS over HTTP',
    paused: false,
    retry: { maxAttempts: 5, baseMs: 1000, maxMs: 60_000 },
    dateFormat: 'YYYY-MM-DD',
    settings,
    revision: 1,
    createdBy: 'u-integrator',
    createdAt: SUBMITTED,
    updatedBy: 'u-integrator',
    updatedAt: SUBMITTED,
  };
}

/** Item `n`: submission `S…n`, about child `C<n>`, on its `attempts`th attempt. */
function item(n: number, { attempts = 1, fields = {} as Record<string, unknown> } = {}): DeliveryItem {
  const submissionId = `0190f0c2-5a1b-7000-8000-${String(n).padStart(12, '0')}`;
  const entry: OutboxEntry = {
    id: `${submissionId}:ics-http`,
    submissionId,
    connector: 'ics-http',
    partitionKey: `C${n}`,
    seq: n,
    state: 'leased',
    attempts,
    nextAttemptAt: SUBMITTED,
    createdAt: SUBMITTED,
    leaseOwner: 'worker-1',
    leaseToken: 'lease-token',
    leaseUntil: '2026-11-26T10:05:00.000Z',
  };
  const envelope: Envelope = {
    envelope: 'caseforms.ics/1',
    submissionId,
    formId: 'visit-note',
    formVersion: 1,
    subject: { childId: `C${n}`, workerId: 'W7' },
    submittedBy: 'practitioner1',
    submittedAt: SUBMITTED,
    fields: { SeenAlone: 'Y', Note: 'Seen at home — café visit, all well', ...fields },
  };
  return { entry, envelope };
}

const items = (count: number) => Array.from({ length: count }, (_, i) => item(i + 1));
const never = () => new AbortController().signal;

let sim: IcsSimulator;
beforeEach(async () => {
  sim = await startIcsSimulator({ secret: SECRET });
});
afterEach(async () => sim.close());

function driver(settings: Record<string, unknown> = {}, env = envFor()): ConnectorDriver {
  return httpConnector.create(connector({ url: sim.url, secretEnv: 'CASEFORMS_SECRET_ICS', ...settings }), env);
}

async function deliverOne(it: DeliveryItem, settings: Record<string, unknown> = {}, env = envFor()): Promise<DeliveryOutcome> {
  const [outcome] = await driver(settings, env).deliver([it], never());
  return outcome!;
}

/** A URL on which nothing listens (a port that was just free). */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/ics/records`;
}

describe('delivering', () => {
  it('POSTs the envelope as JSON with the documented headers and is answered with a record id', async () => {
    const one = item(1, { attempts: 3 });
    expect(await deliverOne(one)).toEqual({ outcome: 'delivered', result: { status: 201, recordId: 'ICS-000001' } });
    expect(sim.records).toHaveLength(1);
    const [record] = sim.records;
    expect(record!.envelope).toEqual(one.envelope);
    expect(record!.headers).toMatchObject({
      'content-type': 'application/json',
      'idempotency-key': `"${one.envelope.submissionId}"`,
      'caseforms-delivery': one.entry.id,
      'caseforms-attempt': '3',
      'user-agent': 'caseforms-sync/1',
    });
    expect(sim.requests[0]!.signature).toBe('ok');
  });

  it('signs "<t>.<body>" with HMAC-SHA256 as documented, t being the current Unix time', async () => {
    const one = item(1);
    await deliverOne(one);
    const header = sim.requests[0]!.headers['caseforms-signature'] as string;
    const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
    expect(m).not.toBeNull();
    const t = Number(m![1]);
    expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(5);
    const body = JSON.stringify(one.envelope);
    expect(m![2]).toBe(createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex'));
  });

  it('is detected by the receiver when signed with another secret, and never reveals a secret', async () => {
    sim.verifySignatures('a-different-secret-of-enough-length-0123');
    const outcome = await deliverOne(item(1));
    expect(outcome).toMatchObject({ outcome: 'rejected', reason: expect.stringContaining('401 Unauthorized') });
    expect(outcome).toMatchObject({ reason: expect.stringContaining('The signature does not match') });
    expect(sim.badSignatures).toBe(1);
    expect(sim.records).toHaveLength(0);
    expect(JSON.stringify(outcome)).not.toContain(SECRET);
  });

  it('is refused by the receiver as a replay when signed more than 5 minutes ago', async () => {
    const outcome = await deliverOne(item(1), {}, envFor(undefined, () => new Date(Date.now() - 6 * 60_000)));
    expect(outcome).toMatchObject({ outcome: 'rejected', reason: expect.stringContaining('more than 5 minutes old') });
    expect(sim.requests[0]!.signature).toBe('stale');
  });

  it('reads the secret at each delivery, so a rotated secret needs no new driver', async () => {
    const secrets: Record<string, string> = { CASEFORMS_SECRET_ICS: SECRET };
    const d = driver({}, envFor(secrets));
    const rotated = 'rotated-secret-0123456789-abcdefghijklmn';
    secrets.CASEFORMS_SECRET_ICS = rotated;
    sim.verifySignatures(rotated);
    expect(await d.deliver([item(1)], never())).toMatchObject([{ outcome: 'delivered' }]);
  });

  it('without its secret variable, sends nothing and says to retry, naming the variable', async () => {
    const outcomes = await driver({}, envFor({})).deliver(items(2), never());
    expect(outcomes).toEqual([
      { outcome: 'retry', reason: expect.stringContaining('CASEFORMS_SECRET_ICS') },
      { outcome: 'retry', reason: expect.stringContaining('CASEFORMS_SECRET_ICS') },
    ]);
    expect(sim.received).toBe(0);
  });

  it('sends the extra static headers', async () => {
    await deliverOne(item(1), { headers: { 'X-Route': 'north-team' } });
    expect(sim.records[0]!.headers['x-route']).toBe('north-team');
  });

  it('takes the record id from `id` when there is no `recordId`, and is content with no id or a non-JSON answer', async () => {
    sim.behave(act.fail(200, { id: 42 }), { times: 1 });
    sim.behave(act.fail(202, 'Accepted for processing'), { times: 1 });
    sim.behave(act.fail(200, { recordId: 'R'.repeat(100), padding: 'x'.repeat(100_000) }), { times: 1 });
    expect(await deliverOne(item(1))).toEqual({ outcome: 'delivered', result: { status: 200, recordId: 42 } });
    expect(await deliverOne(item(2))).toEqual({ outcome: 'delivered', result: { status: 202 } });
    // More than 64 KiB of answer is not read, so its id is not found.
    expect(await deliverOne(item(3))).toEqual({ outcome: 'delivered', result: { status: 200 } });
  });
});

describe('idempotency', () => {
  it('carries the submission id as the Idempotency-Key: a redelivery gets the same record id and no second record', async () => {
    const first = await deliverOne(item(1, { attempts: 1 }));
    const again = await deliverOne(item(1, { attempts: 2 }));
    expect(first).toEqual({ outcome: 'delivered', result: { status: 201, recordId: 'ICS-000001' } });
    expect(again).toEqual({ outcome: 'delivered', result: { status: 200, recordId: 'ICS-000001' } });
    expect(sim.records).toHaveLength(1);
    expect(sim.records[0]!.repeats).toBe(1);
    expect(sim.requests.map((r) => r.headers['idempotency-key'])).toEqual([`"${item(1).envelope.submissionId}"`, `"${item(1).envelope.submissionId}"`]);
  });

  it('is refused for good when the same key comes with a different body', async () => {
    await deliverOne(item(1));
    const outcome = await deliverOne(item(1, { fields: { Note: 'changed' } }));
    expect(outcome).toEqual({ outcome: 'rejected', reason: 'The ICS refused the record (422 Unprocessable Entity): Idempotency-Key reused — This Idempotency-Key was already used with a different body.' });
    expect(sim.records).toHaveLength(1);
  });
});

describe('failures', () => {
  it('retries a 503 (the first 3 attempts of one submission fail) and then delivers', async () => {
    const one = item(1);
    sim.behave(act.fail(503), { submissionId: one.envelope.submissionId, times: 3 });
    const d = driver();
    const outcomes: DeliveryOutcome[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) outcomes.push(...(await d.deliver([item(1, { attempts: attempt })], never())));
    expect(outcomes.slice(0, 3)).toEqual(Array(3).fill({ outcome: 'retry', reason: 'The ICS answered 503 Service Unavailable' }));
    expect(outcomes[3]).toMatchObject({ outcome: 'delivered', result: { recordId: 'ICS-000001' } });
    expect(sim.records[0]!.attempt).toBe(4);
  });

  it.each([408, 425, 500, 502, 504])('retries a %i', async (status) => {
    sim.behave(act.fail(status, { title: 'Busy' }));
    expect(await deliverOne(item(1))).toMatchObject({ outcome: 'retry', reason: expect.stringMatching(new RegExp(`^The ICS answered ${status} `)) });
  });

  it('retries a 429 no sooner than its Retry-After, in seconds or as an HTTP date, capped at an hour', async () => {
    sim.behave(act.tooMany(7), { times: 1 });
    sim.behave(act.tooMany(new Date(Date.now() + 120_000)), { times: 1 });
    sim.behave(act.tooMany(86_400), { times: 1 });
    sim.behave(act.tooMany('soon'), { times: 1 });
    sim.behave(act.tooMany(30, 503), { times: 1 });
    const [seconds, date, long, garbage, unavailable] = await driver({ concurrency: 1 }).deliver(items(5), never());
    expect(seconds).toEqual({ outcome: 'retry', reason: 'The ICS answered 429 Too Many Requests', retryAfterMs: 7000 });
    expect(date).toMatchObject({ outcome: 'retry' });
    const ms = (date as { retryAfterMs: number }).retryAfterMs;
    expect(ms).toBeGreaterThan(110_000);
    expect(ms).toBeLessThanOrEqual(120_000);
    expect(long).toMatchObject({ retryAfterMs: 3_600_000 });
    expect(garbage).toEqual({ outcome: 'retry', reason: 'The ICS answered 429 Too Many Requests' });
    expect(unavailable).toEqual({ outcome: 'retry', reason: 'The ICS answered 503 Service Unavailable', retryAfterMs: 30_000 });
  });

  it('reads Retry-After in every HTTP date form and ignores what is not one', () => {
    const now = new Date('1994-11-06T08:49:07Z');
    expect(retryAfterMs('Sun, 06 Nov 1994 08:49:37 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Sunday, 06-Nov-94 08:49:37 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Sun, 06 Nov 1994 08:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs(' 120 ', now)).toBe(120_000);
    for (const bad of ['-5', '1.5', '', 'tomorrow', '12 minutes', 'Sun, garbage', '9'.repeat(30)]) expect(retryAfterMs(bad, now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });

  it("rejects a 400 problem+json with its title and detail", async () => {
    sim.behave(act.problem(400, 'Invalid record', 'The child C1 is not known to the ICS.'));
    expect(await deliverOne(item(1))).toEqual({
      outcome: 'rejected',
      reason: 'The ICS refused the record (400 Bad Request): Invalid record — The child C1 is not known to the ICS.',
    });
  });

  it("quotes nothing of any other answer: a text, HTML or JSON body, or a problem's other members (issue 11, item 8)", async () => {
    sim.behave(act.fail(404, `No such endpoint\n\tat Router.handle (/srv/app.js:10:5) ${'x'.repeat(1000)}`), { times: 1 });
    sim.behave(act.fail(403), { times: 1 });
    sim.behave({ status: 409, body: '<html><body>Conflict</body></html>', headers: { 'Content-Type': 'text/html' } }, { times: 1 });
    sim.behave({ status: 400, body: { message: 'ami-id: ami-0abc', error: 'instance-id i-123' }, headers: { 'Content-Type': 'application/json' } }, { times: 1 });
    sim.behave(act.problem(422, 'T'.repeat(400), `D${'d'.repeat(400)}`), { times: 1 });
    const [text, bare, html, json, long] = await driver({ concurrency: 1 }).deliver(items(5), never());
    expect(text).toEqual({ outcome: 'rejected', reason: 'The ICS refused the record (404 Not Found)' });
    expect(bare).toEqual({ outcome: 'rejected', reason: 'The ICS refused the record (403 Forbidden)' });
    expect(html).toEqual({ outcome: 'rejected', reason: 'The ICS refused the record (409 Conflict)' });
    expect(json).toEqual({ outcome: 'rejected', reason: 'The ICS refused the record (400 Bad Request)' });
    expect(long).toEqual({ outcome: 'rejected', reason: `The ICS refused the record (422 Unprocessable Entity): ${'T'.repeat(200)} — D${'d'.repeat(199)}` });
  });

  it('does not follow a redirect: rejected, naming where it pointed', async () => {
    sim.behave(act.redirect('/ics/v2/records'));
    expect(await deliverOne(item(1))).toEqual({
      outcome: 'rejected',
      reason: `The ICS redirected to ${sim.origin}/ics/v2/records; configure the final URL`,
    });
    expect(sim.received).toBe(1);
  });

  it('retries when there is no answer within the timeout, and gives up on time', async () => {
    sim.behave(act.slow(5000));
    const started = Date.now();
    expect(await deliverOne(item(1), { timeoutMs: 1000 })).toEqual({ outcome: 'retry', reason: 'No answer within 1 s' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('retries when the connection is dropped before an answer', async () => {
    sim.behave(act.drop());
    expect(await deliverOne(item(1))).toEqual({ outcome: 'retry', reason: 'The connection was dropped before an answer' });
    expect(sim.records).toHaveLength(0);
  });

  it('retries when nothing listens at the URL', async () => {
    const url = await closedPortUrl();
    const d = httpConnector.create(connector({ url, secretEnv: 'CASEFORMS_SECRET_ICS' }), envFor());
    expect(await d.deliver([item(1)], never())).toEqual([{ outcome: 'retry', reason: expect.stringMatching(/^The ICS at 127\.0\.0\.1:\d+ refused the connection/) }]);
  });

  it('retries when a host name cannot be found', async () => {
    const d = httpConnector.create(connector({ url: 'http://ics.invalid/records', secretEnv: 'CASEFORMS_SECRET_ICS' }), envFor());
    expect(await d.deliver([item(1)], never())).toEqual([{ outcome: 'retry', reason: 'The ICS host name ics.invalid could not be found' }]);
  });
});

describe('several items', () => {
  it('keeps at most `concurrency` requests in flight', async () => {
    sim.behave(act.slow(250));
    const outcomes = await driver({ concurrency: 3 }).deliver(items(10), never());
    expect(outcomes.every((o) => o.outcome === 'delivered')).toBe(true);
    expect(sim.maxInFlight).toBe(3);
    expect(sim.records).toHaveLength(10);
  });

  it('sends 8 at once by default', async () => {
    sim.behave(act.slow(250));
    await driver().deliver(items(20), never());
    expect(sim.maxInFlight).toBe(8);
  });

  it('returns the outcomes in item order, whatever order the answers come in', async () => {
    const list = items(5);
    sim.behave(act.slow(300), { childId: 'C1' });
    sim.behave(act.fail(503), { childId: 'C2' });
    sim.behave(act.problem(400, 'Bad'), { childId: 'C3' });
    sim.behave(act.slow(100), { childId: 'C4' });
    const outcomes = await driver().deliver(list, never());
    expect(outcomes.map((o) => o.outcome)).toEqual(['delivered', 'retry', 'rejected', 'delivered', 'delivered']);
    expect(sim.records.map((r) => r.childId)).toEqual(['C5', 'C4', 'C1']);
    expect(outcomes[0]).toMatchObject({ result: { recordId: 'ICS-000003' } });
  });

  it('when the worker stops, returns promptly with every unfinished item to retry', async () => {
    sim.behave(act.slow(10_000), { match: (r) => r.childId !== 'C1' });
    const stop = new AbortController();
    const started = Date.now();
    const pending = driver({ concurrency: 2 }).deliver(items(5), stop.signal);
    await sim.until((s) => s.records.length === 1 && s.inFlight === 2);
    stop.abort();
    const outcomes = await pending;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(outcomes[0]).toMatchObject({ outcome: 'delivered' });
    expect(outcomes.slice(1)).toEqual(Array(4).fill({ outcome: 'retry', reason: 'Stopped before an answer' }));
    expect(sim.received).toBe(3);
  });

  it('sends nothing when the worker has already stopped', async () => {
    const stop = new AbortController();
    stop.abort();
    expect(await driver().deliver(items(3), stop.signal)).toEqual(Array(3).fill({ outcome: 'retry', reason: 'Stopped before an answer' }));
    expect(sim.received).toBe(0);
  });

  it('delivers an empty list as no outcomes', async () => {
    expect(await driver().deliver([], never())).toEqual([]);
  });
});

describe('settings', () => {
  // x-format-message is the dialect's own wording for a pattern (engine/policy/keywords.ts).
  const ajv = new Ajv({ allErrors: true, strict: true }).addKeyword({ keyword: 'x-format-message', schemaType: 'string' });
  const validate = ajv.compile(httpConnector.settingsSchema);
  const good = { url: 'https://ics.example.gov.uk/api/records', secretEnv: 'CASEFORMS_SECRET_ICS_HTTP' };

  it('accepts good settings', () => {
    for (const s of [
      good,
      { url: 'http://10.0.0.5:8080/in', secretEnv: 'CASEFORMS_SECRET_S', timeoutMs: 1000, concurrency: 1 },
      { ...good, timeoutMs: 120_000, concurrency: 32, headers: { 'X-Route': 'north', 'X-Tenant-Id': 'council 7' } },
    ]) {
      expect(validate(s), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it.each<[string, Record<string, unknown>]>([
    ['no url', { secretEnv: 'CASEFORMS_SECRET_ICS_HTTP' }],
    ['no secretEnv', { url: good.url }],
    ['an ftp URL', { ...good, url: 'ftp://ics.example/in' }],
    ['a URL with spaces', { ...good, url: 'https://ics example/in' }],
    ['a secret variable in lower case', { ...good, secretEnv: 'ics_secret' }],
    ['the secret itself instead of a name', { ...good, secretEnv: 'hunter2-hunter2-hunter2' }],
    ['a timeout under a second', { ...good, timeoutMs: 999 }],
    ['a timeout over two minutes', { ...good, timeoutMs: 120_001 }],
    ['a fractional timeout', { ...good, timeoutMs: 1500.5 }],
    ['no concurrency', { ...good, concurrency: 0 }],
    ['too much concurrency', { ...good, concurrency: 33 }],
    ['an unknown setting', { ...good, secret: 'x' }],
    ['a header overriding Idempotency-Key', { ...good, headers: { 'Idempotency-Key': 'x' } }],
    ['a header overriding content-type in lower case', { ...good, headers: { 'content-type': 'text/plain' } }],
    ['a Caseforms- header', { ...good, headers: { 'CASEFORMS-Signature': 'x' } }],
    ['an Authorization header', { ...good, headers: { Authorization: 'Bearer x' } }],
    ['a Host header', { ...good, headers: { Host: 'elsewhere' } }],
    ['a header name with a space', { ...good, headers: { 'X Route': 'a' } }],
    ['a header value with a line break', { ...good, headers: { 'X-Route': 'a\r\nX-Evil: 1' } }],
    ['a header value that is not a string', { ...good, headers: { 'X-Route': 5 } }],
  ])('refuses %s', (_, settings) => {
    expect(validate(settings)).toBe(false);
  });

  it('describes every setting for IT', () => {
    const props = (httpConnector.settingsSchema as { properties: Record<string, { title?: string; description?: string }> }).properties;
    for (const [name, p] of Object.entries(props)) {
      expect(p.title, name).toBeTruthy();
      expect(p.description, name).toBeTruthy();
    }
  });

  it('check: nothing to say about good settings with a long secret', async () => {
    expect(await httpConnector.check!(good, envFor({ CASEFORMS_SECRET_ICS_HTTP: SECRET }))).toEqual([]);
  });

  it('check: a missing or short secret, without saying it', async () => {
    expect(await httpConnector.check!(good, envFor({}))).toEqual([{ pointer: '/secretEnv', message: expect.stringContaining('CASEFORMS_SECRET_ICS_HTTP is not set') }]);
    const short = await httpConnector.check!(good, envFor({ CASEFORMS_SECRET_ICS_HTTP: 'short-secret-123' }));
    expect(short).toEqual([{ pointer: '/secretEnv', message: expect.stringContaining('shorter than 32 characters') }]);
    expect(JSON.stringify(short)).not.toContain('short-secret-123');
  });

  it('check: credentials in the URL are refused, without repeating them', async () => {
    const problems = await httpConnector.check!({ ...good, url: 'https://sync:pa55word@ics.example.gov.uk/in' }, envFor({ CASEFORMS_SECRET_ICS_HTTP: SECRET }));
    expect(problems).toEqual([{ pointer: '/url', message: expect.stringContaining('secrets belong in environment variables') }]);
    expect(JSON.stringify(problems)).not.toContain('pa55word');
  });

  it('check: a header given twice in different letter cases', async () => {
    const problems = await httpConnector.check!({ ...good, headers: { 'X-Route': 'a', 'x-route': 'b' } }, envFor({ CASEFORMS_SECRET_ICS_HTTP: SECRET }));
    expect(problems).toEqual([{ pointer: '/headers/x-route', message: expect.stringContaining('given twice') }]);
  });

  it('create: refuses settings it cannot use', () => {
    expect(() => httpConnector.create(connector({ url: 'not a url', secretEnv: 'CASEFORMS_SECRET_ICS' }), envFor())).toThrow(/not usable/);
    expect(() => httpConnector.create(connector({ url: 'https://u:p@ics.example/', secretEnv: 'CASEFORMS_SECRET_ICS' }), envFor())).toThrow(/user name or password/);
  });
});
