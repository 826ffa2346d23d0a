/**
 * Saves a reviewer's stage section as they type, the way drafts autosave: every keystroke goes
 * to the answers store (nothing typed is lost), the server gets the section within two seconds,
 * always with If-Match. Offline or signed out it waits and tries again; when the record moved on
 * while still at this stage (the section saved in another tab) it saves over it with the new
 * revision; when someone else decided the stage, it stops and says so.
 */
import { ApiError, NetworkError, SESSION_RESTORED, api, revisionOf } from '../api/client.js';
import { alreadyDecided, reviewApi } from '../api/review.js';
import type { Submission } from '../api/types.js';
import type { SaveState } from '../form/autosave.js';
import type { DraftStore } from '../form/draft-store.js';

const DEBOUNCE_MS = 700;
const MAX_WAIT_MS = 2000;
const RETRY_MS = 5000;

export interface SectionSaveOptions {
  store: DraftStore;
  submissionId: string;
  stage: string;
  section: string;
  revision: number;
  /** When the record was last changed (the status says "saved at" that time at first). */
  updatedAt: string;
  onState: (state: SaveState) => void;
  /** The stage was signed or returned by someone else, or the record left it: `detail` in words. */
  onDecided: (detail: string) => void;
}

export class SectionSaver {
  revision: number;
  private state: SaveState;
  private savedVersion: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private firstUnsavedAt: number | null = null;
  private inFlight: Promise<void> | null = null;
  private stopped = false;
  private readonly unsubscribe: () => void;
  private readonly kick = () => {
    if (this.state.kind === 'offline' || this.state.kind === 'signed-out') void this.save();
  };
  private readonly onVisibility = () => {
    if (document.visibilityState === 'hidden') void this.flush();
  };

  constructor(private readonly o: SectionSaveOptions) {
    this.revision = o.revision;
    this.savedVersion = o.store.version;
    this.state = { kind: 'saved', at: new Date(o.updatedAt) };
    this.unsubscribe = o.store.subscribe(() => this.changed());
    window.addEventListener('online', this.kick);
    window.addEventListener(SESSION_RESTORED, this.kick);
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  get current(): SaveState {
    return this.state;
  }

  /** The section's answers as they are now. */
  get data(): Record<string, unknown> {
    const v = this.o.store.data[this.o.section];
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  }

  private set(state: SaveState): void {
    this.state = state;
    this.o.onState(state);
  }

  private changed(): void {
    if (this.stopped) return;
    if (this.state.kind === 'saved' || this.state.kind === 'saving') this.set({ kind: 'unsaved' });
    this.firstUnsavedAt ??= Date.now();
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(DEBOUNCE_MS, this.firstUnsavedAt + MAX_WAIT_MS - Date.now()));
    this.timer = setTimeout(() => void this.save(), wait);
  }

  /** Saves now; true when the server has everything typed. */
  async flush(): Promise<boolean> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.save();
    return !this.stopped && this.state.kind === 'saved';
  }

  private async save(): Promise<void> {
    if (this.stopped) return;
    if (this.inFlight) await this.inFlight;
    if (this.o.store.version === this.savedVersion) {
      if (this.state.kind !== 'saved') this.set({ kind: 'saved', at: new Date() });
      return;
    }
    this.inFlight = this.send().finally(() => (this.inFlight = null));
    await this.inFlight;
  }

  private async send(retried = false): Promise<void> {
    const version = this.o.store.version;
    this.firstUnsavedAt = null;
    this.set({ kind: 'saving' });
    try {
      const res = await reviewApi.saveAnswers(this.o.submissionId, this.revision, this.o.stage, this.data);
      this.revision = revisionOf(res.etag) ?? res.body.revision;
      this.savedVersion = version;
      if (this.o.store.version === version) this.set({ kind: 'saved', at: new Date() });
      else this.changed();
    } catch (err) {
      if (this.stopped) return;
      if (err instanceof NetworkError) {
        this.set({ kind: 'offline' });
        if (this.retryTimer) clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(this.kick, RETRY_MS);
      } else if (err instanceof ApiError && err.status === 401) {
        this.set({ kind: 'signed-out' });
      } else if (alreadyDecided(err)) {
        this.decided(err.problem.detail);
      } else if (err instanceof ApiError && err.status === 412 && !retried) {
        await this.catchUp();
      } else {
        this.set({ kind: 'failed', message: err instanceof ApiError ? err.problem.detail : 'The answers could not be saved.' });
      }
    }
  }

  /** The record changed elsewhere: still at this stage, save over it; otherwise stop. */
  private async catchUp(): Promise<void> {
    let current: Submission;
    try {
      const res = await api.get<Submission>(`/api/submissions/${encodeURIComponent(this.o.submissionId)}`);
      current = res.body;
      this.revision = revisionOf(res.etag) ?? current.revision;
    } catch (err) {
      this.set({ kind: 'failed', message: err instanceof ApiError ? err.problem.detail : 'The record could not be read again.' });
      return;
    }
    if (current.status !== 'submitted' || current.review?.state !== 'waiting' || current.review.stage !== this.o.stage) {
      this.decided('This record has moved on from this stage since you opened it: someone else signed it or returned it.');
      return;
    }
    await this.send(true);
  }

  private decided(detail: string): void {
    this.stop();
    this.o.onDecided(detail);
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    window.removeEventListener('online', this.kick);
    window.removeEventListener(SESSION_RESTORED, this.kick);
    document.removeEventListener('visibilitychange', this.onVisibility);
    for (const t of [this.timer, this.retryTimer]) if (t) clearTimeout(t);
  }
}
