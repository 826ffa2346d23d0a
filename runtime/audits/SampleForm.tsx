/**
 * Drawing a sample by rule: the form, how many children per team, which teams and legal statuses,
 * how long since the last audit, whether the auditors' own cases are left out, the auditors (one,
 * or several in turn) and the due date. "Preview the sample" draws without saving and shows who
 * would be chosen and why others were left out; "Assign these audits" draws it again with the same
 * seed (so the same children) and saves it.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { auditApi, type AuditOptions, type Drawn, type LegalStatus, type SampleBody } from '../api/audits.js';
import { ErrorSummary } from '../components/ErrorSummary.js';
import { DateField, dateTarget, readDateParts, type DateFieldProblem, type DateParts } from '../components/DateField.js';
import { TextField } from '../components/TextField.js';
import { NO_DATE } from '../renderers/dates.js';
import { LEGAL_STATUS_TITLES } from '../../engine/directory/model.js';
import { dayText } from '../directory/words.js';
import { SelectField as Select } from '../components/SelectField.js';
import { Checkboxes, auditorText, problemsOf } from './fields.js';
import { SampleSummary } from './SampleSummary.js';

const LEGAL = Object.entries(LEGAL_STATUS_TITLES) as Array<[LegalStatus, string]>;

/** Which field a problem's pointer belongs to. */
const FIELD: Record<string, string> = { formId: 'sample-form', perTeam: 'sample-per-team', teams: 'sample-teams-0', legalStatuses: 'sample-legal-0', notAuditedMonths: 'sample-months', excludeOwnCases: 'sample-own', auditorAccountIds: 'sample-auditors-0', dueOn: 'sample-due', previewed: 'sample-preview' };
const fieldOf = (pointer: string) => FIELD[pointer.split('/')[1] ?? ''];

