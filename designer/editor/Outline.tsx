/**
 * The form's outline: pages, sections and questions in order. Select one to edit it. Reorder by
 * drag and drop, or with the keyboard: the selected item has "Move up" and "Move down" buttons
 * (past the end of a section it moves into the next one).
 */
import { useState, type DragEvent } from 'react';
import type { DesignNode, NodePath } from '../model/index.js';

const KIND_WORDS: Record<string, string> = {
  page: 'Page',
  section: 'Section',
  row: 'Side by side',
  'repeatable-group': 'Repeating group',
  guidance: 'Guidance text',
  'short-text': 'Short text',
  'long-text': 'Long text',
  number: 'Number',
  date: 'Date',
  'date-time': 'Date and time',
  time: 'Time only',
  'yes-no': 'Yes or no',
  'single-choice': 'Single choice',
  'multiple-choice': 'Multiple choice',
  email: 'Email',
  'person-id': 'Person or child id',
  calculated: 'Calculated answer',
  files: 'File upload',
};

export function kindWords(n: DesignNode): string {
  return KIND_WORDS[n.kind === 'field' ? (n.fieldKind ?? 'short-text') : n.kind] ?? n.kind;
}

export interface OutlineProps {
  root: DesignNode;
  selected: NodePath | null;
  problems: ReadonlySet<NodePath>;
  onSelect(path: NodePath): void;
  onMoveUp(path: NodePath): void;
  onMoveDown(path: NodePath): void;
  /** Go to the add buttons to add after (or into) this item. */
  onAddHere?(path: NodePath): void;
  /** Drop `from` just before `before` (same container), or at the end of container `into`. */
  onDrop(from: NodePath, target: { before: NodePath } | { after: NodePath } | { into: NodePath }): void;
  /** A published version: the outline is shown as text, with nothing to select, drag or move. */
  readOnly?: boolean;
}

const CONTAINERS = new Set(['page', 'section', 'row', 'repeatable-group']);

export type DropWhere = 'before' | 'after' | 'into';

/** The top quarter of a row drops before it, the bottom quarter after it; the middle half into a container, else the nearer edge. */
export function dropWhere(row: { top: number; height: number }, y: number, container: boolean): DropWhere {
  const at = (y - row.top) / Math.max(1, row.height);
  if (at < 0.25) return 'before';
  if (at > 0.75) return 'after';
  if (container) return 'into';
  return at < 0.5 ? 'before' : 'after';
}

export function Outline(props: OutlineProps) {
  const [dragging, setDragging] = useState<NodePath | null>(null);
  // Where a drop would land, shown as a line before or after a row, or a frame round a container.
  const [dropAt, setDropAt] = useState<{ path: NodePath; where: DropWhere } | null>(null);

  const row = (n: DesignNode) => {
    const selected = n.path === props.selected;
    const label = n.label || '(no label)';
    const kind = (
      <span className="app-outline__kind">
        {kindWords(n)}
        {n.required ? ', required' : ''}
        {n.hasRule ? ', shown by a rule' : ''}
        {/* Seen as the row's red edge: words on screen would make the row taller, moving everything below. */}
        {props.problems.has(n.path) && <span className="govuk-visually-hidden">, has a problem</span>}
      </span>
    );
    if (props.readOnly) {
      return (
        <li className="app-outline__item" key={n.path}>
          <div className="app-outline__row" data-path={n.path}>
            <span className="app-outline__select app-outline__select--static">
              {label}
              {kind}
            </span>
          </div>
          {n.children.length > 0 && <ol>{n.children.map(row)}</ol>}
        </li>
      );
    }
    const whereIn = (e: DragEvent): DropWhere => dropWhere(e.currentTarget.getBoundingClientRect(), e.clientY, CONTAINERS.has(n.kind));
    const drop = (e: DragEvent) => {
      e.preventDefault();
      const from = e.dataTransfer.getData('text/x-caseforms-path') || dragging;
      const where = whereIn(e);
      setDragging(null);
      setDropAt(null);
      if (from === null || from === n.path) return;
      props.onDrop(from, where === 'into' ? { into: n.path } : where === 'after' ? { after: n.path } : { before: n.path });
    };
    const at = dropAt?.path === n.path && dragging !== n.path ? dropAt.where : null;
    return (
      <li className="app-outline__item" key={n.path}>
        <div
          className={`app-outline__row${props.problems.has(n.path) ? ' app-outline__row--problem' : ''}${at ? ` app-outline__row--drop-${at}` : ''}`}
          aria-current={selected ? 'true' : undefined}
          draggable
          onDragStart={(e) => {
            e.dataTransfer.setData('text/x-caseforms-path', n.path);
            e.dataTransfer.effectAllowed = 'move';
            setDragging(n.path);
          }}
          onDragOver={(e) => {
            e.preventDefault();
            const where = whereIn(e);
            if (dropAt?.path !== n.path || dropAt.where !== where) setDropAt({ path: n.path, where });
          }}
          onDragEnd={() => {
            setDragging(null);
            setDropAt(null);
          }}
          onDrop={drop}
          data-path={n.path}
        >
          <span className="app-outline__handle" aria-hidden="true">
            ⠿
          </span>
          <button type="button" className="app-outline__select" onClick={() => props.onSelect(n.path)} aria-pressed={selected} data-outline-path={n.path}>
            {label}
            {kind}
          </button>
          {selected && n.kind !== 'form' && (
            <>
              <button type="button" className="govuk-button govuk-button--secondary app-outline__move" onClick={() => props.onMoveUp(n.path)}>
                Move up<span className="govuk-visually-hidden"> {label}</span>
              </button>
              <button type="button" className="govuk-button govuk-button--secondary app-outline__move" onClick={() => props.onMoveDown(n.path)}>
                Move down<span className="govuk-visually-hidden"> {label}</span>
              </button>
              {props.onAddHere && (
                <button type="button" className="govuk-button govuk-button--secondary app-outline__move" onClick={() => props.onAddHere!(n.path)}>
                  Add{CONTAINERS.has(n.kind) ? ' into' : ' after'}<span className="govuk-visually-hidden"> {label}</span>
                </button>
              )}
            </>
          )}
        </div>
        {n.children.length > 0 && <ol>{n.children.map(row)}</ol>}
      </li>
    );
  };

  return (
    <nav aria-label="Form outline">
      <h2 className="govuk-heading-s">Outline</h2>
      {props.root.children.length === 0 ? (
        <p className="govuk-body">{props.readOnly ? 'This version has no questions.' : 'The form has no questions yet. Add one with the buttons above.'}</p>
      ) : (
        <ol className="app-outline">{props.root.children.map(row)}</ol>
      )}
    </nav>
  );
}
