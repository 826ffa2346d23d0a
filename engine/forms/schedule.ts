/**
 * How often a form's records are due (`x-schedule`) and which answers the dashboards chart
 * (`x-measures`), as a form version declares them at the root of its schema (browser-safe: the
 * designer reads them too). The problem functions give the definition policy its words; the
 * readers assume a checked schema. Types: engine/timeliness/model.ts.
 */
import type { Interval, Measures, ScheduleRule } from '../timeliness/model.js';
import type { FieldInfo } from './fields.js';
import type { Form, JsonObject } from './model.js';
import { isObject, own } from './schema-paths.js';

export const SCHEDULE_KEYWORD = 'x-schedule';
export const MEASURES_KEYWORD = 'x-measures';

export const MAX_MEASURE_ANSWERS = 20;
export const MAX_MEASURE_LABEL = 80;

/** Each unit of an interval with its limits and words. */
export const INTERVAL_UNITS = [
  { unit: 'workingDays', max: 250, one: 'working day', many: 'working days' },
  { unit: 'weeks', max: 52, one: 'week', many: 'weeks' },
  { unit: 'months', max: 24, one: 'month', many: 'months' },
] as const;
export type IntervalUnit = (typeof INTERVAL_UNITS)[number]['unit'];

export const SCHEDULE_PER = ['child', 'worker', 'record'] as const;

/** The unit and number of an interval. */
export function intervalParts(i: Interval): { unit: IntervalUnit; n: number } {
  const [unit, n] = Object.entries(i)[0] as [IntervalUnit, number];
  return { unit, n };
}

/** "20 working days", "1 month". */
export function intervalWords(i: Interval): string {
  const { unit, n } = intervalParts(i);
  const u = INTERVAL_UNITS.find((x) => x.unit === unit)!;
  return `${n} ${n === 1 ? u.one : u.many}`;
}

/** The form's schedule, or null. Assumes a policy-checked schema. */
export function scheduleOf(schema: JsonObject): ScheduleRule | null {
  const r = own(schema, SCHEDULE_KEYWORD);
  return isObject(r) ? (r as unknown as ScheduleRule) : null;
}

/** The form's measures, or null. Assumes a policy-checked schema. */
export function measuresOf(schema: JsonObject): Measures | null {
  const m = own(schema, MEASURES_KEYWORD);
  return isObject(m) ? (m as unknown as Measures) : null;
}

/** The field paths the two keywords name (for renames and removals in the designer, and for checks). */
export function scheduleFieldPaths(rule: ScheduleRule | null): string[] {
  if (!rule) return [];
  return [...(rule.per === 'record' ? [rule.from] : []), ...(rule.date ? [rule.date] : [])];
}

/** A sentence saying what the schedule asks, e.g. "Due for every child at least every 20 working days, done on the answer to "Date and time of the meeting"." */
export function scheduleWords(rule: ScheduleRule, label: (path: string) => string = (p) => p): string {
  const done = rule.date ? `, done on the answer to "${label(rule.date)}"` : ', done on the day the record is completed';
  if (rule.per === 'record') return `Each record is due within ${intervalWords(rule.within)} of the answer to "${label(rule.from)}"${done}.`;
  return `Due for every ${rule.per === 'child' ? 'allocated child' : 'worker'} at least every ${intervalWords(rule.every)}${done}.`;
}

interface Problem {
  pointer: string;
  message: string;
}

type Fields = ReadonlyMap<string, Pick<FieldInfo, 'type' | 'format' | 'label' | 'options'>>;

const isDateField = (f: Pick<FieldInfo, 'type' | 'format'>) => f.type === 'string' && (f.format === 'date' || f.format === 'date-time');
/** One answer picked from a list, or yes/no. */
export const isSingleChoice = (f: Pick<FieldInfo, 'type' | 'options'>) => f.type === 'boolean' || (f.type !== 'array' && f.type !== 'object' && (f.options?.length ?? 0) > 0);

