/**
 * Checks a batch the file-drop connector wrote, as an importer should before taking it: the
 * manifest is well formed and its batch id matches its content; every file it lists is there with
 * the listed size and SHA-256; each CSV row and JSON line parses; the counts match; the CSV and
 * the JSON lines carry the manifest's submission ids in its order, for its form version; and
 * when both are there, the CSV says exactly what the JSON lines say; and every document it lists
 * (each record's PDF, each uploaded file sent with a record) is there with its size and SHA-256,
 * a PDF where it says so, and belongs to a record of the batch.
 *
 * From a shell, after `npm run build`:
 *
 *     node .build/engine/sync/connectors/file-drop-verify.js /srv/ics-drop              # every batch there
 *     node .build/engine/sync/connectors/file-drop-verify.js /srv/ics-drop <manifest>…  # those batches
 *
 * prints one line per batch ("ok" or its problems) and exits with 1 when any batch has a problem.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Envelope } from '../model.js';
import {
  DROP_FORMATS,
  ENVELOPE_COLUMNS,
  MANIFEST_FORMAT,
  MANIFEST_NAME,
  batchIdOf,
  dropCell,
  csvRecord,
  fieldHeading,
  fieldNames,
  sha256Hex,
  type BatchManifest,
  type DropDocument,
  type DropFile,
} from './file-drop.js';

export interface BatchCheck {
  manifest: string;
  ok: boolean;
  /** Each problem in a sentence; empty when the batch is sound. */
  problems: string[];
  /** The parsed manifest, when it could be read. */
  batch?: BatchManifest;
}

/**
 * Parses RFC 4180 CSV text into rows of cells (CRLF or LF line ends; a final line end optional).
 * Throws on a stray or unclosed double quote.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  let started = false;
  const line = () => rows.length + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') cell += c;
      else if (text[i + 1] === '"') (cell += '"'), i++;
      else {
        quoted = false;
        const next = text[i + 1];
        if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') throw new Error(`Row ${line()}: text after a closing quote.`);
      }
      i++;
      continue;
    }
    if (c === '"') {
      if (cell !== '') throw new Error(`Row ${line()}: a quote inside an unquoted cell.`);
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] !== '\n') throw new Error(`Row ${line()}: a carriage return outside quotes.`);
      if (c === '\r') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      started = false;
      i++;
      continue;
    } else cell += c;
    started = true;
    i++;
  }
  if (quoted) throw new Error(`Row ${line()}: a quoted cell is not closed.`);
  if (started || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** A CSV cell's original text: the apostrophe the connector puts before formula-like text removed. */
export function decodeCsvCell(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell;
}

const isPlainName = (name: unknown): name is string => typeof name === 'string' && name === path.basename(name) && name !== '' && !name.startsWith('.') && !name.includes('\\');

/** What is wrong with a manifest's shape; empty when it is sound. */
function manifestProblems(m: Record<string, unknown>, name: string): string[] {
  const p: string[] = [];
  const match = MANIFEST_NAME.exec(name);
  if (m.manifest !== MANIFEST_FORMAT) p.push(`The manifest is not a ${MANIFEST_FORMAT} manifest.`);
  if (typeof m.batchId !== 'string' || m.batchId !== match?.[2]) p.push('The manifest’s batchId does not match its file name.');
  for (const k of ['connector', 'createdAt', 'formId'] as const) if (typeof m[k] !== 'string' || m[k] === '') p.push(`The manifest has no ${k}.`);
  if (!Number.isInteger(m.formVersion)) p.push('The manifest’s formVersion is not a whole number.');
  if (!Number.isInteger(m.recordCount)) p.push('The manifest’s recordCount is not a whole number.');
  const ids = m.submissionIds;
  if (!Array.isArray(ids) || !ids.every((s) => typeof s === 'string' && s !== '')) p.push('The manifest’s submissionIds is not a list of ids.');
  else {
    if (ids.length !== m.recordCount) p.push(`The manifest lists ${ids.length} submission ids but says recordCount ${String(m.recordCount)}.`);
    if (new Set(ids).size !== ids.length) p.push('The manifest lists a submission id twice.');
  }
  const files = m.files;
  const fileOk = (f: unknown) => {
    const d = f as Partial<DropFile> | null;
    return !!d && isPlainName(d.name) && DROP_FORMATS.includes(d.format as DropFile['format']) && Number.isInteger(d.bytes) && typeof d.sha256 === 'string' && /^[0-9a-f]{64}$/.test(d.sha256);
  };
  if (!Array.isArray(files) || files.length === 0 || !files.every(fileOk)) p.push('The manifest’s files are not a list of { name, format, bytes, sha256 }.');
  else if (new Set(files.map((f: DropFile) => f.format)).size !== files.length) p.push('The manifest lists a format twice.');
  const docs = m.documents;
  const docOk = (d: unknown) => {
    const x = d as Partial<DropDocument> | null;
    const kindOk = x?.kind === 'record-pdf' ? x.mediaType === 'application/pdf' : x?.kind === 'file' && typeof x.fileId === 'string' && typeof x.field === 'string' && typeof x.mediaType === 'string';
    return !!x && kindOk && isPlainName(x.name) && typeof x.submissionId === 'string' && Number.isInteger(x.bytes) && typeof x.sha256 === 'string' && /^[0-9a-f]{64}$/.test(x.sha256);
  };
  if (docs !== undefined) {
    if (!Array.isArray(docs) || !docs.every(docOk)) p.push('The manifest’s documents are not a list of { name, kind, submissionId, mediaType, bytes, sha256 }.');
    else {
      const names = [...(Array.isArray(files) ? files.map((f: DropFile) => f?.name) : []), ...docs.map((d: DropDocument) => d.name)];
      if (new Set(names).size !== names.length) p.push('The manifest lists a file name twice.');
      if (Array.isArray(ids) && docs.some((d: DropDocument) => !ids.includes(d.submissionId))) p.push('The manifest lists a document of a record that is not in the batch.');
    }
  }
  if (p.length === 0 && batchIdOf(m.connector as string, m.formId as string, m.formVersion as number, ids as string[]) !== m.batchId) {
    p.push('The batchId is not the one its connector, form version and submission ids give.');
  }
  return p;
}

