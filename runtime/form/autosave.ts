/**
 * Autosave: every change reaches this device at once and the server within two seconds, always
 * with If-Match, so a change made elsewhere is never overwritten without the user choosing to.
 */
import { ApiError, NetworkError, api, revisionOf, type FieldError } from '../api/client.js';
import type { Submission, SubmissionSummary } from '../api/types.js';
import type { DraftStore } from './draft-store.js';
import { localDrafts, type LocalDraft } from './local-drafts.js';

export type SaveState =
  | { kind: 'saved'; at: Date }
  | { kind: 'unsaved' }
  | { kind: 'saving' }
  | { kind: 'offline' }
  | { kind: 'conflict' }
  | { kind: 'failed'; message: string };

/** Quiet time after typing before a save, and the longest a change waits. */
const DEBOUNCE_MS = 700;
const MAX_WAIT_MS = 2000;
const LOCAL_MS = 150;

export interface AutosaveOptions {
  store: DraftStore;
  submissionId: string;
  revision: number;
  /** Kept with the local copy so the draft can be reopened offline. */
  record: SubmissionSummary;
  formTitle: string;
  /** Where the user is, kept with the local copy so a reload resumes there. */
  position: () => { step: number; focusPath: string | null };
  onState: (state: SaveState) => void;
  /** Advice from the server's last save: what still needs fixing before submitting. */
  onAdvice: (advisory: FieldError[]) => void;
}

export class Autosaver {
  revision: number;
  private state: SaveState = { kind: 'saved', at: new Date() };
  private savedVersion: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private firstUnsavedAt: number | null = null;
  private localTimer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private readonly unsubscribe: () => void;
  private readonly onOnline = () => this.kick();

  constructor(private readonly o: AutosaveOptions) {
    this.revision = o.revision;
    this.savedVersion = o.store.version;
    this.unsubscribe = o.store.subscribe(() => this.changed());
    window.addEventListener('online', this.onOnline);
  }

  get current(): SaveState {
    return this.state;
  }

  private set(state: SaveState): void {
    this.state = state;
    this.o.onState(state);
  }

  private changed(): void {
    if (this.stopped) return;
    if (this.state.kind !== 'conflict' && this.state.kind !== 'offline') this.set({ kind: 'unsaved' });
    this.writeLocalSoon();
    this.firstUnsavedAt ??= Date.now();
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(DEBOUNCE_MS, this.firstUnsavedAt + MAX_WAIT_MS - Date.now()));
    this.timer = setTimeout(() => void this.save(), wait);
  }

  /** Writes the local copy now (also called when the user moves between steps). */
  async writeLocal(): Promise<void> {
    if (this.localTimer) clearTimeout(this.localTimer);
    this.localTimer = null;
    const { step, focusPath } = this.o.position();
    const draft: LocalDraft = {
      id: this.o.submissionId,
      data: this.o.store.data,
      baseRevision: this.revision,
      dirty: this.o.store.version !== this.savedVersion,
      step,
      focusPath,
      savedAt: new Date().toISOString(),
      record: this.o.record,
      formTitle: this.o.formTitle,
    };
    await localDrafts.put(draft);
  }

  private writeLocalSoon(): void {
    if (this.localTimer) return;
    this.localTimer = setTimeout(() => void this.writeLocal(), LOCAL_MS);
  }

  /** Saves now if anything is unsaved; resolves when the server has it (or cannot take it). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.save();
  }

  private kick(): void {
    if (this.state.kind === 'offline') void this.save();
  }

  private async save(): Promise<void> {
    if (this.stopped || this.state.kind === 'conflict') return;
    if (this.inFlight) {
      await this.inFlight;
      if (this.o.store.version === this.savedVersion) return;
    }
    if (this.o.store.version === this.savedVersion && this.state.kind !== 'offline') return;
    this.inFlight = this.send().finally(() => (this.inFlight = null));
    await this.inFlight;
  }

  private async send(): Promise<void> {
    const version = this.o.store.version;
    const data = this.o.store.data;
    this.firstUnsavedAt = null;
    this.set({ kind: 'saving' });
    try {
      const res = await api.put<Submission>(`/api/submissions/${this.o.submissionId}`, { data }, { ifMatch: `"${this.revision}"` });
      this.revision = revisionOf(res.etag) ?? this.revision + 1;
      this.savedVersion = version;
      this.o.onAdvice(res.body.advisory ?? []);
      await this.writeLocal();
      if (this.o.store.version === version) this.set({ kind: 'saved', at: new Date() });
      else this.changed();
    } catch (err) {
      if (err instanceof NetworkError) {
        this.set({ kind: 'offline' });
        await this.writeLocal();
        if (this.retryTimer) clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => this.kick(), 5000);
      } else if (err instanceof ApiError && (err.status === 412 || err.status === 409)) {
        this.set({ kind: 'conflict' });
      } else {
        this.set({ kind: 'failed', message: err instanceof ApiError ? err.problem.detail : 'The answers could not be saved.' });
      }
    }
  }

  /** After the user chose to keep their answers over a change made elsewhere. */
  async overwrite(serverRevision: number): Promise<void> {
    this.revision = serverRevision;
    this.savedVersion = -1;
    this.set({ kind: 'unsaved' });
    await this.save();
  }

  /** After the user chose the other version: it becomes what is saved. */
  adopt(serverRevision: number): void {
    this.revision = serverRevision;
    this.savedVersion = this.o.store.version;
    this.set({ kind: 'saved', at: new Date() });
    void this.writeLocal();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    window.removeEventListener('online', this.onOnline);
    for (const t of [this.timer, this.localTimer, this.retryTimer]) if (t) clearTimeout(t);
  }
}
