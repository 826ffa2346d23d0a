/**
 * Autosave: every change reaches this device at once (a synchronous journal, then IndexedDB) and
 * the server within two seconds, always with If-Match. A change saved elsewhere meanwhile (another
 * tab, another device) is merged answer by answer: changes to different answers both survive,
 * and only an answer changed on both sides is put to the person. The status never says "saved"
 * while a change is only on this device.
 */
import { ApiError, NetworkError, SESSION_RESTORED, api, revisionOf, type FieldError } from '../api/client.js';
import type { Submission, SubmissionSummary } from '../api/types.js';
import type { DraftStore } from './draft-store.js';
import { localDrafts, stamp, type LocalDraft } from './local-drafts.js';
import { mergeAnswers, sameValue, type Conflict } from './merge.js';
import { setIn } from './paths.js';

export type SaveState =
  | { kind: 'saved'; at: Date }
  | { kind: 'unsaved' }
  | { kind: 'saving' }
  | { kind: 'offline' }
  /** Answers changed both here and elsewhere: the person chooses (see `conflicts`). */
  | { kind: 'conflict'; conflicts: Conflict[] }
  /** The session ended: changes wait on this device until the person signs in again. */
  | { kind: 'signed-out' }
  | { kind: 'failed'; message: string };

/** The draft stopped being one elsewhere: submitted (in another tab) or deleted. */
export type Gone = 'submitted' | 'deleted';

/** Quiet time after typing before a save, and the longest a change waits. */
const DEBOUNCE_MS = 700;
const MAX_WAIT_MS = 2000;
const LOCAL_MS = 150;
const RETRY_MS = 5000;
/** Browsers refuse keepalive requests over 64 KiB in flight; bigger saves go as usual. */
const KEEPALIVE_MAX = 60_000;

/** Tabs of this browser tell each other when they save a draft, so the others catch up at once. */
const CHANNEL = 'caseforms-drafts';


export interface AutosaveOptions {
  store: DraftStore;
  submissionId: string;
  accountId: string;
  /** The server's revision and answers the store's answers were based on. */
  revision: number;
  baseData: Record<string, unknown> | null;
  /** Answers that may have reached the server without the reply reaching us (see LocalDraft.inFlight). */
  inFlight?: Record<string, unknown> | undefined;
  /** The store holds changes the server has not got (resumed from this device's copy). */
  dirty: boolean;
  /** Kept with the local copy so the draft can be reopened offline. */
  record: SubmissionSummary;
  formTitle: string;
  /** Where the user is, kept with the local copy so a reload resumes there. */
  position: () => { step: number; focusPath: string | null };
  onState: (state: SaveState) => void;
  /** Advice from the server's last save: what still needs fixing before submitting. */
  onAdvice: (advisory: FieldError[]) => void;
  /** Answers saved elsewhere were taken into the store (the form must show them). */
  onMerged: (how: 'merged' | 'updated') => void;
  onGone: (why: Gone) => void;
}

export class Autosaver {
  revision: number;
  private baseData: Record<string, unknown> | null;
  private inFlightData: Record<string, unknown> | undefined;
  private state: SaveState;
  /** The store version the server has (−1: not known to match anything). */
  private savedVersion: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private firstUnsavedAt: number | null = null;
  private localTimer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private readonly unsubscribe: () => void;
  private readonly channel: BroadcastChannel | null;
  private readonly onOnline = () => this.kick();
  private readonly onRestored = () => this.kick();
  private readonly onVisibility = () => {
    if (document.visibilityState === 'hidden') void this.flush();
    else void this.check();
  };

  constructor(private readonly o: AutosaveOptions) {
    this.revision = o.revision;
    this.baseData = o.baseData;
    this.inFlightData = o.inFlight;
    this.savedVersion = o.dirty ? -1 : o.store.version;
    this.state = o.dirty ? { kind: 'unsaved' } : { kind: 'saved', at: new Date(o.record.updatedAt) };
    this.unsubscribe = o.store.subscribe(() => this.changed());
    window.addEventListener('online', this.onOnline);
    window.addEventListener(SESSION_RESTORED, this.onRestored);
    document.addEventListener('visibilitychange', this.onVisibility);
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
    this.channel?.addEventListener('message', (e: MessageEvent<{ id: string; revision: number }>) => {
      if (e.data?.id === o.submissionId && e.data.revision !== this.revision) void this.check();
    });
    // A copy on this device from the start: a reload a moment from now has its base.
    void this.writeLocal();
  }

