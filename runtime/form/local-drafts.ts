/**
 * Drafts kept on this device, so a dropped network, a reload, a closed tab or a browser crash
 * loses nothing:
 * - IndexedDB holds each open draft: its answers, the answers and revision last agreed with the
 *   server (the base for merging a change made elsewhere), and what is on its way to the server.
 * - A journal in localStorage takes every keystroke synchronously (IndexedDB writes are
 *   asynchronous and may not finish when a page is reloaded or closed at once); it is dropped as
 *   soon as IndexedDB has caught up.
 * - IndexedDB also holds each file chosen for a files question until it has uploaded, so a reload,
 *   a closed tab or a crash mid-upload sends it again when the draft is next open (runtime/form/uploads.ts).
 * Everything here belongs to the signed-in account and is wiped when they sign out.
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { FormVersion, SubmissionSummary } from '../api/types.js';
import type { Unparsed } from './draft-store.js';
import { sameValue } from './merge.js';

export interface LocalDraft {
  id: string;
  /** Whose draft: another account signing in on this device never sees it. */
  accountId: string;
  data: Record<string, unknown>;
  /** Text typed into boxes that is not an answer yet ("five" in a number box). */
  unparsed?: Record<string, Unparsed>;
  /** The server revision, and its answers, that `data` was based on. */
  baseRevision: number;
  baseData?: Record<string, unknown>;
  /** Answers sent to the server and not yet acknowledged (it may have got them). */
  inFlight?: Record<string, unknown>;
  /** True while the server has not got these answers yet. */
  dirty: boolean;
  /** Where the user was: the step shown and the last field they were in. */
  step: number;
  focusPath: string | null;
  /** When this copy was written (ms since the epoch). */
  at: number;
  /** The record as last loaded (without its answers) and its form's title: enough to reopen it offline (null: only the journal was kept). */
  record: SubmissionSummary | null;
  formTitle: string;
}

/** What the journal holds: the newest answers and place, written on every change. */
export interface JournalEntry {
  id: string;
  accountId: string;
  data: Record<string, unknown>;
  unparsed: Record<string, Unparsed>;
  /** The server revision the answers were based on when they were written. */
  baseRevision: number;
  step: number;
  focusPath: string | null;
  at: number;
}

/** A file chosen for a files question and not uploaded yet. */
export interface LocalUpload {
  /** Unique on this device (also the name of the lock its uploading page holds). */
  key: string;
  submissionId: string;
  accountId: string;
  /** The question's dot path. */
  path: string;
  file: File;
  at: number;
}

const DB = 'caseforms';
const JOURNAL = 'caseforms.journal.';

let db: Promise<IDBPDatabase> | null = null;

function open(): Promise<IDBPDatabase> {
  db ??= openDB(DB, 2, {
    upgrade(d, from) {
      if (from < 1) {
        d.createObjectStore('drafts', { keyPath: 'id' });
        d.createObjectStore('versions');
      }
      if (from < 2) d.createObjectStore('uploads', { keyPath: 'key' });
    },
    // Another tab wiping the database (sign-out) must not wait on this one.
    blocking() {
      void db?.then((d) => d.close());
      db = null;
    },
  });
  return db;
}

function readJournal(id: string): JournalEntry | undefined {
  try {
    const text = localStorage.getItem(JOURNAL + id);
    return text ? (JSON.parse(text) as JournalEntry) : undefined;
  } catch {
    return undefined;
  }
}

let last = 0;

/** A time stamp that never repeats or goes back within this page: orders journal and copies. */
export function stamp(): number {
  last = Math.max(Date.now(), last + 1);
  return last;
}

function journalIds(): string[] {
  const ids: string[] = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key?.startsWith(JOURNAL)) ids.push(key.slice(JOURNAL.length));
  }
  return ids;
}

