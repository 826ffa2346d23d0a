/**
 * The answers being written: the one source of truth while a form is open. Every field writes
 * here on every keystroke (cheap), and autosave reads from here — never from JSON Forms' own
 * debounced copy, which is how stock JSON Forms loses quickly typed characters.
 *
 * It also keeps what was typed but is not yet an answer ("five" in a number box): the text, so
 * a reload shows it again, and the problem with it, so the step cannot be left and the form
 * cannot be submitted while it stands. The last good answer stays in place meanwhile.
 */
import { getIn, setIn } from './paths.js';

/** Answers → the same answers with whatever is worked out from them (the same object when nothing changes). */
export type Derive = (data: Record<string, unknown>) => Record<string, unknown>;

export type Listener = (change: { path: string | null }) => void;

/** Text typed into a box that does not make an answer, and what is wrong with it. */
export interface Unparsed {
  text: string;
  message: string;
}

export class DraftStore {
  private current: Record<string, unknown>;
  private typed: Record<string, Unparsed>;
  /** Bumped on every change, so savers can tell whether what they sent is still the latest. */
  version = 0;
  private readonly listeners = new Set<Listener>();
  private derive: Derive | null;

  constructor(initial: Record<string, unknown>, unparsed: Record<string, Unparsed> = {}, derive: Derive | null = null) {
    this.derive = derive;
    this.current = derive ? derive(initial) : initial;
    this.typed = unparsed;
  }

  /** Sets (or, with null, stops) what is worked out after every change, and works it out now. */
  setDerive(derive: Derive | null): void {
    this.derive = derive;
    const next = derive ? derive(this.current) : this.current;
    if (next === this.current) return;
    this.current = next;
    this.changed(null);
  }

  get data(): Record<string, unknown> {
    return this.current;
  }

  /** Every box holding text that is not an answer yet, by path. */
  get unparsed(): Record<string, Unparsed> {
    return this.typed;
  }

  get(path: string): unknown {
    return getIn(this.current, path);
  }

  set(path: string, value: unknown): void {
    if (getIn(this.current, path) === value) return;
    const next = setIn(this.current, path, value) as Record<string, unknown>;
    this.current = this.derive ? this.derive(next) : next;
    this.changed(path);
  }

  /** Records (or, with `null`, clears) text typed at `path` that is not an answer. */
  setUnparsed(path: string, entry: Unparsed | null): void {
    const old = this.typed[path];
    if (entry === null ? old === undefined : old?.text === entry.text && old.message === entry.message) return;
    const next = { ...this.typed };
    if (entry === null) delete next[path];
    else next[path] = entry;
    this.typed = next;
    this.changed(path);
  }

  /** A row of the list at `listPath` was removed: its typed text goes, the rows after it move up. */
  removeRow(listPath: string, index: number): void {
    const prefix = `${listPath}.`;
    let touched = false;
    const next: Record<string, Unparsed> = {};
    for (const [path, entry] of Object.entries(this.typed)) {
      if (!path.startsWith(prefix)) {
        next[path] = entry;
        continue;
      }
      const [head, ...rest] = path.slice(prefix.length).split('.');
      const row = Number(head);
      touched = true;
      if (row === index) continue;
      next[row > index ? [listPath, row - 1, ...rest].join('.') : path] = entry;
    }
    if (touched) this.typed = next;
  }

  /** Replaces everything (a change made elsewhere taken in, a migration). */
  replace(data: Record<string, unknown>, unparsed: Record<string, Unparsed> = this.typed): void {
    this.current = this.derive ? this.derive(data) : data;
    this.typed = unparsed;
    this.changed(null);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(path: string | null): void {
    this.version++;
    for (const l of this.listeners) l({ path });
  }
}
