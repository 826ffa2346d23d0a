/**
 * "Fill in from an earlier record": choose a form (this one, or another published form) and the
 * question there whose kind of answer fits; shown as a sentence with Remove once chosen. Kept as
 * the question's `x-carry-forward` (designer/model/carry-forward.ts).
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../runtime/api/client.js';
import type { FormSummary, FormVersion } from '../../runtime/api/types.js';
import { answerLabel, carryChoices, carryOf, setCarry, type Definition, type EditResult } from '../model/index.js';
import { SelectProp } from './inputs.js';

const THIS_FORM = '';

/** Published forms, and each one's current definition once asked for (a few per editing session). */
const definitions = new Map<string, Promise<Definition>>();
function publishedDefinition(form: FormSummary): Promise<Definition> {
  const key = `${form.id}@${form.currentVersion}`;
  let p = definitions.get(key);
  if (!p) {
    p = api.get<FormVersion>(`/api/forms/${encodeURIComponent(form.id)}/versions/${form.currentVersion}`).then((r) => ({ schema: r.body.schema, uischema: r.body.uischema }) as Definition);
    p.catch(() => definitions.delete(key));
    definitions.set(key, p);
  }
  return p;
}

export function CarryForwardEditor({ id, definition, path, formId, apply }: { id: string; definition: Definition; path: string; formId: string | undefined; apply(run: () => EditResult): void }) {
  const current = useMemo(() => carryOf(definition, path), [definition, path]);
  const [forms, setForms] = useState<FormSummary[] | null>(null);
  const [formChoice, setFormChoice] = useState(THIS_FORM);
  const [source, setSource] = useState<Definition | null>(definition);
  const [question, setQuestion] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const focusTo = useRef<'sentence' | 'form' | null>(null);

  useEffect(() => {
    let live = true;
    api
      .get<{ items: FormSummary[] }>('/api/forms')
      .then((r) => live && setForms(r.body.items.filter((f) => f.currentVersion !== null && f.id !== formId)))
      .catch(() => live && setForms([]));
    return () => {
      live = false;
    };
  }, [formId]);
  useEffect(() => {
    if (formChoice === THIS_FORM) return setSource(definition);
    const form = forms?.find((f) => f.id === formChoice);
    if (!form) return;
    let live = true;
    setSource(null);
    publishedDefinition(form)
      .then((d) => live && (setSource(d), setProblem(null)))
      .catch(() => live && setProblem(`The questions of “${form.title}” could not be loaded. Try choosing it again.`));
    return () => {
      live = false;
    };
  }, [formChoice, forms, definition]);
  // A layout effect, as in the options editor (a passive one still owed for an earlier drawing would take the request).
  useLayoutEffect(() => {
    const to = focusTo.current;
    focusTo.current = null;
    if (to) document.getElementById(to === 'sentence' ? `${id}-current` : `${id}-form`)?.focus();
  }, [current, id]);

  const choices = useMemo(() => (source ? carryChoices(definition, path, source) : []), [definition, path, source]);
  const chosen = choices.some((c) => c.pointer === question) ? question : (choices[0]?.pointer ?? '');
  const formTitle = (fid: string | undefined) => (fid === undefined || fid === formId ? 'this form' : `“${forms?.find((f) => f.id === fid)?.title ?? fid}”`);

  // The chosen question's label: in this form at once, in another once its questions are loaded.
  const [otherLabel, setOtherLabel] = useState<string | null>(null);
  const elsewhere = current?.form !== undefined && current.form !== formId ? current.form : undefined;
  useEffect(() => {
    setOtherLabel(null);
    const form = elsewhere ? forms?.find((f) => f.id === elsewhere) : undefined;
    if (!form || !current) return;
    let live = true;
    publishedDefinition(form)
      .then((d) => live && setOtherLabel(answerLabel(d, current.from)))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [elsewhere, forms, current]);
  const currentLabel = current ? ((elsewhere ? otherLabel : answerLabel(definition, current.from)) ?? current.from) : '';
  const sentence = current ? `Filled in from “${currentLabel}” in the last record of ${formTitle(current.form)}` : '';

  return (
    <fieldset className="govuk-fieldset govuk-!-margin-bottom-6" aria-describedby={`${id}-hint`}>
      <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Fill in from an earlier record</legend>
      <div className="govuk-hint" id={`${id}-hint`}>
        When someone starts a new record about the same child (or, for staff forms, the same worker), this answer is filled in from the latest submitted record of the form you choose that they are allowed to read. They are told which record it came from, and can change it.
      </div>
      {current ? (
        <p className="govuk-body" id={`${id}-current`} tabIndex={-1}>
          {sentence}.{' '}
          <button
            type="button"
            className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
            onClick={() => {
              focusTo.current = 'form';
              apply(() => setCarry(definition, path, null));
            }}
          >
            Remove<span className="govuk-visually-hidden"> filling in from an earlier record</span>
          </button>
        </p>
      ) : (
        <>
          <SelectProp
            id={`${id}-form`}
            label="Form"
            value={formChoice}
            options={[[THIS_FORM, 'This form (its last record)'], ...(forms ?? []).map((f) => [f.id, f.title] as const)]}
            onChange={(v) => {
              setFormChoice(v);
              setQuestion('');
            }}
          />
          {problem ? (
            <p className="govuk-error-message">{problem}</p>
          ) : !source ? (
            <p className="govuk-body" role="status">
              Loading its questions…
            </p>
          ) : choices.length === 0 ? (
            <p className="govuk-body" id={`${id}-none`}>
              {formChoice === THIS_FORM ? 'This form has' : 'That form has'} no question with the same kind of answer.
            </p>
          ) : (
            <>
              <SelectProp id={`${id}-question`} label="Question there" value={chosen} options={choices.map((c) => [c.pointer, c.label] as const)} onChange={setQuestion} />
              <button
                type="button"
                className="govuk-button govuk-button--secondary"
                onClick={() => {
                  focusTo.current = 'sentence';
                  apply(() => setCarry(definition, path, { from: chosen, ...(formChoice !== THIS_FORM ? { form: formChoice } : {}) }));
                }}
              >
                Fill in from this question
              </button>
            </>
          )}
        </>
      )}
    </fieldset>
  );
}