export const localDrafts = {
  /** Opens the database now (it takes tens of milliseconds), so the first read does not wait for it. */
  open(): void {
    open().catch(() => {});
  },
  /**
   * This device's copy of a draft for `accountId`: the IndexedDB record brought up to date with
   * the journal when the journal is newer. Undefined when there is none (or it is someone else's).
   */
  async get(id: string, accountId: string): Promise<LocalDraft | undefined> {
    const stored = (await (await open()).get('drafts', id)) as LocalDraft | undefined;
    const journal = readJournal(id);
    const mine = stored && stored.accountId === accountId ? stored : undefined;
    if (!journal || journal.accountId !== accountId || (mine && mine.at >= journal.at)) return mine;
    const { data, unparsed, step, focusPath, at } = journal;
    // Without an IndexedDB copy (the page went within moments of the first keystroke) the
    // journal stands alone: its base is the server's revision it names.
    if (!mine) return { id, accountId, data, unparsed, baseRevision: journal.baseRevision, dirty: true, step, focusPath, at, record: null, formTitle: '' };
    return { ...mine, data, unparsed, step, focusPath, at, dirty: mine.dirty || !sameValue(data, mine.baseData ?? null) || Object.keys(unparsed).length > 0 };
  },
  async put(draft: LocalDraft): Promise<void> {
    await (await open()).put('drafts', draft);
    // IndexedDB has caught up with the journal: drop it (unless a newer keystroke is in it).
    const journal = readJournal(draft.id);
    if (journal && journal.at <= draft.at) localStorage.removeItem(JOURNAL + draft.id);
  },
  /** Synchronous: safe to call on every keystroke and from `pagehide`. */
  journal(entry: JournalEntry): void {
    try {
      localStorage.setItem(JOURNAL + entry.id, JSON.stringify(entry));
    } catch {
      // Storage full or refused: IndexedDB still gets the change a moment later.
    }
  },
  async remove(id: string): Promise<void> {
    localStorage.removeItem(JOURNAL + id);
    const d = await open();
    await d.delete('drafts', id);
    for (const u of (await d.getAll('uploads')) as LocalUpload[]) if (u.submissionId === id) await d.delete('uploads', u.key);
  },
  /** This account's drafts holding changes the server has not got. */
  async unsent(accountId: string): Promise<LocalDraft[]> {
    const ids = new Set(((await (await open()).getAllKeys('drafts')) as string[]).concat(journalIds()));
    const out: LocalDraft[] = [];
    for (const id of ids) {
      const current = await localDrafts.get(id, accountId);
      if (current?.dirty) out.push(current);
    }
    return out;
  },
  /**
   * This account's drafts this device can open without the service (the record as last loaded
   * and the version of its form are kept here), the latest changed first.
   */
  async openable(accountId: string): Promise<LocalDraft[]> {
    const d = await open();
    const out: LocalDraft[] = [];
    for (const stored of (await d.getAll('drafts')) as LocalDraft[]) {
      if (stored.accountId !== accountId || !stored.record || stored.record.status !== 'draft') continue;
      const current = await localDrafts.get(stored.id, accountId);
      if (current?.record && (await localDrafts.getVersion(current.record.formId, current.record.version))) out.push(current);
    }
    return out.sort((a, b) => b.at - a.at);
  },
  /** Wipes every draft, journal and form kept on this device (signing out; another account signing in). */
  async clear(): Promise<void> {
    for (const id of journalIds()) localStorage.removeItem(JOURNAL + id);
    const d = await open();
    const tx = d.transaction(['drafts', 'versions', 'uploads'], 'readwrite');
    await Promise.all([tx.objectStore('drafts').clear(), tx.objectStore('versions').clear(), tx.objectStore('uploads').clear(), tx.done]);
  },
  /** Drafts of any account but `accountId` are removed (a different person signed in here). */
  async keepOnly(accountId: string): Promise<void> {
    const d = await open();
    const all = (await d.getAll('drafts')) as LocalDraft[];
    for (const draft of all) if (draft.accountId !== accountId) await localDrafts.remove(draft.id);
    for (const id of journalIds()) if (readJournal(id)?.accountId !== accountId) localStorage.removeItem(JOURNAL + id);
    for (const u of (await d.getAll('uploads')) as LocalUpload[]) if (u.accountId !== accountId) await d.delete('uploads', u.key);
  },
  /** Keeps a file chosen for a draft until it has uploaded. */
  async putUpload(upload: LocalUpload): Promise<void> {
    await (await open()).put('uploads', upload);
  },
  async getUpload(key: string): Promise<LocalUpload | undefined> {
    return (await open()).get('uploads', key) as Promise<LocalUpload | undefined>;
  },
  async removeUpload(key: string): Promise<void> {
    await (await open()).delete('uploads', key);
  },
  /** Files this account chose, on any draft, not uploaded yet (signing out would remove them), oldest first. */
  async uploadsOfAccount(accountId: string): Promise<LocalUpload[]> {
    const all = (await (await open()).getAll('uploads')) as LocalUpload[];
    return all.filter((u) => u.accountId === accountId).sort((a, b) => a.at - b.at);
  },
  /** Files chosen for this draft by this account and not uploaded yet, oldest first. */
  async uploadsOf(submissionId: string, accountId: string): Promise<LocalUpload[]> {
    const all = (await (await open()).getAll('uploads')) as LocalUpload[];
    return all.filter((u) => u.submissionId === submissionId && u.accountId === accountId).sort((a, b) => a.at - b.at);
  },
  /** Form versions never change once published, so a copy here serves a page opened offline. */
  async getVersion(formId: string, version: number): Promise<FormVersion | undefined> {
    return (await open()).get('versions', `${formId}@${version}`) as Promise<FormVersion | undefined>;
  },
  async putVersion(v: FormVersion): Promise<void> {
    await (await open()).put('versions', v, `${v.formId}@${v.version}`);
  },
};
