/**
 * The draft being edited: its definition, undo and redo, and autosave to the server (with
 * If-Match, so a change made in another tab is never overwritten silently). Each save comes back
 * with the definition policy's verdict, which the editor shows where each problem is.
 *
 * Once a change made elsewhere is known (a save refused with 412, or a newer revision seen when
 * the tab comes back into view), this tab takes no more edits: the analyst either adds this tab's
 * changes to theirs (a three-way merge, offered only when the two changed different things) or
 * reloads theirs. A tab with nothing unsaved simply takes the newer draft when it comes back.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, NetworkError, api, revisionOf, type FieldError } from '../../runtime/api/client.js';
import type { FormVersion } from '../../runtime/api/types.js';
import { History, describeOverlap, mergeDefinitions, type Definition, type Rename } from '../model/index.js';

export type SaveState = 'saved' | 'unsaved' | 'saving' | 'conflict' | 'offline' | 'failed';

interface DraftReply {
  version: FormVersion;
  violations: FieldError[];
  notices: FieldError[];
}

const SAVE_AFTER_MS = 800;
const HISTORY = 100;

/** A change saved elsewhere that this tab's unsaved changes would overwrite. */
export interface DraftConflict {
  /** The version was published or retired elsewhere: nothing more can be saved to it. */
  closed: boolean;
  /** This tab's changes added to theirs, when they changed different things. */
  canMerge: boolean;
  /** What both changed, in the analyst's words, when they cannot be merged. */
  overlaps: string[];
}

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
  /** Set while a change made elsewhere is unresolved; edits are refused meanwhile. */
  conflict: DraftConflict | null;
  /** Adds this tab's unsaved changes to the newer draft and saves the result. */
  mergeTheirs(): void;
  /** Counts the times the definition was replaced by one saved elsewhere (a key for panels that hold edits). */
  generation: number;
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
  // The last definition and note the server and this tab agreed on: the base of a merge.
  const agreed = useRef({ definition, changeNote });
  const [conflict, setConflict] = useState<(DraftConflict & { theirs: FormVersion | null }) | null>(null);
  const blocked = useRef(false);
  // Moves on when the definition is replaced by one saved elsewhere, so panels drop what they held.
  const [generation, setGeneration] = useState(0);

  /** Reads what was saved elsewhere and works out whether this tab's changes can be added to it. */
  const inspect = useCallback(async () => {
    blocked.current = true;
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    let theirs: FormVersion | null = null;
    try {
      const res = await api.get<FormVersion>(`/api/forms/${formId}/versions/${initial.version}`);
      theirs = { ...res.body, revision: revisionOf(res.etag) ?? res.body.revision };
    } catch {
      theirs = null;
    }
    if (!theirs || theirs.status !== 'draft') {
      setConflict({ closed: true, canMerge: false, overlaps: [], theirs });
      return;
    }
    const base = agreed.current;
    const mine = latest.current;
    const { overlaps } = mergeDefinitions(base.definition, mine.definition, { schema: theirs.schema, uischema: theirs.uischema });
    const words = overlaps.map((p) => describeOverlap(mine.definition, p));
    if (mine.changeNote !== base.changeNote && theirs.changeNote !== base.changeNote && mine.changeNote !== theirs.changeNote) words.push('the note on what changed in this version');
    setConflict({ closed: false, canMerge: words.length === 0, overlaps: [...new Set(words)], theirs });
  }, [formId, initial.version]);

  const send = useCallback(async () => {
    if (!dirty.current) return;
    dirty.current = false;
    const { definition: d, changeNote: note } = latest.current;
    setSave('saving');
    try {
      const res = await api.put<DraftReply>(`/api/forms/${formId}/versions/${initial.version}`, { ...d, changeNote: note }, { ifMatch: `"${revision.current}"` });
      revision.current = revisionOf(res.etag) ?? res.body.version.revision;
      agreed.current = { definition: d, changeNote: note };
      setReport({ violations: res.body.violations, notices: res.body.notices });
      setSave(dirty.current ? 'unsaved' : 'saved');
    } catch (err) {
      dirty.current = true;
      if (err instanceof NetworkError) setSave('offline');
      else if (err instanceof ApiError && (err.status === 412 || err.status === 409)) {
        setSave('conflict');
        void inspect();
      }
      else {
        setSave('failed');
        if (err instanceof ApiError && err.problem.errors) setReport({ violations: err.problem.errors, notices: [] });
      }
    }
  }, [formId, initial.version, inspect]);

  const flush = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    while (inFlight.current) await inFlight.current;
    if (!dirty.current || blocked.current) return;
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
      if (blocked.current) return;
      history.edit(latest.current.definition, renamed);
      latest.current = { ...latest.current, definition: next };
      setDefinition(next);
      schedule();
    },
    [history, schedule],
  );

  const move = useCallback(
    (way: 'undo' | 'redo'): Rename[] => {
      if (blocked.current) return [];
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
      if (blocked.current) return;
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

  const mergeTheirs = useCallback(() => {
    const theirs = conflict?.theirs;
    if (!conflict?.canMerge || !theirs) return;
    const base = agreed.current;
    const mine = latest.current;
    const theirDefinition = { schema: theirs.schema, uischema: theirs.uischema };
    const { merged } = mergeDefinitions(base.definition, mine.definition, theirDefinition);
    if (!merged) return;
    const note = mine.changeNote === base.changeNote ? theirs.changeNote : mine.changeNote;
    agreed.current = { definition: theirDefinition, changeNote: theirs.changeNote };
    revision.current = theirs.revision;
    latest.current = { definition: merged, changeNote: note };
    blocked.current = false;
    history.clear();
    setConflict(null);
    setGeneration((g) => g + 1);
    setDefinition(merged);
    setChangeNoteState(note);
    schedule();
  }, [conflict, history, schedule]);

  // Back to this tab: a draft saved elsewhere meanwhile is taken at once when nothing here is
  // unsaved, and is a conflict (no more edits here) when something is.
  useEffect(() => {
    const look = async () => {
      // A save of ours on its way decides for itself (a 412 when someone else saved first).
      if (document.visibilityState !== 'visible' || blocked.current || inFlight.current) return;
      const asked = revision.current;
      try {
        const res = await api.get<FormVersion>(`/api/forms/${formId}/versions/${initial.version}`);
        const rev = revisionOf(res.etag) ?? res.body.revision;
        // A save of ours that went out meanwhile may be what made the newer revision: not theirs.
        if (rev <= revision.current || blocked.current || inFlight.current || revision.current !== asked) return;
        if (!dirty.current && !inFlight.current && res.body.status === 'draft') {
          const theirs = { schema: res.body.schema, uischema: res.body.uischema };
          agreed.current = { definition: theirs, changeNote: res.body.changeNote };
          latest.current = { definition: theirs, changeNote: res.body.changeNote };
          revision.current = rev;
          history.clear();
          setGeneration((g) => g + 1);
          setDefinition(theirs);
          setChangeNoteState(res.body.changeNote);
          setSave('saved');
        } else {
          setSave('conflict');
          await inspect();
        }
      } catch {
        // Offline or signed out: the next save says so.
      }
    };
    document.addEventListener('visibilitychange', look);
    window.addEventListener('focus', look);
    return () => {
      document.removeEventListener('visibilitychange', look);
      window.removeEventListener('focus', look);
    };
  }, [formId, initial.version, inspect, history]);

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
    conflict: conflict ? { closed: conflict.closed, canMerge: conflict.canMerge, overlaps: conflict.overlaps } : null,
    mergeTheirs,
    generation,
  };
}
