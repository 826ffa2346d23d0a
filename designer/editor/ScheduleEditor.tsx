/**
 * "Timeliness" of a form version: how often a record is due (for every allocated child, every
 * worker, or each record within a time of a date in it) and the date question that says when it
 * was done; and what the dashboards chart (single-choice and yes/no answers) and the two answers
 * whose agreement they measure. Each change is an edit that can be undone. Kept as the schema's
 * root `x-schedule` and `x-measures` (designer/model/schedule.ts).
 */
import { useState } from 'react';
import type { FieldError } from '../../runtime/api/client.js';
import { scheduleWords } from '../../engine/forms/schedule.js';
import {
  DesignError,
  INTERVAL_UNITS,
  choiceQuestions,
  dateQuestions,
  measuresOf,
  scheduleOf,
  scheduleRule,
  setAgreement,
  setMeasured,
  setSchedule,
  type Definition,
  type EditResult,
  type IntervalUnit,
  type QuestionChoice,
  type SchedulePer,
} from '../model/index.js';
import { CheckboxProp, NumberProp, RadiosProp, SelectProp } from './inputs.js';
import { ProblemsHere } from './ProblemsHere.js';
import type { Apply } from './ReviewEditor.js';

const PER: ReadonlyArray<readonly [SchedulePer | 'none', string, string]> = [
  ['none', 'Not scheduled', 'Records are not due at any time; the dashboards still count them and how long they took.'],
  ['child', 'For every allocated child', 'Every child allocated in the ICS directory needs one at least this often, like case supervision.'],
  ['worker', 'For every worker', 'Every worker in the ICS directory needs one at least this often (the record is about a worker), like reflective supervision.'],
  ['record', 'For each record, counted from a date in it', 'Each record is due within a time of a date it holds, like a return-to-work interview after the return date.'],
];
const COMPLETED = '';
const NONE = '';

/** A select's options, with the current value kept (and said) when it is no longer among the questions. */
function withCurrent(options: Array<readonly [string, string]>, current: string | undefined): Array<readonly [string, string]> {
  return current && !options.some(([v]) => v === current) ? [...options, [current, `${current} (not a question of this form)`] as const] : options;
}

