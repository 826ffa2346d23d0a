/**
 * The directory drop folder (issue 13): real folders, a real store of each kind. A batch is
 * applied whole and once, or rejected whole with a report naming every bad row; the store is
 * never half-changed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDirectoryDrop, type DirectoryDrop, type DropReport } from '../../../engine/directory/file-drop.js';
import { createEngine } from '../../../engine/engine.js';
import type { EngineContext } from '../../../engine/context.js';
import type { Store } from '../../../engine/store/contract.js';
import { CHILDREN } from '../../support/directory.js';
import { newLocation, STORE_KINDS, type StoreLocation } from '../../support/stores.js';

const HOUR = 3_600_000;
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const csvOf = (rows: ReadonlyArray<object>, columns = ['id', 'name', 'dateOfBirth', 'allocatedWorkerId', 'team', 'legalStatus', 'restricted', 'allowedWorkerIds', 'mergedInto']) =>
  [columns.join(','), ...rows.map((r) => columns.map((c) => cell((r as Record<string, unknown>)[c])).join(','))].join('\n') + '\n';
/** A CSV cell as an extract writes it: lists joined with ;, nothing for a value left out. */
const cell = (v: unknown) => (Array.isArray(v) ? v.join(';') : v === undefined ? '' : String(v));

/** Writes a data file, then its manifest (last, as the extract job must). */
function drop(dir: string, name: string, text: string, manifest: { kind?: string; mode?: string; format?: string; count?: number; sha256?: string; file?: string } = {}): void {
  const file = manifest.file ?? `${name}.${manifest.format === 'jsonl' ? 'jsonl' : 'csv'}`;
  writeFileSync(join(dir, file), text);
  const rows = text.split('\n').filter((l) => l.trim()).length - (manifest.format === 'jsonl' ? 0 : 1);
  const m = { kind: 'children', mode: 'full', file, format: 'csv', count: rows, sha256: sha(text), ...manifest };
  writeFileSync(join(dir, `${name}.manifest.json`), JSON.stringify(m));
}

const report = (dir: string, folder: 'done' | 'rejected', name: string): DropReport => JSON.parse(readFileSync(join(dir, folder, `${name}.report.json`), 'utf8'));

