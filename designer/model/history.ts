/**
 * Undo and redo: the definitions before and after each edit, and the answers each edit renamed.
 * Going back or forward says which names went back or forward with it, so that what points at
 * them from outside the definition (the form's settings) can follow.
 */
import type { Definition, Rename } from './types.js';

interface Step {
  definition: Definition;
  /** The answers renamed between this definition and the next one (in `past`), or the one before it (in `future`). */
  renamed: Rename[];
}

/** Where an undo or redo lands, and the answers renamed on the way (in order). */
export interface HistoryMove {
  definition: Definition;
  renamed: Rename[];
}

export class History {
  private past: Step[] = [];
  private future: Step[] = [];

  constructor(private readonly limit: number) {}

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  /** An edit replaced `current`, renaming `renamed`; it can be undone. Whatever was undone before cannot be redone any more. */
  edit(current: Definition, renamed: readonly Rename[] = []): void {
    this.past = [...this.past.slice(-this.limit + 1), { definition: current, renamed: [...renamed] }];
    this.future = [];
  }

  /** Forgets every step: the definition was replaced by one saved elsewhere, which undoing must not overwrite. */
  clear(): void {
    this.past = [];
    this.future = [];
  }

  /** The definition before `current`; its renames are taken back (the last first, each turned round). */
  undo(current: Definition): HistoryMove | null {
    const step = this.past.pop();
    if (!step) return null;
    this.future.push({ definition: current, renamed: step.renamed });
    return { definition: step.definition, renamed: [...step.renamed].reverse().map((r) => ({ from: r.to, to: r.from })) };
  }

  /** The definition an undo left, with its renames made again. */
  redo(current: Definition): HistoryMove | null {
    const step = this.future.pop();
    if (!step) return null;
    this.past.push({ definition: current, renamed: step.renamed });
    return { definition: step.definition, renamed: step.renamed };
  }
}
