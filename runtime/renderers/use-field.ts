/**
 * A field's value while it is being edited. Every change goes to the answers store at once (so
 * nothing typed is ever lost, whatever happens next), and to JSON Forms — which re-maps every
 * control on each change — only when the user pauses or leaves the field.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ControlProps } from '@jsonforms/core';
import { useFormRuntime } from './context.js';

/** How long typing must pause before JSON Forms hears of it (display rules, other fields). */
export const COMMIT_AFTER_MS = 600;

export interface Field<T> {
  value: T | undefined;
  /** `commit: 'now'` for choices (a rule may depend on them); text waits for a pause. */
  set(value: T | undefined, options?: { commit?: 'now' | 'later' }): void;
  /** Tells JSON Forms the current value straight away (on blur). */
  flush(): void;
}

export function useField<T>(props: Pick<ControlProps, 'path' | 'data' | 'handleChange'>): Field<T> {
  const { store } = useFormRuntime();
  const [value, setValue] = useState<T | undefined>(() => (store.get(props.path) ?? props.data) as T | undefined);
  // Whether JSON Forms has yet to hear of a change. What it is then told is read from the
  // store at that moment, not remembered here: when a repeatable group removes a row, a row's
  // late commit (on blur, or as it unmounts) then carries what is now at that path, never a
  // stale value written over the row that took its place.
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { path, handleChange } = props;

  const flush = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (dirty.current) {
      dirty.current = false;
      handleChange(path, store.get(path));
    }
  }, [store, path, handleChange]);

  const set = useCallback(
    (next: T | undefined, options: { commit?: 'now' | 'later' } = {}) => {
      setValue(next);
      store.set(path, next);
      dirty.current = true;
      if (options.commit === 'now') return flush();
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(flush, COMMIT_AFTER_MS);
    },
    [store, path, flush],
  );

  // Leaving the page or unmounting the step: JSON Forms gets the last value.
  useEffect(() => () => flush(), [flush]);

  return { value, set, flush };
}
