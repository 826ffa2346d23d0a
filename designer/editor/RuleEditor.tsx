/**
 * Conditional logic without code: show / hide / enable / disable this item when another
 * question equals / does not equal / is one of / is answered / is greater or less than a value,
 * with all or any of several conditions.
 */
import { useEffect, useState } from 'react';
import type { Comparison, Condition, RuleField, RuleModel } from '../model/index.js';

const EFFECTS = [
  ['show', 'Show this only when'],
  ['hide', 'Hide this when'],
  ['enable', 'Let people change this only when'],
  ['disable', 'Stop people changing this when'],
] as const;

const COMPARISONS: Record<Comparison, string> = {
  equals: 'is',
  'not-equals': 'is not',
  'one-of': 'is one of',
  answered: 'is answered',
  'not-answered': 'is not answered',
  'greater-than': 'is more than',
  'less-than': 'is less than',
};

/** A File upload question is answered by its files. */
const FILES_COMPARISONS: Partial<Record<Comparison, string>> = { answered: 'has files', 'not-answered': 'has no files' };

const needsValue = (c: Comparison) => c !== 'answered' && c !== 'not-answered';

function blankCondition(fields: RuleField[]): Condition | null {
  const f = fields[0];
  if (!f) return null;
  const comparison = f.comparisons[0] ?? 'answered';
  return { field: f.field, comparison, ...(needsValue(comparison) ? (comparison === 'one-of' ? { values: [] } : { value: f.choices?.[0]?.value ?? '' }) : {}) };
}

export interface RuleEditorProps {
  id: string;
  rule: RuleModel | 'advanced' | null;
  fields: RuleField[];
  onCommit(rule: RuleModel | null): void;
}

