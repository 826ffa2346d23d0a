/**
 * The draft being edited: its definition, undo and redo, and autosave to the server (with
 * If-Match, so a change made in another tab is never overwritten silently). Each save comes back
 * with the definition policy's verdict, which the editor shows where each problem is.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, NetworkError, api, revisionOf, type FieldError } from '../../runtime/api/client.js';
import type { FormVersion } from '../../runtime/api/types.js';
import { History, type Definition, type Rename } from '../model/index.js';

export type SaveState = 'saved' | 'unsaved' | 'saving' | 'conflict' | 'offline' | 'failed';

interface DraftReply {
  version: FormVersion;
  violations: FieldError[];
  notices: FieldError[];
}

const SAVE_AFTER_MS = 800;
const HISTORY = 100;

export interface Draft {
  definition: Definition;
  changeNote: string;
  violations: FieldError[];
  notices: FieldError[];
  save: SaveState;
  canUndo: boolean;
  canRedo: boolean;
  /** Replaces the definition (an edit that renamed `renamed`); it can be undone. */
  edit(next: Definition, renamed?: Rename[]): void;
  setChangeNote(note: string): void;
  /** Undo and redo return the answers they renamed, so that what points at them can follow. */
  undo(): Rename[];
  redo(): Rename[];
  /** Saves now and resolves when the server has it. */
  flush(): Promise<void>;
  revision: number;
}

export function useDraft(formId: string, initial: FormVersion, initialReport: { violations: FieldError[]; notices: FieldError[] }): Draft {
  const [definition, setDefinition] = useState<Definition>({ schema: initial.schema, uischema: initial.uischema });
  const [changeNote, setChangeNoteState] = useState(initial.changeNote);
  const [report, setReport] = useState(initialReport);
  const [save, setSave] = useState<SaveState>('saved');
  const [history] = useState(() => new History(HISTORY));
  const [, bump] = useState(0);
  const revision = useRef(initial.revision);
  const latest = useRef({ definition, changeNote });
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef<Promise<void> | null>(null);

  const send = useCallback(async () => {
    if (!dirty.current) return;
    dirty.current = false;
    const { definition: d, changeNote: note } = latest.current;
    setSave('saving');
    try {
      const res = await api.put<DraftReply>(`/api/forms/${formId}/versions/${initial.version}`, { ...d, changeNote: note }, { ifMatch: `"${revision.current}"` });
      revision.current = revisionOf(res.etag) ?? res.body.version.revision;
      setReport({ violations: res.body.violations, notices: res.body.notices });
      setSave(dirty.current ? 'unsaved' : 'saved');
    } catch (err) {
      dirty.current = true;
      if (err instanceof NetworkError) setSave('offline');
      else if (err instanceof ApiError && (err.status === 412 || err.status === 409)) setSave('conflict');
      else {
        setSave('failed');
        if (err instanceof ApiError && err.problem.errors) setReport({ violations: err.problem.errors, notices: [] });
      }
    }
  }, [formId, initial.version]);

  const flush = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    while (inFlight.current) await inFlight.current;
    if (!dirty.current) return;
    inFlight.current = send().finally(() => (inFlight.current = null));
    await inFlight.current;
  }, [send]);

  const schedule = useCallback(() => {
    dirty.current = true;
    setSave('unsaved');
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), SAVE_AFTER_MS);
  }, [flush]);

  const edit = useCallback(
    (next: Definition, renamed?: Rename[]) => {
      history.edit(latest.current.definition, renamed);
      latest.current = { ...latest.current, definition: next };
      setDefinition(next);
      schedule();
    },
    [history, schedule],
  );

  const move = useCallback(
    (way: 'undo' | 'redo'): Rename[] => {
      const moved = way === 'undo' ? history.undo(latest.current.definition) : history.redo(latest.current.definition);
      if (!moved) return [];
      latest.current = { ...latest.current, definition: moved.definition };
      setDefinition(moved.definition);
      bump((n) => n + 1);
      schedule();
      return moved.renamed;
    },
    [history, schedule],
  );

  const setChangeNote = useCallback(
    (note: string) => {
      latest.current = { ...latest.current, changeNote: note };
      setChangeNoteState(note);
      schedule();
    },
    [schedule],
  );

  // Leaving with unsaved changes: the browser asks first, and they are sent.
  useEffect(() => {
    const onLeave = () => void flush();
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!dirty.current && !inFlight.current) return;
      e.preventDefault();
      void flush();
    };
    window.addEventListener('pagehide', onLeave);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      window.removeEventListener('pagehide', onLeave);
      window.removeEventListener('beforeunload', onBeforeUnload);
      void flush();
    };
  }, [flush]);

  return {
    definition,
    changeNote,
    violations: report.violations,
    notices: report.notices,
    save,
    canUndo: history.canUndo,
    canRedo: history.canRedo,
    edit,
    setChangeNote,
    undo: () => move('undo'),
    redo: () => move('redo'),
    flush,
    revision: revision.current,
  };
}
