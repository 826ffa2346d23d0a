/**
 * Finding a child in the ICS directory: an ARIA 1.2 combobox (list autocomplete, APG pattern).
 * The box keeps focus; the highlighted option is `aria-activedescendant`; Up and Down move, Enter
 * chooses, Escape closes the list (and empties the box when it is closed); a polite status says
 * how many were found. Searches wait for a pause in typing, and an answer to an older search is
 * ignored. GOV.UK's accessible-autocomplete was tried first: its options are HTML strings, its
 * iOS-only hidden text uses a style attribute our Content-Security-Policy refuses (so it shows),
 * and the box cannot carry the hint and error in `aria-describedby`.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { ApiError, api } from '../api/client.js';
import type { ChildCard, ChildSearchResult } from '../api/types.js';
import { FieldHead } from '../components/TextField.js';
import { dayText, workerText } from './words.js';

/** Wait this long after the last key before searching. */
const PAUSE_MS = 250;
/** Fewer characters than this find too many to read through. */
export const MIN_QUERY = 2;
const LIMIT = 10;

export async function searchChildren(q: string, signal?: AbortSignal): Promise<ChildSearchResult> {
  return (await api.get<ChildSearchResult>(`/api/directory/children?q=${encodeURIComponent(q)}&limit=${LIMIT}`, signal)).body;
}

/** The words of an option after the name: "Born 2 March 2015, ICS person ID C1, allocated to Priya Practitioner". */
export function optionDetail(c: ChildCard): string {
  const worker = workerText(c);
  return [c.dateOfBirth ? `Born ${dayText(c.dateOfBirth)}` : 'Date of birth not known', `ICS person ID ${c.id}`, worker ? `allocated to ${worker}` : 'not allocated', c.mergedInto ? `merged into ${c.mergedInto}` : ''].filter(Boolean).join(', ');
}

export interface ChildSearchProps {
  id: string;
  label: string;
  hint: string;
  error?: string | undefined;
  /** Text to start with (coming back to choose a different child). */
  initialQuery?: string;
  onChoose(child: ChildCard, query: string): void;
}

type Found = { state: 'idle' } | { state: 'searching' } | { state: 'done'; items: ChildCard[]; q: string } | { state: 'failed'; message: string };

export function ChildSearch({ id, label, hint, error, initialQuery = '', onChoose }: ChildSearchProps) {
  const [query, setQuery] = useState(initialQuery);
  const [found, setFound] = useState<Found>({ state: 'idle' });
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState('');
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const abort = useRef<AbortController | null>(null);
  const listId = `${id}-listbox`;
  const items = found.state === 'done' ? found.items : [];

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      abort.current?.abort();
    },
    [],
  );

  function search(text: string) {
    clearTimeout(timer.current);
    abort.current?.abort();
    const q = text.trim();
    const mine = ++seq.current;
    setActive(-1);
    if (q.length < MIN_QUERY) {
      setFound({ state: 'idle' });
      setOpen(false);
      setStatus('');
      return;
    }
    timer.current = setTimeout(() => {
      const controller = new AbortController();
      abort.current = controller;
      setFound({ state: 'searching' });
      searchChildren(q, controller.signal).then(
        (r) => {
          if (mine !== seq.current) return;
          setFound({ state: 'done', items: r.items, q });
          setOpen(r.items.length > 0);
          setStatus(r.items.length === 0 ? 'No children found.' : `${r.items.length} ${r.items.length === 1 ? 'result' : 'results'} available. Use up and down arrows to review and Enter to choose.`);
        },
        (err: unknown) => {
          if (mine !== seq.current || (err as Error).name === 'AbortError') return;
          const message = err instanceof ApiError ? err.problem.detail : 'The search did not work: the service cannot be reached. Check your connection and try again.';
          setFound({ state: 'failed', message });
          setOpen(false);
          setStatus(message);
        },
      );
    }, PAUSE_MS);
  }

  useEffect(() => {
    if (initialQuery) search(initialQuery);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  function choose(i: number) {
    const child = items[i];
    if (!child) return;
    setOpen(false);
    setActive(-1);
    onChoose(child, query);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    const n = items.length;
    switch (e.key) {
      case 'ArrowDown':
        if (n === 0) return;
        e.preventDefault();
        if (!open) {
          setOpen(true);
          setActive(0);
        } else setActive((a) => (a + 1) % n);
        return;
      case 'ArrowUp':
        if (n === 0) return;
        e.preventDefault();
        if (!open) {
          setOpen(true);
          setActive(n - 1);
        } else setActive((a) => (a <= 0 ? n - 1 : a - 1));
        return;
      case 'Enter':
        // Enter in a search box never sends the form: it chooses the highlighted child, if any.
        e.preventDefault();
        if (open && active >= 0) choose(active);
        return;
      case 'Escape':
        if (open) {
          e.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (query) {
          e.preventDefault();
          setQuery('');
          search('');
        }
        return;
      case 'Tab':
        setOpen(false);
        setActive(-1);
        return;
    }
  }

  const describedBy = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`govuk-form-group app-combobox${error ? ' govuk-form-group--error' : ''}`}>
      <FieldHead id={id} label={label} hint={hint} error={error} />
      <div className="app-combobox__wrapper">
        <input
          id={id}
          className={`govuk-input app-combobox__input${error ? ' govuk-input--error' : ''}`}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open && active >= 0 ? `${id}-option-${active}` : undefined}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            search(e.target.value);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => {
            setOpen(false);
            setActive(-1);
          }}
        />
        <ul id={listId} role="listbox" aria-labelledby={`${id}-label`} className="app-combobox__listbox" hidden={!open}>
          {open &&
            items.map((c, i) => (
              <li
                key={c.id}
                id={`${id}-option-${i}`}
                role="option"
                aria-selected={i === active}
                className={`app-combobox__option${i === active ? ' app-combobox__option--active' : ''}`}
                // Keep focus in the box: a click must not blur it before it chooses.
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => choose(i)}
              >
                <span className="app-combobox__name">{c.name}</span>
                <span className="govuk-visually-hidden">, </span>
                <span className="app-combobox__detail">{optionDetail(c)}</span>
              </li>
            ))}
        </ul>
      </div>
      {found.state === 'done' && found.items.length === 0 && (
        <p className="govuk-body govuk-!-margin-top-2" id={`${id}-none`}>
          No child found for “{found.q}”. Check the spelling, or search by ICS person ID or date of birth.
        </p>
      )}
      {found.state === 'failed' && <p className="govuk-body govuk-!-margin-top-2">{found.message}</p>}
      <div className="govuk-visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {status}
      </div>
    </div>
  );
}