export function ScheduleEditor({ definition, apply, problems }: { definition: Definition; apply: Apply; problems: FieldError[] }) {
  const schedule = scheduleOf(definition);
  const measures = measuresOf(definition);
  const dates = dateQuestions(definition);
  const choices = choiceQuestions(definition);
  const labelOf = (p: string) => [...dates, ...choices].find((c) => c.path === p)?.label ?? p;
  // The number box keeps a refused value, with why.
  const [refusedNumber, setRefusedNumber] = useState<string | undefined>(undefined);
  // One side of the agreement chosen, waiting for the other.
  const [pending, setPending] = useState<{ first: string; second: string } | null>(null);
  const pair = pending ?? { first: measures.agreement?.first ?? NONE, second: measures.agreement?.second ?? NONE };

  const setNumber = (n: number | undefined) => {
    let result: EditResult;
    try {
      result = setSchedule(definition, { n: n ?? Number.NaN });
    } catch (err) {
      if (!(err instanceof DesignError)) throw err;
      setRefusedNumber(err.message);
      return;
    }
    setRefusedNumber(undefined);
    apply(() => result);
  };
  const choosePair = (side: 'first' | 'second', value: string) => {
    const next = { ...pair, [side]: value };
    if (next.first === NONE && next.second === NONE) {
      setPending(null);
      if (measures.agreement) apply(() => setAgreement(definition, null));
      return;
    }
    if (next.first === NONE || next.second === NONE) {
      // Kept here until the other side is chosen; a kept agreement stays as it was.
      setPending(next);
      return;
    }
    if (apply(() => setAgreement(definition, { first: next.first, second: next.second }))) setPending(null);
    else setPending(next);
  };

  return (
    <section aria-labelledby="timeliness-heading">
      <h2 className="govuk-heading-m" id="timeliness-heading">
        When records are due
      </h2>
      <p className="govuk-body">
        Say how often a record of this form is due, and the dashboards show who has one due and who is overdue. Working days leave out weekends and England and Wales bank holidays. These settings belong to this version of the form.
      </p>
      <ProblemsHere id="timeliness-problems" problems={problems} heading={(n) => (n === 1 ? 'A problem to fix before publishing' : `${n} problems to fix before publishing`)} />
      <RadiosProp
        id="schedule-per"
        legend="Records are due"
        value={schedule?.per ?? 'none'}
        options={PER}
        onChange={(value) => {
          setRefusedNumber(undefined);
          apply(() => setSchedule(definition, { per: value === 'none' ? null : value }));
        }}
      />
      {schedule && (
        <>
          <NumberProp
            id="schedule-n"
            label={schedule.per === 'record' ? 'Due within' : 'At least every'}
            hint={`A whole number: ${INTERVAL_UNITS.map((u) => `1 to ${u.max} ${u.many}`).join(', ')}.`}
            error={refusedNumber}
            value={schedule.n}
            onCommit={setNumber}
          />
          <SelectProp<IntervalUnit>
            id="schedule-unit"
            label="Counted in"
            value={schedule.unit}
            options={INTERVAL_UNITS.map((u) => [u.unit, u.many.charAt(0).toUpperCase() + u.many.slice(1)] as const)}
            onChange={(unit) => apply(() => setSchedule(definition, { unit }))}
          />
          {schedule.per === 'record' && (
            <SelectProp
              id="schedule-from"
              label="Counted from the date"
              hint="The date in the record the time is counted from, like the return date."
              value={schedule.from ?? ''}
              // The day it is done on cannot also be the date it counts from, so it is not offered (arrowing through the list must not stop at a refusal).
              options={withCurrent(
                dates.filter((d) => d.path !== schedule.date).map((d) => [d.path, d.label] as const),
                schedule.from,
              )}
              onChange={(from) => apply(() => setSchedule(definition, { from }))}
            />
          )}
          <SelectProp
            id="schedule-date"
            label="The day a record is done on"
            hint="A date question of the form, like the date of the meeting; or the day the record is completed (submitted, or signed off at its last stage)."
            value={schedule.date ?? COMPLETED}
            options={withCurrent([[COMPLETED, 'The day it is completed'], ...dates.filter((d) => d.path !== schedule.from).map((d) => [d.path, d.label] as const)], schedule.date)}
            onChange={(date) => apply(() => setSchedule(definition, { date: date === COMPLETED ? null : date }))}
          />
          <p className="govuk-inset-text" id="schedule-summary">
            {scheduleWords(scheduleRule(schedule), labelOf)}
          </p>
        </>
      )}
      <h2 className="govuk-heading-m" id="measures-heading">
        What the dashboards chart
      </h2>
      {choices.length === 0 ? (
        <p className="govuk-body" id="measures-none">
          This form has no single-choice or yes/no question outside repeating groups, so the dashboards have no answers of it to chart.
        </p>
      ) : (
        <>
          <div className="govuk-form-group">
            <fieldset className="govuk-fieldset" aria-describedby="measures-hint">
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Answers to chart by month</legend>
              <div className="govuk-hint" id="measures-hint">
                Single-choice and yes/no questions, like grades or whether a trigger point was met.
              </div>
              {choices.map((c: QuestionChoice, i) => (
                <CheckboxProp key={c.path} id={`measure-${i}`} label={c.label} checked={measures.answers.some((a) => a.field === c.path)} onChange={(on) => apply(() => setMeasured(definition, c.path, on))} />
              ))}
            </fieldset>
          </div>
          <div className="govuk-form-group">
            <fieldset className="govuk-fieldset" aria-describedby="agreement-hint">
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">How often two answers agree (optional)</legend>
              <div className="govuk-hint" id="agreement-hint">
                Like the auditor's grade and the moderator's grade: the dashboards show how often they are the same where both are given.
                {pending ? ' Choose both questions to keep it.' : ''}
              </div>
              {(['first', 'second'] as const).map((side) => (
                <SelectProp
                  key={side}
                  id={`agreement-${side}`}
                  label={side === 'first' ? 'First answer' : 'Second answer'}
                  value={pair[side]}
                  options={[[NONE, 'None'] as const, ...choices.map((c) => [c.path, c.label] as const)]}
                  onChange={(v) => choosePair(side, v)}
                />
              ))}
            </fieldset>
          </div>
        </>
      )}
    </section>
  );
}
