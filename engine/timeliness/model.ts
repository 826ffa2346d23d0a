/**
 * Timeliness (issue 15): what is due and when, measured per form, and the aggregate queries the
 * dashboards are built from. Pure types shared by the engine, both stores, the API and the apps.
 *
 * Two root keywords an analyst sets on a form (versioned with it; checked by engine/policy):
 * - `x-schedule`: how often a record of this form is due (per child, per worker) or how soon
 *   after a date it must be done (per record);
 * - `x-measures`: answers the dashboards chart (grades, yes/no flags) and a pair of answers whose
 *   agreement is a rate (the auditor's grade and the moderator's).
 * Every completed record (submitted without stages, or signed off at its last stage) carries a
 * `timeliness` stamp, so the stores count by plain fields (FerretDB's aggregation has `$group`
 * with `$sum` and `$count` only: no `$max`, `$min`, `$avg`, `$first`, `$cond`, no expressions).
 */

/** A span of time. Working days follow England & Wales bank holidays (calculations/dates.ts). */
export type Interval = { workingDays: number } | { weeks: number } | { months: number };

/**
 * The root `x-schedule` keyword. Field paths are the change analysis's `/section/field` names of
 * date (or date-time) answers outside repeating groups.
 */
export type ScheduleRule =
  /** Every child (from the directory: allocated children) needs one at least this often, e.g. case supervision every 20 working days. */
  | { per: 'child'; every: Interval; date?: string }
  /** Every worker (directory workers, active) needs one at least this often; the record's worker is `subject.workerId`. */
  | { per: 'worker'; every: Interval; date?: string }
  /** Each record is due `within` of the date answer `from` (e.g. return date), done on `date` (e.g. the interview date). */
  | { per: 'record'; within: Interval; from: string; date?: string };

/** The root `x-measures` keyword. */
export interface Measures {
  /** Choice or yes/no answers whose distribution is charted by month (grades per domain, trigger met). At most 20. */
  answers?: Array<{ field: string; label?: string }>;
  /** Two choice answers compared where both are given: the rate at which they agree (auditor's vs moderator's grade). */
  agreement?: { first: string; second: string; label?: string };
}

/**
 * Stamped on a record when it completes (submitted on a form without stages; signed off at the
 * last stage). Never changed afterwards except by a later completion (returned and completed again).
 */
export interface Timeliness {
  /** YYYY-MM-DD (Europe/London): the schedule's `date` answer when given, else the day it completed. */
  doneOn: string;
  /** YYYY-MM of doneOn: what monthly trends group by. */
  month: string;
  /** ISO instant it completed. */
  completedAt: string;
  /** Whole calendar days from the draft's creation to completion (time to complete). */
  daysToComplete: number;
  /** `per: 'record'` rules: the day it was due (from + within) and whether doneOn was on or before it. */
  dueOn?: string;
  onTime?: boolean;
  /**
   * The answers the version's `x-measures` names (charted answers and the agreement pair), by
   * key (measure-keys.ts: `/overall/grade` is `overall__grade`); null where not answered. Absent
   * when the version measures nothing, and on records stamped before stamps carried measures
   * until Store.fillMeasures has filled them in (the dashboards do, engine/dashboards/published.ts).
   */
  measures?: Record<string, TallyValue>;
}

/**
 * An aggregate count the store computes (SQL GROUP BY; MongoDB `$match` + `$group` with `$sum`):
 * rows of distinct values of the `by` fields with how many items have them. Field names are
 * dotted paths on the stored item (`team`, `status`, `subject.childId`, `timeliness.month`,
 * `data.overall.grade`); the adapters refuse anything not matching SAFE_FIELD.
 */
export interface TallyQuery {
  source: 'submissions' | 'actions' | 'assignments';
  where?: TallyCondition[];
  by: string[];
}

export type TallyValue = string | number | boolean | null;

export type TallyCondition =
  | { field: string; op: 'eq'; value: TallyValue }
  | { field: string; op: 'in'; values: TallyValue[] }
  | { field: string; op: 'gte' | 'lt'; value: string | number }
  | { field: string; op: 'exists'; value: boolean };

export interface TallyRow {
  /** One value per `by` field, in order; null where the item has none. */
  key: TallyValue[];
  count: number;
}

/** Dotted paths the stores accept in a tally: letters, digits, underscores and dots only. */
export const SAFE_FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}(\.[A-Za-z_][A-Za-z0-9_]{0,63}){0,7}$/;
