/**
 * The file-drop connector against real files in a temporary folder. Disk failures the test
 * process cannot cause for real (it may run as root, which writes anywhere; a full disk) are
 * injected by replacing one `fs.promises` function, shaped like Node's own errors.
 *
 * The CSV is read back with the RFC 4180 reader of file-drop-verify.ts (no CSV parser is
 * installed), checked against raw bytes written out by hand for the tricky cells, and against
 * the JSON lines of the same batch.
 */
import fs, { promises as fsp, type PathLike } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JOURNAL_FOLDER, STALE_TEMP_MS, batchIdOf, fileDropConnector, type BatchManifest } from '../../../engine/sync/connectors/file-drop.js';
import { decodeCsvCell, parseCsv, verifyBatch, verifyFolder } from '../../../engine/sync/connectors/file-drop-verify.js';
import { destinations } from '../../../engine/sync/destinations.js';
import type { Connector, ConnectorEnv, DeliveryItem, DeliveryOutcome, Envelope } from '../../../engine/sync/model.js';
import type { OutboxEntry } from '../../../engine/store/outbox.js';

const NOW = new Date('2026-11-26T10:00:00Z');
const CONNECTOR_ID = 'ics-drop';
const live = () => new AbortController().signal;

let dir: string;
let clock: Date;
/** Drop folders are made under the system's temporary folder, the one root these tests allow. */
const env: ConnectorEnv = { secrets: {}, now: () => clock, destinations: destinations(''), dropRoots: [tmpdir()] };

beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(tmpdir(), 'caseforms-file-drop-'));
  clock = NOW;
  seqs.clear();
});
afterEach(async () => {
  vi.restoreAllMocks();
  for (const d of [dir, ...others.splice(0)]) await fsp.rm(d, { recursive: true, force: true });
});

/** Another drop folder (e.g. for a reference copy of a batch), removed after the test. */
const others: string[] = [];
async function anotherFolder(): Promise<string> {
  const d = await fsp.mkdtemp(path.join(tmpdir(), 'caseforms-file-drop-other-'));
  others.push(d);
  return d;
}

function connector(folder: string, settings: Record<string, unknown> = {}, id = CONNECTOR_ID): Connector {
  return {
    id,
    kind: 'file-drop',
    title: 'ICS batch importer',
    paused: false,
    retry: { maxAttempts: 5, baseMs: 1000, maxMs: 60_000 },
    dateFormat: 'YYYY-MM-DD',
    settings: { folder, ...settings },
    revision: 1,
    createdBy: 'u-admin',
    createdAt: '2026-11-01T09:00:00Z',
    updatedBy: 'u-admin',
    updatedAt: '2026-11-01T09:00:00Z',
  };
}

/** Each id's submit order, the same every time the test builds its item. */
const seqs = new Map<string, number>();
interface ItemOptions {
  formId?: string;
  formVersion?: number;
  submittedAt?: string;
  fields?: Record<string, unknown>;
  leaseUntil?: string;
  seq?: number;
}

/** A leased outbox entry and its envelope, as the worker hands them over. */
function item(id: string, o: ItemOptions = {}): DeliveryItem {
  const seq = o.seq ?? seqs.get(id) ?? seqs.size + 1;
  seqs.set(id, seq);
  const at = o.submittedAt ?? `2026-11-25T09:${String(10 + (seq % 50)).padStart(2, '0')}:00Z`;
  const entry: OutboxEntry = {
    id: `${id}:${CONNECTOR_ID}`,
    submissionId: id,
    connector: CONNECTOR_ID,
    partitionKey: `C-${id}`,
    seq,
    state: 'leased',
    attempts: 1,
    nextAttemptAt: at,
    createdAt: at,
    leaseOwner: 'worker-1',
    leaseToken: `token-${id}`,
    leaseUntil: o.leaseUntil ?? '2026-11-26T10:05:00Z',
  };
  const envelope: Envelope = {
    envelope: 'caseforms.ics/1',
    submissionId: id,
    reference: `VN-2026-${String(seq).padStart(6, '0')}`,
    formId: o.formId ?? 'visit-note',
    formVersion: o.formVersion ?? 1,
    subject: { childId: `C-${id}`, episodeId: 'E-77', workerId: 'W-12' },
    submittedBy: 'u-worker',
    submittedAt: at,
    fields: o.fields ?? { seenAlone: 'Y', note: `Visit ${id}` },
  };
  return { entry, envelope };
}

