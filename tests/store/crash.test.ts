import { describe, expect, it } from 'vitest';
import type { Store } from '../../engine/store/contract.js';
import type { Submission } from '../../engine/submissions/model.js';
import type { ReviewStatus } from '../../engine/review/model.js';
import type { TrackedAction } from '../../engine/actions/model.js';
import { STORE_KINDS, newLocation, type StoreLocation } from '../support/stores.js';
import { at, event, form, submission, version } from '../support/records.js';
import { startChild } from '../support/child.js';

class SimulatedCrash extends Error {}

/** Runs `op` once to learn the steps the adapter reports, then crashes at each in turn on a fresh store. */
async function crashAtEachStep(
  kind: (typeof STORE_KINDS)[number],
  prepare: (store: Store) => Promise<void>,
  op: (store: Store) => Promise<unknown>,
  check: (store: Store, opAcknowledged: boolean) => Promise<void>,
): Promise<string[]> {
  const steps: string[] = [];
  let armed = false;
  {
    const loc = newLocation(kind);
    const store = await loc.open({ hooks: { between: (s) => void (armed && steps.push(s)) } });
    await prepare(store);
    armed = true;
    await op(store);
    armed = false;
    await check(store, true);
    await store.close();
  }
  expect(steps.length).toBeGreaterThan(0);
  for (const step of steps) {
    const loc: StoreLocation = newLocation(kind);
    let store = await loc.open({
      hooks: {
        between: (s) => {
          if (armed && s === step) throw new SimulatedCrash(`crash at ${s}`);
        },
      },
    });
    await prepare(store);
    armed = true;
    await expect(op(store)).rejects.toBeInstanceOf(SimulatedCrash);
    armed = false;
    await store.close();
    store = await loc.open();
    await check(store, false);
    await store.close();
  }
  return steps;
}

