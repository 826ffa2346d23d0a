/**
 * Round trips the MongoDB adapter makes per operation, counted with the driver's command
 * monitoring (each command started is one round trip to the server), against the test server.
 * The README's "MongoDB in production" table states these counts; this test fails when an
 * operation grows more round trips than the budget, so a change that adds one has to say so.
 * Each operation is counted three times and the fewest kept: the adapter's periodic sweep for
 * unfinished commits (at most once in 10 s) may land in one of them.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_SESSION_POLICY, startSession } from '../../engine/accounts/sessions.js';
import { seedDemoAccounts } from '../../engine/accounts/lifecycle.js';
import type { Store } from '../../engine/store/contract.js';
import { openMongoStore } from '../../engine/store/mongo/index.js';
import { syncedEngine } from '../../engine/sync/setup.js';
import { TEST_CONNECTOR_LIMITS } from '../support/api.js';
import { event, submission } from '../support/records.js';

/** Round trips each operation may take at most (the README's table); lower them when you cut one. */
const BUDGET = {
  'submit (createSubmission, with its outbox entry and event)': 7,
  'save draft (updateDraft)': 8,
  'claim one delivery (claimOutbox)': 5,
  'renew a lease (renewOutbox)': 5,
  'complete a delivery (completeOutbox)': 5,
  'list records, one page (listSubmissions)': 1,
  'sign in (account by username, session, event)': 4,
};

describe('mongo store: round trips per operation', () => {
  let store: Store;
  let seen: string[] = [];
  beforeAll(async () => {
    store = await openMongoStore({ uri: inject('mongoUri'), dbName: `t_${randomBytes(6).toString('hex')}`, onCommand: (c) => seen.push(`${c.name} ${c.collection ?? ''}`.trim()) });
  });
  afterAll(async () => {
    await store?.close();
  });

  /** The fewest commands `op` sent in three runs, and what they were. */
  async function roundTrips(op: (run: number) => Promise<unknown>): Promise<{ count: number; commands: string[] }> {
    let best: string[] | null = null;
    for (let run = 0; run < 3; run++) {
      seen = [];
      await op(run);
      if (!best || seen.length < best.length) best = seen;
    }
    return { count: best!.length, commands: best! };
  }

  it('submit, save draft, claim, renew, complete, list and sign in each stay within their round-trip budget', async () => {
    const counts: Record<string, { count: number; commands: string[] }> = {};
    const children = ['C1', 'C2', 'C3'];
    const submitted = children.map((childId) => submission({ status: 'submitted', submittedAt: new Date().toISOString(), submittedBy: 'u-worker', subject: { childId } }));
    counts['submit (createSubmission, with its outbox entry and event)'] = await roundTrips((run) =>
      store.createSubmission(submitted[run]!, { outbox: [{ connector: 'ics' }], event: event('submission.created', 'submission', submitted[run]!.id) }),
    );

    const drafts = children.map((childId) => submission({ subject: { childId } }));
    for (const d of drafts) await store.createSubmission(d, { outbox: [], event: event('submission.created', 'submission', d.id) });
    counts['save draft (updateDraft)'] = await roundTrips((run) =>
      store.updateDraft(drafts[run]!.id, 1, { data: { note: `saved ${run}` } }, { outbox: [], event: event('submission.saved', 'submission', drafts[run]!.id) }),
    );

    const claimed: Array<{ id: string; leaseToken?: string }> = [];
    counts['claim one delivery (claimOutbox)'] = await roundTrips(async () => {
      const got = await store.claimOutbox({ workerId: 'w1', connector: 'ics', now: new Date().toISOString(), leaseMs: 15_000, limit: 1 });
      expect(got).toHaveLength(1);
      claimed.push(got[0]!);
    });
    counts['renew a lease (renewOutbox)'] = await roundTrips((run) => store.renewOutbox(claimed[run]!.id, claimed[run]!.leaseToken!, new Date(Date.now() + 15_000).toISOString()));
    counts['complete a delivery (completeOutbox)'] = await roundTrips((run) => store.completeOutbox(claimed[run]!.id, claimed[run]!.leaseToken!, new Date().toISOString(), { recordId: `ICS-${run}` }));
    counts['list records, one page (listSubmissions)'] = await roundTrips(() => store.listSubmissions({ formId: 'case-supervision' }, { limit: 50 }));

    const { ctx } = syncedEngine(store, TEST_CONNECTOR_LIMITS);
    await seedDemoAccounts(ctx);
    counts['sign in (account by username, session, event)'] = await roundTrips(async () => {
      const account = (await ctx.store.getAccountByUsername('pat.practitioner'))!;
      await startSession(ctx, account, DEFAULT_SESSION_POLICY);
    });

    for (const [op, budget] of Object.entries(BUDGET)) {
      const { count, commands } = counts[op]!;
      expect(count, `${op}: ${commands.join(', ')}`).toBeLessThanOrEqual(budget);
      // Each one does talk to the server (a count of 0 would mean nothing was measured).
      expect(count, op).toBeGreaterThan(0);
    }
  });
});
