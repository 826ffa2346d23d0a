/**
 * Lists a page at a time: GOV.UK's pagination block ("Previous" / "Next", with what they page
 * through for screen readers), and the cursors that open each page.
 */
import { useEffect, useRef, useState } from 'react';
import { useLoad, type Loaded } from '../app/use-load.js';

/** The list whose page was just changed from its links (by label): it takes the focus once drawn. */
let moved: string | null = null;

/**
 * Where the focus goes once another page is drawn: the list's table (its scrolling region, named by
 * its caption, just before the links), so a keyboard or screen reader user reads the new page from
 * its first row. The link pressed is gone meanwhile ("Loading…"), and on the last page for good.
 */
function focusList(nav: HTMLElement): void {
  const before = nav.previousElementSibling;
  const target = before instanceof HTMLElement && before.matches('.app-table-scroll') ? before : nav.querySelector<HTMLElement>('a');
  target?.focus();
}

export function Pagination(props: { label: string; page: number; previous: (() => void) | null; next: (() => void) | null }) {
  const nav = useRef<HTMLElement>(null);
  // On mount only: the links stay drawn (over the old rows) until the new page starts loading.
  useEffect(() => {
    if (moved !== props.label || !nav.current) return;
    moved = null;
    focusList(nav.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  if (!props.previous && !props.next) return null;
  const link = (go: () => void, rel: 'prev' | 'next') => (
    <a
      className="govuk-link govuk-pagination__link"
      href="#"
      rel={rel}
      onClick={(e) => {
        e.preventDefault();
        moved = props.label;
        go();
      }}
    >
      <span className="govuk-pagination__link-title">
        {rel === 'prev' ? 'Previous' : 'Next'}
        <span className="govuk-visually-hidden"> page of {props.label.toLowerCase()}</span>
      </span>
    </a>
  );
  return (
    <nav ref={nav} className="govuk-pagination govuk-pagination--block" aria-label={`${props.label}: page ${props.page}`}>
      {props.previous && <div className="govuk-pagination__prev">{link(props.previous, 'prev')}</div>}
      {props.next && <div className="govuk-pagination__next">{link(props.next, 'next')}</div>}
    </nav>
  );
}

export interface CursorPages<P> {
  loaded: Loaded<P>;
  retry(): void;
  /** 1-based. */
  page: number;
  previous: (() => void) | null;
  next: (() => void) | null;
}

/** Where each list was, kept in the browser's history entry under this name (by the list's name). */
const KEPT = 'caseformsPages';

interface Kept {
  key: string;
  cursors: Array<string | null>;
  index: number;
}

/** The page a list was on in this history entry (a reload, or Back from a record), if it was for the same filters. */
function keptPages(name: string, key: string): Kept | null {
  const all = (window.history.state as Record<string, unknown> | null)?.[KEPT] as Record<string, Kept> | undefined;
  const k = all?.[name];
  if (!k || k.key !== key || !Array.isArray(k.cursors) || !k.cursors.every((c) => c === null || typeof c === 'string')) return null;
  if (!Number.isInteger(k.index) || k.index < 0 || k.index >= k.cursors.length) return null;
  return k;
}

function keepPages(name: string, kept: Kept): void {
  const state = (window.history.state ?? {}) as Record<string, unknown>;
  const all = (state[KEPT] ?? {}) as Record<string, Kept>;
  window.history.replaceState({ ...state, [KEPT]: { ...all, [name]: kept } }, '');
}

/**
 * A list read a page at a time by cursor: `load(cursor)` answers a page and the cursor of the
 * next (`null` at the end). A new `key` (other filters) starts again at page 1. The page a list
 * is on is kept in the browser's history entry under `name` (one per list on a page), so a reload,
 * or Back from a record opened from page 3, shows page 3 again.
 */
export function useCursorPages<P>(name: string, key: string, load: (cursor: string | null) => Promise<P>, nextOf: (page: P) => string | null | undefined): CursorPages<P> {
  const [kept] = useState(() => keptPages(name, key));
  const [cursors, setCursors] = useState<Array<string | null>>(kept?.cursors ?? [null]);
  const [index, setIndex] = useState(kept?.index ?? 0);
  const shownKey = useRef(key);
  useEffect(() => {
    if (shownKey.current === key) return;
    shownKey.current = key;
    setCursors([null]);
    setIndex(0);
  }, [key]);
  useEffect(() => keepPages(name, { key, cursors, index }), [name, key, cursors, index]);
  const cursor = cursors[index] ?? null;
  const [loaded, retry] = useLoad(() => load(cursor), [key, cursor]);
  const next = loaded.state === 'ready' ? nextOf(loaded.value) : null;
  return {
    loaded,
    retry,
    page: index + 1,
    previous: index > 0 ? () => setIndex(index - 1) : null,
    next: next
      ? () => {
          setCursors((c) => [...c.slice(0, index + 1), next]);
          setIndex(index + 1);
        }
      : null,
  };
}
