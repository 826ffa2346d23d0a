/**
 * A dashboard's filters: the team (from the teams the reader may see) and the period, as GOV.UK
 * date inputs, applied with a button. What is applied goes into the address; what is wrong is
 * listed in an error summary with a link to each box.
 */
import { useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import { ErrorSummary } from '../components/ErrorSummary.js';
import { SelectField } from '../components/SelectField.js';
import { splitDate, type DateParts } from '../renderers/dates.js';
import { DatePartsInput } from '../renderers/fields/date-parts.js';
import { checkFilters, dashboardHref, problemTarget, type FilterForm, type FilterProblem } from './filters.js';
import type { DashboardFilters, DashboardId, DashboardScope } from './model.js';

function DateField({ field, legend, hint, parts, problem, onChange }: { field: 'from' | 'to'; legend: string; hint: string; parts: DateParts; problem: FilterProblem | undefined; onChange(p: DateParts): void }) {
  const describedBy = [`${field}-hint`, problem ? `${field}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`govuk-form-group${problem ? ' govuk-form-group--error' : ''}`}>
      <fieldset className="govuk-fieldset" role="group" aria-describedby={describedBy}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        <div className="govuk-hint" id={`${field}-hint`}>
          {hint}
        </div>
        {problem && (
          <p className="govuk-error-message" id={`${field}-error`}>
            <span className="govuk-visually-hidden">Error:</span> {problem.message}
          </p>
        )}
        <DatePartsInput fieldId={field} name={field} parts={parts} invalid={problem?.parts ?? []} disabled={false} onChange={onChange} onBlur={() => {}} />
      </fieldset>
    </div>
  );
}

const teamName = (t: { id: string; name?: string }) => (t.name ? `${t.name} (${t.id})` : t.id);

export function Filters({ id, applied, scope, onApply }: { id: DashboardId; applied: DashboardFilters; scope: DashboardScope; onApply(): void }) {
  const [, navigate] = useLocation();
  const initial = (): FilterForm => ({ team: applied.team ?? '', from: splitDate(applied.from), to: splitDate(applied.to) });
  const [form, setForm] = useState<FilterForm>(initial);
  const [problems, setProblems] = useState<FilterProblem[]>([]);
  // A new address (back button, another tab of the dashboards) shows its own filters.
  useEffect(() => {
    setForm(initial());
    setProblems([]);
  }, [applied.team, applied.from, applied.to]); // eslint-disable-line react-hooks/exhaustive-deps
  const problemOf = (field: 'from' | 'to') => problems.find((p) => p.field === field);
  return (
    <form
      className="app-filters app-dashboard-filters app-no-print"
      role="search"
      aria-label="Dashboard filters"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const checked = checkFilters(form);
        if ('problems' in checked) {
          setProblems(checked.problems);
          return;
        }
        setProblems([]);
        onApply();
        navigate(dashboardHref(id, checked.filters));
      }}
    >
      <ErrorSummary items={problems.map((p) => ({ target: problemTarget(p), message: p.message }))} />
      {scope.teams.length > 1 && (
        <SelectField id="team" label="Team" value={form.team} options={[['', scope.kind === 'all' ? 'Every team' : 'Every team you can see'], ...scope.teams.map((t) => [t.id, teamName(t)] as const)]} onChange={(team) => setForm({ ...form, team })} />
      )}
      <DateField field="from" legend="From" hint="The first day to count, for example 1 4 2026" parts={form.from} problem={problemOf('from')} onChange={(from) => setForm({ ...form, from })} />
      <DateField field="to" legend="To" hint="The last day to count, for example 30 6 2026" parts={form.to} problem={problemOf('to')} onChange={(to) => setForm({ ...form, to })} />
      <button type="submit" className="govuk-button govuk-button--secondary">
        Apply filters
      </button>
    </form>
  );
}
