/**
 * A calculated answer's "Calculation": the function picked by its plain label ("Working days
 * between two dates") and its inputs from the questions that fit, or a number typed in; the
 * formula those make, shown and editable as text, checked as it is typed with the engine's own
 * checker; the kind of answer it gives; and "Try it" with sample answers. A formula of another
 * shape than one function over questions and numbers is edited as text only.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  DesignError,
  calculationOf,
  checkCalculation,
  fits,
  formulaOf,
  pickFunctions,
  pickOf,
  resultWords,
  setFormula,
  typedFor,
  type Definition,
  type EditResult,
  type FormulaField,
  type Pick,
  type PickInput,
  type PickParam,
} from '../model/index.js';
import { CalculationTryIt } from './CalculationTryIt.js';

const COMMIT_MS = 500;
const NUMBER = '#number';
const TEXT = '#text';

/** The input boxes the picker shows for a function: one per parameter, and for a list of inputs ("Grades"), one more than are chosen. */
function slots(params: PickParam[], inputs: Pick['inputs']): Array<{ param: PickParam; label: string }> {
  const out: Array<{ param: PickParam; label: string }> = [];
  const last = params.at(-1);
  const fixed = last?.list === 'repeatable' ? params.length - 1 : params.length;
  for (let i = 0; i < fixed; i++) out.push({ param: params[i]!, label: params[i]!.label });
  if (last?.list === 'repeatable') {
    const given = inputs.slice(fixed).filter((x) => x !== null).length;
    for (let k = 0; k < Math.max(2, given + 1); k++) out.push({ param: last, label: `${last.label} ${k + 1}${k >= 2 ? ' (optional)' : ''}` });
  }
  return out;
}

const valueOf = (i: PickInput | null | undefined): string => (!i ? '' : 'field' in i ? `f:${i.field}` : 'number' in i ? NUMBER : TEXT);

