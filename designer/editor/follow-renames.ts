/**
 * The form's settings can say that an id asked for at the start fills in a question: a pointer
 * to its answer. When an edit, an undo or a redo renames that answer, the settings follow it, so
 * that they never point at a name the draft no longer has. The answer can only be renamed while
 * no published version holds it, so versions in use are not affected. The settings change
 * through the settings page's own PATCH, with If-Match, once the draft with the new name is
 * saved (the server checks the pointers against it).
 */
import { useCallback, useRef } from 'react';
import { ApiError, api } from '../../runtime/api/client.js';
import type { FormSummary, SubjectKey } from '../../runtime/api/types.js';
import { renamedPointer, type Rename } from '../model/index.js';

const ID_WORDS: Record<SubjectKey, string> = { childId: "the child's ICS id", episodeId: 'the episode id', workerId: "the worker's id" };

export type Say = (message: { kind: 'error' | 'note'; text: string }) => void;

/** Changes the settings after `renamed`; what was changed, in words, or null when they did not name it. */
async function follow(formId: string, renamed: Rename[], flush: () => Promise<void>): Promise<string | null> {
  await flush();
  const url = `/api/forms/${encodeURIComponent(formId)}`;
  const res = await api.get<FormSummary>(url);
  const subject = res.body.subject ?? {};
  const keys = (Object.keys(subject) as SubjectKey[]).filter((k) => subject[k] && renamedPointer(subject[k], renamed) !== subject[k]);
  if (keys.length === 0) return null;
  const next = { ...subject };
  for (const k of keys) next[k] = renamedPointer(subject[k]!, renamed);
  await api.patch(url, { subject: next }, res.etag ? { ifMatch: res.etag } : {});
  return `The form settings follow the new name: ${keys.map((k) => `${ID_WORDS[k]} fills in “${next[k]}”`).join('; ')}.`;
}

/** A function to call with what each edit, undo or redo renamed; one rename's settings change at a time, in order. */
export function useFollowRenames(formId: string, flush: () => Promise<void>, say: Say): (renamed: Rename[] | undefined) => void {
  const queue = useRef<Promise<void>>(Promise.resolve());
  return useCallback(
    (renamed) => {
      if (!renamed?.length) return;
      queue.current = queue.current
        .then(() => follow(formId, renamed, flush))
        .then(
          (text) => {
            if (text) say({ kind: 'note', text });
          },
          (err: unknown) => {
            const why = err instanceof ApiError ? [err.problem.detail, ...(err.problem.errors ?? []).map((e) => e.message)].join(' ') : 'The service cannot be reached.';
            say({ kind: 'error', text: `The form settings could not follow the new name. ${why} Check which question each id fills in, under Form settings.` });
          },
        );
    },
    [formId, flush, say],
  );
}
