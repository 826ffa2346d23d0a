/**
 * A repeatable group (an array of objects): the GOV.UK "add another" pattern. Each row is a
 * fieldset with a legend ("Action 2") and a Remove button; an "Add another action" button
 * follows. Adding moves focus to the new row's first question; removing moves it to the row that
 * took its place (or the add button) and says "Action 2 removed".
 */
import { memo, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { isObjectArrayControl, rankWith, type ControlProps, type JsonFormsCellRendererRegistryEntry, type JsonFormsRendererRegistryEntry, type JsonSchema, type UISchemaElement } from '@jsonforms/core';
import { JsonFormsDispatch, withJsonFormsControlProps } from '@jsonforms/react';
import { fieldId } from '../../form/paths.js';
import { useFormRuntime } from '../context.js';
import { CarriedNote } from '../field.js';
import { Heading, HeadingLevelProvider, useHeadingLevel } from '../heading.js';
import { labelOf, type FieldKind } from '../kind.js';
import { itemsOf } from '../options.js';
import { useField } from '../use-field.js';
import { RowProvider, useRowName } from './row-context.js';
import { detailOf, midSentence, newRow, pluralOf, rowNameOf, withArticle } from './rows.js';

type Props = ControlProps & { renderers?: JsonFormsRendererRegistryEntry[]; cells?: JsonFormsCellRendererRegistryEntry[] };

const FOCUSABLE = 'input:not([disabled]), textarea:not([disabled]), select:not([disabled]), button:not([disabled])';

interface RowProps {
  index: number;
  path: string;
  /** "Action" */
  name: string;
  /** Set when this group is itself inside a row ("Attendee 1"). */
  outerRow: string;
  detail: UISchemaElement;
  items: JsonSchema;
  enabled: boolean;
  renderers: JsonFormsRendererRegistryEntry[] | undefined;
  cells: JsonFormsCellRendererRegistryEntry[] | undefined;
  onRemove(index: number): void;
}

const Row = memo(function Row(props: RowProps) {
  const title = `${props.name} ${props.index + 1}`;
  const rowPath = `${props.path}.${props.index}`;
  return (
    <RowProvider value={props.outerRow ? `${props.outerRow}: ${title}` : title}>
      {/* Focusable by script only: an error-summary link to the row as a whole lands here. */}
      <fieldset className="govuk-fieldset app-add-another__item" id={fieldId(rowPath)} tabIndex={-1} data-row={props.index}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{title}</legend>
        <JsonFormsDispatch uischema={props.detail} schema={props.items} path={rowPath} enabled={props.enabled} renderers={props.renderers} cells={props.cells} />
        {props.enabled ? (
          // In a div: GOV.UK drops the bottom margin of the last form group in a group, which
          // would otherwise put the row's last question flush against this button.
          <div>
            <button type="button" className="govuk-button govuk-button--secondary" onClick={() => props.onRemove(props.index)}>
              Remove<span className="govuk-visually-hidden"> {midSentence(title)}</span>
            </button>
          </div>
        ) : null}
      </fieldset>
    </RowProvider>
  );
});

function RepeatableGroup(props: Props) {
  const { store, carried } = useFormRuntime();
  const field = useField<unknown[]>(props);
  const level = useHeadingLevel();
  const outerRow = useRowName();
  const headingId = useId();
  const count = Array.isArray(field.value) ? field.value.length : 0;

  // Stable keys, parallel to the rows: after "Remove action 2", the row that was 3 keeps its
  // component, and with it what is typed in its boxes.
  const keys = useRef<string[]>([]);
  const nextKey = useRef(0);
  while (keys.current.length < count) keys.current.push(`row-${nextKey.current++}`);
  if (keys.current.length > count) keys.current.length = count;

  const [focus, setFocus] = useState<{ row: number } | 'add' | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const rowsRef = useRef<HTMLDivElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);

  const items = useMemo(() => itemsOf(props.schema, props.rootSchema) ?? {}, [props.schema, props.rootSchema]);
  const detail = useMemo(() => detailOf(props.uischema, items), [props.uischema, items]);
  const label = labelOf(props);
  const name = rowNameOf(items, label);
  const { path } = props;
  const { set } = field;

  // The rows as they stand now: the store, which every field in every row writes at once.
  const current = useCallback((): unknown[] => {
    const value = store.get(path);
    return Array.isArray(value) ? value : [];
  }, [store, path]);

  const add = useCallback(() => {
    const rows = current();
    set([...rows, newRow(items)], { commit: 'now' });
    setFocus({ row: rows.length });
  }, [current, set, items]);

  const remove = useCallback(
    (index: number) => {
      const rows = current().filter((_, i) => i !== index);
      keys.current.splice(index, 1);
      store.removeRow(path, index);
      set(rows.length ? rows : undefined, { commit: 'now' });
      // Said again even when the same row number is removed twice running.
      setAnnouncement((previous) => `${name} ${index + 1} removed${previous.endsWith('\u00a0') ? '' : '\u00a0'}`);
      setFocus(index < rows.length ? { row: index } : 'add');
    },
    [current, set, name, store, path],
  );

  useEffect(() => {
    if (!focus) return;
    setFocus(null);
    if (focus === 'add') return addRef.current?.focus();
    const row = rowsRef.current?.querySelector(`[data-row="${focus.row}"]`);
    const target = row?.querySelector<HTMLElement>(FOCUSABLE) ?? addRef.current;
    target?.focus();
  }, [focus]);

  if (!props.visible) return null;
  const max = typeof props.schema.maxItems === 'number' ? props.schema.maxItems : undefined;
  const full = max !== undefined && count >= max;
  const lower = midSentence(name);
  const id = fieldId(path);
  const hintId = props.description ? `${id}-hint` : undefined;
  const errorId = props.errors ? `${id}-error` : undefined;
  const carriedText = carried?.get(path);
  const carriedId = carriedText ? `${id}-carried` : undefined;
  return (
    <div className={`govuk-form-group${props.errors ? ' govuk-form-group--error' : ''}`} role="group" aria-labelledby={headingId} aria-describedby={[hintId, carriedId, errorId].filter(Boolean).join(' ') || undefined}>
      <Heading level={level} id={headingId}>
        {label}
      </Heading>
      {hintId ? (
        <div id={hintId} className="govuk-hint">
          {props.description}
        </div>
      ) : null}
      {carriedId ? <CarriedNote id={carriedId} text={carriedText!} /> : null}
      {errorId ? (
        <p id={errorId} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {props.errors}
        </p>
      ) : null}
      <HeadingLevelProvider value={level + 1}>
        <div ref={rowsRef}>
          {count === 0 ? <p className="govuk-body">No {pluralOf(lower)} added yet.</p> : null}
          {keys.current.map((key, index) => (
            <Row key={key} index={index} path={path} name={name} outerRow={outerRow} detail={detail} items={items} enabled={props.enabled} renderers={props.renderers} cells={props.cells} onRemove={remove} />
          ))}
        </div>
      </HeadingLevelProvider>
      {!props.enabled ? null : full ? (
        // Takes the group's id in place of the add button, for an error-summary link.
        <p className="govuk-body" id={id} tabIndex={-1}>
          You can add up to {max} {pluralOf(lower)}. To add another, remove one first.
        </p>
      ) : (
        <button type="button" className="govuk-button govuk-button--secondary" id={id} ref={addRef} onClick={add}>
          {count ? `Add another ${lower}` : `Add ${withArticle(lower)}`}
        </button>
      )}
      <div className="govuk-visually-hidden" role="status">
        {announcement}
      </div>
    </div>
  );
}

export const repeatableGroup: FieldKind = {
  kind: 'repeatable-group',
  title: 'Repeatable group',
  tester: rankWith(3, isObjectArrayControl),
  Renderer: withJsonFormsControlProps(memo(RepeatableGroup)),
  display: (value) => (Array.isArray(value) && value.length ? `${value.length} ${value.length === 1 ? 'row' : 'rows'}` : ''),
};
