/**
 * Home: your work (returned records, records waiting for you, your open actions), the forms you
 * can start, drafts in progress and records submitted — newest first, a page
 * at a time, and the records searchable by child, form and date. A draft someone else started
 * (a manager sees the team's) is there to view, not to continue.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { api } from '../api/client.js';
import type { FormSummary, SubmissionSummary } from '../api/types.js';
import { Layout } from '../app/Layout.js';
import { useSession } from '../app/session.js';
import { useLoad } from '../app/use-load.js';
import { Loading } from '../components/Loading.js';
import { DateField, dateTarget, readDateParts, splitDate, type DateFieldProblem, type DateParts } from '../components/DateField.js';
import { ErrorSummary } from '../components/ErrorSummary.js';
import { DataTable, RecordLink, type Column } from '../components/DataTable.js';
import { Pagination, useCursorPages } from '../components/Pagination.js';
import { SuccessBanner } from '../components/SuccessBanner.js';
import { recordAbout, subjectText } from '../directory/words.js';
import { recordStatusTag, type StatusTag } from '../review/words.js';
import { YourWork } from '../work/YourWork.js';
import { localDrafts } from '../form/local-drafts.js';
import { ReferenceSearch } from './ReferenceSearch.js';

const date = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const PAGE = 20;

interface Page {
  items: SubmissionSummary[];
  nextCursor: string | null;
}

/** Records a page at a time, newest first. */
function usePages(name: string, query: string, enabled: boolean) {
  return useCursorPages<Page | null>(
    name,
    `${query}|${enabled}`,
    async (cursor) => (enabled ? (await api.get<Page>(`/api/submissions?${query}&order=newest&limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).body : null),
    (page) => page?.nextCursor,
  );
}

function StatusTagText({ tag }: { tag: StatusTag }) {
  return <strong className={`govuk-tag govuk-tag--${tag.colour}`}>{tag.text}</strong>;
}

function RecordTable(props: { caption: string; items: SubmissionSummary[]; forms: Map<string, string>; accountId: string; drafts: boolean }) {
  // Whose it is, when the list holds someone else's (a manager's team, a child allocated to you that a colleague wrote about).
  const others = props.items.some((s) => s.createdBy !== props.accountId);
  const columns: Column[] = [
    { label: 'Reference', className: 'app-reference' },
    { label: 'Form' },
    { label: 'About' },
    ...(others ? [{ label: 'Started by' }] : []),
    { label: props.drafts ? 'Last saved' : 'Submitted' },
    { label: 'Status' },
    { label: 'Action', hidden: true },
  ];
  const rows = props.items.map((s) => {
    const title = props.forms.get(s.formId) ?? s.formId;
    // Only its author carries on with a draft; anyone else who may read it views it.
    const action = s.status === 'draft' && s.createdBy === props.accountId ? 'Continue' : 'View';
    return {
      key: s.id,
      cells: [
        s.reference ?? '—',
        title,
        subjectText(s),
        ...(others ? [s.createdBy === props.accountId ? 'You' : (s.createdByName ?? 'Someone no longer here')] : []),
        date.format(new Date(s.status === 'draft' ? s.updatedAt : (s.submittedAt ?? s.updatedAt))),
        <StatusTagText tag={recordStatusTag(s)} />,
        <RecordLink id={s.id} words={action} about={recordAbout(s, title)} />,
      ],
    };
  });
  return <DataTable caption={props.caption} columns={columns} rows={rows} />;
}

interface Filters {
  child: string;
  form: string;
  from: string;
  to: string;
}

function filtersOf(search: string): Filters {
  const q = new URLSearchParams(search);
  return { child: q.get('child') ?? '', form: q.get('form') ?? '', from: q.get('from') ?? '', to: q.get('to') ?? '' };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The API query for the submitted records matching the filters (`to` is the whole day). */
function recordsQuery(f: Filters): string {
  const q = new URLSearchParams({ status: 'submitted' });
  if (f.child.trim()) q.set('childId', f.child.trim());
  if (f.form) q.set('formId', f.form);
  if (DAY.test(f.from)) q.set('from', `${f.from}T00:00:00Z`);
  if (DAY.test(f.to)) q.set('to', new Date(Date.parse(`${f.to}T00:00:00Z`) + 86_400_000).toISOString());
  return q.toString();
}

/** The dates of the search, in Day, Month and Year boxes (never the browser's own date box, whose order follows its locale). */
type DateFilter = 'from' | 'to';
const DATE_FILTERS: Record<DateFilter, { id: string; legend: string; name: string }> = {
  from: { id: 'filter-from', legend: 'Started on or after', name: '“started on or after” date' },
  to: { id: 'filter-to', legend: 'Started on or before', name: '“started on or before” date' },
};

function FilterForm(props: { forms: FormSummary[]; filters: Filters; onApply(f: Filters): void }) {
  const [f, setF] = useState(props.filters);
  const boxesOf = (filters: Filters) => ({ from: splitDate(filters.from), to: splitDate(filters.to) });
  const [dates, setDates] = useState<Record<DateFilter, DateParts>>(() => boxesOf(props.filters));
  const [problems, setProblems] = useState<Partial<Record<DateFilter, DateFieldProblem>>>({});
  // A new address (a search applied, cleared, the back button) shows its own filters; the same
  // filters drawn again (the page's lists loading) leave what is being typed alone.
  const { child, form, from, to } = props.filters;
  useEffect(() => {
    setF(props.filters);
    setDates(boxesOf(props.filters));
    setProblems({});
  }, [child, form, from, to]); // eslint-disable-line react-hooks/exhaustive-deps
  const filtered = Object.values(props.filters).some(Boolean);
  return (
    <form
      className="app-filters"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        // A date left empty filters nothing; one typed must be a whole, real date.
        const found: Partial<Record<DateFilter, DateFieldProblem>> = {};
        const days: Record<DateFilter, string> = { from: '', to: '' };
        for (const k of ['from', 'to'] as const) {
          const p = dates[k];
          if (!p.day.trim() && !p.month.trim() && !p.year.trim()) continue;
          const read = readDateParts(DATE_FILTERS[k].name, p);
          if ('day' in read) days[k] = read.day;
          else found[k] = read;
        }
        if (!found.from && !found.to && days.from && days.to && days.from > days.to) found.to = { parts: ['day', 'month', 'year'], message: 'The “started on or before” date must be the same as or after the “started on or after” date' };
        setProblems(found);
        if (found.from || found.to) return;
        props.onApply({ ...f, ...days });
      }}
      noValidate
      role="search"
      aria-label="Your submitted records"
    >
      <ErrorSummary items={(['from', 'to'] as const).filter((k) => problems[k]).map((k) => ({ target: dateTarget(DATE_FILTERS[k].id, problems[k]), message: problems[k]!.message }))} />
      <div className="govuk-form-group">
        <label className="govuk-label govuk-label--s" htmlFor="filter-child">
          Child’s ICS person ID
        </label>
        <input className="govuk-input govuk-input--width-20" id="filter-child" name="child" type="text" spellCheck={false} autoComplete="off" value={f.child} onChange={(e) => setF({ ...f, child: e.target.value })} />
      </div>
      <div className="govuk-form-group">
        <label className="govuk-label govuk-label--s" htmlFor="filter-form">
          Form
        </label>
        <select className="govuk-select" id="filter-form" name="form" value={f.form} onChange={(e) => setF({ ...f, form: e.target.value })}>
          <option value="">Any form</option>
          {props.forms.map((form) => (
            <option key={form.id} value={form.id}>
              {form.title}
            </option>
          ))}
        </select>
      </div>
      {(['from', 'to'] as const).map((k) => (
        <DateField key={k} id={DATE_FILTERS[k].id} legend={DATE_FILTERS[k].legend} hint={k === 'from' ? 'For example 1 4 2026' : 'For example 30 6 2026'} parts={dates[k]} problem={problems[k]} onChange={(p) => setDates((d) => ({ ...d, [k]: p }))} />
      ))}
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button govuk-button--secondary">
          Find records
        </button>
        {filtered && (
          <a
            href="/"
            className="govuk-link"
            onClick={(e) => {
              e.preventDefault();
              props.onApply({ child: '', form: '', from: '', to: '' });
            }}
          >
            Clear the search
          </a>
        )}
      </div>
    </form>
  );
}

/**
 * What this app is to someone who does not fill in forms, and where their own work is: a designer
 * to the designer (a separate app, so a full page load), an integrator to the submitted records
 * below (and the deliveries), an administrator to the accounts API (there are no pages for it).
 */
function NotFillingIn({ role }: { role: string | undefined }) {
  return (
    <>
      <p className="govuk-inset-text">
        This is where social workers and managers fill in forms.{' '}
        {role === 'designer'
          ? 'Forms are built and published in the designer.'
          : role === 'integrator'
            ? 'You can read the records they submitted below.'
            : role === 'admin'
              ? 'Administrators look after accounts, roles and API tokens through the API (/api/accounts and /api/accounts/{id}/tokens; the README says how, under “Accounts, sign-in and tokens”): there are no pages for that here.'
              : 'Your role does not fill in forms.'}
      </p>
      {role === 'designer' && (
        <p className="govuk-body">
          <a href="/designer/" className="govuk-link govuk-!-font-weight-bold">
            Open the designer
          </a>
        </p>
      )}
    </>
  );
}

/**
 * Opened without the service (app/session.tsx): the drafts this person opened on this device, to
 * carry on with now. Nothing else can be read until the connection is back.
 */
function DraftsOnThisDevice({ accountId }: { accountId: string }) {
  const [drafts, retry] = useLoad(() => localDrafts.openable(accountId), [accountId]);
  return (
    <Loading loaded={drafts} retry={retry}>
      {(items) => (
        <>
          {items.length === 0 ? (
            <p className="govuk-body">No drafts were opened on this device, so there is nothing to carry on with until the connection is back.</p>
          ) : (
            <DataTable
              caption="Drafts on this device"
              columns={[{ label: 'Reference', className: 'app-reference' }, { label: 'Form' }, { label: 'About' }, { label: 'Last changed here' }, { label: 'Status' }, { label: 'Action', hidden: true }]}
              rows={items.map((d) => {
                const record = d.record!;
                const title = d.formTitle || record.formId;
                return {
                  key: d.id,
                  cells: [
                    record.reference ?? '—',
                    title,
                    subjectText(record),
                    date.format(new Date(d.at)),
                    <StatusTagText tag={d.dirty ? { text: 'Not sent yet', colour: 'yellow' } : { text: 'Saved', colour: 'blue' }} />,
                    <RecordLink id={d.id} words="Continue" about={recordAbout(record, title)} />,
                  ],
                };
              })}
            />
          )}
        </>
      )}
    </Loading>
  );
}

export function HomePage() {
  const { account, offline } = useSession();
  const search = useSearch();
  const [, navigate] = useLocation();
  const canFill = account?.role === 'practitioner' || account?.role === 'manager';
  const canList = canFill || account?.role === 'integrator';
  const filters = filtersOf(search);
  const deleted = new URLSearchParams(search).has('deleted');
  // Offline, nothing is asked of the service; back online, everything is read afresh.
  const [forms, retryForms] = useLoad(async () => (offline ? [] : (await api.get<{ items: FormSummary[] }>('/api/forms')).body.items), [offline]);
  const drafts = usePages('drafts', 'status=draft', canFill && !offline);
  const submitted = usePages('submitted', recordsQuery(filters), canList && !offline);
  const apply = (f: Filters) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(f)) if (v.trim()) q.set(k, v.trim());
    const qs = q.toString();
    navigate(qs ? `/?${qs}` : '/');
  };

  if (offline && account) {
    return (
      <Layout title="Your forms">
        <h1 className="govuk-heading-l">Your forms</h1>
        <DraftsOnThisDevice accountId={account.id} />
      </Layout>
    );
  }
  return (
    <Layout title="Your forms">
      {deleted && <SuccessBanner id="deleted" heading="The draft has been deleted" focus />}
      <h1 className="govuk-heading-l">Your forms</h1>
      <Loading loaded={forms} retry={retryForms}>
        {(items) => {
          const titles = new Map(items.map((f) => [f.id, f.title]));
          return (
            <>
              {!canFill && <NotFillingIn role={account?.role} />}
              {account?.role === 'integrator' && (
                <p className="govuk-body">
                  <Link href="/deliveries" className="govuk-link govuk-!-font-weight-bold">
                    Deliveries to the ICS
                  </Link>
                  : what is waiting to be sent to the case recording system, what was delivered, and dead letters to replay.
                </p>
              )}
              {canFill && <YourWork forms={titles} />}
              {canFill && (
                <>
                  <h2 className="govuk-heading-m">Start a form</h2>
                  {items.length === 0 && <p className="govuk-body">There are no forms to fill in yet.</p>}
                  <ul className="govuk-list">
                    {items
                      .filter((f) => f.currentVersion !== null)
                      .map((f) => (
                        <li key={f.id} className="govuk-!-margin-bottom-4">
                          <Link href={`/forms/${f.id}/start`} className="govuk-link govuk-!-font-weight-bold">
                            {f.title}
                          </Link>
                          {f.description && <p className="govuk-body-s govuk-!-margin-bottom-0">{f.description}</p>}
                        </li>
                      ))}
                  </ul>
                  <Loading loaded={drafts.loaded} retry={drafts.retry}>
                    {(page) =>
                      page && page.items.length > 0 ? (
                        <div id="drafts-in-progress">
                          <RecordTable caption="Drafts in progress" items={page.items} forms={titles} accountId={account?.id ?? ''} drafts />
                          <Pagination label="Drafts in progress" page={drafts.page} previous={drafts.previous} next={drafts.next} />
                        </div>
                      ) : (
                        <p className="govuk-body">You have no drafts in progress.</p>
                      )
                    }
                  </Loading>
                </>
              )}
              {canList && <ReferenceSearch />}
              {canList && (
                <>
                  <h2 className="govuk-heading-m">Submitted records</h2>
                  <FilterForm forms={items} filters={filters} onApply={apply} />
                  <Loading loaded={submitted.loaded} retry={submitted.retry}>
                    {(page) =>
                      page && page.items.length > 0 ? (
                        <>
                          <RecordTable caption="Submitted" items={page.items} forms={titles} accountId={account?.id ?? ''} drafts={false} />
                          <Pagination label="Submitted records" page={submitted.page} previous={submitted.previous} next={submitted.next} />
                        </>
                      ) : (
                        <p className="govuk-body">{Object.values(filters).some(Boolean) ? 'No submitted records match your search.' : 'Nothing submitted yet.'}</p>
                      )
                    }
                  </Loading>
                </>
              )}
            </>
          );
        }}
      </Loading>
    </Layout>
  );
}
