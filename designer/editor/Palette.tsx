/** What can be added. It goes into the selected page, section or repeating group, or after the selected question. */
import type { PaletteKind } from '../model/index.js';

export const PALETTE: ReadonlyArray<readonly [PaletteKind, string]> = [
  ['short-text', 'Short text'],
  ['long-text', 'Long text'],
  ['number', 'Number'],
  ['date', 'Date'],
  ['date-time', 'Date and time'],
  ['time', 'Time only'],
  ['yes-no', 'Yes or no'],
  ['single-choice', 'Single choice'],
  ['multiple-choice', 'Multiple choice'],
  ['email', 'Email'],
  ['person-id', 'Person or child id'],
  ['calculated', 'Calculated answer'],
  ['files', 'File upload'],
  ['guidance', 'Guidance text'],
  ['section', 'Section'],
  ['page', 'Page'],
  ['repeatable-group', 'Repeating group'],
];

export interface Place {
  key: 'inside' | 'after' | 'end';
  words: string;
}

export function Palette({ onAdd, places, place, onPlace }: { onAdd(kind: PaletteKind): void; places: Place[]; place: Place['key']; onPlace(key: Place['key']): void }) {
  const only = places.length === 1 ? places[0] : undefined;
  return (
    <section aria-labelledby="palette-title" className="govuk-!-margin-bottom-6">
      <h2 className="govuk-heading-s" id="palette-title">
        Add
      </h2>
      <p className="govuk-hint govuk-!-font-size-16" id="palette-keys">
        Keyboard: <kbd>Alt</kbd> + <kbd>A</kbd> comes back to these buttons from anywhere in the editor, <kbd>Alt</kbd> + <kbd>V</kbd> goes to the views at the top; <kbd>Ctrl</kbd> + <kbd>Z</kbd> undoes and <kbd>Ctrl</kbd> + <kbd>Shift</kbd> + <kbd>Z</kbd> redoes (outside a text box).
      </p>
      {only ? (
        <p className="govuk-hint" id="palette-where">
          New items go {only.words.charAt(0).toLowerCase() + only.words.slice(1)}.
        </p>
      ) : (
        <div className="govuk-form-group govuk-!-margin-bottom-3">
          <label className="govuk-label" htmlFor="palette-where">
            Where new items go
          </label>
          <select className="govuk-select" id="palette-where" value={place} onChange={(e) => onPlace(e.target.value as Place['key'])}>
            {places.map((p) => (
              <option key={p.key} value={p.key}>
                {p.words}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="app-palette" role="group" aria-label="Add to the form">
        {PALETTE.map(([kind, label]) => (
          <button key={kind} type="button" className="govuk-button govuk-button--secondary" aria-describedby={only ? 'palette-where' : undefined} onClick={() => onAdd(kind)}>
            {label}
          </button>
        ))}
      </div>
    </section>
  );
}
