/**
 * Reading an ICS extract into a directory batch: CSV (a header row of field names, then a row per
 * child, worker or team) or JSON Lines (an object per line), read as a stream. Every row is
 * checked against its schema (schemas/engine/{child,worker,team}.schema.json) and against the
 * others (an id twice, a child merged into itself); a batch with any bad row is never applied, and
 * its report names EVERY bad row, by line, in words for the IT person who runs the extract.
 * The file drop (file-drop.ts) and the integrators' API (http/routes/directory-import.ts) both
 * read and apply batches here.
 */
import { createHash } from 'node:crypto';
import type { ErrorObject } from 'ajv';
import { parse as parseCsv, type CsvError } from 'csv-parse';
import type { EngineContext } from '../context.js';
import { DomainError, ValidationFailedError } from '../errors.js';
import { newEvent } from '../store/events.js';
import { engineValidator, loadEngineSchema } from '../validation/requests.js';
import type { AppliedBatch, DirectoryBatch, DirectoryKind, DirectoryRow } from './model.js';

export type ExtractFormat = 'csv' | 'jsonl';
/** The extract's bytes as they arrive: a file or request stream, or chunks in tests. */
export type ExtractInput = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;
export type BatchMode = DirectoryBatch['mode'];

export interface ImportLimits {
  /** Bytes of the whole extract. */
  maxBytes: number;
  /** Data rows (rows to add or change, and delete rows). A full batch cannot be split, so this is generous. */
  maxRows: number;
  /** Bytes of one line (JSON Lines) or one row (CSV). */
  maxLineBytes: number;
  /** Bad rows listed in a report; more are counted, not listed. */
  maxReported: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = { maxBytes: 256 * 1024 * 1024, maxRows: 500_000, maxLineBytes: 64 * 1024, maxReported: 1000 };

/** One thing wrong with one row: `pointer` is into the row (`/dateOfBirth`), empty for the row as a whole. */
export interface RowProblem {
  line: number;
  id?: string;
  pointer: string;
  message: string;
}

export interface ExtractOptions {
  kind: DirectoryKind;
  mode: BatchMode;
  format: ExtractFormat;
  limits?: Partial<ImportLimits>;
}

/** An extract read and checked: its rows when every one is good, else what is wrong with them. */
export interface Extract<K extends DirectoryKind = DirectoryKind> {
  kind: K;
  mode: BatchMode;
  format: ExtractFormat;
  /** Hex SHA-256 of the bytes read. */
  fingerprint: string;
  bytes: number;
  /** Data rows read, good and bad (not the header, not blank lines). */
  rows: number;
  upserts: Array<Omit<DirectoryRow<K>, 'updatedAt'>>;
  deletes: string[];
  /** Bad rows in line order, at most `maxReported`. */
  problems: RowProblem[];
  /** Problems found beyond those listed. */
  unlisted: number;
  /** Set when reading stopped because the extract is larger than the limits allow: why, in words. */
  tooLarge?: string;
}

/** A batch with bad rows: `errors` point at them as `/<0-based line index>/<field>` (a request body's lines). */
export class ExtractRejectedError extends ValidationFailedError {
  constructor(readonly extract: Extract) {
    super(rejectedInWords(extract), extract.problems.map((p) => ({ pointer: `/${p.line - 1}${p.pointer}`, message: p.message })));
  }
}

/** An extract larger than the limits (bytes or rows). */
export class ExtractTooLargeError extends DomainError {
  constructor(readonly extract: Extract) {
    super('invalid-request', extract.tooLarge ?? 'The batch is too large.');
  }
}

const NOUN: Record<DirectoryKind, string> = { children: 'child', workers: 'worker', teams: 'team' };
const SCHEMA: Record<DirectoryKind, 'child' | 'worker' | 'team'> = { children: 'child', workers: 'worker', teams: 'team' };
const DELETE_COLUMN = '_action';

/** What the schemas' id patterns mean, for people (tests check every pattern of the three schemas has words). */
export const PATTERN_WORDS: Record<string, string> = {
  '^[A-Za-z0-9][A-Za-z0-9/_-]{0,19}$': 'an ICS id: 1 to 20 letters, digits, /, _ or -, starting with a letter or digit (like C1234567)',
  '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$': 'a team id: 1 to 64 letters, digits, dots, _ or -, starting with a letter or digit (like cin-north)',
  '^SW[0-9]{1,8}$': 'a Social Work England registration: SW and up to 8 digits (like SW123456)',
};

interface KindSchema {
  properties: Record<string, { type?: string; format?: string; pattern?: string; enum?: string[]; maxItems?: number; items?: { pattern?: string } }>;
  required: string[];
}

function schemaOf(kind: DirectoryKind): KindSchema {
  return loadEngineSchema(SCHEMA[kind]) as unknown as KindSchema;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
/** 65536 → "64 KB", 268435456 → "256 MB". */
export function sizeInWords(bytes: number): string {
  const [n, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), 'MB'] : bytes >= 1024 ? [bytes / 1024, 'KB'] : [bytes, 'bytes'];
  return `${n.toLocaleString('en-GB', { maximumFractionDigits: 1 })} ${unit}`;
}

function rejectedInWords(x: Extract): string {
  const bad = x.problems.length + x.unlisted;
  const listed = x.unlisted ? `; the first ${plural(x.problems.length, 'problem')} are listed, ${x.unlisted.toLocaleString('en-GB')} more are not` : '';
  return `The ${x.kind} batch was not applied: ${plural(bad, 'problem')} in its rows${listed}. Nothing was changed; fix every row listed and send the whole batch again.`;
}

/** A field of the row a pointer is into (`/allowedWorkerIds/2` → `allowedWorkerIds`). */
const fieldOf = (pointer: string) => pointer.split('/')[1] ?? '';

/** One ajv error on a row, in words: "dateOfBirth must be a date like 2015-03-02." */
function sentence(e: ErrorObject, kind: DirectoryKind, schema: KindSchema, csv: boolean): { pointer: string; message: string } {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'required') {
    const f = String(p.missingProperty);
    return { pointer: `/${f}`, message: `${f} is ${csv ? 'empty' : 'missing'}: every ${NOUN[kind]} needs one.` };
  }
  if (e.keyword === 'additionalProperties') {
    const f = String(p.additionalProperty);
    return { pointer: `/${f}`, message: `"${f}" is not a field of ${kind} (the fields are ${Object.keys(schema.properties).join(', ')}).` };
  }
  const pointer = e.instancePath;
  const field = fieldOf(pointer);
  const item = pointer.split('/').length > 2;
  const f = item ? `each id in ${field}` : field;
  const own = schema.properties[field];
  switch (e.keyword) {
    case 'type':
      if (p.type === 'boolean') return { pointer, message: `${f} must be true or false${csv ? ' (yes, no, Y, N, 1 and 0 are read too)' : ''}.` };
      if (p.type === 'array') return { pointer, message: `${f} must be a list of ICS worker ids${csv ? ' separated by ;' : ', like ["W1", "W2"]'}.` };
      return { pointer, message: `${f} must be text${csv ? '' : ' (in quotes)'}.` };
    case 'minLength':
      return { pointer, message: `${f} must not be empty.` };
    case 'maxLength':
      return { pointer, message: `${f} must be ${plural(Number(p.limit), 'character')} or fewer.` };
    case 'pattern': {
      const words = PATTERN_WORDS[String(p.pattern)];
      return { pointer, message: words ? `${f} must be ${words}.` : `${f} must match ${String(p.pattern)}.` };
    }
    case 'format':
      if (p.format === 'date') return { pointer, message: `${f} must be a real date like 2015-03-02${csv ? ' (or 02/03/2015)' : ''}.` };
      if (p.format === 'email') return { pointer, message: `${f} must be an email address like name@council.example.` };
      return { pointer, message: `${f} must be ${String(p.format)}.` };
    case 'enum':
      return { pointer, message: `${f} must be one of ${(own?.enum ?? (p.allowedValues as string[])).join(', ')}.` };
    case 'maxItems':
      return { pointer, message: `${f} can name at most ${plural(Number(p.limit), 'worker')}.` };
    case 'uniqueItems':
      return { pointer, message: `${f} names the same worker twice.` };
    default:
      return { pointer, message: `${f} is not allowed here (${e.keyword}).` };
  }
}

