/**
 * The directory drop folder: the ICS extract job writes a data file (CSV or JSON Lines) and then,
 * LAST, `<name>.manifest.json` (schemas/engine/directory-manifest.schema.json) saying what the file
 * is and what it holds (rows, SHA-256). Each poll takes the manifests there, oldest first; a
 * data file without a manifest is still being written and is left alone. A batch is applied only
 * when the file matches its manifest and every row is good, all or nothing, once per file (key
 * `file:<sha256>`, so the same file dropped twice, or seen by two servers, is applied once). Then
 * the data file, the manifest and `<name>.report.json` go to `done/` (what was applied, or that it
 * was a replay) or `rejected/` (every bad row, or what did not match). One bad batch never stops
 * the next; a failure of the store leaves the batch where it is, to be tried again.
 */
import { createReadStream } from 'node:fs';
import { lstat, mkdir, readdir, readFile, rename, stat, utimes, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { ErrorObject } from 'ajv';
import type { Logger } from 'pino';
import type { EngineContext } from '../context.js';
import { ConflictError, DomainError } from '../errors.js';
import { newId } from '../ids.js';
import { engineValidator } from '../validation/requests.js';
import { applyExtract, ExtractRejectedError, ExtractTooLargeError, readExtract, recordRejection, type Extract, type ImportLimits, type RowProblem } from './import.js';
import type { AppliedBatch } from './model.js';
import type { DirectoryManifest } from '../../schemas/generated/directory-manifest.js';

export const MANIFEST_SUFFIX = '.manifest.json';
const CLAIM_SUFFIX = '.claim';
const REPORT_SUFFIX = '.report.json';
const ACTOR = 'system';
const BY = 'directory drop folder';
/** A manifest that is not JSON yet and was written this recently may still be being written. */
const UNFINISHED_MS = 30_000;

export interface DirectoryDropOptions {
  /** The watched folder (CASEFORMS_DIRECTORY_DROP). `done/` and `rejected/` are made inside it. */
  dir: string;
  /** How often it is looked at (CASEFORMS_DIRECTORY_POLL_MS). */
  pollMs: number;
  logger?: Logger;
  limits?: Partial<ImportLimits>;
  /** A batch another process claimed and has not touched for this long is taken to be abandoned (that process stopped), and is tried again. */
  staleClaimMs?: number;
}

/** What `<name>.report.json` says. */
export interface DropReport {
  outcome: 'applied' | 'replayed' | 'rejected';
  /** When it was decided (ISO). */
  at: string;
  /** The manifest's file name, and what it said (when it could be read). */
  manifestFile: string;
  manifest?: DirectoryManifest;
  /** In words: what happened, and for a rejection what to do. */
  message: string;
  /** The batch log entry (applied: this one; replayed: the first time this file was applied). */
  applied?: AppliedBatch;
  /** Hex SHA-256 of the data file, and the data rows it has. */
  sha256?: string;
  rows?: number;
  /** Every bad row (at most the report limit; `unlisted` counts the rest). */
  problems?: RowProblem[];
  unlisted?: number;
}

export interface DropOutcome {
  manifestFile: string;
  /** `left`: not taken this time (still being written, or the store failed: tried again later). */
  outcome: DropReport['outcome'] | 'left';
  report?: DropReport;
}

export interface DirectoryDrop {
  /** Looks at the folder now (tests; the poll does the same). */
  scan(): Promise<DropOutcome[]>;
  /** Stops polling and waits for the batch in hand. */
  stop(): Promise<void>;
}

const MANIFEST_FIELDS = ['kind', 'mode', 'file', 'format', 'count', 'sha256'];

/** A manifest's schema errors in words for the person who writes the extract job. */
function manifestProblems(errors: readonly ErrorObject[]): string[] {
  return errors.map((e) => {
    const p = e.params as Record<string, unknown>;
    const field = e.instancePath.slice(1);
    switch (e.keyword) {
      case 'required':
        return `"${String(p.missingProperty)}" is missing (a manifest has ${MANIFEST_FIELDS.join(', ')}).`;
      case 'additionalProperties':
        return `"${String(p.additionalProperty)}" is not a manifest field (a manifest has ${MANIFEST_FIELDS.join(', ')}).`;
      case 'enum':
        return `"${field}" must be one of ${(p.allowedValues as string[]).join(', ')}.`;
      case 'pattern':
        return field === 'sha256' ? '"sha256" must be the file’s SHA-256 as 64 hexadecimal digits (the first word sha256sum prints).' : '"file" must be the data file’s name alone (letters, digits, dots, _ and -), in the same folder as the manifest.';
      case 'type':
        return field === '' ? 'The manifest must be a JSON object.' : `"${field}" must be ${p.type === 'integer' ? 'a whole number' : String(p.type)}.`;
      case 'minimum':
        return `"${field}" must be 0 or more.`;
      default:
        return `"${field}" is not valid (${e.keyword}).`;
    }
  });
}

/** A fact about the data file that stops it being applied, as a report's message. */
class DropRefusal extends Error {
  constructor(
    message: string,
    readonly extract?: Extract,
  ) {
    super(message);
  }
}

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException)?.code === 'ENOENT';