describe.each(STORE_KINDS)('the directory drop folder (%s store)', (kind) => {
  let loc: StoreLocation;
  let store: Store;
  let ctx: EngineContext;
  let dir: string;
  let watcher: DirectoryDrop;
  const extra: Array<{ store: Store; watcher: DirectoryDrop }> = [];

  beforeEach(async () => {
    loc = newLocation(kind);
    store = await loc.open();
    ctx = createEngine({ store });
    dir = mkdtempSync(join(tmpdir(), 'caseforms-directory-in-'));
    watcher = startDirectoryDrop(ctx, { dir, pollMs: HOUR });
  });
  afterEach(async () => {
    await watcher.stop();
    for (const e of extra.splice(0)) {
      await e.watcher.stop();
      await e.store.close();
    }
    await store.close();
  });

  it('applies a full CSV file whole, then files it in done/ with a report of what was applied', async () => {
    drop(dir, 'children-20261205', csvOf(CHILDREN));
    const [outcome] = await watcher.scan();
    expect(outcome).toMatchObject({ manifestFile: 'children-20261205.manifest.json', outcome: 'applied' });
    expect((await store.directoryCounts()).children).toBe(CHILDREN.length);
    const c3 = (await store.getChildren(['C3']))[0]!;
    expect(c3).toMatchObject({ id: 'C3', name: 'Robin Hidden', restricted: true, allowedWorkerIds: ['W9'], legalStatus: 'CP' });
    expect(readdirSync(dir).sort()).toEqual(['done', 'rejected']);
    expect(readdirSync(join(dir, 'done')).sort()).toEqual(['children-20261205.csv', 'children-20261205.manifest.json', 'children-20261205.report.json']);
    const r = report(dir, 'done', 'children-20261205');
    expect(r).toMatchObject({ outcome: 'applied', rows: CHILDREN.length, applied: { kind: 'children', mode: 'full', key: `file:${r.sha256}`, upserted: CHILDREN.length, deleted: 0, total: CHILDREN.length, source: { via: 'file', name: 'children-20261205.csv' } } });
    expect(r.message).toBe(`Applied: ${CHILDREN.length} children added or changed, 0 removed; ${CHILDREN.length} now.`);
    const events = await store.listEvents({ entityKind: 'directory', entityId: 'children' });
    expect(events.map((e) => e.action)).toContain('directory.batch-applied');
  });

  it('rejects a file with a bad row whole, with every bad row in the report, and leaves the store as it was', async () => {
    drop(dir, 'first', csvOf(CHILDREN.slice(0, 2)));
    await watcher.scan();
    const rows = CHILDREN.map((c, i) => (i === 1 ? { ...c, dateOfBirth: '31/02/2012' } : i === 4 ? { ...c, legalStatus: 'LAC' } : c));
    drop(dir, 'children-bad', csvOf(rows));
    const [outcome] = await watcher.scan();
    expect(outcome!.outcome).toBe('rejected');
    expect(readdirSync(join(dir, 'rejected')).sort()).toEqual(['children-bad.csv', 'children-bad.manifest.json', 'children-bad.report.json']);
    const r = report(dir, 'rejected', 'children-bad');
    expect(r.problems).toEqual([
      { line: 3, id: 'C2', pointer: '/dateOfBirth', message: 'Line 3 (C2): dateOfBirth must be a real date like 2015-03-02 (or 02/03/2015).' },
      { line: 6, id: 'C5', pointer: '/legalStatus', message: 'Line 6 (C5): legalStatus must be one of CIN, CP, CLA, CL, EH, NONE.' },
    ]);
    expect(r.message).toMatch(/^The children batch was not applied: 2 problems in its rows/);
    const counts = await store.directoryCounts();
    expect(counts.children).toBe(2);
    expect(await store.listDirectoryBatches({})).toHaveLength(1);
    const events = await store.listEvents({ entityKind: 'directory', action: 'directory.batch-rejected' });
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject({ via: 'file', name: 'children-bad.csv', problems: 2 });
  });

  it('applies the same file once, however often it is dropped', async () => {
    const text = csvOf(CHILDREN);
    drop(dir, 'children-a', text);
    await watcher.scan();
    drop(dir, 'children-a', text);
    const [again] = await watcher.scan();
    expect(again!.outcome).toBe('replayed');
    expect(await store.listDirectoryBatches({})).toHaveLength(1);
    // Filed beside the first, not over it.
    expect(readdirSync(join(dir, 'done')).sort()).toEqual(['children-a-2.csv', 'children-a-2.manifest.json', 'children-a-2.report.json', 'children-a.csv', 'children-a.manifest.json', 'children-a.report.json']);
    expect(report(dir, 'done', 'children-a-2')).toMatchObject({ outcome: 'replayed', applied: { seq: report(dir, 'done', 'children-a').applied!.seq } });
  });

  it('applies a file once when two servers watch the same folder', async () => {
    const other = await loc.open();
    const otherWatcher = startDirectoryDrop(createEngine({ store: other }), { dir, pollMs: HOUR });
    extra.push({ store: other, watcher: otherWatcher });
    drop(dir, 'children-shared', csvOf(CHILDREN));
    const outcomes = (await Promise.all([watcher.scan(), otherWatcher.scan()])).flat().map((o) => o.outcome);
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'rejected')).toHaveLength(0);
    expect(await store.listDirectoryBatches({})).toHaveLength(1);
    expect(readdirSync(join(dir, 'done')).filter((f) => f.endsWith('.report.json'))).toHaveLength(1);
  });

  it('rejects a file whose row count or SHA-256 is not the manifest’s, applying nothing', async () => {
    const text = csvOf(CHILDREN);
    drop(dir, 'short', text, { count: CHILDREN.length + 1 });
    drop(dir, 'changed', text + 'C99,Late Row,,,,,,,\n', { sha256: sha(text), count: CHILDREN.length + 1 });
    const outcomes = await watcher.scan();
    expect(outcomes.map((o) => o.outcome)).toEqual(['rejected', 'rejected']);
    expect(report(dir, 'rejected', 'short').message).toBe(`The file has ${CHILDREN.length} data rows but the manifest says ${CHILDREN.length + 1}. Nothing was applied.`);
    expect(report(dir, 'rejected', 'changed').message).toMatch(/^The file’s SHA-256 is [0-9a-f]{64} but the manifest says [0-9a-f]{64}: the file changed, or was not completely written, after its manifest was made\. Nothing was applied\.$/);
    expect((await store.directoryCounts()).children).toBe(0);
  });

  it('applies a delta after a full batch: rows changed, added and deleted', async () => {
    drop(dir, 'a-full', csvOf(CHILDREN));
    await watcher.scan();
    const delta = [JSON.stringify({ id: 'C4', name: 'Casey Brown', allocatedWorkerId: 'W2', team: 'cin-north' }), JSON.stringify({ id: 'C8', name: 'New Child' }), JSON.stringify({ delete: 'C6' })].join('\n') + '\n';
    drop(dir, 'b-delta', delta, { mode: 'delta', format: 'jsonl' });
    const [outcome] = await watcher.scan();
    expect(outcome!.report).toMatchObject({ outcome: 'applied', applied: { mode: 'delta', upserted: 2, deleted: 1, total: CHILDREN.length } });
    const found = await store.getChildren(['C4', 'C6', 'C8']);
    expect(found.map((c) => c.id).sort()).toEqual(['C4', 'C8']);
    expect(found.find((c) => c.id === 'C4')).toMatchObject({ allocatedWorkerId: 'W2' });
    // Replaced whole: what the delta row leaves out is gone.
    expect(found.find((c) => c.id === 'C4')!.legalStatus).toBeUndefined();
  });

  it('leaves a data file without a manifest, and a manifest still being written; rejects a bad manifest in words; one bad batch never stops the next', async () => {
    writeFileSync(join(dir, 'still-writing.csv'), 'id,name\nC1,Jo');
    writeFileSync(join(dir, 'half.manifest.json'), '{"kind": "chil');
    writeFileSync(join(dir, 'a-wrong.manifest.json'), JSON.stringify({ kind: 'pupils', mode: 'full', file: '../etc/passwd', format: 'csv', count: -1, sha256: 'abc', extra: 1 }));
    writeFileSync(join(dir, 'b-missing.manifest.json'), JSON.stringify({ kind: 'children', mode: 'full', file: 'nowhere.csv', format: 'csv', count: 0, sha256: sha('') }));
    drop(dir, 'c-good', csvOf(CHILDREN));
    const outcomes = await watcher.scan();
    expect(Object.fromEntries(outcomes.map((o) => [o.manifestFile, o.outcome]))).toEqual({
      'half.manifest.json': 'left',
      'a-wrong.manifest.json': 'rejected',
      'b-missing.manifest.json': 'rejected',
      'c-good.manifest.json': 'applied',
    });
    expect(existsSync(join(dir, 'still-writing.csv'))).toBe(true);
    expect(existsSync(join(dir, 'half.manifest.json'))).toBe(true);
    expect(report(dir, 'rejected', 'a-wrong').message).toBe(
      'The manifest is not valid: "extra" is not a manifest field (a manifest has kind, mode, file, format, count, sha256). "kind" must be one of children, workers, teams. "file" must be the data file’s name alone (letters, digits, dots, _ and -), in the same folder as the manifest. "count" must be 0 or more. "sha256" must be the file’s SHA-256 as 64 hexadecimal digits (the first word sha256sum prints).',
    );
    expect(report(dir, 'rejected', 'b-missing').message).toBe('The data file nowhere.csv that the manifest names is not in the folder. Write the data file first and the manifest last.');
    // A manifest that stays unreadable is judged once it has had time to be finished.
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dir, 'half.manifest.json'), old, old);
    expect((await watcher.scan()).map((o) => o.outcome)).toEqual(['rejected']);
    expect(report(dir, 'rejected', 'half').message).toBe('The manifest is not valid JSON.');
  });

  it('takes back a batch a stopped server had claimed, once the claim is old', async () => {
    drop(dir, 'orphan', csvOf(CHILDREN));
    // As a server killed mid-batch leaves it.
    renameSync(join(dir, 'orphan.manifest.json'), join(dir, 'orphan.manifest.json.claim'));
    expect(await watcher.scan()).toEqual([]);
    const old = new Date(Date.now() - 11 * 60_000);
    utimesSync(join(dir, 'orphan.manifest.json.claim'), old, old);
    expect((await watcher.scan()).map((o) => o.outcome)).toEqual(['applied']);
    expect((await store.directoryCounts()).children).toBe(CHILDREN.length);
  });
});
