/**
 * Files being uploaded to a draft's files questions. Kept outside the form's components, for the
 * life of the open draft: a step redrawn (a change merged from another tab) or left and come back
 * to keeps its uploads, their progress and the File of one that failed, to try again.
 *
 * An upload that finishes adds its FileRef to the answer in the answers store (autosave saves it
 * as any other change); one the server refuses (wrong type, too big) is reported as the
 * question's error in the server's words; one stopped by a dropped connection, a server fault or
 * the session ending keeps its File and is offered again ("Try again"); chosen while offline, it
 * waits and starts when the connection returns.
 *
 * Each chosen file is also kept on this device (IndexedDB, runtime/form/local-drafts.ts) until it
 * has uploaded or been given up, and the page uploading it holds a Web Lock named after it. So a
 * reload, a closed tab or a crash mid-upload loses no file: when the draft is next open the file
 * goes up again from the start; and a second tab open on the same draft waits on the lock and takes
 * the upload over if the first tab goes away (never both at once). While a file is on its way,
 * leaving the page asks first.
 */
import { ApiError, NetworkError, SESSION_RESTORED, api } from '../api/client.js';
import { fileHref, uploadFile, type UploadedFile } from '../api/files.js';
import type { FileRef, ScanState } from '../../engine/files/model.js';
import type { DraftStore } from './draft-store.js';
import { localDrafts, stamp } from './local-drafts.js';
import { toPointer } from './paths.js';
import { sizeText } from '../renderers/fields/file-words.js';

export type PendingState =
  /** Chosen, not started: one file goes up at a time, in the order chosen; offline, none until the connection returns. */
  | { kind: 'waiting' }
  | { kind: 'uploading'; sent: number; total: number }
  /** Stopped part way (connection, server fault, signed out): the File is kept for "Try again". */
  | { kind: 'failed'; message: string; why: 'connection' | 'server' | 'signed-out' };

export interface PendingUpload {
  /** Stable for the upload's life (a list key, an element id). */
  key: string;
  file: File;
  state: PendingState;
}

/** One question's uploads, replaced (never changed in place) whenever anything about them changes. */
export interface FieldUploads {
  pending: readonly PendingUpload[];
  /** The latest thing worth saying politely ("fit-note.pdf uploaded"). */
  said: string;
}

export interface UploadLimits {
  /** The question, as the person reads it ("Fit note"). */
  label: string;
  maxFiles?: number | undefined;
  maxFileSize?: number | undefined;
}

export interface UploadsOptions {
  submissionId: string;
  /** Whose files these are on this device. */
  accountId: string;
  store: DraftStore;
  /** A refusal to show as the question's error (`null`: clear it). */
  onRefused: (pointer: string, message: string | null) => void;
  /** The answers already name uploaded files: ask the server which of them wait for a virus scan. */
  named?: boolean;
}

/** How often the scan states are asked again while a named file waits for its scan. */
export const SCAN_CHECK_MS = 15_000;

const NONE: FieldUploads = { pending: [], said: '' };
/** Files at least this big have their progress said at every quarter. */
export const LARGE_FILE = 1024 * 1024;

export const UPLOAD_WORDS = {
  offline: 'You are offline. Uploads wait until you are back online.',
  connection: 'The upload stopped because the connection was lost.',
  server: 'The file could not be uploaded because of a problem with the service.',
  signedOut: 'You have been signed out. Sign in again, then try again.',
};

export function refsOf(value: unknown): FileRef[] {
  return Array.isArray(value) ? (value.filter((v) => v && typeof v === 'object' && typeof (v as FileRef).id === 'string') as FileRef[]) : [];
}