export function RuleEditor({ id, rule, fields, onCommit }: RuleEditorProps) {
  const [draft, setDraft] = useState<RuleModel | null>(rule === 'advanced' ? null : rule);
  useEffect(() => setDraft(rule === 'advanced' ? null : rule), [rule]);
  // The button pressed goes away with what it did: focus goes to what took its place (the rule's
  // first choice, a new condition's question, or "Add a display rule"), once it is drawn. The
  // target is state set with the draft, so it takes effect in the render that draws it (a ref read
  // by every render's effect was used up by an earlier render's late effect, and focus stayed put).
  const [focusTarget, setFocusTarget] = useState<{ id: string } | null>(null);
  useEffect(() => {
    const el = focusTarget && document.getElementById(focusTarget.id);
    if (!el) return;
    el.focus();
    setFocusTarget(null);
  }, [focusTarget, draft]);
  if (rule === 'advanced') {
    return (
      <div className="govuk-inset-text">This item has a display rule written by hand. Change it in the Advanced view (JSON), or remove it there to build one here.</div>
    );
  }
  if (!draft) {
    return (
      <div className="govuk-form-group">
        <h3 className="govuk-heading-s">Display rule</h3>
        <p className="govuk-body">Always shown.</p>
        <button
          type="button"
          id={`${id}-add`}
          className="govuk-button govuk-button--secondary"
          disabled={fields.length === 0}
          onClick={() => {
            const c = blankCondition(fields);
            if (!c) return;
            setFocusTarget({ id: `${id}-effect` });
            setDraft({ effect: 'show', combine: 'all', conditions: [c] });
          }}
        >
          Add a display rule
        </button>
        {fields.length === 0 && <p className="govuk-hint">Add the question the rule depends on first.</p>}
      </div>
    );
  }
  const setCondition = (i: number, c: Condition) => setDraft({ ...draft, conditions: draft.conditions.map((x, j) => (j === i ? c : x)) });
  return (
    <fieldset className="govuk-fieldset govuk-!-margin-bottom-6">
      <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Display rule</legend>
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor={`${id}-effect`}>
          What the rule does
        </label>
        <select className="govuk-select" id={`${id}-effect`} value={draft.effect} onChange={(e) => setDraft({ ...draft, effect: e.target.value as RuleModel['effect'] })}>
          {EFFECTS.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </div>
      {draft.conditions.length > 1 && (
        <div className="govuk-radios govuk-radios--small govuk-radios--inline govuk-!-margin-bottom-4" role="radiogroup" aria-label="How the conditions combine">
          {(['all', 'any'] as const).map((c) => (
            <div className="govuk-radios__item" key={c}>
              <input className="govuk-radios__input" id={`${id}-combine-${c}`} type="radio" name={`${id}-combine`} checked={draft.combine === c} onChange={() => setDraft({ ...draft, combine: c })} />
              <label className="govuk-label govuk-radios__label" htmlFor={`${id}-combine-${c}`}>
                {c === 'all' ? 'All of these' : 'Any of these'}
              </label>
            </div>
          ))}
        </div>
      )}
      {draft.conditions.map((c, i) => {
        const field = fields.find((f) => f.field === c.field);
        const comparisons = field?.comparisons ?? (['answered'] as Comparison[]);
        return (
          <div className="app-panel" key={i}>
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor={`${id}-field-${i}`}>
                Condition {i + 1}: question
              </label>
              <select
                className="govuk-select"
                id={`${id}-field-${i}`}
                value={c.field}
                onChange={(e) => {
                  const f = fields.find((x) => x.field === e.target.value);
                  const comparison = f?.comparisons[0] ?? 'answered';
                  setCondition(i, { field: e.target.value, comparison, ...(needsValue(comparison) ? { value: f?.choices?.[0]?.value ?? '' } : {}) });
                }}
              >
                {fields.map((f) => (
                  <option key={f.field} value={f.field}>
                    {f.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="govuk-form-group">
              <label className="govuk-label" htmlFor={`${id}-comparison-${i}`}>
                Condition {i + 1}: the answer
              </label>
              <select
                className="govuk-select"
                id={`${id}-comparison-${i}`}
                value={c.comparison}
                onChange={(e) => {
                  const comparison = e.target.value as Comparison;
                  const { value: _v, values: _vs, ...rest } = c;
                  setCondition(i, { ...rest, comparison, ...(comparison === 'one-of' ? { values: [] } : needsValue(comparison) ? { value: field?.choices?.[0]?.value ?? '' } : {}) });
                }}
              >
                {comparisons.map((k) => (
                  <option key={k} value={k}>
                    {field?.kind === 'files' ? (FILES_COMPARISONS[k] ?? COMPARISONS[k]) : COMPARISONS[k]}
                  </option>
                ))}
              </select>
            </div>
            {needsValue(c.comparison) && c.comparison !== 'one-of' && (
              <div className="govuk-form-group">
                <label className="govuk-label" htmlFor={`${id}-value-${i}`}>
                  Condition {i + 1}: value
                </label>
                {field?.choices ? (
                  <select
                    className="govuk-select"
                    id={`${id}-value-${i}`}
                    value={String(c.value)}
                    onChange={(e) => setCondition(i, { ...c, value: field.choices!.find((x) => String(x.value) === e.target.value)?.value ?? e.target.value })}
                  >
                    {field.choices.map((x) => (
                      <option key={String(x.value)} value={String(x.value)}>
                        {x.label}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input
                    className="govuk-input govuk-input--width-10"
                    id={`${id}-value-${i}`}
                    value={c.value === undefined ? '' : String(c.value)}
                    onChange={(e) => setCondition(i, { ...c, value: field?.kind === 'number' && e.target.value !== '' && !Number.isNaN(Number(e.target.value)) ? Number(e.target.value) : e.target.value })}
                  />
                )}
              </div>
            )}
            {c.comparison === 'one-of' && field?.choices && (
              <fieldset className="govuk-fieldset">
                <legend className="govuk-fieldset__legend">Condition {i + 1}: any of</legend>
                <div className="govuk-checkboxes govuk-checkboxes--small">
                  {field.choices.map((x, k) => (
                    <div className="govuk-checkboxes__item" key={String(x.value)}>
                      <input
                        className="govuk-checkboxes__input"
                        id={`${id}-values-${i}-${k}`}
                        type="checkbox"
                        checked={(c.values ?? []).includes(x.value)}
                        onChange={(e) => setCondition(i, { ...c, values: e.target.checked ? [...(c.values ?? []), x.value] : (c.values ?? []).filter((v) => v !== x.value) })}
                      />
                      <label className="govuk-label govuk-checkboxes__label" htmlFor={`${id}-values-${i}-${k}`}>
                        {x.label}
                      </label>
                    </div>
                  ))}
                </div>
              </fieldset>
            )}
            {draft.conditions.length > 1 && (
              <button
                type="button"
                className="govuk-button govuk-button--secondary"
                onClick={() => {
                  setFocusTarget({ id: `${id}-field-${Math.min(i, draft.conditions.length - 2)}` });
                  setDraft({ ...draft, conditions: draft.conditions.filter((_, j) => j !== i) });
                }}
              >
                Remove condition {i + 1}
              </button>
            )}
          </div>
        );
      })}
      <div className="govuk-button-group">
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          onClick={() => {
            const c = blankCondition(fields);
            if (!c) return;
            setFocusTarget({ id: `${id}-field-${draft.conditions.length}` });
            setDraft({ ...draft, conditions: [...draft.conditions, c] });
          }}
        >
          Add another condition
        </button>
        <button type="button" className="govuk-button" onClick={() => onCommit(draft)}>
          Save the rule
        </button>
        <button
          type="button"
          className="govuk-button govuk-button--warning"
          onClick={() => {
            setFocusTarget({ id: `${id}-add` });
            setDraft(null);
            onCommit(null);
          }}
        >
          Remove the rule
        </button>
      </div>
    </fieldset>
  );
}
