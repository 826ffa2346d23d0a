/**
 * The JSON export with its files as a zip (issue 16: `?files=zip`), on the SQLite store: 16
 * submitted records of 3 files of 4 MB each (192 MB). Baseline: the same files read straight
 * from the store (`store.files.open`) one after another into a sink that drops the bytes; subject:
 * `exportZip` (records read a page at a time, every file as a zip entry) into the same sink.
 * Ratio = subject time ÷ baseline time, median of alternating rounds; peak RSS above the RSS at
 * the start of each run, sampled every 10 ms, against the bytes exported: bounded means far less
 * than the files' total, whatever their number.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createEngine } from '../../engine/engine.js';
import type { FileRef } from '../../engine/files/model.js';
import { createDraft, createForm, publishVersion } from '../../engine/forms/lifecycle.js';
import { newEvent } from '../../engine/store/events.js';
import { openSqliteStore } from '../../engine/store/sqlite/index.js';
import { exportPages } from '../../engine/submissions/export.js';
import { exportZip } from '../../engine/submissions/export-zip.js';
import { createSubmission, saveDraft, submitDraft } from '../../engine/submissions/lifecycle.js';
import { filesDefinition } from '../support/files-form.js';
import { fmt, median } from './measure.js';

const RECORDS = 16;
const FILES = 3;
const FILE_BYTES = 4 * 1024 * 1024;
const FORM = 'bench-files';
const MB = 1024 * 1024;

/** Runs `work`, returning its time and the most RSS rose above where it started. */
async function measured(work: () => Promise<number>): Promise<{ ms: number; peakMb: number; bytes: number }> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const t0 = performance.now();
  const bytes = await work();
  const ms = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { ms, peakMb: (peak - start) / MB, bytes };
}

export async function benchExportZip(log: (line: string) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'caseforms-bench-zip-'));
  const store = await openSqliteStore({ file: join(dir, 'caseforms.sqlite') });
  try {
    const ctx = createEngine({ store });
    const actor = { id: 'u-bench', team: 'qa' };
    await createForm(ctx, actor, { id: FORM, title: 'Bench files', category: 'other', team: 'qa' });
    await createDraft(ctx, actor, FORM, filesDefinition());
    await publishVersion(ctx, actor, FORM, 1, { changeNote: 'bench' });
    const ids: string[] = [];
    for (let r = 0; r < RECORDS; r++) {
      const { submission } = await createSubmission(ctx, actor, { formId: FORM, subject: { childId: 'C1' }, data: { reason: 'Flu' }, status: 'draft' }, `bench-${r}`);
      const refs: FileRef[] = [];
      for (let f = 0; f < FILES; f++) {
        const body = randomBytes(FILE_BYTES);
        const sha256 = createHash('sha256').update(body).digest('hex');
        const stored = await store.files.put(
          { id: `f_bench${r}x${f}xxxxxx`, name: `scan-${f}.pdf`, submissionId: submission.id, formId: FORM, pointer: '/fitNote', uploadedBy: actor.id, uploadedAt: new Date().toISOString(), scan: 'not-configured' },
          (async function* () {
            for (let off = 0; off < body.length; off += 65_536) yield body.subarray(off, off + 65_536);
          })(),
          () => ({ size: body.length, sha256, mediaType: 'application/pdf' }),
          (file) => newEvent(new Date(), actor.id, 'file.uploaded', 'file', file.id),
        );
        ids.push(stored.id);
        refs.push({ id: stored.id, name: stored.name, size: stored.size, mediaType: stored.mediaType, sha256: stored.sha256 });
      }
      const saved = await saveDraft(ctx, actor, submission.id, submission.revision, { data: { reason: 'Flu', fitNote: refs } });
      await submitDraft(ctx, actor, submission.id, saved.submission.revision);
    }
    const total = RECORDS * FILES * FILE_BYTES;

    const baseline = () =>
      measured(async () => {
        let bytes = 0;
        for (const id of ids) {
          const body = (await store.files.open(id))!;
          for await (const chunk of body) bytes += (chunk as Buffer).length;
        }
        return bytes;
      });
    const subject = () =>
      measured(async () => {
        let bytes = 0;
        const counting = new Writable({
          write(chunk: Buffer, _e, cb) {
            bytes += chunk.length;
            cb();
          },
        });
        await pipeline(exportZip(ctx, actor.id, FORM, exportPages(ctx, actor.id, FORM)), counting);
        return bytes;
      });

    const ratios: number[] = [];
    const rows: Array<{ base: Awaited<ReturnType<typeof baseline>>; zip: Awaited<ReturnType<typeof subject>> }> = [];
    for (let round = 0; round < 5; round++) {
      const [first, second] = round % 2 === 0 ? [baseline, subject] : [subject, baseline];
      const a = await first();
      const b = await second();
      const [base, zip] = round % 2 === 0 ? [a, b] : [b, a];
      rows.push({ base, zip });
      ratios.push(zip.ms / base.ms);
    }
    const m = (xs: number[]) => median(xs);
    log(
      `  ${RECORDS} records × ${FILES} files × ${FILE_BYTES / MB} MB = ${fmt(total / MB)} MB   store read ${fmt(m(rows.map((r) => r.base.ms)))} ms   zip export ${fmt(m(rows.map((r) => r.zip.ms)))} ms (${fmt(m(rows.map((r) => r.zip.bytes)) / MB)} MB of zip)   ratio ${fmt(m(ratios), 2)}×`,
    );
    log(`  peak RSS above start: store read ${fmt(Math.max(...rows.map((r) => r.base.peakMb)), 1)} MB, zip export ${fmt(Math.max(...rows.map((r) => r.zip.peakMb)), 1)} MB (of ${fmt(total / MB)} MB exported)`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
