/**
 * The file-drop connector kind: writes records as batch files into a folder that the ICS batch
 * importer (or an SFTP job) picks up.
 *
 * ## What lands in the folder (one batch per form version among the records handed over)
 *
 *     <prefix>-<batchId>.csv             the records as CSV (when `csv` is among the formats)
 *     <prefix>-<batchId>.jsonl           the records as JSON lines (when `jsonl` is among them)
 *     <reference>.pdf                    each record's PDF (engine/documents), when `pdf` is on (the default)
 *     <reference>-file-<n>-<name>        each uploaded file the mapping sends (`as: "files"`), as uploaded
 *     <prefix>-<batchId>.manifest.json   written LAST: the batch is complete once this exists
 *
 * `<prefix>` is the configured file prefix (default `caseforms`); `<batchId>` is 16 lowercase hex
 * digits derived from the batch's content (connector, form, version and its submission ids), so
 * writing the same batch again after a crash gives the same names and the same bytes.
 *
 * The manifest (UTF-8 JSON):
 *
 *     { "manifest": "caseforms.file-drop/1", "batchId": "…", "connector": "<connector id>",
 *       "createdAt": "<the newest submittedAt of its records, not the time of writing>",
 *       "formId": "…", "formVersion": 2, "recordCount": 3, "submissionIds": ["…", …],
 *       "files": [{ "name": "<prefix>-<batchId>.csv", "format": "csv", "bytes": 1234, "sha256": "<64 hex>" }, …],
 *       "documents": [{ "name": "SUP-2026-000123.pdf", "kind": "record-pdf", "submissionId": "…", "mediaType": "application/pdf", "bytes": 45678, "sha256": "<64 hex>" }, …] }
 *
 * `documents` (present when `pdf` is on or a file is sent) lists each record's PDF, in the order of
 * `submissionIds`: a readable copy of the record for the child's file, named by its reference (its
 * id for a record made before references). The PDF is made from the record as it was last
 * changed, so writing a batch again gives the same bytes. Then each uploaded file a mapping rule
 * `as: "files"` sends: `{ "name": "SUP-2026-000123-file-1-fit_note.pdf", "kind": "file",
 * "submissionId", "fileId", "field": "<the ICS field listing its name>", "originalName":
 * "fit note.pdf", "mediaType", "bytes", "sha256" }` (the SHA-256 the upload was stored with).
 *
 * `submissionIds` are in the order of the rows and lines (submit order).
 *
 * **CSV** (RFC 4180, UTF-8 without a byte-order mark, CRLF line ends, fields with a comma, a
 * double quote or a line break in double quotes, quotes doubled): a header row, then one row per
 * record. Columns: `submissionId, formId, formVersion, childId, episodeId, workerId, submittedBy,
 * submittedAt, reference` (`reference` empty only for a record made before references), then the mapped ICS fields in the order they first appear in the batch (a field
 * named like one of those columns is headed `fields.<name>`). An absent or null value is an empty
 * cell; an object or list (e.g. a repeating group's rows) is its canonical JSON text (RFC 8785:
 * keys sorted), byte for byte as in the JSON lines; true/false and numbers as written in JSON.
 *
 * **Formula injection**: every cell goes through the one CSV cell writer the API's export uses too
 * (engine/submissions/csv-cell.ts): a text cell that begins with `=`, `+`, `-`, `@`, a tab or a
 * carriage return (or their full-width forms ＝ ＋ － ＠), and also one that begins with an
 * apostrophe, is written with one apostrophe in front (`=SUM(A1)` → `'=SUM(A1)`, `"-5"` → `'-5`),
 * so that a spreadsheet shows it as text instead of running it. Numbers are never prefixed
 * (`-3` stays `-3`); lists and objects are their JSON text. An importer that
 * wants the exact text removes ONE leading apostrophe from any cell that starts with one; nothing
 * else starts with an apostrophe, so this always gives back the original. The JSON lines file is
 * never altered this way: prefer it when exact values and types matter.
 *
 * **JSON lines**: one envelope (schemas/engine/ics-envelope.schema.json) per line, `\n` after
 * each, keys in a fixed order (RFC 8785), U+2028 and U+2029 written as `\u2028` and `\u2029`.
 *
 * ## How an importer should consume a batch
 *
 * 1. Look only for `*.manifest.json` (ignore names starting with a dot: those are files being
 *    written, and `.caseforms-sent/` is the connector's own record of what it wrote).
 * 2. Read the manifest; check each listed file's size and SHA-256 (file-drop-verify.ts does this
 *    and more); data files without a manifest are left-overs of an interrupted write: ignore them.
 * 3. Import the records, keyed by `submissionId` (the same record is never in two batches, but
 *    treat it as an idempotency key all the same), then move or delete the data files and the
 *    manifest last. Take manifests oldest first (by modification time) to keep submit order.
 *
 * ## How writing is made safe
 *
 * Every file is written under a temporary name in the same folder (`.<name>.tmp-<random>`),
 * flushed to disk (fsync) and renamed into place; the data files first, then the folder is
 * flushed, then the manifest. A record that is already in a complete batch is never written
 * again: the connector keeps a journal of the batches it wrote (`.caseforms-sent/<batchId>.json`,
 * written after the manifest) and also counts every manifest in the folder, so a record that
 * comes back after a crash (its lease ran out before the worker recorded the delivery) is
 * reported delivered with `alreadySent: true`. Several processes may share a folder: each reads
 * only journal entries and manifests it has not read before. Temporary files older than an hour
 * (from a crash) are removed.
 *
 * ## Where it may write
 *
 * Only inside the folders the server's configuration allows (CASEFORMS_SYNC_DROP_ROOTS; by
 * default `<data folder>/drops`), judged on the real path with links resolved, when the connector
 * is saved and again before every batch: `/srv/drops/../../etc` or a link out of the roots is
 * refused, and nothing outside them is ever written, read or swept.
 */