/** The records of a JSON lines file, or the problems found in it. */
function readJsonLines(text: string, name: string, problems: string[]): Envelope[] | null {
  if (text !== '' && !text.endsWith('\n')) problems.push(`${name}: the last line has no line end (the file may be cut short).`);
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const out: Envelope[] = [];
  for (const [n, l] of lines.entries()) {
    try {
      const e = JSON.parse(l) as unknown;
      if (!e || typeof e !== 'object' || Array.isArray(e) || (e as Envelope).envelope !== 'caseforms.ics/1') throw new Error('not an envelope');
      out.push(e as Envelope);
    } catch {
      problems.push(`${name}: line ${n + 1} is not a caseforms.ics/1 envelope in JSON.`);
      return null;
    }
  }
  return out;
}

/** The CSV rows after the header, or null with the problems found. */
function readCsv(text: string, name: string, problems: string[]): { header: string[]; rows: string[][] } | null {
  let rows: string[][];
  try {
    rows = parseCsv(text);
  } catch (err) {
    problems.push(`${name}: not valid CSV. ${(err as Error).message}`);
    return null;
  }
  const header = rows.shift() ?? [];
  if (ENVELOPE_COLUMNS.some((c, n) => header[n] !== c)) problems.push(`${name}: the header does not start with ${ENVELOPE_COLUMNS.join(', ')}.`);
  if (new Set(header).size !== header.length) problems.push(`${name}: the header names a column twice.`);
  const ragged = rows.findIndex((r) => r.length !== header.length);
  if (ragged >= 0) problems.push(`${name}: row ${ragged + 2} has ${rows[ragged]!.length} cells but the header has ${header.length}.`);
  return { header, rows };
}

function sameIds(got: string[], m: BatchManifest, name: string, problems: string[]): void {
  if (got.length !== m.recordCount) problems.push(`${name}: ${got.length} records, but the manifest says ${m.recordCount}.`);
  else if (got.some((id, n) => id !== m.submissionIds[n])) problems.push(`${name}: the submission ids are not the manifest’s (in its order).`);
}

/** A listed file's size and SHA-256 against the manifest's. */
function asListed(entry: { name: string; bytes: number; sha256: string }, size: number, sha256: string, problems: string[]): void {
  if (size !== entry.bytes) problems.push(`${entry.name} is ${size} bytes, but the manifest says ${entry.bytes}.`);
  if (sha256 !== entry.sha256) problems.push(`${entry.name} does not have the SHA-256 the manifest gives (changed or cut short).`);
}

