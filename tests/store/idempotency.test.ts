import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../engine/store/contract.js';
import { ConflictError, DraftDeletedError } from '../../engine/errors.js';
import { STORE_KINDS, newLocation, type StoreLocation } from '../support/stores.js';
import { event, submission } from '../support/records.js';
import { runChild } from '../support/child.js';

describe.each(STORE_KINDS)('%s store: idempotent creates', (kind) => {
  let loc: StoreLocation;
  let store: Store;
  beforeEach(async () => {
    loc = newLocation(kind);
    store = await loc.open();
  });
  afterEach(async () => {
    await store.close();
  });

  const create = (key: string, fingerprint: string, data: Record<string, unknown> = { note: 'x' }) => {
    const s = submission({ data });
    return store.createSubmission(s, { idempotency: { key, fingerprint }, outbox: [], event: event('submission.created', 'submission', s.id) });
  };

  it('a retry with the same key returns the original record', async () => {
    const first = await create('u-worker:key-1', 'fp-a');
    const again = await create('u-worker:key-1', 'fp-a', { note: 'body the client sent again' });
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ submission: first.submission, replayed: true });
    expect(await store.countSubmissions({})).toBe(1);
  });

  it('refuses the same key with a different request and stores nothing new', async () => {
    await create('u-worker:key-2', 'fp-a');
    const reuse = create('u-worker:key-2', 'fp-b');
    await expect(reuse).rejects.toBeInstanceOf(ConflictError);
    await expect(reuse).rejects.toMatchObject({ type: 'idempotency-key-reused' });
    expect(await store.countSubmissions({})).toBe(1);
  });

  it('50 concurrent creates with one key store exactly one submission', async () => {
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => create('u-worker:key-3', 'fp-same')));
    const ok = results.filter((r): r is PromiseFulfilledResult<Awaited<ReturnType<typeof create>>> => r.status === 'fulfilled');
    expect(ok).toHaveLength(50);
    const ids = new Set(ok.map((r) => r.value.submission.id));
    expect(ids.size).toBe(1);
    expect(ok.filter((r) => !r.value.replayed)).toHaveLength(1);
    expect(await store.countSubmissions({})).toBe(1);
    expect((await store.listEvents({ entityKind: 'submission' })).filter((e) => e.action === 'submission.created')).toHaveLength(1);
  });

  it('concurrent creates with one key from three processes store exactly one submission', async () => {
    const outputs = await Promise.all([1, 2, 3].map(() => runChild(loc.env, ['create-same-key', 'u-worker:key-4', '17'])));
    const lines = outputs.flat().filter((l) => 'id' in l || 'error' in l) as Array<{ id?: string; replayed?: boolean; error?: string }>;
    expect(lines).toHaveLength(51);
    expect(lines.filter((l) => l.error)).toEqual([]);
    expect(new Set(lines.map((l) => l.id)).size).toBe(1);
    expect(lines.filter((l) => l.replayed === false)).toHaveLength(1);
    expect(await store.countSubmissions({})).toBe(1);
  });

  it('a retry with the key of a draft deleted since is told it is gone, and nothing is made again', async () => {
    const first = await create('u-worker:key-5', 'fp-a', { note: 'about to be deleted' });
    await store.deleteDraft(first.submission.id, 1, event('submission.deleted', 'submission', first.submission.id));
    const retry = create('u-worker:key-5', 'fp-a');
    await expect(retry).rejects.toBeInstanceOf(DraftDeletedError);
    await expect(retry).rejects.toMatchObject({ type: 'draft-deleted' });
    // Many at once, too: none brings it back.
    const many = await Promise.allSettled(Array.from({ length: 10 }, () => create('u-worker:key-5', 'fp-a')));
    expect(many.every((r) => r.status === 'rejected' && r.reason instanceof DraftDeletedError)).toBe(true);
    // Another request with that key is still another request.
    await expect(create('u-worker:key-5', 'fp-b')).rejects.toMatchObject({ type: 'idempotency-key-reused' });
    expect(await store.getSubmission(first.submission.id)).toBeNull();
    expect(await store.countSubmissions({})).toBe(0);
    expect((await store.listEvents({ entityKind: 'submission' })).map((e) => e.action)).toEqual(['submission.created', 'submission.deleted']);
  });

  it('keys are independent of each other', async () => {
    const a = await create('u-ann:k', 'fp');
    const b = await create('u-bob:k', 'fp');
    expect(a.submission.id).not.toBe(b.submission.id);
    expect(await store.countSubmissions({})).toBe(2);
  });
});
