/**
 * Drafts kept on this device (IndexedDB): every change lands here within a fraction of a second,
 * so a dropped network, a reload or a browser crash loses nothing. A record is "dirty" until the
 * server has acknowledged the same answers.
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { FormVersion, SubmissionSummary } from '../api/types.js';

export interface LocalDraft {
  id: string;
  data: Record<string, unknown>;
  /** The server revision these answers were based on. */
  baseRevision: number;
  /** True while the server has not got these answers yet. */
  dirty: boolean;
  /** Where the user was: the step shown and the last field they were in. */
  step: number;
  focusPath: string | null;
  savedAt: string;
  /** The record as last loaded (without its answers) and its form's title: enough to reopen it offline. */
  record: SubmissionSummary;
  formTitle: string;
}

let db: Promise<IDBPDatabase> | null = null;

function open(): Promise<IDBPDatabase> {
  db ??= openDB('caseforms', 1, {
    upgrade(d) {
      d.createObjectStore('drafts', { keyPath: 'id' });
      d.createObjectStore('versions');
    },
  });
  return db;
}

export const localDrafts = {
  async get(id: string): Promise<LocalDraft | undefined> {
    return (await open()).get('drafts', id) as Promise<LocalDraft | undefined>;
  },
  async put(draft: LocalDraft): Promise<void> {
    await (await open()).put('drafts', draft);
  },
  async remove(id: string): Promise<void> {
    await (await open()).delete('drafts', id);
  },
  /** Form versions never change once published, so a copy here serves a page opened offline. */
  async getVersion(formId: string, version: number): Promise<FormVersion | undefined> {
    return (await open()).get('versions', `${formId}@${version}`) as Promise<FormVersion | undefined>;
  },
  async putVersion(v: FormVersion): Promise<void> {
    await (await open()).put('versions', v, `${v.formId}@${v.version}`);
  },
};