import { createHash, randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { canonicalJson } from '../../json/canonical.js';
import { csvCell } from '../../submissions/csv-cell.js';
import type { Connector, ConnectorDriver, ConnectorEnv, ConnectorKind, DeliveryItem, DeliveryOutcome, Envelope } from '../model.js';

export type DropFormat = 'csv' | 'jsonl';
export const DROP_FORMATS: readonly DropFormat[] = ['csv', 'jsonl'];
export const MANIFEST_FORMAT = 'caseforms.file-drop/1';
/** The hidden subfolder of the drop folder where the connector records the batches it wrote. */
export const JOURNAL_FOLDER = '.caseforms-sent';
const JOURNAL_FORMAT = 'caseforms.file-drop-sent/1';
const DEFAULT_PREFIX = 'caseforms';
const PREFIX_SOURCE = '^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$';
/** Temporary files older than this are left-overs of a crash and are removed. */
export const STALE_TEMP_MS = 60 * 60 * 1000;

/** The envelope's own columns, first in every CSV. */
export const ENVELOPE_COLUMNS = ['submissionId', 'formId', 'formVersion', 'childId', 'episodeId', 'workerId', 'submittedBy', 'submittedAt', 'reference'] as const;

/** `<prefix>-<batchId>.manifest.json`; group 1 the prefix, group 2 the batch id. */
export const MANIFEST_NAME = /^([A-Za-z0-9][A-Za-z0-9_-]{0,39})-([0-9a-f]{16})\.manifest\.json$/;
const TEMP_NAME = /^\..+\.tmp-[0-9a-f]{12}$/;
const JOURNAL_NAME = /^[0-9a-f]{16}\.json$/;

export interface DropFile {
  name: string;
  format: DropFormat;
  bytes: number;
  /** Lowercase hex SHA-256 of the file's bytes. */
  sha256: string;
}

/** A document delivered beside a batch's data files: a record's PDF, or an uploaded file. */
export interface DropDocument {
  name: string;
  kind: 'record-pdf' | 'file';
  submissionId: string;
  mediaType: string;
  bytes: number;
  sha256: string;
  /** Uploaded files: which, under which ICS field, and the name it was uploaded with. */
  fileId?: string;
  field?: string;
  originalName?: string;
}

/** An uploaded file's name in the drop folder: `<reference>-file-<n>-<its name, safe>`. */
export function droppedFileName(reference: string, n: number, name: string): string {
  const safe = name.normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(-80) || 'file';
  return `${reference}-file-${n}-${safe}`;
}

export interface BatchManifest {
  manifest: typeof MANIFEST_FORMAT;
  batchId: string;
  connector: string;
  createdAt: string;
  formId: string;
  formVersion: number;
  recordCount: number;
  submissionIds: string[];
  files: DropFile[];
  documents?: DropDocument[];
}

interface JournalEntry {
  journal: typeof JOURNAL_FORMAT;
  batchId: string;
  connector: string;
  manifest: string;
  files: string[];
  submissionIds: string[];
}

/** The settings once defaults are applied. */
export interface FileDropSettings {
  folder: string;
  formats: DropFormat[];
  filePrefix: string;
  /** Write each record's PDF beside the batch. */
  pdf: boolean;
}

const settingsSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'File drop connector settings',
  description: 'The folder batch files are written to, for the ICS batch importer or an SFTP job to collect.',
  type: 'object',
  additionalProperties: false,
  required: ['folder'],
  properties: {
    folder: {
      type: 'string',
      title: 'Drop folder',
      description:
        'The full path of the folder on the server running the sync, starting with / (e.g. /srv/ics-drop), or a drive letter on Windows. ' +
        'It must already exist, be inside a folder the server allows file drops in (its CASEFORMS_SYNC_DROP_ROOTS setting), ' +
        'and the service account must be able to create, rename and delete files in it. ' +
        'The connector keeps a hidden subfolder, .caseforms-sent, there: leave it in place.',
      minLength: 2,
      maxLength: 1024,
      pattern: '^(?:/|[A-Za-z]:[\\\\/])[^\\u0000]*$',
    },
    formats: {
      type: 'array',
      title: 'File formats',
      description: 'Which data files each batch has: "csv" (for spreadsheets and most importers), "jsonl" (JSON lines, exact values), or both.',
      items: { type: 'string', enum: ['csv', 'jsonl'] },
      minItems: 1,
      maxItems: 2,
      uniqueItems: true,
      default: ['csv', 'jsonl'],
    },
    filePrefix: {
      type: 'string',
      title: 'File name prefix',
      description:
        'The start of every file name (e.g. caseforms-3f9a0c1d2b4e5f60.csv): 1 to 40 letters, digits, hyphens or underscores, starting with a letter or digit.',
      pattern: PREFIX_SOURCE,
      default: DEFAULT_PREFIX,
    },
    pdf: {
      type: 'boolean',
      title: 'Record PDFs',
      description: 'Write each record as a PDF (<reference>.pdf, listed with its SHA-256 in the manifest) beside the batch, for the child’s file. On unless turned off.',
      default: true,
    },
  },
} as const;