export class Uploads {
  private readonly fields = new Map<string, FieldUploads>();
  private readonly scans = new Map<string, ScanState>();
  /** Bumped whenever a scan state is learnt, so the questions showing files draw again. */
  private scansLearnt = 0;
  private scannerSetUp = true;
  private scanTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly running = new Map<string, AbortController>();
  /** Locks this page holds, by upload key: released when the upload is done with, or the draft closed. */
  private readonly held = new Map<string, () => void>();
  /** Ends the lock requests still waiting (another tab's uploads) when the draft is closed. */
  private waits = new AbortController();
  private online = typeof navigator === 'undefined' ? true : navigator.onLine;
  private stopped = true;
  private readonly onOnline = () => {
    this.online = true;
    this.emit();
    this.pump();
  };
  private readonly onOffline = () => {
    this.online = false;
    this.emit();
  };
  private readonly onRestored = () => {
    for (const [path, f] of this.fields) for (const p of f.pending) if (p.state.kind === 'failed' && p.state.why === 'signed-out') this.setState(path, p.key, { kind: 'waiting' });
    this.pump();
  };

  constructor(private readonly o: UploadsOptions) {}

  private readonly onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (!this.busy()) return;
    event.preventDefault();
    event.returnValue = '';
  };

  /**
   * Starts listening for the connection and the session (while the draft is open), and takes up
   * the files kept on this device for this draft that no other tab is uploading.
   */
  open(): void {
    this.stopped = false;
    this.waits = new AbortController();
    this.online = navigator.onLine;
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    window.addEventListener(SESSION_RESTORED, this.onRestored);
    window.addEventListener('beforeunload', this.onBeforeUnload);
    void this.takeUpKept();
    if (this.o.named) void this.readScans();
  }

  /**
   * Which of the files the answers name wait for a virus scan (known at once only for files
   * uploaded on this page): asked when the draft opens, and again while one waits for a scanner.
   */
  private async readScans(): Promise<void> {
    if (this.scanTimer) clearTimeout(this.scanTimer);
    this.scanTimer = null;
    try {
      const res = await api.poll<{ scanner: boolean; items: UploadedFile[] }>(`/api/submissions/${encodeURIComponent(this.o.submissionId)}/files`);
      if (this.stopped) return;
      this.scannerSetUp = res.body.scanner;
      for (const f of res.body.items) this.scans.set(f.id, f.scan);
      this.scansLearnt++;
      this.emit();
    } catch {
      // Offline, or signed out: the files show as they are; the next look finds out.
    }
    if (!this.stopped && this.scannerSetUp && [...this.scans.values()].includes('unscanned')) this.scanTimer = setTimeout(() => void this.readScans(), SCAN_CHECK_MS);
  }

  /** Changes whenever scan states are learnt (for `useSyncExternalStore`). */
  get scanVersion(): number {
    return this.scansLearnt;
  }

  /** False when this server has no virus scanner: a file waiting for a scan waits for one to be set up. */
  get scanner(): boolean {
    return this.scannerSetUp;
  }

  /** A file is on its way (or waiting for its turn): leaving now would stop it. */
  busy(): boolean {
    for (const f of this.fields.values()) if (f.pending.some((p) => p.state.kind !== 'failed')) return true;
    return false;
  }

  /**
   * The files kept on this device for this draft: each is taken up once this page holds its lock,
   * at once when no other tab has it, or when that tab goes away (closed, reloaded, crashed) with
   * the file still not uploaded.
   */
  private async takeUpKept(): Promise<void> {
    const signal = this.waits.signal;
    let kept;
    try {
      kept = await localDrafts.uploadsOf(this.o.submissionId, this.o.accountId);
    } catch {
      return;
    }
    for (const entry of kept) {
      if (signal.aborted) return;
      if (this.held.has(entry.key)) continue;
      void holdLock(entry.key, signal).then(async (release) => {
        if (!release) return;
        if (this.stopped) return release();
        const still = await localDrafts.getUpload(entry.key).catch(() => undefined);
        // Finished (or given up) by the tab that held it meanwhile.
        if (!still || this.stopped) return release();
        // Uploaded and answered just before its page went, not yet crossed off here.
        if (refsOf(this.o.store.get(still.path)).some((r) => r.name === still.file.name && r.size === still.file.size)) {
          await localDrafts.removeUpload(still.key).catch(() => {});
          return release();
        }
        this.held.set(still.key, release);
        const again: PendingUpload = { key: still.key, file: still.file, state: { kind: 'waiting' } };
        this.update(still.path, (f) => ({ pending: [...f.pending, again], said: this.online ? said(f.said, `Uploading ${still.file.name} again`) : f.said }));
        this.pump();
      });
    }
  }

  /** Kept on this device, and locked to this page, until it has uploaded or been given up. */
  private keep(path: string, upload: PendingUpload): void {
    void holdLock(upload.key, this.waits.signal).then((release) => {
      if (!release) return;
      // Done with before the lock came (a refusal at once, a quick upload): nothing to keep.
      if (this.stopped || !this.field(path).pending.some((p) => p.key === upload.key)) return release();
      this.held.set(upload.key, release);
      localDrafts.putUpload({ key: upload.key, submissionId: this.o.submissionId, accountId: this.o.accountId, path, file: upload.file, at: stamp() }).catch(() => {});
    });
  }

  /** Done with for good (uploaded, refused, removed): no longer kept, and its lock let go. */
  private forget(key: string): void {
    const release = this.held.get(key);
    this.held.delete(key);
    // Crossed off before the lock goes, so a tab waiting on it finds nothing left to do.
    void localDrafts
      .removeUpload(key)
      .catch(() => {})
      .finally(() => release?.());
  }

  get isOnline(): boolean {
    return this.online;
  }

  field(path: string): FieldUploads {
    return this.fields.get(path) ?? NONE;
  }

  /** What the server said about a file uploaded here (not known for files uploaded earlier). */
  scanOf(id: string): ScanState | undefined {
    return this.scans.get(id);
  }

  /**
   * Files chosen that are not in their answers yet, as problems at their questions (for leaving a
   * step or submitting): only those that stopped, or every one still on its way too.
   */
  unfinished(which: 'stopped' | 'all'): Array<{ pointer: string; message: string }> {
    const out: Array<{ pointer: string; message: string }> = [];
    for (const [path, f] of this.fields) {
      for (const p of f.pending) {
        if (which === 'stopped' && p.state.kind !== 'failed') continue;
        const message =
          p.state.kind === 'failed'
            ? `${p.file.name} was not uploaded. Try again, or remove it.`
            : p.state.kind === 'waiting' && !this.online
              ? `${p.file.name} is waiting to upload until you are back online. Submit once it has uploaded, or remove it.`
              : `${p.file.name} is still uploading. Submit once it has uploaded.`;
        out.push({ pointer: toPointer(path), message });
      }
    }
    return out;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Files chosen for the question at `path`: checked against what it takes, then uploaded (or queued while offline). */
  add(path: string, files: readonly File[], limits: UploadLimits): void {
    if (this.stopped || files.length === 0) return;
    const pointer = toPointer(path);
    const have = refsOf(this.o.store.get(path)).length + this.field(path).pending.length;
    const refusal = refusalOf(files, have, limits);
    this.o.onRefused(pointer, refusal);
    if (refusal) return;
    const added = files.map((file): PendingUpload => ({ key: newKey(), file, state: { kind: 'waiting' } }));
    this.update(path, (f) => ({ pending: [...f.pending, ...added], said: this.online ? said(f.said, `Uploading ${added.map((a) => a.file.name).join(', ')}`) : f.said }));
    for (const a of added) this.keep(path, a);
    this.pump();
  }

  /** "Try again" on an upload that stopped. */
  retry(path: string, key: string): void {
    this.setState(path, key, { kind: 'waiting' });
    this.pump();
  }

  /** Gives up on an upload that has not finished (its File is dropped). */
  discard(path: string, key: string): void {
    this.running.get(key)?.abort();
    this.running.delete(key);
    const name = this.field(path).pending.find((p) => p.key === key)?.file.name;
    this.update(path, (f) => ({ pending: f.pending.filter((p) => p.key !== key), said: name ? said(f.said, `${name} removed`) : f.said }));
    this.forget(key);
    this.pump();
  }

  /**
   * Takes an uploaded file out of the answer, then asks the server to delete it. Best effort: a
   * file kept with an earlier submission stays with that, and one never submitted is removed by
   * the server a day after upload anyway.
   */
  remove(path: string, id: string): void {
    const refs = refsOf(this.o.store.get(path));
    const gone = refs.find((r) => r.id === id);
    if (!gone) return;
    const rest = refs.filter((r) => r.id !== id);
    this.o.store.set(path, rest.length ? rest : undefined);
    this.update(path, (f) => ({ ...f, said: said(f.said, `${gone.name} removed`) }));
    api.delete(fileHref(id)).catch(() => {});
  }

  /**
   * The draft is closed: uploads on their way are stopped, and their files stay kept on this
   * device to go up when it is next open (or in another tab open on it now).
   */
  stop(): void {
    this.stopped = true;
    for (const c of this.running.values()) c.abort();
    this.running.clear();
    this.waits.abort();
    for (const release of this.held.values()) release();
    this.held.clear();
    this.fields.clear();
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    window.removeEventListener(SESSION_RESTORED, this.onRestored);
    window.removeEventListener('beforeunload', this.onBeforeUnload);
    if (this.scanTimer) clearTimeout(this.scanTimer);
    this.scanTimer = null;
  }

  /** Starts the next file waiting, when none is on its way: one at a time, so they arrive (and are listed) in the order chosen. */
  private pump(): void {
    if (this.stopped || !this.online || this.running.size > 0) return;
    for (const [path, f] of this.fields) {
      const next = f.pending.find((p) => p.state.kind === 'waiting');
      if (next) return this.start(path, next.key);
    }
  }

  private start(path: string, key: string): void {
    const upload = this.field(path).pending.find((p) => p.key === key);
    if (!upload) return;
    const { file } = upload;
    const controller = new AbortController();
    this.running.set(key, controller);
    this.setState(path, key, { kind: 'uploading', sent: 0, total: file.size });
    let quarter = 0;
    uploadFile({
      submissionId: this.o.submissionId,
      pointer: toPointer(path),
      file,
      signal: controller.signal,
      onProgress: (sent, total) => {
        const now = total > 0 ? Math.floor((4 * sent) / total) : 0;
        // Said at each quarter for a large file; drawn at each whole per cent for any.
        const step = file.size >= LARGE_FILE && now > quarter && now < 4 ? `${file.name}: ${now * 25}% uploaded` : null;
        quarter = Math.max(quarter, now);
        const current = this.field(path).pending.find((p) => p.key === key)?.state;
        if (current?.kind === 'uploading' && Math.floor((100 * current.sent) / (current.total || 1)) === Math.floor((100 * sent) / (total || 1)) && !step) return;
        this.update(path, (f) => ({ pending: f.pending.map((p) => (p.key === key ? { ...p, state: { kind: 'uploading', sent, total } } : p)), said: step ? said(f.said, step) : f.said }));
      },
    }).then(
      (stored) => this.finished(path, key, stored),
      (err: unknown) => this.stoppedBy(path, key, file, err),
    );
  }

  private finished(path: string, key: string, stored: UploadedFile): void {
    this.running.delete(key);
    if (this.stopped) return;
    const { scan, ...ref } = stored;
    // Removed while its answer was on the way: not added, and not kept on the server either.
    this.forget(key);
    if (!this.field(path).pending.some((p) => p.key === key)) {
      api.delete(fileHref(ref.id)).catch(() => {});
      return this.pump();
    }
    this.scans.set(ref.id, scan);
    // Told again once the scanner has looked at it (the link appears then).
    if (scan === 'unscanned' && !this.scanTimer) this.scanTimer = setTimeout(() => void this.readScans(), SCAN_CHECK_MS);
    // Added to the answer as it is now (another upload may have finished meanwhile).
    const refs = refsOf(this.o.store.get(path)).filter((r) => r.id !== ref.id);
    this.o.store.set(path, [...refs, { id: ref.id, name: ref.name, size: ref.size, mediaType: ref.mediaType, sha256: ref.sha256 }]);
    const checking = scan === 'unscanned' ? ' It is being checked for viruses.' : '';
    this.update(path, (f) => ({ pending: f.pending.filter((p) => p.key !== key), said: said(f.said, `${ref.name} uploaded (${sizeText(ref.size)}).${checking}`) }));
    this.pump();
  }

  private stoppedBy(path: string, key: string, file: File, err: unknown): void {
    this.running.delete(key);
    if (this.stopped || (err instanceof DOMException && err.name === 'AbortError')) return;
    this.stoppedFor(path, key, file, err);
    this.pump();
  }

  private stoppedFor(path: string, key: string, file: File, err: unknown): void {
    if (err instanceof NetworkError) {
      if (!navigator.onLine) {
        this.online = false;
        return this.setState(path, key, { kind: 'waiting' });
      }
      return this.fail(path, key, file, { kind: 'failed', why: 'connection', message: UPLOAD_WORDS.connection });
    }
    if (err instanceof ApiError && err.status === 401) return this.fail(path, key, file, { kind: 'failed', why: 'signed-out', message: UPLOAD_WORDS.signedOut });
    if (err instanceof ApiError && err.status < 500 && err.status !== 408 && err.status !== 429) {
      // Refused for what the file is (its type, its size…): the server's words, on the question.
      this.update(path, (f) => ({ ...f, pending: f.pending.filter((p) => p.key !== key) }));
      this.forget(key);
      this.o.onRefused(toPointer(path), err.problem.detail || err.problem.title || `${file.name} could not be uploaded.`);
      return;
    }
    this.fail(path, key, file, { kind: 'failed', why: 'server', message: UPLOAD_WORDS.server });
  }

  private fail(path: string, key: string, file: File, state: PendingState & { kind: 'failed' }): void {
    this.update(path, (f) => ({ pending: f.pending.map((p) => (p.key === key ? { ...p, state } : p)), said: said(f.said, `${file.name} was not uploaded. ${state.message}`) }));
  }

  private setState(path: string, key: string, state: PendingState): void {
    this.update(path, (f) => ({ ...f, pending: f.pending.map((p) => (p.key === key ? { ...p, state } : p)) }));
  }

  private update(path: string, change: (f: FieldUploads) => FieldUploads): void {
    this.fields.set(path, change(this.field(path)));
    this.emit();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}

function newKey(): string {
  return typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/**
 * This page's hold on an upload's Web Lock: the release, once granted (at once when no other tab
 * holds it); null when `signal` ends the wait first. Without Web Locks every page holds it.
 */
function holdLock(key: string, signal: AbortSignal): Promise<(() => void) | null> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return Promise.resolve(() => {});
  return new Promise((resolve) => {
    locks.request(`caseforms-upload:${key}`, { signal }, () => new Promise<void>((release) => resolve(release))).catch(() => resolve(null));
  });
}

/** The same words said twice running still change the live region (a no-break space comes and goes). */
function said(previous: string, text: string): string {
  return previous === text ? `${text}\u00a0` : text;
}

/** Why the chosen files cannot be taken at all, before anything is sent; null when they can. */
export function refusalOf(files: readonly Pick<File, 'name' | 'size'>[], have: number, limits: UploadLimits): string | null {
  if (limits.maxFiles !== undefined && have + files.length > limits.maxFiles) {
    const room = limits.maxFiles - have;
    const most = `${limits.label} can have ${limits.maxFiles === 1 ? 'only 1 file' : `up to ${limits.maxFiles} files`}`;
    return room <= 0 ? `${most}. Remove one to add another.` : `${most}. Choose ${room === 1 ? '1 more file' : `up to ${room} more files`}.`;
  }
  if (limits.maxFileSize !== undefined) {
    const big = files.find((f) => f.size > limits.maxFileSize!);
    // As the server words it when it refuses a file too big.
    if (big) return `${big.name} is ${sizeText(big.size)}. Files must be ${sizeText(limits.maxFileSize)} or smaller.`;
  }
  return null;
}
