/**
 * A dashboard's filters: the team (from the teams the reader may see) and the period, as GOV.UK
 * date inputs, applied with a button. What is applied goes into the address; what is wrong is
 * listed in an error summary with a link to each box.
 */
import { useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import { ErrorSummary } from '../components/ErrorSummary.js';
import { SelectField } from '../components/SelectField.js';
import { DateField, splitDate } from '../components/DateField.js';
import { checkFilters, dashboardHref, problemTarget, type FilterForm, type FilterProblem } from './filters.js';
import type { DashboardFilters, DashboardId, DashboardScope } from './model.js';

/** A team as people know it, by name; its id only beside a name another team shares. */
export function teamChoices(teams: ReadonlyArray<{ id: string; name?: string }>): Array<readonly [string, string]> {
  const named = (t: { id: string; name?: string }) => t.name || t.id;
  return teams.map((t) => [t.id, teams.filter((o) => named(o) === named(t)).length > 1 ? `${named(t)} (${t.id})` : named(t)] as const);
}

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
        <SelectField id="team" label="Team" value={form.team} options={[['', scope.kind === 'all' ? 'Every team' : 'Every team you can see'], ...teamChoices(scope.teams)]} onChange={(team) => setForm({ ...form, team })} />
      )}
      <DateField id="from" legend="From" hint="The first day to count, for example 1 4 2026" parts={form.from} problem={problemOf('from')} onChange={(from) => setForm({ ...form, from })} />
      <DateField id="to" legend="To" hint="The last day to count, for example 30 6 2026" parts={form.to} problem={problemOf('to')} onChange={(to) => setForm({ ...form, to })} />
      <button type="submit" className="govuk-button govuk-button--secondary">
        Apply filters
      </button>
    </form>
  );
}