// --- what is written --------------------------------------------------------------------------

/**
 * A value as a CSV cell of a batch file, never a formula (engine/submissions/csv-cell.ts). Lists
 * and objects are canonical JSON, as in the JSON lines: a row's keys come in the mapping's order
 * from the envelope but sorted from a JSON line, and the verifier compares the text.
 */
export function dropCell(value: unknown): string {
  return value !== null && typeof value === 'object' ? canonicalJson(value) : csvCell(value, 'json');
}

function ownFields(e: Envelope): Map<string, unknown> {
  return new Map(Object.entries(e.fields ?? {}));
}

/** The mapped field names of a batch, in the order they first appear. */
export function fieldNames(envelopes: Envelope[]): string[] {
  const names = new Set<string>();
  for (const e of envelopes) for (const k of ownFields(e).keys()) names.add(k);
  return [...names];
}

/** A field's column heading: its name, or `fields.<name>` when an envelope column has that name. */
export function fieldHeading(name: string): string {
  return (ENVELOPE_COLUMNS as readonly string[]).includes(name) ? `fields.${name}` : name;
}

/** One record's CSV cells for the batch's `fields` (from `fieldNames`). */
export function csvRecord(e: Envelope, fields: string[]): string[] {
  const f = ownFields(e);
  const s = e.subject ?? {};
  return [e.submissionId, e.formId, e.formVersion, s.childId, s.episodeId, s.workerId, e.submittedBy, e.submittedAt, e.reference, ...fields.map((k) => f.get(k))].map(dropCell);
}

function csvText(envelopes: Envelope[]): string {
  const fields = fieldNames(envelopes);
  const header = [...ENVELOPE_COLUMNS, ...fields.map(fieldHeading)].map(dropCell);
  // Any CR or LF in a cell is quoted (csv-stringify leaves a lone one bare once record_delimiter is set).
  return stringify([header, ...envelopes.map((e) => csvRecord(e, fields))], { record_delimiter: 'windows', quote_record_delimiter: true });
}

