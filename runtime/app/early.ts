/**
 * What the app will ask first, asked as it starts (issue 17 §8): who is signed in, and, opened at
 * a record's address, the record (with its form's title) and then, unless this device keeps it,
 * the version of the form it was made with, so a long form is on the screen without waiting for
 * each answer in turn. Each answer is taken once, by the code it was asked for, and only soon
 * after the start.
 */
import { api, ApiError, type Reply } from '../api/client.js';
import { localDrafts } from '../form/local-drafts.js';

const asked = new Map<string, { at: number; reply: Promise<Reply<unknown>> }>();
/** An early answer older than this is not used: it is asked afresh. */
const FRESH_MS = 10_000;

export const SESSION_PATH = '/api/session';
/** A record's API address, as RecordPage asks for it. */
export const recordPath = (id: string): string => `/api/submissions/${encodeURIComponent(id)}`;
/** A form version's API address (its schema and layout), as RecordPage asks for it. */
export const versionPath = (formId: string, version: number): string => `/api/forms/${encodeURIComponent(formId)}/versions/${version}`;

function ask<T>(path: string): Promise<Reply<T>> {
  // The session and the record were most likely fetched by the browser already, as the page's
  // Link header asked (engine/http/web.ts): this takes that answer rather than asking again.
  const reply = api.get<T>(path);
  reply.catch(() => {});
  asked.set(path, { at: Date.now(), reply });
  return reply;
}

/** Asks, now, for what the page at `pathname` will need first. */
export function askEarly(pathname: string): void {
  ask(SESSION_PATH);
  const record = /^\/records\/([^/]+)\/?$/.exec(pathname);
  if (!record) return;
  // This device's store of drafts is opened now (tens of milliseconds), ready when the page reads its copy.
  localDrafts.open();
  let id: string;
  try {
    id = decodeURIComponent(record[1]!);
  } catch {
    return;
  }
  ask<{ formId?: unknown; version?: unknown }>(recordPath(id))
    .then(async ({ body: { formId, version } }) => {
      if (typeof formId !== 'string' || typeof version !== 'number') return;
      // Published versions never change: one this device keeps is not asked for.
      if (!(await localDrafts.getVersion(formId, version))) ask(versionPath(formId, version));
    })
    .catch(() => {});
}

/**
 * The answer to `path`: a fresh early one, else asked now. When the early one failed because
 * nobody was signed in (401), the server failed (5xx) or could not be reached, it is asked again
 * (perhaps not so now) — unless `refusalIsAnswer`, where any refusal is the answer (the session's
 * 401 when nobody is signed in). Any other refusal (a record that is not there, 404) stands.
 */
export function getEarly<T>(path: string, options: { refusalIsAnswer?: boolean } = {}): Promise<Reply<T>> {
  const early = asked.get(path);
  asked.delete(path);
  if (!early || Date.now() - early.at > FRESH_MS) return api.get<T>(path);
  return (early.reply as Promise<Reply<T>>).catch((err: unknown) => {
    if (err instanceof ApiError && (options.refusalIsAnswer || (err.status !== 401 && err.status < 500))) throw err;
    return api.get<T>(path);
  });
}
