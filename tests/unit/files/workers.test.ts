import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createEngine } from '../../../engine/engine.js';
import { FileWorkers, scanFiles, sweepFiles } from '../../../engine/files/workers.js';
import type { Scanner } from '../../../engine/files/scanner.js';
import type { Store } from '../../../engine/store/contract.js';
import { newLocation } from '../../support/stores.js';
import { event, submission } from '../../support/records.js';

const NOW = new Date('2026-12-05T12:00:00Z');

async function put(store: Store, id: string, uploadedAt: string, scan: 'unscanned' | 'not-configured' = 'not-configured', submissionId = 's-1'): Promise<void> {
  const bytes = Buffer.from(`%PDF-1.4 ${id}`);
  await store.files.put(
    { id, name: `${id}.pdf`, submissionId, formId: 'f', pointer: '/fitNote', uploadedBy: 'u-worker', uploadedAt, scan },
    (async function* () {
      yield bytes;
    })(),
    () => ({ size: bytes.length, sha256: '0'.repeat(64), mediaType: 'application/pdf' }),
    (f) => event('file.uploaded', 'file', f.id),
  );
}

describe('the files’ background loops', () => {
  it('the sweep removes files never kept that are more than a day old, with a file.swept event by the system', async () => {
    const store = await newLocation('sqlite').open();
    try {
      const ctx = createEngine({ store, now: () => NOW });
      await put(store, 'f_oldunkept1', '2026-12-04T11:59:00.000Z');
      await put(store, 'f_oldkept001', '2026-12-04T11:00:00.000Z');
      await put(store, 'f_young00001', '2026-12-04T12:01:00.000Z');
      await store.files.keep(['f_oldkept001'], '2026-12-04T12:00:00.000Z');
      expect(await sweepFiles(ctx)).toBe(1);
      expect((await store.files.listForRecord('s-1')).map((f) => f.id).sort()).toEqual(['f_oldkept001', 'f_young00001']);
      const [swept] = await store.listEvents({ action: 'file.swept' });
      expect(swept).toMatchObject({ actor: 'system', entity: { kind: 'file', id: 'f_oldunkept1' }, details: { submissionId: 's-1', name: 'f_oldunkept1.pdf' } });
    } finally {
      await store.close();
    }
  });

  it('the sweep leaves a file a draft still names in its saved answers, however old, and takes it once the draft lets go of it', async () => {
    const store = await newLocation('sqlite').open();
    try {
      const ctx = createEngine({ store, now: () => NOW });
      const draft = submission({ data: {} });
      await put(store, 'f_named00001', '2026-12-01T09:00:00.000Z', 'not-configured', draft.id);
      await put(store, 'f_dropped001', '2026-12-01T09:05:00.000Z', 'not-configured', draft.id);
      const ref = (id: string) => ({ id, name: `${id}.pdf`, size: 20, mediaType: 'application/pdf', sha256: '0'.repeat(64) });
      // The draft names one of its two uploads (the other was taken out of the answer).
      await store.createSubmission({ ...draft, data: { fitNote: [ref('f_named00001')] } }, { outbox: [], event: event('submission.created', 'submission', draft.id) });
      expect(await sweepFiles(ctx)).toBe(1);
      expect((await store.files.listForRecord(draft.id)).map((f) => f.id)).toEqual(['f_named00001']);
      // Days later the draft is still open with its fit note: still there.
      expect(await sweepFiles(createEngine({ store, now: () => new Date('2026-12-09T12:00:00Z') }))).toBe(0);
      // Taken out of the answer: the next sweep removes it.
      const saved = await store.getSubmission(draft.id);
      await store.updateDraft(draft.id, saved!.revision, { data: {} }, { outbox: [], event: event('submission.saved', 'submission', draft.id) });
      expect(await sweepFiles(ctx)).toBe(1);
      expect(await store.files.listForRecord(draft.id)).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('files whose bytes are missing are held like a retry, so they never keep the files behind them from being scanned', async () => {
    const loc = newLocation('sqlite');
    const store = await loc.open();
    try {
      const ctx = createEngine({ store, now: () => NOW });
      await put(store, 'f_lostbytes1', '2026-12-05T10:00:00.000Z', 'unscanned');
      await put(store, 'f_lostbytes2', '2026-12-05T10:01:00.000Z', 'unscanned');
      await put(store, 'f_scanclean2', '2026-12-05T10:02:00.000Z', 'unscanned');
      for (const id of ['f_lostbytes1', 'f_lostbytes2']) rmSync(join(dirname(loc.env.SQLITE_FILE!), 'files', id));
      const scanner: Scanner = { scan: async () => 'clean' };
      const notBefore = new Map<string, number>();
      // Two a round: the first round finds only the two without bytes.
      expect(await scanFiles(ctx, scanner, notBefore, 60_000, 2)).toBe(0);
      expect(await scanFiles(ctx, scanner, notBefore, 60_000, 2)).toBe(1);
      expect((await store.files.get('f_scanclean2'))?.scan).toBe('clean');
    } finally {
      await store.close();
    }
  });

  it('the scan gives each unscanned file a verdict, and holds one the scanner could not judge for a while', async () => {
    const store = await newLocation('sqlite').open();
    try {
      const ctx = createEngine({ store, now: () => NOW });
      await put(store, 'f_scanclean1', '2026-12-05T10:00:00.000Z', 'unscanned');
      await put(store, 'f_scanretry1', '2026-12-05T10:01:00.000Z', 'unscanned');
      await put(store, 'f_scanbad001', '2026-12-05T10:02:00.000Z', 'unscanned');
      const asked: string[] = [];
      const scanner: Scanner = {
        async scan(bytes) {
          const text = (await bytes.toArray()).join('');
          asked.push(text);
          return text.includes('retry') ? 'retry' : text.includes('bad') ? 'infected' : 'clean';
        },
      };
      const notBefore = new Map<string, number>();
      expect(await scanFiles(ctx, scanner, notBefore, 60_000)).toBe(2);
      expect((await store.files.get('f_scanclean1'))?.scan).toBe('clean');
      expect((await store.files.get('f_scanbad001'))?.scan).toBe('infected');
      expect((await store.files.listUnscanned(10)).map((f) => f.id)).toEqual(['f_scanretry1']);
      // Held: not asked again on the next round.
      expect(await scanFiles(ctx, scanner, notBefore, 60_000)).toBe(0);
      expect(asked).toHaveLength(3);

      const workers = new FileWorkers(ctx, { scanner, logger: pino({ level: 'silent' }), scanPollMs: 10, retryAfterMs: 0 });
      workers.start();
      await workers.stop();
    } finally {
      await store.close();
    }
  });
});