/** `children.csv` + `-2` → `children-2.csv`. */
function withSuffix(file: string, suffix: string): string {
  const ext = extname(file);
  return suffix ? `${file.slice(0, file.length - ext.length)}${suffix}${ext}` : file;
}

export function startDirectoryDrop(ctx: EngineContext, options: DirectoryDropOptions): DirectoryDrop {
  const { dir, logger } = options;
  const staleClaimMs = options.staleClaimMs ?? 10 * 60_000;
  /** Claims this process holds (never taken as abandoned). */
  const held = new Set<string>();
  const validManifest = engineValidator('directory-manifest');

  async function exists(path: string): Promise<boolean> {
    try {
      await lstat(path);
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  /** Where a batch's three files go: the first suffix under which none of them is taken. */
  async function destination(folder: string, name: string, file: string | undefined): Promise<(what: 'data' | 'manifest' | 'report') => string> {
    for (let n = 1; ; n++) {
      const suffix = n === 1 ? '' : `-${n}`;
      const paths = {
        data: file ? join(folder, withSuffix(file, suffix)) : '',
        manifest: join(folder, `${name}${suffix}${MANIFEST_SUFFIX}`),
        report: join(folder, `${name}${suffix}${REPORT_SUFFIX}`),
      };
      const taken = await Promise.all(Object.values(paths).filter(Boolean).map(exists));
      if (!taken.some(Boolean)) return (what) => paths[what];
    }
  }

  /** Writes the report, then moves the data file and the (claimed) manifest beside it. */
  async function file(report: DropReport, name: string, claim: string, dataFile: string | undefined): Promise<void> {
    const folder = join(dir, report.outcome === 'rejected' ? 'rejected' : 'done');
    const to = await destination(folder, name, dataFile);
    const temp = join(folder, `.${newId()}.tmp`);
    await writeFile(temp, JSON.stringify(report, null, 2) + '\n');
    await rename(temp, to('report'));
    if (dataFile) {
      try {
        await rename(join(dir, dataFile), to('data'));
      } catch (err) {
        if (!isMissing(err)) throw err;
      }
    }
    await rename(claim, to('manifest'));
  }

  /** Reads the data file and checks it against its manifest. */
  async function readData(m: DirectoryManifest): Promise<Extract> {
    if (m.file.endsWith(MANIFEST_SUFFIX) || m.file.endsWith(REPORT_SUFFIX) || m.file.endsWith(CLAIM_SUFFIX)) throw new DropRefusal(`"file" names ${m.file}, which is a manifest or a report, not a data file.`);
    const path = join(dir, m.file);
    let info;
    try {
      info = await lstat(path);
    } catch (err) {
      if (isMissing(err)) throw new DropRefusal(`The data file ${m.file} that the manifest names is not in the folder. Write the data file first and the manifest last.`);
      throw err;
    }
    if (!info.isFile()) throw new DropRefusal(`${m.file} is not a plain file (a link or a folder); put the data file itself in the folder.`);
    const x = await readExtract(createReadStream(path), { kind: m.kind, mode: m.mode, format: m.format, ...(options.limits ? { limits: options.limits } : {}) });
    const mismatch: string[] = [];
    if (x.tooLarge) mismatch.push(x.tooLarge);
    else {
      if (x.fingerprint !== m.sha256.toLowerCase()) mismatch.push(`The file’s SHA-256 is ${x.fingerprint} but the manifest says ${m.sha256.toLowerCase()}: the file changed, or was not completely written, after its manifest was made.`);
      if (x.rows !== m.count) mismatch.push(`The file has ${x.rows.toLocaleString('en-GB')} data rows but the manifest says ${m.count.toLocaleString('en-GB')}.`);
    }
    if (mismatch.length) throw new DropRefusal(`${mismatch.join(' ')} Nothing was applied.`, x);
    return x;
  }

  async function take(manifestFile: string): Promise<DropOutcome> {
    const name = manifestFile.slice(0, -MANIFEST_SUFFIX.length);
    const path = join(dir, manifestFile);
    let text: string;
    let modified: number;
    try {
      [text, modified] = await Promise.all([readFile(path, 'utf8'), stat(path).then((s) => s.mtimeMs)]);
    } catch (err) {
      if (isMissing(err)) return { manifestFile, outcome: 'left' }; // another process took it
      throw err;
    }
    let parsed: unknown;
    let unreadable: string | undefined;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Perhaps still being written: given a moment before it is judged.
      if (Date.now() - modified < UNFINISHED_MS) return { manifestFile, outcome: 'left' };
      unreadable = 'The manifest is not valid JSON.';
    }
    const claim = `${path}${CLAIM_SUFFIX}`;
    try {
      await rename(path, claim);
    } catch (err) {
      if (isMissing(err)) return { manifestFile, outcome: 'left' };
      throw err;
    }
    held.add(claim);
    // Keeps the claim fresh while a large file is read, so no other process thinks it abandoned.
    const touch = setInterval(() => void utimes(claim, new Date(), new Date()).catch(() => {}), Math.max(1000, Math.min(staleClaimMs / 4, 30_000)));
    try {
      const checked = unreadable ? null : validManifest(parsed);
      const manifest = checked?.ok ? checked.value : undefined;
      const at = () => ctx.now().toISOString();
      const reject = async (message: string, x?: Extract): Promise<DropOutcome> => {
        const report: DropReport = {
          outcome: 'rejected',
          at: at(),
          manifestFile,
          ...(manifest ? { manifest } : {}),
          message,
          ...(x ? { sha256: x.fingerprint, rows: x.rows, problems: x.problems, unlisted: x.unlisted } : {}),
        };
        await recordRejection(ctx, x ?? null, { kind: manifest?.kind ?? 'children', actor: ACTOR, source: { via: 'file', name: manifest?.file ?? manifestFile, by: BY }, reason: message });
        await file(report, name, claim, manifest?.file);
        logger?.warn({ manifest: manifestFile, problems: x ? x.problems.length + x.unlisted : 0 }, 'directory batch rejected');
        return { manifestFile, outcome: 'rejected', report };
      };
      if (!manifest) return await reject(unreadable ?? `The manifest is not valid: ${manifestProblems(checked && !checked.ok ? checked.errors : []).join(' ')}`);
      let x: Extract;
      try {
        x = await readData(manifest);
      } catch (err) {
        if (err instanceof DropRefusal) return await reject(err.message, err.extract);
        throw err;
      }
      try {
        const { applied, replayed } = await applyExtract(ctx, x, { key: `file:${x.fingerprint}`, source: { via: 'file', name: manifest.file, by: BY }, actor: ACTOR });
        const message = replayed
          ? `This file was applied before (batch ${applied.seq}, at ${applied.appliedAt}); it was not applied again.`
          : `Applied: ${applied.upserted.toLocaleString('en-GB')} ${manifest.kind} added or changed, ${applied.deleted.toLocaleString('en-GB')} removed; ${applied.total.toLocaleString('en-GB')} now.`;
        const report: DropReport = { outcome: replayed ? 'replayed' : 'applied', at: at(), manifestFile, manifest, message, applied, sha256: x.fingerprint, rows: x.rows };
        await file(report, name, claim, manifest.file);
        logger?.info({ manifest: manifestFile, kind: manifest.kind, mode: manifest.mode, seq: applied.seq, replayed, rows: x.rows }, 'directory batch applied');
        return { manifestFile, outcome: report.outcome as DropReport['outcome'], report };
      } catch (err) {
        if (err instanceof ExtractRejectedError || err instanceof ExtractTooLargeError) return await reject(err.message, x);
        if (err instanceof ConflictError && err.type === 'idempotency-key-reused') return await reject(`${err.message} Nothing was applied.`, x);
        throw err;
      }
    } catch (err) {
      // The store (or the disk) failed: the manifest goes back, to be tried at the next poll.
      logger?.error({ err: err instanceof DomainError ? err.message : err, manifest: manifestFile }, 'directory batch not taken; trying again later');
      await rename(claim, path).catch(() => {});
      return { manifestFile, outcome: 'left' };
    } finally {
      clearInterval(touch);
      held.delete(claim);
    }
  }

  /** Claims left by a process that stopped mid-batch go back to being manifests (applying is idempotent). */
  async function releaseAbandoned(names: string[]): Promise<void> {
    for (const n of names.filter((f) => f.endsWith(MANIFEST_SUFFIX + CLAIM_SUFFIX))) {
      const claim = join(dir, n);
      if (held.has(claim)) continue;
      try {
        if (Date.now() - (await stat(claim)).mtimeMs < staleClaimMs) continue;
        if (await exists(claim.slice(0, -CLAIM_SUFFIX.length))) continue;
        await rename(claim, claim.slice(0, -CLAIM_SUFFIX.length));
        logger?.warn({ manifest: n }, 'directory batch abandoned by a stopped process; trying it again');
      } catch (err) {
        if (!isMissing(err)) throw err;
      }
    }
  }

  async function scan(): Promise<DropOutcome[]> {
    await mkdir(join(dir, 'done'), { recursive: true });
    await mkdir(join(dir, 'rejected'), { recursive: true });
    await releaseAbandoned(await readdir(dir));
    const manifests = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && e.name.endsWith(MANIFEST_SUFFIX) && !e.name.startsWith('.'));
    const dated = await Promise.all(manifests.map(async (e) => ({ name: e.name, at: await stat(join(dir, e.name)).then((s) => s.mtimeMs, () => 0) })));
    dated.sort((a, b) => a.at - b.at || a.name.localeCompare(b.name));
    const outcomes: DropOutcome[] = [];
    for (const m of dated) {
      if (stopped) break;
      outcomes.push(await take(m.name));
    }
    return outcomes;
  }

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  let scanning: Promise<DropOutcome[]> | null = null;
  /** One scan at a time in this process (a poll and a test's scan share it). */
  const scanOnce = () => {
    scanning ??= scan().finally(() => {
      scanning = null;
    });
    return scanning;
  };
  const poll = () => {
    current = scanOnce()
      .catch((err: unknown) => logger?.error({ err }, 'directory drop folder could not be read'))
      .finally(() => {
        if (!stopped) timer = setTimeout(poll, options.pollMs);
      });
  };
  timer = setTimeout(poll, 0);

  return {
    // A fresh look: after any scan under way, which may have listed the folder before a file came.
    scan: async () => {
      await scanning?.catch(() => {});
      return scanOnce();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
      await scanning?.catch(() => {});
    },
  };
}
