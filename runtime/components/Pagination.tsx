/**
 * Lists a page at a time: GOV.UK's pagination block ("Previous" / "Next", with what they page
 * through for screen readers), and the cursors that open each page.
 */
import { useEffect, useState } from 'react';
import { useLoad, type Loaded } from '../app/use-load.js';

export function Pagination(props: { label: string; page: number; previous: (() => void) | null; next: (() => void) | null }) {
  if (!props.previous && !props.next) return null;
  const link = (go: () => void, rel: 'prev' | 'next') => (
    <a
      className="govuk-link govuk-pagination__link"
      href="#"
      rel={rel}
      onClick={(e) => {
        e.preventDefault();
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
    <nav className="govuk-pagination govuk-pagination--block" aria-label={`${props.label}: page ${props.page}`}>
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

/**
 * A list read a page at a time by cursor: `load(cursor)` answers a page and the cursor of the
 * next (`null` at the end). A new `key` (other filters) starts again at page 1.
 */
export function useCursorPages<P>(key: string, load: (cursor: string | null) => Promise<P>, nextOf: (page: P) => string | null | undefined): CursorPages<P> {
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [index, setIndex] = useState(0);
  useEffect(() => {
    setCursors([null]);
    setIndex(0);
  }, [key]);
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