  get current(): SaveState {
    return this.state;
  }

  /** True while the store holds something the server has not got. */
  get unsent(): boolean {
    return this.o.store.version !== this.savedVersion;
  }

  private set(state: SaveState): void {
    this.state = state;
    this.o.onState(state);
  }

  private changed(): void {
    if (this.stopped) return;
    const { step, focusPath } = this.o.position();
    localDrafts.journal({
      id: this.o.submissionId,
      accountId: this.o.accountId,
      data: this.o.store.data,
      unparsed: this.o.store.unparsed,
      baseRevision: this.revision,
      step,
      focusPath,
      at: stamp(),
    });
    this.writeLocalSoon();
    if (this.state.kind === 'saved' || this.state.kind === 'saving') this.set({ kind: 'unsaved' });
    this.schedule();
  }

  private schedule(): void {
    this.firstUnsavedAt ??= Date.now();
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(DEBOUNCE_MS, this.firstUnsavedAt + MAX_WAIT_MS - Date.now()));
    this.timer = setTimeout(() => void this.save(), wait);
  }

  /** Writes this device's copy now (also called when the user moves between steps). */
  async writeLocal(): Promise<void> {
    if (this.localTimer) clearTimeout(this.localTimer);
    this.localTimer = null;
    if (this.stopped) return;
    const { step, focusPath } = this.o.position();
    const draft: LocalDraft = {
      id: this.o.submissionId,
      accountId: this.o.accountId,
      data: this.o.store.data,
      unparsed: this.o.store.unparsed,
      baseRevision: this.revision,
      ...(this.baseData ? { baseData: this.baseData } : {}),
      ...(this.inFlightData ? { inFlight: this.inFlightData } : {}),
      dirty: this.unsent || Object.keys(this.o.store.unparsed).length > 0,
      step,
      focusPath,
      at: stamp(),
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

  /** Tries again after going offline or being signed out. */
  kick(): void {
    if (this.state.kind === 'offline' || this.state.kind === 'signed-out' || this.state.kind === 'failed') void this.save(true);
  }

  private async save(force = false): Promise<void> {
    if (this.stopped || this.state.kind === 'conflict') return;
    if (this.inFlight) {
      await this.inFlight;
      if (!this.unsent) return;
    }
    if (!this.unsent && !force) return;
    if (!this.unsent) {
      this.set({ kind: 'saved', at: new Date() });
      return;
    }
    this.inFlight = this.send().finally(() => (this.inFlight = null));
    await this.inFlight;
  }

  private async send(): Promise<void> {
    const version = this.o.store.version;
    const data = this.o.store.data;
    this.firstUnsavedAt = null;
    this.set({ kind: 'saving' });
    // Recorded before it leaves: if the page goes before the reply comes, the next load can
    // tell its own save landed from a change made elsewhere.
    this.inFlightData = data;
    await this.writeLocal();
    try {
      const body = { data };
      const res = await api.put<Submission>(`/api/submissions/${this.o.submissionId}`, body, {
        ifMatch: `"${this.revision}"`,
        keepalive: JSON.stringify(body).length < KEEPALIVE_MAX,
      });
      this.acknowledged(revisionOf(res.etag) ?? this.revision + 1, data, version);
      this.o.onAdvice(res.body.advisory ?? []);
      await this.writeLocal();
      this.channel?.postMessage({ id: this.o.submissionId, revision: this.revision });
      if (this.o.store.version === version) this.set({ kind: 'saved', at: new Date() });
      else this.changed();
    } catch (err) {
      await this.failed(err);
    }
  }

  private acknowledged(revision: number, data: Record<string, unknown>, version: number): void {
    this.revision = revision;
    this.baseData = data;
    this.inFlightData = undefined;
    this.savedVersion = version;
  }

  private async failed(err: unknown): Promise<void> {
    if (err instanceof NetworkError) {
      this.set({ kind: 'offline' });
      await this.writeLocal();
      if (this.retryTimer) clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.kick(), RETRY_MS);
    } else if (err instanceof ApiError && err.status === 401) {
      this.set({ kind: 'signed-out' });
      await this.writeLocal();
    } else if (err instanceof ApiError && (err.status === 412 || err.status === 409 || err.status === 404)) {
      await this.reconcile();
    } else {
      this.set({ kind: 'failed', message: err instanceof ApiError ? err.problem.detail : 'The answers could not be saved.' });
    }
  }

  /** The server's copy, or null when it could not be read (the state then says why). */
  private async fetchServer(): Promise<{ submission: Submission; revision: number } | null> {
    try {
      const res = await api.get<Submission>(`/api/submissions/${this.o.submissionId}`);
      return { submission: res.body, revision: revisionOf(res.etag) ?? res.body.revision };
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        this.stop();
        this.o.onGone('deleted');
        return null;
      }
      if (err instanceof NetworkError || (err instanceof ApiError && err.status === 401)) await this.failed(err);
      else this.set({ kind: 'failed', message: err instanceof ApiError ? err.problem.detail : 'The saved draft could not be read.' });
      return null;
    }
  }

  /**
   * Brings in what was saved elsewhere: merged with this tab's changes, saved if that gives
   * something new; an answer changed on both sides waits for the person (`resolve`).
   */
  private async reconcile(choices: ReadonlyMap<string, 'mine' | 'theirs'> = new Map()): Promise<void> {
    const server = await this.fetchServer();
    if (!server || this.stopped) return;
    if (server.submission.status !== 'draft') {
      this.stop();
      this.o.onGone('submitted');
      return;
    }
    const theirs = server.submission.data;
    // Our own save that landed without its reply reaching us is not a change made elsewhere.
    const base = this.inFlightData && sameValue(this.inFlightData, theirs) ? theirs : this.baseData;
    const mine = this.o.store.data;
    const { data, conflicts } = mergeAnswers(base, mine, theirs);
    const open = conflicts.filter((c) => !choices.has(c.path));
    if (open.length) {
      this.set({ kind: 'conflict', conflicts: open });
      return;
    }
    let merged = data;
    for (const c of conflicts) if (choices.get(c.path) === 'theirs') merged = setIn(merged, c.path, c.theirs) as Record<string, unknown>;
    this.revision = server.revision;
    this.baseData = theirs;
    this.inFlightData = undefined;
    const changedHere = !sameValue(merged, mine);
    if (changedHere) {
      this.o.store.replace(merged);
      this.o.onMerged(sameValue(mine, base ?? {}) ? 'updated' : 'merged');
    }
    if (sameValue(merged, theirs)) {
      this.savedVersion = this.o.store.version;
      this.set({ kind: 'saved', at: new Date() });
      this.o.onAdvice(server.submission.advisory ?? []);
      await this.writeLocal();
    } else {
      this.savedVersion = -1;
      this.set({ kind: 'unsaved' });
      // A refused save comes here from inside its own sending, and a save waits for the one in
      // flight first: awaited then, it would wait for itself, and nothing would be sent again on
      // this page (found by a browser test: "Changes not saved yet" for good). Otherwise (a
      // change seen elsewhere, the person's choices) it is awaited, so the caller sees its end.
      const nested = this.inFlight !== null;
      const saving = this.save();
      if (!nested) await saving;
    }
  }

  /** Looks for a change saved elsewhere (the tab came back into view; another tab saved). */
  async check(): Promise<void> {
    if (this.stopped || this.inFlight || this.state.kind === 'conflict' || this.state.kind === 'signed-out') return;
    try {
      const res = await api.poll<Submission>(`/api/submissions/${this.o.submissionId}`);
      const revision = revisionOf(res.etag) ?? res.body.revision;
      if (revision === this.revision && res.body.status === 'draft') return;
    } catch {
      return; // offline or signed out: the next save finds out
    }
    if (!this.inFlight) await this.reconcile();
  }

  /** The person settled each conflicting answer: keep theirs or mine. */
  async resolve(choices: ReadonlyMap<string, 'mine' | 'theirs'>): Promise<void> {
    this.set({ kind: 'saving' });
    await this.reconcile(choices);
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    this.channel?.close();
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener(SESSION_RESTORED, this.onRestored);
    document.removeEventListener('visibilitychange', this.onVisibility);
    for (const t of [this.timer, this.localTimer, this.retryTimer]) if (t) clearTimeout(t);
  }
}