/** What is wrong with naming `path` as a question of the right kind; null when it is fine. */
function fieldProblem(path: unknown, fields: Fields, fits: (f: Pick<FieldInfo, 'type' | 'format' | 'options'>) => boolean, role: string, kind: string): string | null {
  if (typeof path !== 'string' || path === '') return `Choose the question that is ${role}: ${kind}.`;
  if (path.includes('*')) return `"${path}" is inside a repeating group; ${role} must be a question outside repeating groups (one answer per record).`;
  const f = fields.get(path);
  if (!f) {
    const inRows = [...fields.keys()].some((p) => p.includes('*') && p.replace(/\/\*\//g, '/') === path);
    return inRows
      ? `"${path}" is inside a repeating group; ${role} must be a question outside repeating groups (one answer per record).`
      : `The form has no question "${path}" to be ${role}: choose ${kind} of the form.`;
  }
  return fits(f) ? null : `"${f.label}" cannot be ${role}: it must be ${kind}.`;
}

const KNOWN_RULE_KEYS: Record<string, string[]> = { child: ['per', 'every', 'date'], worker: ['per', 'every', 'date'], record: ['per', 'within', 'from', 'date'] };

function intervalProblem(i: unknown, what: string): string | null {
  const choices = INTERVAL_UNITS.map((u) => `"${u.unit}" (1 to ${u.max})`).join(', ');
  const say = `${what} must be exactly one of ${choices}, like { "workingDays": 20 }.`;
  if (!isObject(i)) return say;
  const keys = Object.keys(i);
  if (keys.length !== 1) return say;
  const u = INTERVAL_UNITS.find((x) => x.unit === keys[0]);
  if (!u) return `${what} has no unit "${keys[0]}": ${say.charAt(0).toLowerCase()}${say.slice(1)}`;
  const n = i[u.unit];
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > u.max) return `${what} in ${u.many} must be a whole number from 1 to ${u.max}.`;
  return null;
}

/**
 * What is wrong with the root `x-schedule` (pointers relative to the keyword). `subject`: the
 * form's subject settings, when known (a schedule per child or per worker needs one).
 */
export function scheduleProblems(schema: JsonObject, fields: Fields, subject?: Form['subject'] | null): Problem[] {
  const r = own(schema, SCHEDULE_KEYWORD);
  if (r === undefined) return [];
  if (!isObject(r)) return [{ pointer: '', message: 'How often records are due must be an object, like { "per": "child", "every": { "workingDays": 20 } }.' }];
  const out: Problem[] = [];
  const bad = (pointer: string, message: string) => out.push({ pointer, message });
  if (r.per !== 'child' && r.per !== 'worker' && r.per !== 'record') {
    bad('/per', 'Say what the records are due for: "child" (every allocated child), "worker" (every worker) or "record" (each record, from a date in it).');
    return out;
  }
  for (const k of Object.keys(r)) if (!KNOWN_RULE_KEYS[r.per]!.includes(k)) bad(`/${k}`, `A schedule per ${r.per} has no setting "${k}": use ${KNOWN_RULE_KEYS[r.per]!.map((x) => `"${x}"`).join(', ')}.`);
  if (r.per === 'record') {
    const p = intervalProblem(r.within, 'How soon each record is due ("within")');
    if (p) bad('/within', p);
    const f = fieldProblem(r.from, fields, isDateField, 'the date each record is due from (like the return date)', 'a date question');
    if (f) bad('/from', f);
    else if (r.date !== undefined && r.date === r.from) bad('/date', 'The date a record is done on and the date it is due from must be different questions.');
  } else {
    const p = intervalProblem(r.every, `How often a record is due for every ${r.per} ("every")`);
    if (p) bad('/every', p);
    if (subject !== undefined) {
      if (r.per === 'child' && subject?.childId === undefined) bad('/per', 'This form is not about a child (its settings ask for no child when a record is started), so its records cannot be due per child.');
      if (r.per === 'worker' && subject?.workerId === undefined) bad('/per', "This form is not about a worker (its settings ask for no worker when a record is started), so its records cannot be due per worker.");
    }
  }
  if (r.date !== undefined) {
    const f = fieldProblem(r.date, fields, isDateField, 'the date a record is done on', 'a date question');
    if (f) bad('/date', f);
  }
  return out;
}

/** What is wrong with the root `x-measures` (pointers relative to the keyword). */
export function measuresProblems(schema: JsonObject, fields: Fields): Problem[] {
  const m = own(schema, MEASURES_KEYWORD);
  if (m === undefined) return [];
  if (!isObject(m)) return [{ pointer: '', message: 'What the dashboards chart must be an object with "answers" and/or "agreement".' }];
  const out: Problem[] = [];
  const bad = (pointer: string, message: string) => out.push({ pointer, message });
  const kind = 'a single-choice or yes/no question';
  const label = (v: unknown, at: string, what: string) => {
    if (v !== undefined && (typeof v !== 'string' || !v.trim() || v.length > MAX_MEASURE_LABEL)) bad(at, `The name of ${what} must be words of 1 to ${MAX_MEASURE_LABEL} characters.`);
  };
  for (const k of Object.keys(m)) if (k !== 'answers' && k !== 'agreement') bad(`/${k}`, `What the dashboards chart has no setting "${k}": use "answers" and "agreement".`);
  if (m.answers !== undefined) {
    if (!Array.isArray(m.answers)) bad('/answers', 'The answers to chart must be a list, like [{ "field": "/overall/grade" }].');
    else {
      if (m.answers.length > MAX_MEASURE_ANSWERS) bad('/answers', `At most ${MAX_MEASURE_ANSWERS} answers can be charted; there are ${m.answers.length}.`);
      const seen = new Set<string>();
      m.answers.forEach((a: unknown, i: number) => {
        const at = `/answers/${i}`;
        if (!isObject(a)) return bad(at, `Answer ${i + 1} to chart must be an object with the question's "field".`);
        for (const k of Object.keys(a)) if (k !== 'field' && k !== 'label') bad(`${at}/${k}`, `Answer ${i + 1} to chart has no setting "${k}": use "field" and "label".`);
        const p = fieldProblem(a.field, fields, isSingleChoice, `an answer to chart`, kind);
        if (p) bad(`${at}/field`, p);
        else if (seen.has(a.field as string)) bad(`${at}/field`, `"${fields.get(a.field as string)!.label}" is charted twice; chart each question once.`);
        else seen.add(a.field as string);
        label(a.label, `${at}/label`, `answer ${i + 1} to chart`);
      });
    }
  }
  if (m.agreement !== undefined) {
    const g = m.agreement;
    if (!isObject(g)) bad('/agreement', 'The agreement to measure needs the two questions to compare, "first" and "second".');
    else {
      for (const k of Object.keys(g)) if (!['first', 'second', 'label'].includes(k)) bad(`/agreement/${k}`, `The agreement to measure has no setting "${k}": use "first", "second" and "label".`);
      const first = fieldProblem(g.first, fields, isSingleChoice, 'the first answer compared (like the auditor\'s grade)', kind);
      const second = fieldProblem(g.second, fields, isSingleChoice, 'the second answer compared (like the moderator\'s grade)', kind);
      if (first) bad('/agreement/first', first);
      if (second) bad('/agreement/second', second);
      if (!first && !second && g.first === g.second) bad('/agreement/second', 'The agreement compares two different questions; choose another question for the second answer.');
      label(g.label, '/agreement/label', 'the agreement');
    }
  }
  return out;
}