/** What a CSV cell means for its field: a list split at `;`, a boolean in any of its usual spellings, a day-first date as YYYY-MM-DD. */
function cellValue(text: string, field: KindSchema['properties'][string] | undefined): unknown {
  if (!field) return text;
  if (field.type === 'array') {
    return text
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
  }
  if (field.type === 'boolean') {
    const v = text.toLowerCase();
    if (['true', 'yes', 'y', '1'].includes(v)) return true;
    if (['false', 'no', 'n', '0'].includes(v)) return false;
    return text;
  }
  if (field.format === 'date') {
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
    if (m) return `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  }
  return text;
}

/** Checks rows one by one, and across the batch; collects the good and the problems. */
class Checker<K extends DirectoryKind> {
  readonly schema: KindSchema;
  private readonly validate;
  private readonly idPattern: RegExp;
  private readonly seen = new Map<string, number>();
  readonly upserts: Array<Record<string, unknown>> = [];
  readonly deletes: string[] = [];
  readonly problems: RowProblem[] = [];
  unlisted = 0;
  rows = 0;
  /** Fields whose absence was reported once for the whole file (a CSV header without the column). */
  readonly missingColumns = new Set<string>();

  constructor(
    readonly kind: K,
    readonly mode: BatchMode,
    readonly csv: boolean,
    private readonly maxReported: number,
  ) {
    this.schema = schemaOf(kind);
    this.validate = engineValidator(SCHEMA[kind]);
    this.idPattern = new RegExp(this.schema.properties.id!.pattern!);
  }

  get bad(): boolean {
    return this.problems.length + this.unlisted > 0;
  }

  problem(line: number, id: unknown, pointer: string, message: string): void {
    if (this.problems.length >= this.maxReported) {
      this.unlisted++;
      return;
    }
    const shown = typeof id === 'string' && id !== '' && id.length <= 40 ? id : undefined;
    this.problems.push({ line, ...(shown ? { id: shown } : {}), pointer, message: `Line ${line}${shown ? ` (${shown})` : ''}: ${message}` });
  }

  /** An id may appear once in a batch (as a row or a delete). */
  private once(line: number, id: string): boolean {
    const first = this.seen.get(id);
    if (first !== undefined) {
      this.problem(line, id, '/id', `${id} is also on line ${first}; an id may appear only once in a batch.`);
      return false;
    }
    this.seen.set(id, line);
    return true;
  }

  upsert(line: number, row: Record<string, unknown>): void {
    this.rows++;
    const checked = this.validate(row);
    if (!checked.ok) {
      const said = new Set<string>();
      for (const e of checked.errors) {
        const s = sentence(e, this.kind, this.schema, this.csv);
        if (e.keyword === 'required' && this.missingColumns.has(fieldOf(s.pointer))) continue;
        if (said.has(s.pointer + s.message)) continue;
        said.add(s.pointer + s.message);
        this.problem(line, row.id, s.pointer, s.message);
      }
    }
    const id = row.id;
    if (typeof id === 'string' && this.idPattern.test(id)) this.once(line, id);
    if (this.kind === 'children' && typeof id === 'string' && row.mergedInto === id) this.problem(line, id, '/mergedInto', 'mergedInto is the child’s own id; a child cannot be merged into itself.');
    if (this.kind === 'workers' && typeof id === 'string' && row.managerId === id) this.problem(line, id, '/managerId', 'managerId is the worker’s own id; a worker cannot be their own line manager.');
    if (this.bad) return;
    const filled = this.kind === 'children' ? { restricted: false, ...row } : this.kind === 'workers' ? { active: true, ...row } : row;
    this.upserts.push(filled);
  }

  delete(line: number, id: unknown, pointer: string): void {
    this.rows++;
    if (this.mode !== 'delta') {
      this.problem(line, id, pointer, `a delete row is only allowed in a delta batch; a full batch lists every ${NOUN[this.kind]} that should exist, and removes the others.`);
      return;
    }
    if (typeof id !== 'string' || !this.idPattern.test(id)) {
      this.problem(line, id, pointer, `the id to delete must be ${PATTERN_WORDS[this.idPattern.source] ?? `text matching ${this.idPattern.source}`}.`);
      return;
    }
    if (this.once(line, id) && !this.bad) this.deletes.push(id);
  }

  /** Row-count limit: true when this batch has gone past it. */
  over(limits: ImportLimits): boolean {
    return this.rows > limits.maxRows;
  }
}

/** The input, hashed and counted as it passes; stops with TooLarge past `maxBytes`. */
class TooLarge extends Error {}

async function* tapped(input: ExtractInput, state: { hash: ReturnType<typeof createHash>; bytes: number }, maxBytes: number): AsyncGenerator<Buffer> {
  for await (const chunk of input) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    state.bytes += buf.length;
    if (state.bytes > maxBytes) throw new TooLarge();
    state.hash.update(buf);
    yield buf;
  }
}

/** Lines of a byte stream (LF or CRLF), numbered from 1; a line longer than `maxLine` bytes comes as null. */
async function* linesOf(input: AsyncIterable<Buffer>, maxLine: number): AsyncGenerator<{ n: number; text: string | null }> {
  let parts: Buffer[] = [];
  let size = 0;
  let n = 0;
  const take = () => {
    n++;
    const text = size > maxLine ? null : Buffer.concat(parts).toString('utf8');
    parts = [];
    size = 0;
    return { n, text: text?.endsWith('\r') ? text.slice(0, -1) : text };
  };
  for await (const buf of input) {
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(10, start);
      const end = nl === -1 ? buf.length : nl;
      size += end - start;
      if (size <= maxLine && end > start) parts.push(buf.subarray(start, end));
      if (nl === -1) break;
      yield take();
      start = nl + 1;
    }
  }
  if (size > 0) yield take();
}

async function readJsonLines<K extends DirectoryKind>(input: AsyncIterable<Buffer>, c: Checker<K>, limits: ImportLimits): Promise<string | undefined> {
  for await (const { n, text } of linesOf(input, limits.maxLineBytes)) {
    if (text === null) {
      c.rows++;
      c.problem(n, undefined, '', `the line is longer than ${sizeInWords(limits.maxLineBytes)}; JSON Lines has one ${NOUN[c.kind]} per line, and no ${NOUN[c.kind]} is that long.`);
      continue;
    }
    const line = n === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      c.rows++;
      c.problem(n, undefined, '', 'the line is not valid JSON; JSON Lines has one complete JSON object on each line.');
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      c.rows++;
      c.problem(n, undefined, '', `the line must be a JSON object, like {"id": "${c.kind === 'teams' ? 'cin-north' : 'C1234567'}", "name": "…"}.`);
    } else if (Object.hasOwn(value, 'delete')) {
      const keys = Object.keys(value);
      if (keys.length > 1) {
        c.rows++;
        c.problem(n, (value as Record<string, unknown>).delete, '', `a delete line has "delete" alone, like {"delete": "C1234567"} (it also has ${keys.filter((k) => k !== 'delete').map((k) => `"${k}"`).join(', ')}).`);
      } else c.delete(n, (value as Record<string, unknown>).delete, '/delete');
    } else c.upsert(n, value as Record<string, unknown>);
    if (c.over(limits)) return `The batch has more than ${plural(limits.maxRows, 'row')}, the most one batch may have.`;
  }
  return undefined;
}

/** CSV errors that leave the parser unable to find where the next row starts. */
const LOST_PLACE = new Set(['CSV_INVALID_CLOSING_QUOTE', 'CSV_QUOTE_NOT_CLOSED', 'CSV_MAX_RECORD_SIZE', 'INVALID_OPENING_QUOTE', 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE']);

function csvProblemWords(err: CsvError, columns: number, limits: ImportLimits): string {
  switch (err.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
      return `the row has ${plural(Number((err as { record?: unknown[] }).record?.length ?? 0), 'cell')} but the header has ${plural(columns, 'column')}; a cell with a comma in it must be in double quotes.`;
    case 'CSV_MAX_RECORD_SIZE':
      return `the row is longer than ${sizeInWords(limits.maxLineBytes)} (is a double quote left open?); nothing after it could be read, so later rows were not checked.`;
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a double quote opened in this row is never closed; nothing after it could be read, so later rows were not checked.';
    default:
      return 'a double quote is out of place (a quote inside a cell is written twice: "5"" tall"); nothing after it could be read, so later rows were not checked.';
  }
}

async function readCsv<K extends DirectoryKind>(input: AsyncIterable<Buffer>, c: Checker<K>, limits: ImportLimits): Promise<string | undefined> {
  let header: string[] | null = null;
  let deleteAt = -1;
  let stop: string | undefined;
  let lostAt = 0;
  /** The line the last row read ended on: a quote never closed opened after it. */
  let lastLine = 0;
  const onRecord = (record: string[], line: number) => {
    lastLine = line;
    if (stop || lostAt) return;
    if (!header) {
      header = record;
      checkHeader(record, line);
      return;
    }
    if (deleteAt >= 0 && record[deleteAt]!.toLowerCase() === 'delete') {
      c.delete(line, record[header.indexOf('id')], '/id');
    } else {
      if (deleteAt >= 0 && record[deleteAt] !== '') {
        c.rows++;
        c.problem(line, record[header.indexOf('id')], `/${DELETE_COLUMN}`, `${DELETE_COLUMN} must be delete, or left empty for a row to add or change.`);
      } else {
        const row: Record<string, unknown> = {};
        header.forEach((name, i) => {
          const text = record[i]!;
          if (text === '' || i === deleteAt || !c.schema.properties[name]) return;
          row[name] = cellValue(text, c.schema.properties[name]);
        });
        c.upsert(line, row);
      }
    }
    if (c.over(limits)) stop = `The batch has more than ${plural(limits.maxRows, 'row')}, the most one batch may have.`;
  };
  const checkHeader = (names: string[], line: number) => {
    const fields = Object.keys(c.schema.properties);
    const seen = new Set<string>();
    names.forEach((name, i) => {
      if (name === '') c.problem(line, undefined, '', `column ${i + 1} of the header has no name; the header names every column (${fields.join(',')}).`);
      else if (seen.has(name)) c.problem(line, undefined, `/${name}`, `the header has the column "${name}" twice.`);
      else if (name === DELETE_COLUMN) {
        if (c.mode === 'delta') deleteAt = i;
        else c.problem(line, undefined, `/${name}`, `the ${DELETE_COLUMN} column is only for delta batches; a full batch lists every ${NOUN[c.kind]} that should exist, and removes the others.`);
      } else if (!c.schema.properties[name]) c.problem(line, undefined, `/${name}`, `"${name}" is not a field of ${c.kind}; the header's names are ${fields.join(', ')}${c.mode === 'delta' ? ` and ${DELETE_COLUMN}` : ''} (exactly, in any order).`);
      seen.add(name);
    });
    for (const required of c.schema.required) {
      if (!seen.has(required)) {
        c.missingColumns.add(required);
        c.problem(line, undefined, `/${required}`, `the header has no "${required}" column; every ${NOUN[c.kind]} needs one.`);
      }
    }
  };
  const parser = parseCsv({
    bom: true,
    trim: true,
    skip_empty_lines: true,
    max_record_size: limits.maxLineBytes,
    skip_records_with_error: true,
    on_record: (record: string[], info: { lines: number }) => {
      onRecord(record, info.lines);
      return null;
    },
    on_skip: (err: CsvError | undefined) => {
      if (!err || stop || lostAt) return undefined;
      const line = err.code === 'CSV_QUOTE_NOT_CLOSED' ? lastLine + 1 : Number(err.lines ?? 0);
      lastLine = line;
      c.rows++;
      const cells = (err as { record?: unknown }).record;
      const id = Array.isArray(cells) && header ? cells[(header as string[]).indexOf('id')] : undefined;
      c.problem(line, id, '', csvProblemWords(err, header?.length ?? 0, limits));
      if (LOST_PLACE.has(err.code)) lostAt = line;
      return undefined;
    },
  } as never);
  const finished = new Promise<void>((resolve, reject) => {
    parser.once('error', reject);
    parser.once('finish', resolve);
  });
  parser.resume();
  for await (const chunk of input) {
    parser.write(chunk);
    if (stop) break;
  }
  parser.end();
  await finished;
  if (!header && !stop) c.problem(1, undefined, '', `the file is empty; a CSV extract starts with a header row of field names (${Object.keys(c.schema.properties).join(',')}).`);
  return stop;
}

