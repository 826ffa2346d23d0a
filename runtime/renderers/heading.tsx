/**
 * Headings that follow the page's outline: the page's own title is the h1, a group below it an
 * h2, a group inside that an h3, and so on. Screen reader users move through a long form by
 * headings, so levels must not skip or repeat wrongly.
 */
import { createContext, useContext, type ReactNode } from 'react';

const HeadingLevelContext = createContext(2);

export const HeadingLevelProvider = HeadingLevelContext.Provider;

export function useHeadingLevel(): number {
  return useContext(HeadingLevelContext);
}

type Level = 2 | 3 | 4 | 5 | 6;

export function clampLevel(level: number): Level {
  return Math.min(6, Math.max(2, Math.round(level))) as Level;
}

/** GOV.UK sizes: the first level below the page title is medium, anything deeper small. */
export function headingClass(level: number): string {
  return level <= 2 ? 'govuk-heading-m' : 'govuk-heading-s';
}

export function Heading(props: { level: number; className?: string; id?: string; children: ReactNode }) {
  const level = clampLevel(props.level);
  const Tag = `h${level}` as const;
  return (
    <Tag id={props.id} className={props.className ?? headingClass(level)}>
      {props.children}
    </Tag>
  );
}