/** One envelope as a JSON line (without its `\n`): canonical key order, line separators escaped. */
export function jsonLine(e: Envelope): string {
  return canonicalJson(e).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** The batch id: 16 hex digits of SHA-256 over the connector, form, version and sorted submission ids. */
export function batchIdOf(connector: string, formId: string, formVersion: number, submissionIds: string[]): string {
  const ids = [...submissionIds].sort();
  return createHash('sha256').update(JSON.stringify([connector, formId, formVersion, ids])).digest('hex').slice(0, 16);
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The newest of some ISO times (as written), for a batch's `createdAt`. */
function newest(times: string[]): string {
  const at = (t: string) => {
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? -Infinity : ms;
  };
  return times.reduce((a, b) => (at(b) > at(a) || (at(b) === at(a) && b > a) ? b : a));
}

interface Batch {
  id: string;
  manifestName: string;
  manifest: BatchManifest;
  manifestBytes: Buffer;
  files: Array<{ name: string; bytes: Buffer }>;
}

/** A record's document for a batch, made before the batch is built. */
export interface BatchDocument {
  name: string;
  submissionId: string;
  bytes: Buffer;
}

/** A batch's files, all derived from its items (in any order) and their documents, and nothing else. */
export function buildBatch(connector: string, settings: Pick<FileDropSettings, 'formats' | 'filePrefix'>, items: DeliveryItem[], documents?: BatchDocument[], uploads: DropDocument[] = []): Batch {
  const sorted = [...items].sort((a, b) => a.entry.seq - b.entry.seq || (a.envelope.submissionId < b.envelope.submissionId ? -1 : 1));
  const envelopes = sorted.map((i) => i.envelope);
  const first = envelopes[0];
  if (!first) throw new Error('A batch needs at least one record.');
  const ids = envelopes.map((e) => e.submissionId);
  const id = batchIdOf(connector, first.formId, first.formVersion, ids);
  const base = `${settings.filePrefix}-${id}`;
  const files = DROP_FORMATS.filter((f) => settings.formats.includes(f)).map((format) => ({
    format,
    name: `${base}.${format}`,
    bytes: Buffer.from(format === 'csv' ? csvText(envelopes) : envelopes.map((e) => jsonLine(e) + '\n').join(''), 'utf8'),
  }));
  const manifest: BatchManifest = {
    manifest: MANIFEST_FORMAT,
    batchId: id,
    connector,
    createdAt: newest(envelopes.map((e) => e.submittedAt)),
    formId: first.formId,
    formVersion: first.formVersion,
    recordCount: ids.length,
    submissionIds: ids,
    files: files.map((f) => ({ name: f.name, format: f.format, bytes: f.bytes.length, sha256: sha256Hex(f.bytes) })),
  };
  const docs = documents ? ids.map((sid) => documents.find((d) => d.submissionId === sid)).filter((d): d is BatchDocument => d !== undefined) : undefined;
  if (docs) manifest.documents = docs.map((d) => ({ name: d.name, kind: 'record-pdf', submissionId: d.submissionId, mediaType: 'application/pdf', bytes: d.bytes.length, sha256: sha256Hex(d.bytes) }));
  if (uploads.length) manifest.documents = [...(manifest.documents ?? []), ...ids.flatMap((sid) => uploads.filter((u) => u.submissionId === sid))];
  const manifestName = `${base}.manifest.json`;
  const written = [...files.map(({ name, bytes }) => ({ name, bytes })), ...(docs ?? []).map(({ name, bytes }) => ({ name, bytes }))];
  return { id, manifestName, manifest, manifestBytes: Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8'), files: written };
}

function journalEntryOf(manifestName: string, m: BatchManifest): JournalEntry {
  return { journal: JOURNAL_FORMAT, batchId: m.batchId, connector: m.connector, manifest: manifestName, files: [...m.files, ...(m.documents ?? [])].map((f) => f.name), submissionIds: m.submissionIds };
}

// --- the disk ---------------------------------------------------------------------------------

/** A disk error in words, naming only the configured folder (never a temporary file's path, never a stack). */
export function diskProblem(err: unknown, folder: string): string {
  const raw = (err as { code?: unknown } | null)?.code;
  const code = typeof raw === 'string' && /^[A-Z0-9_]{1,32}$/.test(raw) ? raw : undefined;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return `The disk holding the drop folder ${folder} is full.`;
    case 'EACCES':
    case 'EPERM':
      return `The service is not allowed to write in the drop folder ${folder}.`;
    case 'EROFS':
      return `The drop folder ${folder} is on a read-only disk.`;
    case 'ENOENT':
      return `The drop folder ${folder} does not exist.`;
    case 'ENOTDIR':
      return `The drop folder ${folder} is not a folder.`;
    default:
      return `Writing in the drop folder ${folder} failed (${code ?? 'unknown error'}).`;
  }
}

/** Writes `bytes` to a new temporary file beside `name` in `dir`, flushed to disk; returns its path. */
async function writeTemp(dir: string, name: string, bytes: Buffer): Promise<string> {
  return (await writeTempStream(dir, name, [bytes])).tmp;
}

/** Streams `body` to a new temporary file beside `name` in `dir`, flushed to disk; its path, size and SHA-256. */
async function writeTempStream(dir: string, name: string, body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<{ tmp: string; bytes: number; sha256: string }> {
  const tmp = path.join(dir, `.${name}.tmp-${randomBytes(6).toString('hex')}`);
  const fh = await fsp.open(tmp, 'wx');
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of body) {
      hash.update(chunk);
      bytes += chunk.length;
      // writeFile on a handle writes all of it, from the current position.
      await fh.writeFile(chunk);
    }
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => undefined);
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  await fh.close();
  return { tmp, bytes, sha256: hash.digest('hex') };
}

/** Flushes a folder's entries (the renames in it) to disk. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fh = await fsp.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function writeAtomically(dir: string, name: string, bytes: Buffer): Promise<void> {
  const tmp = await writeTemp(dir, name, bytes);
  try {
    await fsp.rename(tmp, path.join(dir, name));
  } catch (err) {
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  await syncDir(dir);
}

/** Removes a left-over temporary file when it is older than an hour. */
async function removeIfStale(file: string, now: Date): Promise<void> {
  try {
    const st = await fsp.stat(file);
    if (now.getTime() - st.mtimeMs > STALE_TEMP_MS) await fsp.rm(file, { force: true });
  } catch {
    // Gone already, or another process is dealing with it.
  }
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await fsp.readFile(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

// --- settings and check -----------------------------------------------------------------------

function isAbsoluteFolder(folder: unknown): folder is string {
  return typeof folder === 'string' && folder.length > 1 && !folder.includes('\0') && (path.posix.isAbsolute(folder) || path.win32.isAbsolute(folder));
}

/** The settings with defaults applied; throws when they are unusable (they are schema-checked when the connector is saved). */
export function fileDropSettings(connector: Pick<Connector, 'id' | 'settings'>): FileDropSettings {
  const s = connector.settings;
  const formats = s.formats === undefined ? [...DROP_FORMATS] : s.formats;
  const filePrefix = s.filePrefix === undefined ? DEFAULT_PREFIX : s.filePrefix;
  const problems: string[] = [];
  if (!isAbsoluteFolder(s.folder)) problems.push('The drop folder is not an absolute path.');
  if (!isStringArray(formats) || formats.length === 0 || !formats.every((f) => (DROP_FORMATS as readonly string[]).includes(f))) problems.push('The file formats must be csv, jsonl or both.');
  if (typeof filePrefix !== 'string' || !new RegExp(PREFIX_SOURCE).test(filePrefix)) problems.push('The file name prefix is not a safe name.');
  if (problems.length > 0) throw new Error(`The settings of connector ${connector.id} are not usable: ${problems.join(' ')}`);
  if (s.pdf !== undefined && typeof s.pdf !== 'boolean') problems.push('"pdf" must be true or false.');
  return { folder: s.folder as string, formats: formats as DropFormat[], filePrefix: filePrefix as string, pdf: s.pdf !== false };
}

const inside = (root: string, p: string) => {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/**
 * Where a drop folder really is (links resolved) when that is inside one of `roots` (the server's
 * CASEFORMS_SYNC_DROP_ROOTS, also resolved), with its journal subfolder not a link out; else
 * what is wrong, in words. Checked when a connector is saved and again before every batch, so a
 * folder swapped for a link later is refused then.
 */
export async function resolveDropFolder(folder: string, roots: readonly string[]): Promise<{ real: string } | { problem: string }> {
  let real: string;
  try {
    real = await fsp.realpath(folder);
  } catch (err) {
    return { problem: diskProblem(err, folder) };
  }
  const realRoots = await Promise.all(roots.map((r) => fsp.realpath(r).catch(() => path.resolve(r))));
  if (!realRoots.some((r) => inside(r, real))) {
    const leads = real === folder ? '' : ` (it leads to ${real})`;
    const allowed = roots.length ? `inside ${roots.join(' or ')}` : 'anywhere (no folder is allowed)';
    return { problem: `The drop folder ${folder}${leads} is outside the folders this server allows file drops in: it must be ${allowed}. The server's operator sets these with CASEFORMS_SYNC_DROP_ROOTS.` };
  }
  const journal = await fsp.lstat(path.join(real, JOURNAL_FOLDER)).catch(() => null);
  if (journal && !journal.isDirectory()) return { problem: `${path.join(folder, JOURNAL_FOLDER)} must be a folder (the connector's record of what it wrote), but it is a file or a link.` };
  return { real };
}

async function check(settings: Record<string, unknown>, env: ConnectorEnv): Promise<Array<{ pointer: string; message: string }>> {
  const folder = settings.folder;
  if (!isAbsoluteFolder(folder)) return [{ pointer: '/folder', message: 'Give the drop folder as a full path starting with /, e.g. /srv/ics-drop.' }];
  const problem = (message: string) => [{ pointer: '/folder', message }];
  const where = await resolveDropFolder(folder, env.dropRoots);
  if ('problem' in where) return problem(where.problem);
  try {
    const st = await fsp.stat(where.real);
    if (!st.isDirectory()) return problem(`${folder} is a file, not a folder.`);
    await fsp.readdir(where.real);
    const tmp = await writeTemp(where.real, 'caseforms-check', Buffer.from('caseforms write check\n'));
    await fsp.rm(tmp);
  } catch (err) {
    return problem(diskProblem(err, folder));
  }
  return [];
}

// --- the driver -------------------------------------------------------------------------------

interface SentBatch {
  batch: string;
  manifest: string;
  files: string[];
}

const STOPPED = 'Stopped before writing.';
const LAPSED = 'The lease on this record ran out before its batch was complete; it will be written again.';

const retry = (reason: string): DeliveryOutcome => ({ outcome: 'retry', reason });

function leaseLapsed(items: DeliveryItem[], now: Date): boolean {
  return items.some((i) => i.entry.leaseUntil !== undefined && Date.parse(i.entry.leaseUntil) <= now.getTime());
}

class LeaseLapsed extends Error {}

class FileDropDriver implements ConnectorDriver {
  private readonly settings: FileDropSettings;
  /** The folder's real path, checked against the allowed roots before each delivery. */
  private folder = '';
  private journalDir = '';
  /** Every submission id known to be in a complete batch of this connector. */
  private readonly sent = new Map<string, SentBatch>();
  /** Journal entries and manifests already read (they never change once written). */
  private readonly readJournal = new Set<string>();
  private readonly readManifests = new Set<string>();

  constructor(
    private readonly connector: Connector,
    private readonly env: ConnectorEnv,
  ) {
    this.settings = fileDropSettings(connector);
  }

  async deliver(items: DeliveryItem[], signal: AbortSignal): Promise<DeliveryOutcome[]> {
    const out: DeliveryOutcome[] = items.map(() => retry(STOPPED));
    if (signal.aborted || items.length === 0) return out;
    // Nothing is written, read or swept outside the allowed roots.
    const where = await resolveDropFolder(this.settings.folder, this.env.dropRoots);
    if ('problem' in where) return items.map(() => retry(where.problem));
    this.folder = where.real;
    this.journalDir = path.join(where.real, JOURNAL_FOLDER);
    try {
      await this.refresh();
    } catch (err) {
      return items.map(() => retry(diskProblem(err, this.settings.folder)));
    }
    // Unsent records grouped by form version, each submission once (with every place it was given).
    const groups = new Map<string, Map<string, { item: DeliveryItem; at: number[] }>>();
    const now = this.env.now();
    for (const [n, item] of items.entries()) {
      const done = this.sent.get(item.envelope.submissionId);
      if (done) out[n] = { outcome: 'delivered', result: { ...done, files: [...done.files], alreadySent: true } };
      else if (leaseLapsed([item], now)) out[n] = retry(LAPSED);
      else {
        const key = JSON.stringify([item.envelope.formId, item.envelope.formVersion]);
        const group = groups.get(key) ?? new Map<string, { item: DeliveryItem; at: number[] }>();
        groups.set(key, group);
        const same = group.get(item.envelope.submissionId);
        if (same) same.at.push(n);
        else group.set(item.envelope.submissionId, { item, at: [n] });
      }
    }
    for (const group of groups.values()) {
      if (signal.aborted) break;
      const members = [...group.values()];
      const outcome = await this.writeBatch(members.map((m) => m.item));
      for (const m of members) for (const n of m.at) out[n] = outcome;
    }
    return out;
  }

  /** Writes one batch; the outcome holds for each of its records. */
  private async writeBatch(items: DeliveryItem[]): Promise<DeliveryOutcome> {
    const { folder } = this;
    let documents: BatchDocument[] | undefined;
    if (this.settings.pdf && this.env.documents) {
      documents = [];
      for (const i of items) {
        let pdf: { name: string; bytes: Buffer } | null;
        try {
          pdf = await this.env.documents.recordPdf(i.envelope.submissionId);
        } catch {
          return retry(`Making the PDF of ${i.envelope.reference ?? i.envelope.submissionId} failed; it will be tried again.`);
        }
        if (!pdf) return retry(`Record ${i.envelope.submissionId} is not a submitted record, so it has no PDF.`);
        documents.push({ ...pdf, submissionId: i.envelope.submissionId });
      }
    }
    // Uploaded files the mapping sends: streamed from the store into temporary files first.
    const uploads: DropDocument[] = [];
    const uploadTemps: string[] = [];
    const dropTemps = () => Promise.all(uploadTemps.map((t) => fsp.rm(t, { force: true }).catch(() => undefined)));
    for (const i of items) {
      for (const [n, f] of (i.files ?? []).entries()) {
        const source = this.env.documents ? await this.env.documents.file(i.envelope.submissionId, f.file.id).catch(() => null) : { problem: 'Uploaded files are not available in this process.' };
        const problem = !source ? `Reading ${f.file.name} from the store failed; it will be tried again.` : 'problem' in source ? source.problem : null;
        if (problem || !source || 'problem' in source) {
          await dropTemps();
          return retry(problem ?? 'The file could not be read.');
        }
        const name = droppedFileName(i.envelope.reference ?? i.envelope.submissionId, n + 1, f.file.name);
        let written: { tmp: string; bytes: number; sha256: string };
        try {
          written = await writeTempStream(folder, name, source.body);
        } catch (err) {
          await dropTemps();
          return retry(diskProblem(err, this.settings.folder));
        }
        uploadTemps.push(written.tmp);
        if (written.sha256 !== f.file.sha256) {
          await dropTemps();
          return retry(`${f.file.name} in the store does not have the SHA-256 it was uploaded with; it is not sent.`);
        }
        uploads.push({ name, kind: 'file', submissionId: i.envelope.submissionId, fileId: f.file.id, field: f.target, originalName: f.file.name, mediaType: f.file.mediaType, bytes: written.bytes, sha256: written.sha256 });
      }
    }
    const batch = buildBatch(this.connector.id, this.settings, items, documents, uploads);
    const temps: string[] = [];
    let committed = false;
    try {
      for (const [n, u] of uploads.entries()) await fsp.rename(uploadTemps[n]!, path.join(folder, u.name));
      for (const f of batch.files) temps.push(await writeTemp(folder, f.name, f.bytes));
      const manifestTemp = await writeTemp(folder, batch.manifestName, batch.manifestBytes);
      temps.push(manifestTemp);
      for (const [n, f] of batch.files.entries()) await fsp.rename(temps[n]!, path.join(folder, f.name));
      await syncDir(folder);
      // The last moment to step back: past it the batch is visible to the importer.
      if (leaseLapsed(items, this.env.now())) throw new LeaseLapsed();
      await fsp.rename(manifestTemp, path.join(folder, batch.manifestName));
      committed = true;
      await syncDir(folder);
    } catch (err) {
      // Data files already renamed stay: without a manifest they are not a batch, and writing the
      // batch again replaces them with the same bytes.
      await Promise.all(temps.map((t) => fsp.rm(t, { force: true }).catch(() => undefined)));
      await dropTemps();
      if (!committed) return retry(err instanceof LeaseLapsed ? LAPSED : diskProblem(err, this.settings.folder));
    }
    const sent = this.remember(batch.manifestName, batch.manifest);
    // Best effort: should it fail, the manifest in the folder still marks the records as sent.
    await this.writeJournal(batch.manifestName, batch.manifest).catch(() => undefined);
    return { outcome: 'delivered', result: { ...sent, files: [...sent.files] } };
  }

  private remember(manifestName: string, m: { batchId: string; files: Array<string | { name: string }>; documents?: Array<{ name: string }>; submissionIds: string[] }): SentBatch {
    const named = [...m.files, ...(Array.isArray(m.documents) ? m.documents : [])];
    const sent: SentBatch = { batch: m.batchId, manifest: manifestName, files: named.map((f) => (typeof f === 'string' ? f : f.name)) };
    for (const id of m.submissionIds) this.sent.set(id, sent);
    return sent;
  }

  private async writeJournal(manifestName: string, m: BatchManifest): Promise<void> {
    const name = `${m.batchId}.json`;
    await fsp.mkdir(this.journalDir, { recursive: true });
    await writeAtomically(this.journalDir, name, Buffer.from(JSON.stringify(journalEntryOf(manifestName, m), null, 2) + '\n', 'utf8'));
    this.readJournal.add(name);
  }

  /**
   * Learns what other processes (or this one before a restart) wrote: journal entries and
   * manifests not read before. Removes stale temporary files on the way. Throws when the drop
   * folder cannot be read.
   */
  private async refresh(): Promise<void> {
    const now = this.env.now();
    let journal: string[] = [];
    try {
      journal = await fsp.readdir(this.journalDir);
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOENT') throw err;
    }
    for (const name of journal) {
      if (TEMP_NAME.test(name)) await removeIfStale(path.join(this.journalDir, name), now);
      if (!JOURNAL_NAME.test(name) || this.readJournal.has(name)) continue;
      const e = await readJson(path.join(this.journalDir, name));
      if (!e || typeof e !== 'object') continue;
      const j = e as Partial<JournalEntry>;
      if (typeof j.connector !== 'string' || typeof j.batchId !== 'string' || typeof j.manifest !== 'string' || !isStringArray(j.files) || !isStringArray(j.submissionIds)) continue;
      this.readJournal.add(name);
      if (j.connector === this.connector.id) this.remember(j.manifest, { batchId: j.batchId, files: j.files, submissionIds: j.submissionIds });
    }
    for (const name of await fsp.readdir(this.folder)) {
      if (TEMP_NAME.test(name)) await removeIfStale(path.join(this.folder, name), now);
      if (!MANIFEST_NAME.test(name) || this.readManifests.has(name)) continue;
      const e = await readJson(path.join(this.folder, name));
      if (!e || typeof e !== 'object') continue;
      const m = e as Partial<BatchManifest>;
      const files = m.files;
      const named = Array.isArray(files) && files.every((f: unknown) => typeof (f as { name?: unknown } | null)?.name === 'string');
      if (m.manifest !== MANIFEST_FORMAT || typeof m.batchId !== 'string' || typeof m.connector !== 'string' || !named || !isStringArray(m.submissionIds)) continue;
      this.readManifests.add(name);
      if (m.connector !== this.connector.id) continue;
      this.remember(name, m as BatchManifest);
      // A crash between the manifest and the journal: journal it now, so that the records stay
      // known as sent after the importer has taken the files away.
      if (!this.readJournal.has(`${m.batchId}.json`)) await this.writeJournal(name, m as BatchManifest).catch(() => undefined);
    }
  }
}

export const fileDropConnector: ConnectorKind = {
  kind: 'file-drop',
  description:
    'Writes records as batch files (CSV and/or JSON lines, with a manifest of counts and SHA-256 checksums) into a folder that the ICS batch importer or an SFTP job collects. ' +
    'Each file appears complete or not at all, the manifest last; a record is never written in two batches.',
  settingsSchema,
  check: (settings, env) => check(settings, env),
  create: (connector, env) => new FileDropDriver(connector, env),
};