/**
 * Reads and checks a whole extract, without applying it. Never throws for what is in the
 * extract: bad rows are `problems`, and an extract over the limits comes back `tooLarge`
 * (reading stops there).
 */
export async function readExtract<K extends DirectoryKind>(input: ExtractInput, options: ExtractOptions & { kind: K }): Promise<Extract<K>> {
  const limits = { ...DEFAULT_IMPORT_LIMITS, ...options.limits };
  const c = new Checker(options.kind, options.mode, options.format === 'csv', limits.maxReported);
  const state = { hash: createHash('sha256'), bytes: 0 };
  let tooLarge: string | undefined;
  try {
    const bytes = tapped(input, state, limits.maxBytes);
    tooLarge = options.format === 'csv' ? await readCsv(bytes, c, limits) : await readJsonLines(bytes, c, limits);
  } catch (err) {
    if (!(err instanceof TooLarge)) throw err;
    tooLarge = `The batch is larger than ${sizeInWords(limits.maxBytes)}, the most one batch may be.`;
  }
  if (!tooLarge && !c.bad && options.mode === 'full' && c.rows === 0) {
    c.problem(1, undefined, '', `a full batch with no rows would remove every ${NOUN[options.kind]}; send at least one row (a delta batch can delete rows).`);
  }
  return {
    kind: options.kind,
    mode: options.mode,
    format: options.format,
    fingerprint: state.hash.digest('hex'),
    bytes: state.bytes,
    rows: c.rows,
    upserts: c.bad ? [] : (c.upserts as Extract<K>['upserts']),
    deletes: c.bad ? [] : c.deletes,
    problems: c.problems,
    unlisted: c.unlisted,
    ...(tooLarge ? { tooLarge } : {}),
  };
}

