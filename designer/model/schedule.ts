/**
 * "Timeliness": the root `x-schedule` and `x-measures` keywords of a form version
 * (engine/timeliness/model.ts), set without JSON. How often a record is due — for every allocated
 * child, for every worker, or for each record within a time of a date in it — and the date
 * question that says when it was done; and which answers the dashboards chart (single-choice and
 * yes/no questions) and which two answers' agreement they measure. Only questions outside
 * repeating groups are offered. Renaming or removing a question follows into both (rename.ts,
 * remove.ts).
 */
import { INTERVAL_UNITS, MAX_MEASURE_ANSWERS, MEASURES_KEYWORD, SCHEDULE_KEYWORD, intervalParts, type IntervalUnit } from '../../engine/forms/schedule.js';
import type { Interval, Measures, ScheduleRule } from '../../engine/timeliness/model.js';
import { Draft } from './draft.js';
import { isObject, listWords, own, q, type JsonObject } from './json.js';
import { schemaFields } from './data-paths.js';
import { optionsOf } from './kinds.js';
import { fieldTitle, labelOfLoc } from './locate.js';
import { view, viewTree } from './outline.js';
import { DesignError, type Definition, type EditResult, type Rename } from './types.js';

export { INTERVAL_UNITS, MAX_MEASURE_ANSWERS, MEASURES_KEYWORD, SCHEDULE_KEYWORD, type IntervalUnit };
export type SchedulePer = ScheduleRule['per'];

/** A question the settings may name, with words that tell it apart from others with the same label. */
export interface QuestionChoice {
  path: string;
  label: string;
}

/** The schedule as the designer shows it: one interval (every, or within for per record). */
export interface ScheduleSetting {
  per: SchedulePer;
  n: number;
  unit: IntervalUnit;
  date?: string;
  from?: string;
}

/** What a change to the schedule may say; `date: null` takes the date question away (done on the day it completes). */
export interface SchedulePatch {
  per?: SchedulePer | null;
  n?: number;
  unit?: IntervalUnit;
  date?: string | null;
  from?: string;
}

/** A question outside repeating groups, with whether it can be a schedule's date or a charted answer. */
interface Question {
  path: string;
  label: string;
  date: boolean;
  choice: boolean;
}

/**
 * The form's questions outside repeating groups, in schema order, as the policy judges them (by
 * their schema; a section shown by one Control shows its questions too), labelled as the layout
 * shows them where it names them.
 */
function questionsOf(def: Definition): Question[] {
  const { def: v, tree } = viewTree(def);
  const shown = new Map<string, string>();
  for (const l of tree.all) if (l.kind === 'field' && l.field && !shown.has(l.field)) shown.set(l.field, labelOfLoc(v, l));
  const schema = v.schema as JsonObject;
  return schemaFields(schema)
    .filter((f) => !f.path.includes('*'))
    .map(({ path, schema: node }) => {
      const t = node.type;
      return {
        path,
        label: shown.get(path) ?? fieldTitle(schema, path),
        date: t === 'string' && (node.format === 'date' || node.format === 'date-time'),
        choice: t === 'boolean' || ((t === 'string' || t === 'number' || t === 'integer') && (optionsOf(node)?.length ?? 0) > 0),
      };
    });
}

/** Labels told apart: a label two questions share gets its section's title in front ("Chronology and genogram: Grade"). */
function choicesOf(def: Definition, questions: Question[]): QuestionChoice[] {
  const count = new Map<string, number>();
  for (const f of questions) count.set(f.label, (count.get(f.label) ?? 0) + 1);
  const schema = view(def).schema as JsonObject;
  return questions.map((f) => {
    const parent = f.path.slice(0, f.path.lastIndexOf('/'));
    return { path: f.path, label: (count.get(f.label) ?? 0) > 1 && parent ? `${fieldTitle(schema, parent)}: ${f.label}` : f.label };
  });
}

/** The form's date and date-and-time questions outside repeating groups. */
export function dateQuestions(def: Definition): QuestionChoice[] {
  return choicesOf(def, questionsOf(def).filter((f) => f.date));
}

/** The form's single-choice and yes/no questions outside repeating groups. */
export function choiceQuestions(def: Definition): QuestionChoice[] {
  return choicesOf(def, questionsOf(def).filter((f) => f.choice));
}

/** The schedule, read leniently (null when the form has none). */
export function scheduleOf(def: Definition): ScheduleSetting | null {
  const raw = own(def.schema, SCHEDULE_KEYWORD);
  if (!isObject(raw) || (raw.per !== 'child' && raw.per !== 'worker' && raw.per !== 'record')) return null;
  const interval = raw.per === 'record' ? raw.within : raw.every;
  const parts = isObject(interval) && Object.keys(interval).length === 1 ? intervalParts(interval as Interval) : { unit: 'workingDays' as const, n: 20 };
  const unit = INTERVAL_UNITS.some((u) => u.unit === parts.unit) ? parts.unit : 'workingDays';
  return {
    per: raw.per,
    n: typeof parts.n === 'number' ? parts.n : 20,
    unit,
    ...(typeof raw.date === 'string' ? { date: raw.date } : {}),
    ...(raw.per === 'record' && typeof raw.from === 'string' ? { from: raw.from } : {}),
  };
}

