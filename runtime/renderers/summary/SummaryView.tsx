/**
 * The answers read back as GOV.UK summary lists: for "Check your answers" (with a "Change" link
 * per answer) and for a submitted record (without). Headings follow the form's Categories and
 * Groups; a repeatable group is one summary card per row. Plain markup, so it prints cleanly.
 */
import { memo, useMemo } from 'react';
import type { JsonSchema, UISchemaElement } from '@jsonforms/core';
import { fieldId } from '../../form/paths.js';
import type { AnswerLink } from '../kind.js';
import { clampLevel, Heading } from '../heading.js';
import { Lines } from '../lines.js';
import { summarise, type SummaryBlock, type SummaryRow } from './sections.js';

export interface SummaryViewProps {
  schema: JsonSchema;
  uischema: UISchemaElement;
  data: unknown;
  /** Given: each answer has a "Change" link that calls it with the answer's path. */
  onChange?: ((path: string) => void) | undefined;
  /** The level of the top headings (default 2, under the page's h1). */
  headingLevel?: number | undefined;
  /** Uploaded files that cannot be downloaded yet (a virus scan to come): why, in words; else null. */
  held?: Held | undefined;
}

type OnChange = SummaryViewProps['onChange'];
export type Held = (fileId: string) => string | null;

function ChangeLink(props: { path: string; changes: string; onChange: (path: string) => void }) {
  return (
    <a
      className="govuk-link"
      href={`#${fieldId(props.path)}`}
      onClick={(e) => {
        e.preventDefault();
        props.onChange(props.path);
      }}
    >
      Change<span className="govuk-visually-hidden"> {props.changes}</span>
    </a>
  );
}

/** Files to download (an upload question's answer), one a line; one still to be scanned is its name and why. */
function Links({ links, held }: { links: AnswerLink[]; held: Held | undefined }) {
  return (
    <ul className="govuk-list govuk-!-margin-bottom-0">
      {links.map((l) => {
        const why = l.fileId !== undefined ? held?.(l.fileId) : null;
        return (
          <li key={l.href}>
            {why ? (
              <>
                {l.text} <span className="govuk-hint govuk-!-margin-bottom-0">{why}</span>
              </>
            ) : (
              <a className="govuk-link app-file-link" href={l.href} download={l.text}>
                {l.text}
              </a>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function List(props: { rows: SummaryRow[]; onChange: OnChange; held: Held | undefined; inCard?: boolean }) {
  const { onChange, held } = props;
  return (
    <dl className={props.inCard ? 'govuk-summary-list' : 'govuk-summary-list govuk-!-margin-bottom-6'}>
      {props.rows.map((row) => {
        const change = onChange && row.changes ? onChange : undefined;
        // GOV.UK: in a list with "Change" links, a row without one says so, to keep columns aligned.
        const className = onChange && !change ? 'govuk-summary-list__row govuk-summary-list__row--no-actions' : 'govuk-summary-list__row';
        return (
          <div className={className} key={row.path}>
            <dt className="govuk-summary-list__key">{row.label}</dt>
            <dd className="govuk-summary-list__value">{row.links ? <Links links={row.links} held={held} /> : row.value ? <Lines text={row.value} /> : 'Not answered'}</dd>
            {change ? (
              <dd className="govuk-summary-list__actions">
                <ChangeLink path={row.path} changes={row.changes} onChange={change} />
              </dd>
            ) : null}
          </div>
        );
      })}
    </dl>
  );
}

function Blocks(props: { blocks: SummaryBlock[]; level: number; onChange: OnChange; held: Held | undefined }) {
  const { level, onChange, held } = props;
  return (
    <>
      {props.blocks.map((block, i) => {
        switch (block.type) {
          case 'list':
            return <List key={i} rows={block.rows} onChange={onChange} held={held} />;
          case 'section':
            return (
              <section key={i}>
                <Heading level={level}>{block.heading}</Heading>
                <Blocks blocks={block.blocks} level={level + 1} onChange={onChange} held={held} />
              </section>
            );
          case 'group': {
            const cardLevel = clampLevel(level + 1);
            const CardTitle = `h${cardLevel}` as const;
            return (
              <section key={i}>
                <Heading level={level}>{block.label}</Heading>
                {block.cards.map((card) => (
                  <div className="govuk-summary-card" key={card.path}>
                    <div className="govuk-summary-card__title-wrapper">
                      <CardTitle className="govuk-summary-card__title">{card.title}</CardTitle>
                    </div>
                    <div className="govuk-summary-card__content">
                      <List rows={card.rows} onChange={onChange} held={held} inCard />
                    </div>
                  </div>
                ))}
              </section>
            );
          }
        }
      })}
    </>
  );
}

function Summary(props: SummaryViewProps) {
  const blocks = useMemo(() => summarise(props.schema, props.uischema, props.data), [props.schema, props.uischema, props.data]);
  return <Blocks blocks={blocks} level={props.headingLevel ?? 2} onChange={props.onChange} held={props.held} />;
}

export const SummaryView = memo(Summary);