/** The batch a good extract makes. */
export function extractBatch<K extends DirectoryKind>(x: Extract<K>, meta: Pick<DirectoryBatch<K>, 'key' | 'source' | 'appliedAt'>): DirectoryBatch<K> {
  return { kind: x.kind, mode: x.mode, key: meta.key, fingerprint: x.fingerprint, upserts: x.upserts, deletes: x.deletes, source: meta.source, appliedAt: meta.appliedAt };
}

export interface ApplyOptions {
  key: string;
  source: DirectoryBatch['source'];
  /** Who the event names (an account id, or `system` for the drop folder). */
  actor: string;
}

/**
 * Applies a read extract once: a second time with the same key changes nothing and answers the
 * first one's record (`replayed`). Throws ExtractTooLargeError / ExtractRejectedError when it
 * cannot be applied; the store throws ConflictError `idempotency-key-reused` when the key was used
 * for another batch (other bytes, or the same bytes as another kind or mode).
 */
export async function applyExtract(ctx: EngineContext, x: Extract, options: ApplyOptions): Promise<{ applied: AppliedBatch; replayed: boolean }> {
  if (x.tooLarge) throw new ExtractTooLargeError(x);
  if (x.problems.length || x.unlisted) throw new ExtractRejectedError(x);
  const now = ctx.now();
  const batch = extractBatch(x, { key: options.key, source: options.source, appliedAt: now.toISOString() });
  const details = { key: options.key, mode: x.mode, via: options.source.via, name: options.source.name, fingerprint: x.fingerprint, rows: x.rows };
  const result = await ctx.store.applyDirectoryBatch(batch, newEvent(now, options.actor, 'directory.batch-applied', 'directory', x.kind, details));
  if (result.replayed) {
    await ctx.store.appendEvent(newEvent(ctx.now(), options.actor, 'directory.batch-replayed', 'directory', x.kind, { ...details, seq: result.applied.seq }));
  }
  return result;
}

/** Logs a batch that was not applied (bad rows, too large, a manifest that does not match): counts and the reason, never the rows. */
export async function recordRejection(ctx: EngineContext, x: Pick<Extract, 'kind' | 'mode' | 'fingerprint' | 'rows' | 'problems' | 'unlisted'> | null, info: { kind: DirectoryKind; actor: string; source: DirectoryBatch['source']; reason: string }): Promise<void> {
  await ctx.store.appendEvent(
    newEvent(ctx.now(), info.actor, 'directory.batch-rejected', 'directory', info.kind, {
      via: info.source.via,
      name: info.source.name,
      reason: info.reason,
      ...(x ? { mode: x.mode, fingerprint: x.fingerprint, rows: x.rows, problems: x.problems.length + x.unlisted } : {}),
    }),
  );
}