/** The measures, read leniently. */
export function measuresOf(def: Definition): Required<Pick<Measures, 'answers'>> & Pick<Measures, 'agreement'> {
  const raw = own(def.schema, MEASURES_KEYWORD);
  const m = isObject(raw) ? raw : {};
  const answers = Array.isArray(m.answers) ? m.answers.filter((a): a is { field: string; label?: string } => isObject(a) && typeof a.field === 'string') : [];
  const g = m.agreement;
  return { answers, ...(isObject(g) && typeof g.first === 'string' && typeof g.second === 'string' ? { agreement: g as Measures['agreement'] } : {}) };
}

/** The `x-schedule` keyword a setting is kept as (and read back in words by engine/forms/schedule.ts `scheduleWords`). */
export function scheduleRule(s: ScheduleSetting): ScheduleRule {
  const interval = { [s.unit]: s.n } as Interval;
  return s.per === 'record' ? { per: 'record', within: interval, from: s.from ?? '', ...(s.date ? { date: s.date } : {}) } : { per: s.per, every: interval, ...(s.date ? { date: s.date } : {}) };
}

function writeSchedule(d: Draft, s: ScheduleSetting | null): void {
  if (!s) delete d.schema[SCHEDULE_KEYWORD];
  else d.schema[SCHEDULE_KEYWORD] = scheduleRule(s);
}

function writeMeasures(d: Draft, m: ReturnType<typeof measuresOf>): void {
  if (m.answers.length === 0 && !m.agreement) delete d.schema[MEASURES_KEYWORD];
  else d.schema[MEASURES_KEYWORD] = { ...(m.answers.length ? { answers: m.answers } : {}), ...(m.agreement ? { agreement: m.agreement } : {}) };
}

const PER_WORDS: Record<SchedulePer, string> = { child: 'every allocated child', worker: 'every worker', record: 'each record' };

/**
 * Changes the schedule. `per: null` takes it away. Refused in words: a number outside the unit's
 * range, a question that is not one of the form's date questions, a record schedule on a form with
 * no date question to count from, or done on the same question it counts from.
 */
export function setSchedule(def: Definition, patch: SchedulePatch): EditResult {
  const d = new Draft(def);
  const dates = dateQuestions(d.definition);
  const was = scheduleOf(d.definition);
  if (patch.per === null) {
    if (was) d.note('Records of this form are no longer due at any time.');
    writeSchedule(d, null);
    return d.result();
  }
  const next: ScheduleSetting = was ? { ...was } : { per: patch.per ?? 'child', n: 20, unit: 'workingDays' };
  if (patch.per !== undefined) {
    if (!['child', 'worker', 'record'].includes(patch.per)) throw new DesignError('Choose what records are due for: every allocated child, every worker, or each record.');
    next.per = patch.per;
  }
  if (patch.unit !== undefined) {
    const u = INTERVAL_UNITS.find((x) => x.unit === patch.unit);
    if (!u) throw new DesignError('Choose working days, weeks or months.');
    next.unit = u.unit;
    next.n = Math.min(next.n, u.max);
  }
  if (patch.n !== undefined) next.n = patch.n;
  const u = INTERVAL_UNITS.find((x) => x.unit === next.unit)!;
  if (!Number.isInteger(next.n) || next.n < 1 || next.n > u.max) throw new DesignError(`Enter the number of ${u.many} as a whole number from 1 to ${u.max}.`);
  const dateLabel = (p: string) => dates.find((x) => x.path === p)?.label;
  if (patch.date !== undefined) {
    if (patch.date === null) delete next.date;
    else if (!dateLabel(patch.date)) throw new DesignError(`Choose one of the form's date questions for the day a record is done on: ${q(patch.date)} is not one.`);
    else next.date = patch.date;
  }
  if (patch.from !== undefined) {
    if (!dateLabel(patch.from)) throw new DesignError(`Choose one of the form's date questions to count from: ${q(patch.from)} is not one.`);
    next.from = patch.from;
  }
  if (next.per === 'record') {
    if (next.from === undefined) {
      const first = dates.find((x) => x.path !== next.date);
      if (!first) throw new DesignError('A record can only be due within a time of a date in it when the form has a date question outside repeating groups (like “Return date”): add one first.');
      next.from = first.path;
      d.note(`Each record is due counting from ${q(first.label)}; choose another date question if that is not the one.`);
    }
    if (next.from === next.date) throw new DesignError(`The day a record is done on and the date it is due from must be different questions: ${q(dateLabel(next.from) ?? next.from)} cannot be both.`);
  } else delete next.from;
  if (!was) d.note(`Records of this form are now due for ${PER_WORDS[next.per]}.`);
  writeSchedule(d, next);
  return d.result();
}

