/** Assigning one audit by hand: the child (found in the directory), the auditor, the form and the due date. */
import { useState, type FormEvent } from 'react';
import { auditApi, type AssignmentItem, type AuditOptions } from '../api/audits.js';
import type { ChildCard } from '../api/types.js';
import { ErrorSummary } from '../components/ErrorSummary.js';
import { DateField, dateTarget, readDateParts, type DateFieldProblem, type DateParts } from '../components/DateField.js';
import { NO_DATE } from '../renderers/dates.js';
import { ChildSearch } from '../directory/ChildSearch.js';
import { SelectField as Select } from '../components/SelectField.js';
import { auditorText, problemsOf } from './fields.js';

const FIELD: Record<string, string> = { childId: 'assign-child', auditorAccountId: 'assign-auditor', formId: 'assign-form', dueOn: 'assign-due' };
const fieldOf = (pointer: string) => FIELD[pointer.split('/')[3] ?? ''];

export function AssignForm({ options, onAssigned }: { options: AuditOptions; onAssigned(a: AssignmentItem): void }) {
  const [child, setChild] = useState<ChildCard | null>(null);
  const [auditor, setAuditor] = useState('');
  const [formId, setFormId] = useState(options.forms.find((f) => f.category === 'audit')?.id ?? options.forms[0]?.id ?? '');
  const [due, setDue] = useState<DateParts>(NO_DATE);
  const [dueMarked, setDueMarked] = useState<DateFieldProblem['parts']>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [searchKey, setSearchKey] = useState(0);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!child) found['assign-child'] = 'Search for the child and choose them from the list';
    if (!auditor) found['assign-auditor'] = 'Choose the auditor';
    const read = readDateParts('due date', due);
    if (!('day' in read)) found['assign-due'] = read.message;
    setDueMarked('day' in read ? [] : read.parts);
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const [made] = await auditApi.assign({ childId: child!.id, auditorAccountId: auditor, formId, dueOn: (read as { day: string }).day });
      setChild(null);
      setSearchKey((k) => k + 1);
      setDue(NO_DATE);
      onAssigned(made!);
    } catch (err) {
      const problems = problemsOf(err, fieldOf);
      setDueMarked(problems['assign-due'] ? ['day', 'month', 'year'] : []);
      setErrors(Object.fromEntries(Object.entries(problems).map(([k, v]) => [k === 'form' ? 'assign-child' : k, v])));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="assign-title" className="govuk-!-margin-bottom-8">
      <h2 className="govuk-heading-m" id="assign-title">
        Assign an audit
      </h2>
      <ErrorSummary items={Object.entries(errors).map(([target, message]) => ({ target: target === 'assign-due' ? dateTarget(target, { parts: dueMarked }) : target, message }))} />
      <form onSubmit={submit} noValidate>
        <ChildSearch key={searchKey} id="assign-child" label="Child" hint="Type their name, ICS person ID or date of birth, then choose them from the list." error={errors['assign-child']} onChoose={(c) => setChild(c)} />
        {child && (
          <p className="govuk-body" role="status">
            Chosen: {child.name} ({child.id})
          </p>
        )}
        <Select id="assign-auditor" label="Auditor" error={errors['assign-auditor']} value={auditor} options={[['', 'Choose the auditor'] as const, ...options.auditors.map((a) => [a.id, auditorText(a)] as const)]} onChange={setAuditor} />
        <Select id="assign-form" label="Form" error={errors['assign-form']} value={formId} options={options.forms.map((f) => [f.id, f.title] as const)} onChange={setFormId} />
        <DateField id="assign-due" legend="Due date" hint="Today or later, for example 2 3 2027" parts={due} problem={errors['assign-due'] ? { parts: dueMarked, message: errors['assign-due'] } : undefined} onChange={setDue} />
        <button type="submit" className="govuk-button" disabled={busy} aria-disabled={busy}>
          Assign the audit
        </button>
      </form>
    </section>
  );
}
