/**
 * Record references (SUP-2026-000123), as every store gives them: when a record is created,
 * numbered per prefix and year, never twice — not from concurrent creates, not from two
 * processes, not after a draft is deleted — and a replayed create keeps its original one.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../engine/store/contract.js';
import type { Submission } from '../../engine/submissions/model.js';
import { STORE_KINDS, newLocation, type StoreLocation } from '../support/stores.js';
import { at, event, submission } from '../support/records.js';
import { startChild } from '../support/child.js';

describe.each(STORE_KINDS)('%s store: record references', (kind) => {
  let loc: StoreLocation;
  let store: Store;
  beforeEach(async () => {
    loc = newLocation(kind);
    store = await loc.open();
  });
  afterEach(async () => {
    await store.close();
  });

  const create = async (overrides: Partial<Submission> = {}, options: { referencePrefix?: string; key?: string } = {}) => {
    const s = submission(overrides);
    const result = await store.createSubmission(s, {
      ...(options.referencePrefix ? { referencePrefix: options.referencePrefix } : {}),
      ...(options.key ? { idempotency: { key: options.key, fingerprint: 'fp' } } : {}),
      outbox: s.status === 'submitted' ? [{ connector: 'ics-http' }] : [],
      event: event('submission.created', 'submission', s.id),
    });
    return result.submission;
  };

  it('gives a draft and a submitted record their references when they are created, and stores them', async () => {
    const draft = await create({}, { referencePrefix: 'SUP' });
    const submitted = await create({ status: 'submitted', submittedAt: at(1), submittedBy: 'u-worker' }, { referencePrefix: 'SUP' });
    expect(draft.reference).toBe('SUP-2026-000001');
    expect(submitted.reference).toBe('SUP-2026-000002');
    expect((await store.getSubmission(draft.id))?.reference).toBe('SUP-2026-000001');
    expect((await store.getSubmission(submitted.id))?.reference).toBe('SUP-2026-000002');
  });

  it('uses the form id’s initials when no prefix is given, and ignores a reference the caller put in the record', async () => {
    const s = await create({ formId: 'return-to-work', reference: 'RTW-2026-999999' });
    expect(s.reference).toBe('RTW-2026-000001');
  });

  it('counts per prefix and year: across forms sharing a prefix, separately for another prefix or year', async () => {
    const a = await create({ formId: 'case-supervision' }, { referencePrefix: 'SUP' });
    const b = await create({ formId: 'supervision-notes' }, { referencePrefix: 'SUP' });
    const c = await create({ formId: 'case-file-audit' }, { referencePrefix: 'AUD' });
    // The year is London's: 23:30 on 31 December (GMT) is still that year.
    const d = await create({ createdAt: '2025-12-31T23:30:00.000Z' }, { referencePrefix: 'SUP' });
    const e = await create({ createdAt: '2027-01-01T00:00:00.000Z' }, { referencePrefix: 'SUP' });
    expect([a, b, c, d, e].map((s) => s.reference)).toEqual(['SUP-2026-000001', 'SUP-2026-000002', 'AUD-2026-000001', 'SUP-2025-000001', 'SUP-2027-000001']);
  });

  it('keeps the reference through saves and the submit', async () => {
    const s = await create({}, { referencePrefix: 'SUP' });
    const saved = await store.updateDraft(s.id, 1, { data: { note: 'changed' }, updatedAt: at(1) }, { outbox: [], event: event('submission.updated', 'submission', s.id) });
    const submitted = await store.updateDraft(
      s.id,
      2,
      { status: 'submitted', submittedAt: at(2), submittedBy: 'u-worker', updatedAt: at(2) },
      { outbox: [{ connector: 'ics-http' }], event: event('submission.submitted', 'submission', s.id) },
    );
    expect([saved.reference, submitted.reference, (await store.getSubmission(s.id))?.reference]).toEqual(['SUP-2026-000001', 'SUP-2026-000001', 'SUP-2026-000001']);
  });

  it('never gives a deleted draft’s number again', async () => {
    const s = await create({}, { referencePrefix: 'SUP' });
    await store.deleteDraft(s.id, 1, event('submission.deleted', 'submission', s.id));
    expect((await create({}, { referencePrefix: 'SUP' })).reference).toBe('SUP-2026-000002');
  });

  it('a replayed create returns the original record with its original reference, and takes no number', async () => {
    const first = await create({ data: { note: 'first' } }, { referencePrefix: 'SUP', key: 'u-worker:k1' });
    const again = await create({ data: { note: 'sent again' } }, { referencePrefix: 'SUP', key: 'u-worker:k1' });
    expect(again).toEqual(first);
    expect(first.reference).toBe('SUP-2026-000001');
    expect((await create({}, { referencePrefix: 'SUP' })).reference).toBe('SUP-2026-000002');
  });

  it('finds the one record with a reference, within the reader’s scope only', async () => {
    const mine = await create({ createdBy: 'u-ann', team: 'team-north' }, { referencePrefix: 'SUP' });
    await create({ createdBy: 'u-bob', team: 'team-south' }, { referencePrefix: 'SUP' });
    const found = await store.listSubmissions({ reference: mine.reference }, { limit: 10 });
    expect(found.items.map((s) => s.id)).toEqual([mine.id]);
    expect(await store.countSubmissions({ reference: mine.reference })).toBe(1);
    expect((await store.listSubmissions({ reference: mine.reference, createdBy: 'u-bob' }, { limit: 10 })).items).toEqual([]);
    expect((await store.listSubmissions({ reference: mine.reference, team: 'team-south' }, { limit: 10 })).items).toEqual([]);
    expect((await store.listSubmissions({ reference: 'SUP-2026-000009' }, { limit: 10 })).items).toEqual([]);
  });

  it('50 concurrent creates get 50 distinct references, numbered 1 to 50', async () => {
    const made = await Promise.all(Array.from({ length: 50 }, (_, i) => create(i % 2 ? { status: 'submitted', submittedAt: at(i), submittedBy: 'u-worker' } : {}, { referencePrefix: 'SUP' })));
    const numbers = made.map((s) => Number(s.reference!.split('-')[2])).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('200 records created at once by 2 processes get 200 distinct references', { timeout: 90_000 }, async () => {
    const go = join(mkdtempSync(join(tmpdir(), 'caseforms-go-')), 'go');
    const children = await Promise.all([1, 2].map(() => startChild(loc.env, ['create-many', '100', go])));
    await Promise.all(children.map((c) => c.ready));
    writeFileSync(go, '');
    const codes = await Promise.all(children.map((c) => c.exited));
    const lines = children.flatMap((c) => c.lines).filter((l) => 'reference' in l || 'error' in l || 'childFailed' in l) as Array<{ id?: string; reference?: string; error?: string }>;
    expect(codes).toEqual([0, 0]);
    expect(lines.filter((l) => !l.reference)).toEqual([]);
    expect(lines).toHaveLength(200);
    expect(lines.every((l) => /^SUP-\d{4}-\d{6}$/.test(l.reference!))).toBe(true);
    expect(new Set(lines.map((l) => l.reference)).size).toBe(200);
    // What the store holds agrees with what the processes were told.
    const stored = new Map<string, string | undefined>();
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const page: Awaited<ReturnType<Store['listSubmissions']>> = await store.listSubmissions({}, { limit: 200, cursor });
      for (const s of page.items) stored.set(s.id, s.reference);
      cursor = page.next;
    }
    expect(stored.size).toBe(200);
    for (const l of lines) expect(stored.get(l.id!)).toBe(l.reference);
    // And the next one, from this process, is new as well.
    const next = await create({}, { referencePrefix: 'SUP' });
    expect(new Set([...stored.values(), next.reference]).size).toBe(201);
  });

});