/** Charts the answers to a question on the dashboards, or stops charting them. */
export function setMeasured(def: Definition, path: string, on: boolean): EditResult {
  const d = new Draft(def);
  const m = measuresOf(d.definition);
  const choice = choiceQuestions(d.definition).find((c) => c.path === path);
  const has = m.answers.some((a) => a.field === path);
  if (on && !has) {
    if (!choice) throw new DesignError(`Only single-choice and yes/no questions can be charted: ${q(path)} is not one.`);
    if (m.answers.length >= MAX_MEASURE_ANSWERS) throw new DesignError(`At most ${MAX_MEASURE_ANSWERS} questions can be charted; stop charting one first.`);
    m.answers = [...m.answers, { field: path }];
  } else if (!on) m.answers = m.answers.filter((a) => a.field !== path);
  writeMeasures(d, m);
  return d.result();
}

/** The two answers whose agreement the dashboards measure (like the auditor's and the moderator's grades); null takes it away. */
export function setAgreement(def: Definition, pair: { first: string; second: string } | null): EditResult {
  const d = new Draft(def);
  const m = measuresOf(d.definition);
  if (pair === null) delete m.agreement;
  else {
    const choices = choiceQuestions(d.definition);
    for (const p of [pair.first, pair.second]) if (!choices.some((c) => c.path === p)) throw new DesignError(`Only single-choice and yes/no questions can be compared: ${q(p)} is not one.`);
    if (pair.first === pair.second) throw new DesignError('Choose two different questions to compare.');
    m.agreement = { ...(m.agreement?.label ? { label: m.agreement.label } : {}), first: pair.first, second: pair.second };
  }
  writeMeasures(d, m);
  return d.result();
}

/** A path after `r` (a question, or a section or list holding it, renamed). */
const moved = (p: string, r: Rename) => (p === r.from ? r.to : p.startsWith(r.from + '/') ? r.to + p.slice(r.from.length) : p);

/** In the schema's `x-schedule` and `x-measures` (changed in place) after an answer was renamed. */
export function renameInTimeliness(schema: JsonObject, r: Rename): void {
  const s = own(schema, SCHEDULE_KEYWORD);
  if (isObject(s)) for (const k of ['date', 'from']) if (typeof s[k] === 'string') s[k] = moved(s[k] as string, r);
  const m = own(schema, MEASURES_KEYWORD);
  if (!isObject(m)) return;
  if (Array.isArray(m.answers)) for (const a of m.answers) if (isObject(a) && typeof a.field === 'string') a.field = moved(a.field, r);
  if (isObject(m.agreement)) for (const k of ['first', 'second']) if (typeof m.agreement[k] === 'string') m.agreement[k] = moved(m.agreement[k] as string, r);
}

/**
 * After questions went (`isGone` by data path; `labelOf` from before the removal): a schedule's
 * date that went is the day the record completes instead; a per-record schedule that lost the
 * date it counts from goes; charted answers that went are not charted; an agreement that lost a
 * side goes. Each said in a note.
 */
export function dropFromTimeliness(d: Draft, isGone: (path: string) => boolean, labelOf: (path: string) => string): void {
  const why = (p: string) => `${q(labelOf(p))} went`;
  const s = own(d.schema, SCHEDULE_KEYWORD);
  if (isObject(s)) {
    if (typeof s.from === 'string' && isGone(s.from)) {
      delete d.schema[SCHEDULE_KEYWORD];
      d.note(`Records of this form are no longer due at any time: ${why(s.from)}, and it was the date they were due from.`);
    } else if (typeof s.date === 'string' && isGone(s.date)) {
      d.note(`A record now counts as done on the day it is completed: ${why(s.date)}.`);
      delete s.date;
    }
  }
  const m = own(d.schema, MEASURES_KEYWORD);
  if (!isObject(m)) return;
  if (Array.isArray(m.answers)) {
    const gone = (a: unknown) => isObject(a) && typeof a.field === 'string' && isGone(a.field);
    const dropped = m.answers.filter(gone).map((a) => (a as JsonObject).field as string);
    if (dropped.length) {
      m.answers = m.answers.filter((a) => !gone(a));
      if ((m.answers as unknown[]).length === 0) delete m.answers;
      d.note(`The dashboards no longer chart answers: ${listWords(dropped.map((p) => why(p)))}.`);
    }
  }
  const g = m.agreement;
  if (isObject(g)) {
    const dropped = [g.first, g.second].filter((p): p is string => typeof p === 'string' && isGone(p));
    if (dropped.length) {
      delete m.agreement;
      d.note(`The dashboards no longer measure agreement: ${listWords(dropped.map((p) => why(p)))}.`);
    }
  }
  if (m.answers === undefined && m.agreement === undefined) delete d.schema[MEASURES_KEYWORD];
}
