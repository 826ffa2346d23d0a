/**
 * The answers being written: the one source of truth while a form is open. Every field writes
 * here on every keystroke (cheap), and autosave reads from here — never from JSON Forms' own
 * debounced copy, which is how stock JSON Forms loses quickly typed characters.
 */
import { getIn, setIn } from './paths.js';

export type Listener = (change: { path: string | null }) => void;

export class DraftStore {
  private current: Record<string, unknown>;
  /** Bumped on every change, so savers can tell whether what they sent is still the latest. */
  version = 0;
  private readonly listeners = new Set<Listener>();

  constructor(initial: Record<string, unknown>) {
    this.current = initial;
  }

  get data(): Record<string, unknown> {
    return this.current;
  }

  get(path: string): unknown {
    return getIn(this.current, path);
  }

  set(path: string, value: unknown): void {
    if (getIn(this.current, path) === value) return;
    this.current = setIn(this.current, path, value) as Record<string, unknown>;
    this.version++;
    for (const l of this.listeners) l({ path });
  }

  /** Replaces everything (a reload after a conflict, a migration). */
  replace(data: Record<string, unknown>): void {
    this.current = data;
    this.version++;
    for (const l of this.listeners) l({ path: null });
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