const deliver = (items: DeliveryItem[], folder = dir, settings: Record<string, unknown> = {}) =>
  fileDropConnector.create(connector(folder, settings), env).deliver(items, live());

/** The folder's files (not the journal) and their bytes. */
async function snapshot(folder = dir): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const name of (await fsp.readdir(folder)).sort()) {
    const p = path.join(folder, name);
    if ((await fsp.stat(p)).isFile()) out.set(name, await fsp.readFile(p));
  }
  return out;
}

async function manifests(folder = dir): Promise<Array<{ name: string; m: BatchManifest }>> {
  const names = (await fsp.readdir(folder)).filter((n) => n.endsWith('.manifest.json')).sort();
  return Promise.all(names.map(async (name) => ({ name, m: JSON.parse(await fsp.readFile(path.join(folder, name), 'utf8')) as BatchManifest })));
}

async function journal(folder = dir): Promise<string[]> {
  return (await fsp.readdir(path.join(folder, JOURNAL_FOLDER)).catch(() => [] as string[])).sort();
}

async function expectAllVerify(folder = dir): Promise<void> {
  const checks = await verifyFolder(folder);
  expect(checks.length).toBeGreaterThan(0);
  for (const c of checks) expect(c.problems, c.manifest).toEqual([]);
}

/** An error as Node makes it, with the temporary file's full path in its message and a stack. */
function nodeError(code: string, file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed, open '${file}'`), { code, errno: -28, syscall: 'open', path: file });
}

/** Makes `fs.promises.open` fail with `code` for the connector's temporary files. */
function failTempFiles(code: string): void {
  const real = fsp.open;
  vi.spyOn(fs.promises, 'open').mockImplementation(((p: PathLike, ...rest: unknown[]) =>
    String(p).includes('.tmp-') ? Promise.reject(nodeError(code, String(p))) : (real as (...a: unknown[]) => unknown)(p, ...rest)) as typeof real);
}

function delivered(o: DeliveryOutcome | undefined): Record<string, unknown> {
  expect(o?.outcome).toBe('delivered');
  return (o as { result: Record<string, unknown> }).result;
}

describe('settings', () => {
  const ajv = new Ajv({ allErrors: true, messages: false, ownProperties: true, useDefaults: true, strict: true });
  const validate = ajv.compile(fileDropConnector.settingsSchema);

  it('accepts a folder alone and fills in the defaults', () => {
    const s: Record<string, unknown> = { folder: '/srv/ics-drop' };
    expect(validate(s)).toBe(true);
    expect(s).toEqual({ folder: '/srv/ics-drop', formats: ['csv', 'jsonl'], filePrefix: 'caseforms', pdf: true });
  });

  it.each([
    { folder: '/srv/ics drop/Children’s services', formats: ['jsonl'], filePrefix: 'ics_cin-2026' },
    { folder: 'D:\\ICS\\drop', formats: ['jsonl', 'csv'] },
    { folder: '/mnt/sftp', formats: ['csv'], filePrefix: 'X' },
  ])('accepts %j', (s) => expect(validate(s)).toBe(true));

  it.each([
    [{}, 'required'],
    [{ folder: 'drop' }, 'pattern'],
    [{ folder: './drop' }, 'pattern'],
    [{ folder: '/' }, 'minLength'],
    [{ folder: '/srv/drop', formats: [] }, 'minItems'],
    [{ folder: '/srv/drop', formats: ['xml'] }, 'enum'],
    [{ folder: '/srv/drop', formats: ['csv', 'csv'] }, 'uniqueItems'],
    [{ folder: '/srv/drop', filePrefix: '../etc' }, 'pattern'],
    [{ folder: '/srv/drop', filePrefix: '.hidden' }, 'pattern'],
    [{ folder: '/srv/drop', filePrefix: 'a b' }, 'pattern'],
    [{ folder: '/srv/drop', filePrefix: '' }, 'pattern'],
    [{ folder: '/srv/drop', host: 'sftp.example' }, 'additionalProperties'],
  ])('refuses %j (%s)', (s, keyword) => {
    expect(validate(s)).toBe(false);
    expect(validate.errors?.map((e) => e.keyword)).toContain(keyword);
  });

  it('explains every setting to IT', () => {
    const props = (fileDropConnector.settingsSchema as { properties: Record<string, { title?: string; description?: string }> }).properties;
    expect(Object.keys(props).sort()).toEqual(['filePrefix', 'folder', 'formats', 'pdf']);
    for (const p of Object.values(props)) {
      expect(p.title).toMatch(/\w/);
      expect(p.description!.length).toBeGreaterThan(40);
    }
  });

  it('refuses to make a driver for unusable settings', () => {
    expect(() => fileDropConnector.create(connector('relative/drop'), env)).toThrow(/not an absolute path/);
  });
});

describe('check', () => {
  const check = (settings: Record<string, unknown>) => fileDropConnector.check!(settings, env);

  it('passes a writable folder and leaves nothing behind', async () => {
    expect(await check({ folder: dir })).toEqual([]);
    expect(await fsp.readdir(dir)).toEqual([]);
  });

  it('says when the folder does not exist', async () => {
    const missing = path.join(dir, 'not-there');
    expect(await check({ folder: missing })).toEqual([{ pointer: '/folder', message: `The drop folder ${missing} does not exist.` }]);
  });

  it('says when the path is a file', async () => {
    const file = path.join(dir, 'a-file');
    await fsp.writeFile(file, 'x');
    expect(await check({ folder: file })).toEqual([{ pointer: '/folder', message: `${file} is a file, not a folder.` }]);
  });

  it('says when the folder is not writable, in words', async () => {
    failTempFiles('EACCES');
    const problems = await check({ folder: dir });
    expect(problems).toEqual([{ pointer: '/folder', message: `The service is not allowed to write in the drop folder ${dir}.` }]);
  });

  it('says when the path is not absolute', async () => {
    expect(await check({ folder: 'drop' })).toEqual([{ pointer: '/folder', message: expect.stringContaining('full path') }]);
  });
});

describe('writing batches', () => {
  it('makes one batch per form version, each verifying', async () => {
    const items = [
      item('s1', { formId: 'visit-note', formVersion: 1, submittedAt: '2026-11-25T09:00:00Z' }),
      item('s2', { formId: 'case-audit', formVersion: 3 }),
      item('s3', { formId: 'visit-note', formVersion: 2 }),
      item('s4', { formId: 'visit-note', formVersion: 1, submittedAt: '2026-11-25T11:30:00+00:00' }),
      item('s5', { formId: 'visit-note', formVersion: 2 }),
    ];
    const out = await deliver(items);
    const found = await manifests();
    expect(found).toHaveLength(3);
    const byForm = new Map(found.map(({ m }) => [`${m.formId}@${m.formVersion}`, m]));
    const v1 = byForm.get('visit-note@1')!;
    expect(v1).toMatchObject({ manifest: 'caseforms.file-drop/1', connector: CONNECTOR_ID, recordCount: 2, submissionIds: ['s1', 's4'], createdAt: '2026-11-25T11:30:00+00:00' });
    expect(v1.batchId).toBe(batchIdOf(CONNECTOR_ID, 'visit-note', 1, ['s4', 's1']));
    expect(v1.files.map((f) => f.name)).toEqual([`caseforms-${v1.batchId}.csv`, `caseforms-${v1.batchId}.jsonl`]);
    expect(byForm.get('visit-note@2')!.submissionIds).toEqual(['s3', 's5']);
    expect(byForm.get('case-audit@3')!.submissionIds).toEqual(['s2']);
    // Each item is told its batch and files.
    expect(delivered(out[0])).toEqual({ batch: v1.batchId, manifest: `caseforms-${v1.batchId}.manifest.json`, files: v1.files.map((f) => f.name) });
    expect(delivered(out[3]).batch).toBe(v1.batchId);
    expect(delivered(out[1]).batch).toBe(byForm.get('case-audit@3')!.batchId);
    await expectAllVerify();
    // Only the batches' files and the journal: no temporary file is left.
    expect([...(await snapshot()).keys()]).toHaveLength(9);
    expect(await journal()).toEqual(found.map(({ m }) => `${m.batchId}.json`).sort());
    for (const { m } of found) {
      for (const f of m.files) {
        const st = await fsp.stat(path.join(dir, f.name));
        expect(st.size).toBe(f.bytes);
      }
    }
  });

  it('writes only the chosen formats, with the chosen prefix', async () => {
    await deliver([item('s1')], dir, { formats: ['jsonl'], filePrefix: 'ics_cin' });
    const [{ name, m }] = (await manifests()) as [{ name: string; m: BatchManifest }];
    expect(name).toBe(`ics_cin-${m.batchId}.manifest.json`);
    expect([...(await snapshot()).keys()].sort()).toEqual([`ics_cin-${m.batchId}.jsonl`, name]);
    await expectAllVerify();
  });

  it('quotes CSV per RFC 4180, disarms formulas, and says what the JSON lines say', async () => {
    const tricky = {
      note: 'Seen at home, with "Mum" present.\nFollow-up booked.\r\nSecond line',
      name: 'Zoë Ødegård — 😀 مرحبا',
      separators: 'line\u2028para\u2029end',
      formula: '=HYPERLINK("http://evil.example","x")',
      plus: '+44 20 7946 0000',
      minus: '-2+3',
      at: '@SUM(A1)',
      tab: '\tlead',
      cr: '\rlead',
      lf: 'two\nlines',
      apostrophe: "'already quoted",
      fullwidth: '＝1+1',
      negative: -3,
      decimal: 1.5,
      flag: true,
      empty: '',
      nothing: null,
      rows: [{ action: 'Call, then "write"', due: '2026-12-01' }],
      codes: ['CIN', '=CP'],
      childId: 'a field named like a column',
    };
    await deliver([item('s1', { fields: tricky }), item('s2', { fields: { extra: 'only here', note: 'short' } })]);
    const [{ m }] = (await manifests()) as [{ name: string; m: BatchManifest }];
    const csvText = await fsp.readFile(path.join(dir, `caseforms-${m.batchId}.csv`), 'utf8');
    // Raw bytes, written out by hand: quotes doubled, line breaks kept inside quotes, CRLF between records.
    expect(csvText.startsWith('submissionId,formId,formVersion,childId,episodeId,workerId,submittedBy,submittedAt,reference,note,name,')).toBe(true);
    expect(csvText).toContain(',"Seen at home, with ""Mum"" present.\nFollow-up booked.\r\nSecond line",');
    expect(csvText).toContain(`,"'=HYPERLINK(""http://evil.example"",""x"")",`);
    expect(csvText).toContain(",'+44 20 7946 0000,'-2+3,'@SUM(A1),'\tlead,\"'\rlead\",\"two\nlines\",''already quoted,'＝1+1,-3,1.5,true,,,");
    expect(csvText).toContain(',"[{""action"":""Call, then \\""write\\"""",""due"":""2026-12-01""}]","[""CIN"",""=CP""]",');
    expect(csvText.endsWith('\r\n')).toBe(true);
    expect(csvText.charCodeAt(0)).not.toBe(0xfeff);

    const [header, row1, row2, ...rest] = parseCsv(csvText) as [string[], string[], string[], ...string[][]];
    expect(rest).toEqual([]);
    const names = Object.keys(tricky).map((k) => (k === 'childId' ? 'fields.childId' : k));
    expect(header).toEqual(['submissionId', 'formId', 'formVersion', 'childId', 'episodeId', 'workerId', 'submittedBy', 'submittedAt', 'reference', ...names, 'extra']);
    const cell = (row: string[], name: string) => row[header.indexOf(name)]!;
    expect(row1.slice(0, 9)).toEqual(['s1', 'visit-note', '1', 'C-s1', 'E-77', 'W-12', 'u-worker', expect.stringMatching(/^2026-11-25T/), expect.stringMatching(/^VN-2026-\d{6}$/)]);
    for (const [k, v] of Object.entries(tricky)) {
      const text = decodeCsvCell(cell(row1, k === 'childId' ? 'fields.childId' : k));
      if (typeof v === 'string') expect(text, k).toBe(v);
      else if (v === null) expect(text, k).toBe('');
      else if (typeof v === 'object') expect(JSON.parse(text), k).toEqual(v);
      else expect(text, k).toBe(String(v));
    }
    // Formula-like text starts with an apostrophe in the file; numbers never do.
    for (const k of ['formula', 'plus', 'minus', 'at', 'tab', 'cr', 'apostrophe', 'fullwidth']) expect(cell(row1, k).startsWith("'"), k).toBe(true);
    expect(cell(row1, 'negative')).toBe('-3');
    expect(cell(row1, 'extra')).toBe('');
    expect([cell(row2, 'note'), cell(row2, 'extra'), cell(row2, 'name')]).toEqual(['short', 'only here', '']);

    // The JSON lines carry the exact values; U+2028/U+2029 are escaped so that no line reader splits there.
    const jsonl = await fsp.readFile(path.join(dir, `caseforms-${m.batchId}.jsonl`), 'utf8');
    expect(jsonl).not.toMatch(/[\u2028\u2029]/);
    expect(jsonl).toContain('line\\u2028para\\u2029end');
    const lines = jsonl.split('\n');
    expect(lines.pop()).toBe('');
    expect((JSON.parse(lines[0]!) as Envelope).fields).toEqual(tricky);
    expect(lines.map((l) => (JSON.parse(l) as Envelope).submissionId)).toEqual(['s1', 's2']);
    // And the verifier finds the CSV row for row equal to the JSON lines.
    expect((await verifyBatch(dir, `caseforms-${m.batchId}.manifest.json`)).problems).toEqual([]);
  });

  it('writes rows and objects as canonical JSON (keys sorted) in the CSV, as in the JSON lines, so the batch verifies', async () => {
    // A mapping's order, not alphabetical: an ICS mapping of a repeating group writes TEXT before DUE.
    const fields = {
      ACTIONS: [
        { TEXT: 'Call the school', DUE: '2026-12-01' },
        { TEXT: 'Visit', DUE: '2026-12-08', OWNER: { NAME: 'Sam', ID: 'W-12' } },
      ],
      PLACE: { TOWN: 'Leeds', POSTCODE: 'LS1 1AA' },
    };
    await deliver([item('s1', { fields })]);
    const [{ name, m }] = (await manifests()) as [{ name: string; m: BatchManifest }];
    expect((await verifyBatch(dir, name)).problems).toEqual([]);
    const [header, row] = parseCsv(await fsp.readFile(path.join(dir, `caseforms-${m.batchId}.csv`), 'utf8')) as [string[], string[]];
    expect(row[header.indexOf('ACTIONS')]).toBe('[{"DUE":"2026-12-01","TEXT":"Call the school"},{"DUE":"2026-12-08","OWNER":{"ID":"W-12","NAME":"Sam"},"TEXT":"Visit"}]');
    expect(row[header.indexOf('PLACE')]).toBe('{"POSTCODE":"LS1 1AA","TOWN":"Leeds"}');
  });
});

describe('idempotence', () => {
  it('writes the same batch to the same names and bytes, whatever order the items come in', async () => {
    const other = await anotherFolder();
    const items = [item('a', { fields: { n: 1, t: 'x' } }), item('b'), item('c', { formVersion: 2 })];
    await deliver(items);
    // The same records, handed over in another order with the envelope's keys in another order.
    const shuffled = [items[2]!, items[0]!, items[1]!].map(({ entry, envelope }) => {
      const { fields, subject, submissionId, ...restOf } = envelope;
      return { entry: { ...entry, attempts: 2, leaseToken: 'other' }, envelope: { fields, subject, submissionId, ...restOf } as Envelope };
    });
    await deliver(shuffled, other);
    expect((await snapshot()).size).toBe(6);
    expect(await snapshot(other)).toEqual(await snapshot());
    expect(await journal(other)).toEqual(await journal());
  });

  it('reports records already written as alreadySent and writes nothing new', async () => {
    const items = [item('a'), item('b'), item('c', { formId: 'case-audit' })];
    const first = await deliver(items);
    const before = await snapshot();
    const journalBefore = await journal();
    const again = await deliver(items);
    for (const [n, o] of again.entries()) expect(delivered(o)).toEqual({ ...delivered(first[n]), alreadySent: true });
    expect(await snapshot()).toEqual(before);
    expect(await journal()).toEqual(journalBefore);
  });

  it('after a crash before the manifest, writes the batch again with the same names and bytes', async () => {
    const items = [item('a'), item('b')];
    const reference = await anotherFolder();
    await deliver(items, reference);
    // The disk fills up just as the manifest is renamed into place.
    const real = fsp.rename;
    const spy = vi.spyOn(fs.promises, 'rename').mockImplementation(async (from, to) => {
      if (String(to).endsWith('.manifest.json')) throw nodeError('ENOSPC', String(from));
      return real(from, to);
    });
    const failed = await deliver(items);
    expect(failed.map((o) => o.outcome)).toEqual(['retry', 'retry']);
    expect((failed[0] as { reason: string }).reason).toBe(`The disk holding the drop folder ${dir} is full.`);
    // No manifest, no temporary file: only the orphan data files, which do not count as sent.
    const orphans = [...(await snapshot()).keys()];
    expect(orphans.every((n) => /^caseforms-[0-9a-f]{16}\.(csv|jsonl)$/.test(n))).toBe(true);
    expect(await verifyFolder(dir)).toEqual([]);
    spy.mockRestore();

    const out = await deliver(items);
    expect(out.map((o) => delivered(o).alreadySent)).toEqual([undefined, undefined]);
    expect(await snapshot()).toEqual(await snapshot(reference));
    expect(await journal()).toEqual(await journal(reference));
  });

  it('never writes a record in two batches when it comes back with others', async () => {
    // Written, but the worker crashed before recording it: the leases run out and the records
    // come back in a bigger lot, which would make another batch id.
    const first = await deliver([item('a', { seq: 1 }), item('b', { seq: 2 }), item('x', { seq: 3, formId: 'case-audit' })]);
    const firstBatch = delivered(first[0]).batch;
    const out = await deliver([item('c', { seq: 4 }), item('a', { seq: 1 }), item('b', { seq: 2 }), item('d', { seq: 5, formId: 'case-audit' }), item('x', { seq: 3, formId: 'case-audit' })]);
    expect(out.map((o) => delivered(o).alreadySent ?? false)).toEqual([false, true, true, false, true]);
    expect(delivered(out[1]).batch).toBe(firstBatch);
    expect(delivered(out[2])).toMatchObject({ batch: firstBatch, manifest: `caseforms-${firstBatch as string}.manifest.json` });
    const all = (await manifests()).flatMap(({ m }) => m.submissionIds);
    expect(all.sort()).toEqual(['a', 'b', 'c', 'd', 'x']);
    expect((await manifests()).find(({ m }) => m.submissionIds.includes('c'))!.m.submissionIds).toEqual(['c']);
    await expectAllVerify();
  });

  it('a second process sees the first one’s journal, even after the importer took the files', async () => {
    const otherProcess = fileDropConnector.create(connector(dir), env);
    // It has read the folder once already (and cached what it saw).
    expect(delivered((await otherProcess.deliver([item('z')], live()))[0]).alreadySent).toBeUndefined();

    const firstProcess = fileDropConnector.create(connector(dir), env);
    const [written] = await firstProcess.deliver([item('a')], live());
    // The importer takes the batch away; only the journal remembers it.
    for (const f of await fsp.readdir(dir)) if (f !== JOURNAL_FOLDER) await fsp.rm(path.join(dir, f));

    const [again] = await otherProcess.deliver([item('a')], live());
    expect(delivered(again)).toEqual({ ...delivered(written), alreadySent: true });
    const [fresh] = await fileDropConnector.create(connector(dir), env).deliver([item('a')], live());
    expect(delivered(fresh).alreadySent).toBe(true);
    expect(await fsp.readdir(dir)).toEqual([JOURNAL_FOLDER]);
  });

  it('counts a complete batch with no journal entry as sent, and journals it', async () => {
    const [written] = await deliver([item('a')]);
    const batch = delivered(written).batch as string;
    // A crash between the manifest and the journal.
    await fsp.rm(path.join(dir, JOURNAL_FOLDER), { recursive: true });
    const [again] = await deliver([item('a')]);
    expect(delivered(again)).toMatchObject({ batch, alreadySent: true });
    expect(await journal()).toEqual([`${batch}.json`]);
    // Which keeps it sent after the importer removes the files.
    for (const f of await fsp.readdir(dir)) if (f !== JOURNAL_FOLDER) await fsp.rm(path.join(dir, f));
    expect(delivered((await deliver([item('a')]))[0]).alreadySent).toBe(true);
  });

  it('does not take a data file without its manifest for a sent batch', async () => {
    const reference = await anotherFolder();
    await deliver([item('a'), item('b')], reference);
    for (const [name, bytes] of await snapshot(reference)) if (!name.endsWith('.manifest.json')) await fsp.writeFile(path.join(dir, name), bytes);
    const out = await deliver([item('a'), item('b')]);
    expect(out.map((o) => delivered(o).alreadySent)).toEqual([undefined, undefined]);
    expect(await snapshot()).toEqual(await snapshot(reference));
  });

  it('does not count another connector’s batches', async () => {
    await fileDropConnector.create(connector(dir, {}, 'other-drop'), env).deliver([item('a')], live());
    const [out] = await deliver([item('a')]);
    expect(delivered(out).alreadySent).toBeUndefined();
    expect(await manifests()).toHaveLength(2);
  });

  it('removes temporary files older than an hour, and only those', async () => {
    await fsp.mkdir(path.join(dir, JOURNAL_FOLDER));
    const stale = [path.join(dir, '.caseforms-0123456789abcdef.csv.tmp-0a1b2c3d4e5f'), path.join(dir, JOURNAL_FOLDER, '.0123456789abcdef.json.tmp-0a1b2c3d4e5f')];
    const fresh = path.join(dir, '.caseforms-fedcba9876543210.csv.tmp-ffffffffffff');
    const old = new Date(NOW.getTime() - STALE_TEMP_MS - 60_000);
    for (const f of [...stale, fresh]) await fsp.writeFile(f, 'partial');
    for (const f of stale) await fsp.utimes(f, old, old);
    const recent = new Date(NOW.getTime() - 5 * 60_000);
    await fsp.utimes(fresh, recent, recent);
    await deliver([item('a')]);
    for (const f of stale) await expect(fsp.access(f)).rejects.toThrow();
    await expect(fsp.access(fresh)).resolves.toBeUndefined();
  });
});

describe('failures', () => {
  const reasonOf = (o: DeliveryOutcome | undefined) => {
    expect(o?.outcome).toBe('retry');
    return (o as { reason: string }).reason;
  };
  const plain = (reason: string) => {
    expect(reason).not.toMatch(/\n\s+at |\.tmp-|caseforms-sent|Error:/);
  };

  it('a missing folder: retry, in words', async () => {
    const missing = path.join(dir, 'unmounted');
    const out = await deliver([item('a'), item('b')], missing);
    for (const o of out) expect(reasonOf(o)).toBe(`The drop folder ${missing} does not exist.`);
    // It is not created: a missing folder is often a share that is not mounted.
    await expect(fsp.access(missing)).rejects.toThrow();
  });

  it('a path that is a file: retry, in words', async () => {
    const file = path.join(dir, 'a-file');
    await fsp.writeFile(file, 'x');
    expect(reasonOf((await deliver([item('a')], file))[0])).toBe(`The drop folder ${file} is not a folder.`);
  });

  it.each([
    ['EACCES', 'The service is not allowed to write in the drop folder'],
    ['ENOSPC', 'The disk holding the drop folder'],
    ['EIO', 'Writing in the drop folder'],
  ])('%s while writing: retry, in words, nothing left behind', async (code, words) => {
    failTempFiles(code);
    const out = await deliver([item('a'), item('b', { formId: 'case-audit' })]);
    for (const o of out) {
      const reason = reasonOf(o);
      expect(reason.startsWith(`${words} ${dir}`)).toBe(true);
      plain(reason);
    }
    expect(await fsp.readdir(dir)).toEqual([]);
  });

  it('a signal aborted before writing: retry, nothing written', async () => {
    const stop = new AbortController();
    stop.abort();
    const out = await fileDropConnector.create(connector(dir), env).deliver([item('a'), item('b')], stop.signal);
    expect(out).toEqual([
      { outcome: 'retry', reason: 'Stopped before writing.' },
      { outcome: 'retry', reason: 'Stopped before writing.' },
    ]);
    expect(await fsp.readdir(dir)).toEqual([]);
  });

  it('a lease that runs out while writing: the manifest is not written', async () => {
    const real = fsp.rename;
    vi.spyOn(fs.promises, 'rename').mockImplementation(async (from, to) => {
      clock = new Date('2026-11-26T10:06:00Z'); // past the lease
      return real(from, to);
    });
    const out = await deliver([item('a'), item('b')]);
    for (const o of out) expect(reasonOf(o)).toMatch(/lease .* ran out/);
    expect(await manifests()).toEqual([]);
    expect(await journal()).toEqual([]);
  });

  it('a lease already run out: that record alone is not written', async () => {
    const out = await deliver([item('a', { leaseUntil: '2026-11-26T09:59:00Z' }), item('b')]);
    expect(reasonOf(out[0])).toMatch(/ran out/);
    expect(delivered(out[1]).alreadySent).toBeUndefined();
    expect((await manifests()).map(({ m }) => m.submissionIds)).toEqual([['b']]);
  });
});

describe('verifyBatch', () => {
  async function oneBatch(): Promise<{ name: string; m: BatchManifest }> {
    await deliver([item('a'), item('b'), item('c')]);
    return (await manifests())[0]!;
  }

  it('finds a changed byte', async () => {
    const { name, m } = await oneBatch();
    const csv = path.join(dir, m.files[0]!.name);
    const bytes = await fsp.readFile(csv);
    bytes[bytes.length - 3] = 0x58;
    await fsp.writeFile(csv, bytes);
    expect((await verifyBatch(dir, name)).problems).toEqual([expect.stringContaining('SHA-256')]);
  });

  it('finds a file cut short and a missing file', async () => {
    const { name, m } = await oneBatch();
    await fsp.truncate(path.join(dir, m.files[1]!.name), 10);
    await fsp.rm(path.join(dir, m.files[0]!.name));
    const { ok, problems } = await verifyBatch(dir, name);
    expect(ok).toBe(false);
    expect(problems.join(' ')).toMatch(/is missing.*bytes.*SHA-256/s);
  });

  it('finds a count that does not match, and a CSV whose ids differ from the JSON lines', async () => {
    const { name, m } = await oneBatch();
    const manifestPath = path.join(dir, name);
    await fsp.writeFile(manifestPath, JSON.stringify({ ...m, recordCount: 4 }));
    expect((await verifyBatch(dir, name)).problems).toEqual([expect.stringContaining('recordCount 4')]);

    // A CSV with another id in it, its size and checksum fixed up so that only the content tells.
    const csvFile = m.files.find((f) => f.format === 'csv')!;
    const text = (await fsp.readFile(path.join(dir, csvFile.name), 'utf8')).replace('\r\nb,', '\r\nq,');
    await fsp.writeFile(path.join(dir, csvFile.name), text);
    const bytes = Buffer.from(text);
    const { createHash } = await import('node:crypto');
    const files = m.files.map((f) => (f === csvFile ? { ...f, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') } : f));
    await fsp.writeFile(manifestPath, JSON.stringify({ ...m, files }));
    expect((await verifyBatch(dir, name)).problems).toEqual([`${csvFile.name}: the submission ids are not the manifest’s (in its order).`]);
  });

  it('refuses a manifest name that is not one', async () => {
    expect((await verifyBatch(dir, '../etc/passwd')).ok).toBe(false);
    expect((await verifyBatch(dir, 'caseforms-0123456789abcdef.manifest.json')).problems).toEqual(['There is no caseforms-0123456789abcdef.manifest.json.']);
  });

  it('reads RFC 4180 and refuses broken CSV', () => {
    expect(parseCsv('a,"b ""c""",\r\n"x\r\ny",2\n')).toEqual([['a', 'b "c"', ''], ['x\r\ny', '2']]);
    expect(() => parseCsv('a,"b')).toThrow(/not closed/);
    expect(() => parseCsv('a,b"c')).toThrow(/quote/);
    expect(() => parseCsv('"a"b')).toThrow(/after a closing quote/);
  });
});