export function CalculationEditor({ id, definition, path, onEdit }: { id: string; definition: Definition; path: string; onEdit(r: EditResult): void }) {
  const calc = useMemo(() => calculationOf(definition, path), [definition, path]);
  const functions = useMemo(() => pickFunctions(), []);

  // The formula box keeps what is typed; it is checked at once and saved on a pause, on leaving it or on Enter.
  const [text, setText] = useState(calc.formula);
  const [refused, setRefused] = useState<string | null>(null);
  const last = useRef(calc.formula);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // The picker's choices so far: saved as a formula once every input is chosen.
  const [pick, setPick] = useState<Pick | null>(calc.pick);
  const [typed, setTyped] = useState<Record<number, string>>({});
  // What each box has chosen, including "a number typed in" before the number is typed.
  const [slotKind, setSlotKind] = useState<Record<number, string>>({});
  useEffect(() => {
    if (calc.formula === last.current) return;
    last.current = calc.formula;
    setText(calc.formula);
    setPick(calc.pick);
    setTyped({});
    setSlotKind({});
  }, [calc.formula, calc.pick]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const save = (v: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (v === last.current) return;
    try {
      const r = setFormula(definition, path, v);
      last.current = v;
      setRefused(null);
      // The lists show the formula as it now is (a typed formula may name other questions).
      setPick(pickOf(v));
      setSlotKind({});
      setTyped({});
      onEdit(r);
    } catch (err) {
      if (!(err instanceof DesignError)) throw err;
      setRefused(err.message);
    }
  };
  const type = (v: string) => {
    setText(v);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => save(v), COMMIT_MS);
  };

  const live = useMemo(() => checkCalculation(definition, path, text), [definition, path, text]);
  const problems = refused ? [refused] : text.trim() ? live.problems.map((p) => p.message) : [];

  const choose = (next: Pick) => {
    setPick(next);
    const formula = formulaOf(next);
    if (formula !== null) {
      setText(formula);
      save(formula);
    }
  };
  const fn = pick ? functions.find((f) => f.key === pick.key) : undefined;
  const setInput = (n: number, input: PickInput | null) => {
    if (!pick) return;
    const inputs = [...pick.inputs];
    while (inputs.length <= n) inputs.push(null);
    inputs[n] = input;
    // A list of inputs closes up when one in the middle is taken away.
    const compact = fn?.params.at(-1)?.list === 'repeatable' ? [...inputs.slice(0, fn.params.length - 1), ...inputs.slice(fn.params.length - 1).filter((x) => x !== null)] : inputs;
    choose({ key: pick.key, inputs: compact });
  };
  const onSlot = (n: number, v: string) => {
    if (v === NUMBER) {
      const typedNumber = Number((typed[n] ?? '').trim());
      setInput(n, (typed[n] ?? '').trim() !== '' && Number.isFinite(typedNumber) ? { number: typedNumber } : null);
      if (!(n in typed)) setTyped((t) => ({ ...t, [n]: '' }));
      setSlotKind((k) => ({ ...k, [n]: NUMBER }));
    } else if (v === TEXT) {
      setInput(n, typed[n] ? { text: typed[n]! } : null);
      setSlotKind((k) => ({ ...k, [n]: TEXT }));
    } else {
      setSlotKind((k) => ({ ...k, [n]: v }));
      setInput(n, v ? { field: v.slice(2) } : null);
    }
  };
  const chosenIn = (n: number) => slotKind[n] ?? valueOf(pick?.inputs[n]);

  const fieldOptions = (param: PickParam, fields: FormulaField[]) => fields.filter((f) => fits(param, f.type));
  const typedWords = { number: 'A number typed in', text: 'Some text typed in' } as const;

  return (
    <div className="app-calculation" role="group" aria-labelledby={`${id}-title`}>
      <h3 className="govuk-heading-s" id={`${id}-title`}>
        Calculation
      </h3>
      <p className="govuk-hint">Worked out from other answers as they are given, and again by the server when the record is saved. People filling in the form see it but cannot change it.</p>

      {pick === null ? (
        <div className="govuk-inset-text" id={`${id}-as-text`}>
          <p className="govuk-body">This formula is edited as text: it is not one calculation over questions and numbers, so the lists cannot show it.</p>
          <button type="button" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={() => setPick({ key: '', inputs: [] })}>
            Choose a calculation from the lists instead
          </button>
        </div>
      ) : (
        <>
          <div className="govuk-form-group">
            <label className="govuk-label govuk-label--s" htmlFor={`${id}-function`}>
              Work out
            </label>
            {fn && (
              <div className="govuk-hint" id={`${id}-function-hint`}>
                {fn.description} {writtenAs(fn)}
              </div>
            )}
            <select className="govuk-select" id={`${id}-function`} value={pick.key} aria-describedby={fn ? `${id}-function-hint` : undefined} onChange={(e) => {
              setSlotKind({});
              setTyped({});
              setPick({ key: e.target.value, inputs: [] });
            }}>
              <option value="">Choose a calculation</option>
              {functions.map((f) => (
                <option key={f.key} value={f.key}>
                  {f.label}
                </option>
              ))}
            </select>
          </div>
          {fn &&
            slots(fn.params, pick.inputs).map(({ param, label }, n) => {
              const options = fieldOptions(param, calc.fields);
              const can = typedFor(param);
              const chosen = chosenIn(n);
              const slotId = `${id}-input-${n}`;
              return (
                <div key={n} className="govuk-form-group">
                  <label className="govuk-label" htmlFor={slotId}>
                    {label}
                  </label>
                  {options.length === 0 && !can && (
                    <div className="govuk-hint" id={`${slotId}-hint`}>
                      No question in the form fits here yet: add one first.
                    </div>
                  )}
                  <select className="govuk-select" id={slotId} value={chosen} aria-describedby={options.length === 0 && !can ? `${slotId}-hint` : undefined} onChange={(e) => onSlot(n, e.target.value)}>
                    <option value="">{param.list === 'repeatable' && n >= fn.params.length ? 'Not used' : 'Choose a question'}</option>
                    {options.map((f) => (
                      <option key={f.name} value={`f:${f.name}`}>
                        {f.label}
                      </option>
                    ))}
                    {chosen.startsWith('f:') && !options.some((f) => `f:${f.name}` === chosen) && (
                      <option value={chosen}>{unfit(chosen.slice(2), calc.fields)}</option>
                    )}
                    {can && <option value={can === 'number' ? NUMBER : TEXT}>{typedWords[can]}</option>}
                  </select>
                  {(chosen === NUMBER || chosen === TEXT) && (
                    <TypedValue
                      id={`${slotId}-typed`}
                      label={`${label}: ${chosen === NUMBER ? 'the number' : 'the text'}`}
                      number={chosen === NUMBER}
                      value={typed[n] ?? (pick.inputs[n] && 'number' in pick.inputs[n] ? String(pick.inputs[n].number) : pick.inputs[n] && 'text' in pick.inputs[n] ? pick.inputs[n].text : '')}
                      onChange={(v) => setTyped((t) => ({ ...t, [n]: v }))}
                      onCommit={(v) => {
                        const x = Number(v.trim());
                        if (chosen === TEXT) setInput(n, v ? { text: v } : null);
                        else setInput(n, v.trim() !== '' && Number.isFinite(x) ? { number: x } : null);
                      }}
                    />
                  )}
                </div>
              );
            })}
          {fn && formulaOf(pick) === null && <p className="govuk-hint">The formula is made when every input is chosen.</p>}
        </>
      )}

      <div className={`govuk-form-group${problems.length ? ' govuk-form-group--error' : ''}`}>
        <label className="govuk-label govuk-label--s" htmlFor={`${id}-formula`}>
          Formula
        </label>
        <div className="govuk-hint" id={`${id}-formula-hint`}>
          Made by the choices above, or write it yourself: questions by their names (like absence.firstDay), numbers, + - * /, comparisons such as &gt;= and ==, and functions by their names, like workingDays(from, to).
        </div>
        {problems.map((p, i) => (
          <p key={i} className="govuk-error-message" id={`${id}-formula-error-${i}`}>
            <span className="govuk-visually-hidden">Error:</span> {p}
          </p>
        ))}
        <textarea
          className={`govuk-textarea app-formula${problems.length ? ' govuk-textarea--error' : ''}`}
          id={`${id}-formula`}
          rows={2}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          aria-describedby={[`${id}-formula-hint`, ...problems.map((_, i) => `${id}-formula-error-${i}`)].join(' ')}
          aria-invalid={problems.length ? true : undefined}
          value={text}
          onChange={(e) => type(e.target.value)}
          onBlur={() => save(text)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              save(text);
            }
          }}
        />
      </div>
      <p className="govuk-body" id={`${id}-result-kind`} role="status" aria-live="polite">
        {live.ok ? `The answer is ${resultWords(live.type)}.` : text.trim() ? `The formula has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`} to put right.` : ''}
      </p>
      {live.ok && text === calc.formula && <CalculationTryIt id={`${id}-try`} formula={calc.formula} inputs={calc.checked.inputs} fields={calc.fields} schema={definition.schema} type={calc.checked.type} />}
      {!live.ok && <p className="govuk-hint">Try it with sample answers once the formula is right.</p>}
    </div>
  );
}

/** How a function is written in a formula: "Written workingDays(from, to)." (nothing for + - * /). */
function writtenAs(fn: { key: string; params: PickParam[] }): string {
  if (!/^[A-Za-z]/.test(fn.key)) return '';
  const names = fn.params.map((p) => p.label.toLowerCase());
  if (fn.params.at(-1)?.list === 'repeatable') names.push('…');
  return `In a formula: ${fn.key}(${names.join(', ')}).`;
}

/** An input's question that the list does not offer, said as what is wrong with it. */
function unfit(name: string, fields: FormulaField[]): string {
  return fields.some((f) => f.name === name) ? `“${name}” (not the right kind of answer here)` : `“${name}” (not a question in this form)`;
}

/** A number or text typed in as an input, handed on when the analyst leaves the box or presses Enter. */
function TypedValue({ id, label, number, value, onChange, onCommit }: { id: string; label: string; number: boolean; value: string; onChange(v: string): void; onCommit(v: string): void }) {
  const wrong = number && value.trim() !== '' && !Number.isFinite(Number(value.trim()));
  return (
    <div className={`govuk-form-group govuk-!-margin-top-2${wrong ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label" htmlFor={id}>
        {label}
      </label>
      {wrong && (
        <p className="govuk-error-message" id={`${id}-error`}>
          <span className="govuk-visually-hidden">Error:</span> Enter a number, like 7.5
        </p>
      )}
      <input
        className={`govuk-input govuk-input--width-10${wrong ? ' govuk-input--error' : ''}`}
        id={id}
        type="text"
        inputMode={number ? 'decimal' : undefined}
        spellCheck={false}
        aria-describedby={wrong ? `${id}-error` : undefined}
        aria-invalid={wrong ? true : undefined}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onBlur={() => onCommit(value)}
        onKeyDown={(e) => e.key === 'Enter' && onCommit(value)}
      />
    </div>
  );
}