describe.each(STORE_KINDS)('%s store: crashes lose nothing acknowledged and leave nothing half-written', (kind) => {
  it('submitting a draft: either wholly submitted with event and outbox, or still the draft', async () => {
    const s = submission({ subject: { childId: 'C9' } });
    await crashAtEachStep(
      kind,
      (store) => store.createSubmission(s, { outbox: [], event: event('submission.created', 'submission', s.id) }).then(() => {}),
      (store) =>
        store.updateDraft(s.id, 1, { status: 'submitted', submittedAt: at(1), submittedBy: 'u-worker' }, { outbox: [{ connector: 'ics-http' }, { connector: 'ics-file' }], event: event('submission.submitted', 'submission', s.id) }),
      async (store, acked) => {
        const got = await store.getSubmission(s.id);
        const outbox = await store.listOutbox({ submissionId: s.id });
        const events = (await store.listEvents({ entityId: s.id })).map((e) => e.action);
        if (acked) expect(got?.status).toBe('submitted');
        if (got?.status === 'submitted') {
          expect(outbox.map((e) => e.connector).sort()).toEqual(['ics-file', 'ics-http']);
          expect(events).toEqual(['submission.created', 'submission.submitted']);
        } else {
          expect(got).toMatchObject({ status: 'draft', revision: 1 });
          expect(outbox).toEqual([]);
          expect(events).toEqual(['submission.created']);
        }
      },
    );
  });

  it('a final sign-off: either complete with its event, new delivery and tracked actions, or still waiting as it was', async () => {
    const keys = ['manager|team:team-cin-north'];
    const review: ReviewStatus = { state: 'waiting', stage: 'manager-sign-off', stageIndex: 0, dueOn: '2026-01-22', keys, excluded: ['u-worker'], history: [], deliveryRevision: 1 };
    const s = submission({ status: 'submitted', submittedAt: at(1), submittedBy: 'u-worker', review });
    const tracked: TrackedAction = {
      id: `${s.id}.1`, submissionId: s.id, formId: s.formId, version: 1, pointer: '/actions/0', text: 'Visit at school', ownerWorkerId: 'W1', ownerAccountId: 'u-worker',
      team: 'team-cin-north', dueOn: '2026-02-01', status: 'open', history: [], revision: 1, createdAt: at(2), createdBy: 'system', updatedAt: at(2), updatedBy: 'system',
    };
    await crashAtEachStep(
      kind,
      (store) => store.createSubmission(s, { outbox: [{ connector: 'ics-http' }], event: event('submission.created', 'submission', s.id) }).then(() => {}),
      (store) =>
        store.updateSubmitted(s.id, 1, { review: { ...review, state: 'complete', keys: [], deliveryRevision: 2 }, updatedAt: at(2) }, {
          outbox: [{ connector: 'ics-http', deliveryRevision: 2 }],
          actions: [tracked],
          event: event('submission.signed', 'submission', s.id),
        }),
      async (store, acked) => {
        const got = await store.getSubmission(s.id);
        const outbox = (await store.listOutbox({ submissionId: s.id })).map((e) => e.id);
        const events = (await store.listEvents({ entityId: s.id })).map((e) => e.action);
        const waiting = await store.countReviewQueue({ state: 'waiting', keys });
        if (acked) expect(got?.review?.state).toBe('complete');
        if (got?.review?.state === 'complete') {
          expect(outbox).toEqual([`${s.id}:ics-http`, `${s.id}:ics-http:r2`]);
          expect(events).toEqual(['submission.created', 'submission.signed']);
          expect(await store.getAction(tracked.id)).toEqual(tracked);
          expect(waiting).toBe(0);
        } else {
          expect(got).toMatchObject({ revision: 1, review });
          expect(outbox).toEqual([`${s.id}:ics-http`]);
          expect(events).toEqual(['submission.created']);
          expect(await store.getAction(tracked.id)).toBeNull();
          expect(waiting).toBe(1);
        }
      },
    );
  });

  it('deleting a draft: either wholly gone with its event, or still there as it was', async () => {
    const s = submission({ data: { note: 'Draft to delete' } });
    await crashAtEachStep(
      kind,
      (store) => store.createSubmission(s, { outbox: [], event: event('submission.created', 'submission', s.id) }).then(() => {}),
      (store) => store.deleteDraft(s.id, 1, event('submission.deleted', 'submission', s.id)),
      async (store, acked) => {
        const got = await store.getSubmission(s.id);
        const events = (await store.listEvents({ entityId: s.id })).map((e) => e.action);
        if (acked) expect(got).toBeNull();
        if (got === null) {
          expect(events).toEqual(['submission.created', 'submission.deleted']);
          expect(await store.countSubmissions({})).toBe(0);
        } else {
          expect(got).toEqual({ ...s, reference: 'CS-2026-000001' });
          expect(events).toEqual(['submission.created']);
        }
      },
    );
  });

  it('an idempotent create: after a crash the retry with the same key stores exactly one record', async () => {
    const body = submission({ status: 'submitted', submittedAt: at(1), submittedBy: 'u-worker' });
    const create = (store: Store) =>
      store.createSubmission({ ...body }, { idempotency: { key: 'u-worker:crash-key', fingerprint: 'fp' }, outbox: [{ connector: 'ics-http' }], event: event('submission.created', 'submission', body.id) });
    await crashAtEachStep(
      kind,
      async () => {},
      create,
      async (store) => {
        const retry = await create(store);
        expect(retry.submission.status).toBe('submitted');
        expect(await store.countSubmissions({})).toBe(1);
        expect(await store.listOutbox({ submissionId: retry.submission.id })).toHaveLength(1);
        expect((await store.listEvents({ entityKind: 'submission' })).filter((e) => e.action === 'submission.created')).toHaveLength(1);
      },
    );
  });

  it('publishing a version: either published with its event, or still the draft', async () => {
    const f = form();
    await crashAtEachStep(
      kind,
      async (store) => {
        await store.insertForm(f, event('form.created', 'form', f.id));
        await store.insertVersion(version(f.id, 1), event('version.created', 'version', `${f.id}@1`));
      },
      (store) => store.updateVersion(f.id, 1, { status: 'draft', revision: 1 }, { status: 'published', publishedAt: at(5) }, event('version.published', 'version', `${f.id}@1`)),
      async (store, acked) => {
        const v = await store.getVersion(f.id, 1);
        const events = (await store.listEvents({ entityId: `${f.id}@1` })).map((e) => e.action);
        if (acked || v?.status === 'published') {
          expect(v).toMatchObject({ status: 'published', revision: 2 });
          expect(events).toEqual(['version.created', 'version.published']);
        } else {
          expect(v).toMatchObject({ status: 'draft', revision: 1 });
          expect(events).toEqual(['version.created']);
        }
      },
    );
  });

  it("changing a form's settings: the new revision with its event, or the old one", async () => {
    const f = form();
    await crashAtEachStep(
      kind,
      (store) => store.insertForm(f, event('form.created', 'form', f.id)),
      (store) => store.updateForm(f.id, 1, { title: 'Renamed', updatedBy: 'u-analyst', updatedAt: at(7) }, event('form.updated', 'form', f.id)),
      async (store, acked) => {
        const got = await store.getForm(f.id);
        const events = (await store.listEvents({ entityId: f.id })).map((e) => e.action);
        if (acked || got?.revision === 2) {
          expect(got).toStrictEqual({ ...f, title: 'Renamed', updatedBy: 'u-analyst', updatedAt: at(7), revision: 2 });
          expect(events).toEqual(['form.created', 'form.updated']);
        } else {
          expect(got).toStrictEqual(f);
          expect(events).toEqual(['form.created']);
        }
      },
    );
  });

  it('a writer process killed with SIGKILL at random moments loses no acknowledged submit', async () => {
    const loc = newLocation(kind);
    const acked = new Set<string>();
    for (let round = 0; round < 3; round++) {
      const run = await startChild(loc.env, ['write-and-submit', `r${round}`]);
      await run.ready;
      const target = 10 + Math.floor(Math.random() * 30);
      const started = Date.now();
      while (run.lines.filter((l) => l.acked).length < target && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 5));
      // A random extra moment so the kill lands anywhere inside a write.
      await new Promise((r) => setTimeout(r, Math.random() * 15));
      run.child.kill('SIGKILL');
      await run.exited;
      for (const l of run.lines) if (l.acked) acked.add(l.acked as string);
    }
    expect(acked.size).toBeGreaterThanOrEqual(30);
    const store = await loc.open();
    try {
      const all: Submission[] = (await store.listSubmissions({}, { limit: 10_000 })).items;
      const byId = new Map(all.map((s) => [s.id, s]));
      for (const id of acked) expect(byId.get(id)?.status, `acknowledged ${id}`).toBe('submitted');
      const seqs = new Set<number>();
      for (const s of all) {
        const outbox = await store.listOutbox({ submissionId: s.id });
        if (s.status === 'submitted') {
          expect(outbox.map((e) => e.connector).sort(), `outbox of ${s.id}`).toEqual(['ics-file', 'ics-http']);
          expect(seqs.has(s.submitSeq!)).toBe(false);
          seqs.add(s.submitSeq!);
        } else {
          expect(outbox).toEqual([]);
        }
      }
    } finally {
      await store.close();
    }
  });
});