export function SampleForm({ options, onDrawn }: { options: AuditOptions; onDrawn(d: Drawn): void }) {
  const [formId, setFormId] = useState(options.forms.find((f) => f.category === 'audit')?.id ?? options.forms[0]?.id ?? '');
  const [perTeam, setPerTeam] = useState('2');
  const [teams, setTeams] = useState<string[]>([]);
  const [legal, setLegal] = useState<string[]>([]);
  const [months, setMonths] = useState('12');
  const [excludeOwn, setExcludeOwn] = useState(true);
  const [auditors, setAuditors] = useState<string[]>([]);
  const [due, setDue] = useState<DateParts>(NO_DATE);
  const [dueMarked, setDueMarked] = useState<DateFieldProblem['parts']>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<{ body: SampleBody; drawn: Drawn } | null>(null);
  const [busy, setBusy] = useState(false);
  const previewHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (preview) previewHeading.current?.focus();
  }, [preview]);

  const names = new Map(options.auditors.map((a) => [a.id, a.displayName]));
  const teamNames = new Map(options.teams.map((t) => [t.id, t.name]));

  function body(): SampleBody | null {
    const found: Record<string, string> = {};
    const n = Number(perTeam);
    if (!/^\d+$/.test(perTeam.trim()) || n < 1 || n > 20) found['sample-per-team'] = 'Enter how many children per team as a whole number from 1 to 20';
    const m = Number(months);
    if (!/^\d+$/.test(months.trim()) || m > 60) found['sample-months'] = 'Enter the months since the last audit as a whole number from 0 to 60';
    if (!auditors.length) found['sample-auditors-0'] = 'Choose at least one auditor';
    const read = readDateParts('due date', due);
    if (!('day' in read)) found['sample-due'] = read.message;
    setDueMarked('day' in read ? [] : read.parts);
    if (!formId) found['sample-form'] = 'Choose the form the audits are recorded on';
    setErrors(found);
    if (Object.keys(found).length) return null;
    return { formId, perTeam: n, ...(teams.length ? { teams } : {}), ...(legal.length ? { legalStatuses: legal as LegalStatus[] } : {}), notAuditedMonths: m, excludeOwnCases: excludeOwn, auditorAccountIds: auditors, dueOn: (read as { day: string }).day, preview: true };
  }

  async function draw(b: SampleBody) {
    setBusy(true);
    try {
      const drawn = await auditApi.draw(b);
      setErrors({});
      if (b.preview) setPreview({ body: b, drawn });
      else {
        setPreview(null);
        onDrawn(drawn);
      }
    } catch (err) {
      const found = problemsOf(err, fieldOf);
      setDueMarked(found['sample-due'] ? ['day', 'month', 'year'] : []);
      setErrors(Object.fromEntries(Object.entries(found).map(([k, v]) => [k === 'form' ? 'sample-form-error' : k, v])));
      setPreview(null);
    } finally {
      setBusy(false);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const b = body();
    if (b) void draw(b);
  }

  const summary = Object.entries(errors).map(([target, message]) => ({ target: target === 'sample-form-error' ? 'sample-form' : target === 'sample-due' ? dateTarget(target, { parts: dueMarked }) : target, message }));
  return (
    <section aria-labelledby="sample-title" className="govuk-!-margin-bottom-8">
      <h2 className="govuk-heading-m" id="sample-title">
        Draw a sample
      </h2>
      <ErrorSummary items={summary} />
      {preview ? (
        <div>
          <h3 className="govuk-heading-s" id="sample-preview-title" tabIndex={-1} ref={previewHeading}>
            Preview: {preview.drawn.sample.chosen.length} {preview.drawn.sample.chosen.length === 1 ? 'child' : 'children'} would be audited, due {dayText(preview.body.dueOn)}
          </h3>
          <SampleSummary sample={preview.drawn.sample} auditorNames={names} teamNames={teamNames} />
          <div className="govuk-button-group">
            <button type="button" className="govuk-button" disabled={busy || !preview.drawn.sample.chosen.length} aria-disabled={busy || !preview.drawn.sample.chosen.length} onClick={() => void draw({ ...preview.body, seed: preview.drawn.sample.seed, preview: false, previewed: preview.drawn.sample.chosen.map((c) => c.childId) })}>
              Assign these audits
            </button>
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              onClick={() => {
                setPreview(null);
                requestAnimationFrame(() => document.getElementById('sample-form')?.focus());
              }}
            >
              Change the rule
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={submit} noValidate>
          <Select id="sample-form" label="Form" hint="The audit form the auditors fill in about each child." error={errors['sample-form'] ?? errors['sample-form-error']} value={formId} options={options.forms.map((f) => [f.id, f.title] as const)} onChange={setFormId} />
          <TextField id="sample-per-team" label="Children per team" hint="From 1 to 20." inputMode="numeric" className="govuk-input--width-3" error={errors['sample-per-team']} value={perTeam} onChange={setPerTeam} />
          <Checkboxes id="sample-teams" legend="Teams" hint="Leave all unticked to draw from every team you plan for." error={errors['sample-teams-0']} options={options.teams.map((t) => [t.id, t.name] as const)} chosen={teams} onChange={setTeams} />
          <Checkboxes id="sample-legal" legend="Legal status" hint="Leave all unticked to draw from children of any legal status." error={errors['sample-legal-0']} options={LEGAL} chosen={legal} onChange={setLegal} />
          <TextField id="sample-months" label="Not audited in the last (months)" hint="Children with an audit on this form completed in this time are left out. 0 leaves none out." inputMode="numeric" className="govuk-input--width-3" error={errors['sample-months']} value={months} onChange={setMonths} />
          <div className="govuk-form-group">
            <div className="govuk-checkboxes govuk-checkboxes--small">
              <div className="govuk-checkboxes__item">
                <input className="govuk-checkboxes__input" id="sample-own" type="checkbox" checked={excludeOwn} aria-describedby="sample-own-hint" onChange={(e) => setExcludeOwn(e.target.checked)} />
                <label className="govuk-label govuk-checkboxes__label" htmlFor="sample-own">
                  Leave out the auditors’ own cases
                </label>
                <div id="sample-own-hint" className="govuk-hint govuk-checkboxes__hint">
                  Children allocated to the auditor, or to workers they line-manage.
                </div>
              </div>
            </div>
          </div>
          <Checkboxes id="sample-auditors" legend="Auditors" hint="Choose one, or several to share the audits in turn." error={errors['sample-auditors-0']} options={options.auditors.map((a) => [a.id, auditorText(a)] as const)} chosen={auditors} onChange={setAuditors} />
          <DateField id="sample-due" legend="Due date" hint="Today or later, for example 2 3 2027" parts={due} problem={errors['sample-due'] ? { parts: dueMarked, message: errors['sample-due'] } : undefined} onChange={setDue} />
          <button type="submit" id="sample-preview" className="govuk-button" disabled={busy} aria-disabled={busy}>
            Preview the sample
          </button>
        </form>
      )}
    </section>
  );
}