/** Checks one batch: `manifestName` is the manifest's file name in `folder`. */
export async function verifyBatch(folder: string, manifestName: string): Promise<BatchCheck> {
  const problems: string[] = [];
  const result = (batch?: BatchManifest): BatchCheck => ({ manifest: manifestName, ok: problems.length === 0, problems, ...(batch ? { batch } : {}) });
  if (!isPlainName(manifestName) || !MANIFEST_NAME.test(manifestName)) {
    problems.push(`${String(manifestName)} is not the name of a batch manifest (<prefix>-<16 hex digits>.manifest.json).`);
    return result();
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await fsp.readFile(path.join(folder, manifestName), 'utf8'));
  } catch (err) {
    problems.push((err as { code?: string }).code === 'ENOENT' ? `There is no ${manifestName}.` : `${manifestName} is not valid JSON.`);
    return result();
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(`${manifestName} is not a JSON object.`);
    return result();
  }
  problems.push(...manifestProblems(raw as Record<string, unknown>, manifestName));
  if (problems.length > 0) return result();
  const m = raw as BatchManifest;

  let csv: { header: string[]; rows: string[][] } | null = null;
  let jsonl: Envelope[] | null = null;
  for (const f of m.files) {
    let bytes: Buffer;
    try {
      bytes = await fsp.readFile(path.join(folder, f.name));
    } catch {
      problems.push(`${f.name} is missing.`);
      continue;
    }
    asListed(f, bytes.length, sha256Hex(bytes), problems);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      problems.push(`${f.name} is not UTF-8 text.`);
      continue;
    }
    if (f.format === 'jsonl') {
      jsonl = readJsonLines(text, f.name, problems);
      if (!jsonl) continue;
      sameIds(jsonl.map((e) => e.submissionId), m, f.name, problems);
      if (jsonl.some((e) => e.formId !== m.formId || e.formVersion !== m.formVersion)) problems.push(`${f.name}: a record is not of ${m.formId} version ${m.formVersion}.`);
    } else {
      csv = readCsv(text, f.name, problems);
      if (!csv) continue;
      sameIds(csv.rows.map((r) => decodeCsvCell(r[0] ?? '')), m, f.name, problems);
      if (csv.rows.some((r) => decodeCsvCell(r[1] ?? '') !== m.formId || r[2] !== String(m.formVersion))) problems.push(`${f.name}: a row is not of ${m.formId} version ${m.formVersion}.`);
    }
  }
  for (const d of m.documents ?? []) {
    // Streamed: an uploaded file may be large.
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    try {
      for await (const chunk of createReadStream(path.join(folder, d.name)) as AsyncIterable<Buffer>) {
        hash.update(chunk);
        size += chunk.length;
        if (head.length < 5) head = Buffer.concat([head, chunk.subarray(0, 5 - head.length)]);
      }
    } catch {
      problems.push(`${d.name} is missing.`);
      continue;
    }
    asListed(d, size, hash.digest('hex'), problems);
    if (d.kind === 'record-pdf' && !head.equals(Buffer.from('%PDF-'))) problems.push(`${d.name} is not a PDF.`);
  }
  if (csv && jsonl && problems.length === 0) {
    // The CSV must say what the JSON lines say: the same fields (in the CSV's column order), and
    // each row the one its envelope makes.
    const fields = csv.header.slice(ENVELOPE_COLUMNS.length).map((h) => decodeCsvCell(h).replace(/^fields\./, ''));
    const carried = fieldNames(jsonl);
    const csvName = m.files.find((f) => f.format === 'csv')!.name;
    if (fields.length !== carried.length || !carried.every((k) => fields.includes(k)) || fields.some((k, n) => csv!.header[ENVELOPE_COLUMNS.length + n] !== dropCell(fieldHeading(k)))) {
      problems.push(`${csvName}: the columns are not the fields the JSON lines carry.`);
    } else {
      const differs = jsonl.findIndex((e, n) => csvRecord(e, fields).some((cell, k) => csv!.rows[n]![k] !== cell));
      if (differs >= 0) problems.push(`${csvName}: row ${differs + 2} does not say what line ${differs + 1} of the JSON lines says.`);
    }
  }
  return result(m);
}

/** Checks every batch (every manifest) in a folder, oldest manifest first. */
export async function verifyFolder(folder: string): Promise<BatchCheck[]> {
  const names = (await fsp.readdir(folder)).filter((n) => MANIFEST_NAME.test(n));
  const dated = await Promise.all(names.map(async (n) => ({ n, at: (await fsp.stat(path.join(folder, n))).mtimeMs })));
  dated.sort((a, b) => a.at - b.at || (a.n < b.n ? -1 : 1));
  const out: BatchCheck[] = [];
  for (const { n } of dated) out.push(await verifyBatch(folder, n));
  return out;
}

async function main(args: string[]): Promise<number> {
  const [folder, ...manifests] = args;
  if (!folder) {
    process.stderr.write('Usage: file-drop-verify <drop folder> [<manifest file name>…]\n');
    return 2;
  }
  const checks = manifests.length ? await Promise.all(manifests.map((m) => verifyBatch(folder, path.basename(m)))) : await verifyFolder(folder);
  for (const c of checks) process.stdout.write(`${c.manifest}: ${c.ok ? `ok, ${c.batch!.recordCount} records` : c.problems.join(' ')}\n`);
  if (checks.length === 0) process.stdout.write('No batches (no *.manifest.json) in that folder.\n');
  return checks.every((c) => c.ok) ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`${(err as Error).message}\n`);
      process.exitCode = 2;
    },
  );
}
