/** The ICS simulator itself: what tests and benchmarks rely on it to do. */
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { act, startIcsSimulator, verifySignature, type IcsSimulator, type IcsSimulatorOptions } from '../../support/ics-simulator.js';

let sim: IcsSimulator;
afterEach(async () => sim?.close());

async function start(options: IcsSimulatorOptions = {}) {
  sim = await startIcsSimulator(options);
  return sim;
}

function envelope(submissionId: string, childId: string, submittedAt = '2026-11-26T10:00:00.000Z', fields: Record<string, unknown> = {}) {
  return { envelope: 'caseforms.ics/1', submissionId, formId: 'visit-note', formVersion: 1, subject: { childId }, submittedBy: 'p1', submittedAt, fields };
}

/** A bare POST (unsigned) with the key defaulting to the envelope's submission id. */
async function post(body: unknown, headers: Record<string, string> = {}) {
  const key = typeof body === 'object' && body !== null && 'submissionId' in body ? `"${String(body.submissionId)}"` : undefined;
  const res = await fetch(sim.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(key ? { 'Idempotency-Key': key } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null };
}

describe('the ICS simulator', () => {
  it('creates a record per key, answers a repeat with the same record id, and refuses a key reused for another body', async () => {
    await start();
    expect(await post(envelope('S1', 'C1'))).toEqual({ status: 201, body: { recordId: 'ICS-000001' } });
    expect(await post(envelope('S1', 'C1'))).toEqual({ status: 200, body: { recordId: 'ICS-000001' } });
    expect(await post(envelope('S1', 'C1', undefined, { Note: 'other' }))).toMatchObject({ status: 422, body: { title: 'Idempotency-Key reused' } });
    expect(sim.records).toHaveLength(1);
    expect(sim.records[0]!.repeats).toBe(1);
    expect(sim.duplicates()).toEqual([]);
    expect(sim.received).toBe(3);
  });

  it('in naive mode records every accepted POST, and shows the duplicates', async () => {
    await start({ dedupe: false });
    await post(envelope('S1', 'C1'));
    await post(envelope('S1', 'C1'));
    await post(envelope('S2', 'C1'));
    expect(sim.records.map((r) => r.recordId)).toEqual(['ICS-000001', 'ICS-000002', 'ICS-000003']);
    expect(sim.duplicates()).toEqual([{ submissionId: 'S1', records: [sim.records[0], sim.records[1]] }]);
  });

  it('refuses what is not a well-formed envelope with its key', async () => {
    await start();
    expect((await post('{not json')).status).toBe(422);
    expect((await post({ ...envelope('S1', 'C1'), envelope: 'other/2' })).status).toBe(422);
    expect((await post(envelope('S1', 'C1'), { 'Idempotency-Key': '"S2"' })).body).toMatchObject({ title: 'Idempotency-Key mismatch' });
    expect((await post(envelope('S1', 'C1'), { 'Content-Type': 'text/plain' })).status).toBe(415);
    const res = await fetch(sim.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(envelope('S1', 'C1')) });
    expect(res.status).toBe(400);
    expect(sim.records).toHaveLength(0);
    expect(sim.requests.map((r) => r.outcome)).toEqual(Array(5).fill('refused'));
  });

  it('with a secret, refuses and counts unsigned requests', async () => {
    await start({ secret: 'x'.repeat(32) });
    expect(await post(envelope('S1', 'C1'))).toMatchObject({ status: 401, body: { detail: 'The Caseforms-Signature header is missing.' } });
    expect(sim.badSignatures).toBe(1);
    sim.verifySignatures(null);
    expect((await post(envelope('S1', 'C1'))).status).toBe(201);
  });

  it('verifies signatures as documented: any v1, within the tolerance, and nothing malformed', () => {
    const body = Buffer.from('{"a":1}');
    const secret = 'shared-secret';
    const v1 = '0c8d0b9e4c1e3e8c0b2c6f4f0e7a0d1b9b7d0e0f1a2b3c4d5e6f708192a3b4c5';
    expect(verifySignature(undefined, body, secret, 1000)).toBe('missing');
    expect(verifySignature('t=abc,v1=00', body, secret, 1000)).toBe('bad');
    expect(verifySignature(`t=1000,v1=${v1}`, body, secret, 1000)).toBe('bad');
    expect(verifySignature(`t=1000,v1=${v1}`, body, secret, 1301)).toBe('stale');
    const right = createHmac('sha256', secret).update('1000.{"a":1}').digest('hex');
    expect(verifySignature(`t=1000,v1=${v1},v1=${right}`, body, secret, 1299)).toBe('ok');
    expect(verifySignature(`t=1000,v1=${right}`, body, secret, 701)).toBe('ok');
    expect(verifySignature(`t=1000,v1=${right}`, Buffer.from('{"a":2}'), secret, 1000)).toBe('bad');
  });

  it('keeps records per child in arrival order and finds records that overtook an earlier one', async () => {
    await start();
    await post(envelope('S1', 'C1', '2026-11-26T10:00:00.000Z'));
    await post(envelope('S3', 'C1', '2026-11-26T10:02:00.000Z'));
    await post(envelope('S2', 'C2', '2026-11-26T10:01:00.000Z'));
    await post(envelope('S4', 'C1', '2026-11-26T10:01:00.000Z'));
    expect(sim.recordsForChild('C1').map((r) => r.submissionId)).toEqual(['S1', 'S3', 'S4']);
    expect(sim.orderViolations().map((v) => [v.childId, v.late.submissionId, v.overtakenBy.submissionId])).toEqual([['C1', 'S4', 'S3']]);
  });

  it('applies behaviours in order, to the requests they match, as many times as said', async () => {
    await start();
    const s1 = sim.behave(act.fail(503), { submissionId: 'S1', times: 3 });
    const c2 = sim.behave(act.problem(400, 'Unknown child', 'C2 is not known.'), { childId: 'C2' });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(envelope('S1', 'C1'))).status);
    expect(statuses).toEqual([503, 503, 503, 201]);
    expect(await post(envelope('S2', 'C2'))).toMatchObject({ status: 400, body: { title: 'Unknown child', detail: 'C2 is not known.' } });
    c2.cancel();
    expect((await post(envelope('S2', 'C2'))).status).toBe(201);
    expect([s1.hits, c2.hits]).toEqual([3, 1]);
  });

  it('fails at random the same way for the same seed', async () => {
    const run = async (seed: number) => {
      await start({ seed });
      sim.behave(act.fail(503), { probability: 0.5 });
      const out = [];
      for (let i = 0; i < 20; i++) out.push((await post(envelope(`S${i}`, 'C1'))).status);
      await sim.close();
      return out;
    };
    const a = await run(7);
    expect(await run(7)).toEqual(a);
    expect(a).toContain(503);
    expect(a).toContain(201);
  });

  it('is slow, or drops the connection, when told to', async () => {
    await start();
    sim.behave(act.slow(200), { times: 1 });
    sim.behave(act.drop(), { times: 1 });
    const started = Date.now();
    expect((await post(envelope('S1', 'C1'))).status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    await expect(post(envelope('S2', 'C1'))).rejects.toThrow();
    expect(sim.requests.map((r) => r.outcome)).toEqual(['created', 'dropped']);
    expect(sim.inFlight).toBe(0);
  });

  it('forgets everything on reset', async () => {
    await start();
    sim.behave(act.fail(500), { times: 1 });
    await post(envelope('S1', 'C1'));
    await post(envelope('S1', 'C1'));
    sim.reset();
    expect([sim.records.length, sim.received, sim.maxInFlight]).toEqual([0, 0, 0]);
    expect(await post(envelope('S1', 'C1'))).toEqual({ status: 201, body: { recordId: 'ICS-000001' } });
  });
});
