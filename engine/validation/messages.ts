/**
 * ajv errors → `{ pointer, message }` a social worker understands, written as the GOV.UK Design
 * System's error message guidance has them: the label the person sees on the screen, the row it
 * is in, and how to fix it ("Enter the date of the supervision", "Select the case type", "Date
 * of the supervision must include a month", "Score must be between 0 and 10"). Branch noise from
 * option lists and conditions is dropped.
 */
import type { ErrorObject } from 'ajv';
import type { FieldError } from '../errors.js';
import { inSentence, isPlainLabel, isQuestion, readsAsName, theLabel } from '../forms/labels.js';
import type { JsonObject } from '../forms/model.js';
import { fieldPath } from '../forms/schema-paths.js';
import { getAt, joinPointer, parsePointer } from '../json/pointer.js';
import type { CompareRule } from '../policy/compare.js';
import { dateProblem, type DatePart } from './date-parts.js';
import { namedFormat } from './named-formats.js';

/** How one answer must compare with another, in words for dates and for numbers (also the designer's). */
export const ORDER_WORDS: Record<string, [dates: string, numbers: string]> = {
  '<': ['before', 'less than'],
  '<=': ['on or before', 'at most'],
  '>': ['after', 'more than'],
  '>=': ['on or after', 'at least'],
  '==': ['the same as', 'the same as'],
  '!=': ['different from', 'different from'],
};

/** What kind of question a field is, which decides how a missing answer is asked for. */
export type QuestionKind = 'text' | 'number' | 'date' | 'date-time' | 'time' | 'email' | 'choice' | 'yes-no' | 'choices' | 'rows' | 'section' | 'files';

/** What messages need to know about the form's fields, by field path (`/actions/*\/dueDate`). */
export interface FieldFacts {
  /** What the person sees on the screen: the Control's label, else the schema title, else the name in words. */
  label(path: string): string;
  format(path: string): string | undefined;
  /** A multiple-choice list (entries are answers, not rows of questions). */
  choiceList(path: string): boolean;
  /** For a section (object): the names of the questions it always requires; empty otherwise. */
  requiredChildren(path: string): string[];
  kind(path: string): QuestionKind;
  /** The field's own schema (its limits and examples); undefined when not known. */
  schema(path: string): JsonObject | undefined;
  /** What one row of a repeatable group is called ("Action"). */
  rowName(path: string): string;
  /** Words for a name the schema does not have (the engine's own requests: not a question on a form). */
  unknownField?(name: string): string;
}

/** Where an error points: the missing field for `required`, else the value at fault. */
function pointerOf(e: ErrorObject): string {
  if (e.keyword === 'required') return joinPointer(e.instancePath, (e.params as { missingProperty: string }).missingProperty);
  if (e.keyword === 'additionalProperties') return joinPointer(e.instancePath, (e.params as { additionalProperty: string }).additionalProperty);
  return e.instancePath;
}

/** A label at the start of a sentence: a question ("Seen alone?") or a heading with a colon is quoted so the sentence still reads. */
function subject(label: string): string {
  return isPlainLabel(label) ? label : `“${label}”`;
}

/** A label as the object of a verb: "the case type"; a question or a fragment ("Escalated to") is quoted. */
function object(label: string): string {
  return readsAsName(label) ? theLabel(label) : `“${label}”`;
}

/** "Actions, row 2: " for a field inside a repeating group. */
function rowContext(facts: FieldFacts, pointer: string): string {
  const tokens = parsePointer(pointer);
  const parts: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (/^(0|[1-9][0-9]*)$/.test(tokens[i]!)) {
      const listPath = fieldPath('/' + tokens.slice(0, i).join('/'));
      parts.push(`${facts.label(listPath)}, row ${Number(tokens[i]) + 1}`);
    }
  }
  // The last row context is redundant when the error is about the row itself.
  if (parts.length && /^(0|[1-9][0-9]*)$/.test(tokens.at(-1) ?? '')) parts.pop();
  return parts.length ? parts.join(', ') + ': ' : '';
}

/** "2024-04-01" → "1 April 2024", as GOV.UK writes dates. */
function dayWords(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? day : d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** 30000 → "30,000". */
const num = (n: unknown) => (typeof n === 'number' ? n.toLocaleString('en-GB', { maximumFractionDigits: 20 }) : String(n));

function typeWords(type: string): string {
  return (
    {
      string: 'text',
      number: 'a number',
      integer: 'a whole number',
      boolean: 'yes or no',
      object: 'a set of answers',
      array: 'a list',
      null: 'empty',
    }[type] ?? type
  );
}

const plural = (name: string) => (/s$/i.test(name) ? name : /[^aeiou]y$/i.test(name) ? `${name.slice(0, -1)}ies` : `${name}s`);
const count = (n: number, one: string) => (n === 1 ? `one ${one}` : `${num(n)} ${plural(one)}`);

/** GOV.UK's "Enter …" for a question that needs typing, whatever its label is like. */
function enter(label: string, kind: QuestionKind): string {
  if (readsAsName(label)) return `Enter ${theLabel(label)}.`;
  if (!isPlainLabel(label) || isQuestion(label)) return `Enter an answer to “${label}”.`;
  // A fragment ("Fit note from", "Supervisor signed off"): say what to enter for it.
  if (kind === 'date') return `Enter the date for “${label}”.`;
  if (kind === 'date-time') return `Enter the date and time for “${label}”.`;
  if (kind === 'time') return `Enter the time for “${label}”.`;
  return `Enter “${label}”.`;
}

/** How to ask for an answer that is not there, by the kind of question (GOV.UK: "Enter …", "Select …"). */
function askFor(path: string, facts: FieldFacts): string {
  const label = facts.label(path);
  const kind = facts.kind(path);
  switch (kind) {
    case 'yes-no':
      return `Select yes or no for “${label}”.`;
    case 'choice':
      return readsAsName(label) ? `Select ${theLabel(label)}.` : `Select an answer to “${label}”.`;
    case 'choices':
      return `Select at least one option for ${object(label)}.`;
    case 'rows': {
      // A group left with no rows has no answer at all: say how many its fewest rows ask for.
      const least = facts.schema(path)?.minItems;
      const n = typeof least === 'number' && least > 1 ? least : 1;
      return n === 1 ? `Add at least one ${inSentence(facts.rowName(path))}.` : `Add at least ${count(n, inSentence(facts.rowName(path)))}.`;
    }
    case 'section':
      // A section's label is a heading ("About the audit"): quoted, as it is on the page.
      return `Answer the questions in “${label}”.`;
    case 'files':
      return uploadAtLeast(1, label);
    default:
      return enter(label, kind);
  }
}

/** GOV.UK's file upload pattern asks for files by what to do with them: "Upload at least one file for the fit note". */
function uploadAtLeast(n: number, label: string): string {
  return `Upload at least ${n === 1 ? 'one file' : `${num(n)} files`} for ${object(label)}.`;
}

/** Day, month and year, as GOV.UK lists what a date must include. */
function partList(parts: DatePart[]): string {
  const words = parts.map((p) => (p === 'time' ? 'a time' : p));
  if (words.length === 1) return words[0] === 'a time' ? 'a time' : `a ${words[0]}`;
  const list = words.slice(0, -1).join(', ') + ' and ' + words.at(-1);
  return words[0] === 'a time' ? list : `a ${list}`;
}

/** A date or date and time that is not real, in GOV.UK's words for what is wrong with it. */
function dateSentence(label: string, format: 'date' | 'date-time', value: unknown): string {
  const problem = dateProblem(value, format);
  const what = format === 'date' ? 'a real date' : 'a real date and time';
  if (!problem) return `${subject(label)} must be ${what}.`;
  switch (problem.kind) {
    case 'empty':
      return enter(label, format);
    case 'incomplete': {
      const date = problem.parts.filter((p) => p !== 'time');
      if (date.length === 3) return `${subject(label)} must include a date${problem.parts.includes('time') ? ' and a time' : ''}.`;
      if (problem.parts.length === 1 && problem.parts[0] === 'time') return `${subject(label)} must include a time, like 14:30.`;
      return `${subject(label)} must include ${partList(problem.parts)}.`;
    }
    case 'year-digits':
      return `The year in ${object(label)} must include 4 numbers.`;
    default:
      if (problem.parts.length === 1 && problem.parts[0] === 'time') return `${subject(label)} must include a real time, like 14:30.`;
      // Not the date boxes' shape at all (sent by another system): show the shape wanted.
      if (problem.parts.length === 0) return `${subject(label)} must be ${what}, like ${format === 'date' ? '2026-03-27' : '2026-03-27T14:30:00Z'}.`;
      return `${subject(label)} must be ${what}.`;
  }
}

/** "must be between 0 and 10" when the field has both bounds and the broken one is its own. */
function rangeSentence(label: string, own: JsonObject | undefined, keyword: string, limit: unknown): string {
  const [lo, hi] = keyword.includes('format') ? ['formatMinimum', 'formatMaximum'] : ['minimum', 'maximum'];
  const words = keyword.includes('format') ? (x: unknown) => dayWords(String(x)) : num;
  if (own && own[lo] !== undefined && own[hi] !== undefined && (own[lo] === limit || own[hi] === limit)) {
    return `${subject(label)} must be between ${words(own[lo])} and ${words(own[hi])}.`;
  }
  if (keyword === 'minimum') return `${subject(label)} must be ${num(limit)} or more.`;
  if (keyword === 'maximum') return `${subject(label)} must be ${num(limit)} or less.`;
  if (keyword === 'formatMinimum') return `${subject(label)} must be on or after ${dayWords(String(limit))}.`;
  return `${subject(label)} must be on or before ${dayWords(String(limit))}.`;
}

/**
 * What people are told when an answer does not match a field's pattern or its format (email or a
 * named format): the analyst's own words (`x-format-message`) when the field has them, else a
 * sentence made from the label and an example of a right answer (the named format's, else the
 * field's first `examples`). The designer shows the second as the default.
 */
export function formatMessage(label: string, schema: JsonObject | undefined, format: unknown = schema?.format): string {
  const own = schema?.['x-format-message'];
  if (typeof own === 'string' && own.trim()) return own.trim();
  return defaultFormatMessage(label, schema, format);
}

/** The sentence used when the analyst wrote none. */
export function defaultFormatMessage(label: string, schema: JsonObject | undefined, format: unknown = schema?.format): string {
  const named = namedFormat(format);
  const examples = schema?.examples;
  const example = named?.example ?? (format === 'email' ? 'name@example.org' : Array.isArray(examples) && typeof examples[0] === 'string' ? examples[0] : undefined);
  const like = example ? `, like ${example}` : '';
  // A check digit can be wrong in a number of the right shape: "real", as GOV.UK says of dates.
  if (format === 'nhs-number') return `${subject(label)} must be a real NHS number${like}.`;
  if (readsAsName(label)) return `Enter ${theLabel(label)} in the correct format${like}.`;
  if (named || format === 'email') return `${subject(label)} must be ${named?.noun ?? 'an email address'}${like}.`;
  return `${subject(label)} must be in the correct format${like}.`;
}

function sentence(e: ErrorObject, pointer: string, facts: FieldFacts, data: unknown): string {
  const path = fieldPath(pointer);
  const p = e.params as Record<string, unknown>;
  const plain = facts.label(path);
  const label = subject(plain);
  const entries = facts.choiceList(path) ? ['option', 'options'] : ['row', 'rows'];
  switch (e.keyword) {
    case 'required':
      return askFor(path, facts);
    case 'additionalProperties':
      return facts.unknownField?.(String(p.additionalProperty)) ?? `"${String(p.additionalProperty)}" is not a question on this form, so it cannot be saved.`;
    case 'type':
      if (facts.kind(path) === 'files') return `${label} must be a list of uploaded files.`;
      return `${label} must be ${typeWords(String(p.type))}.`;
    case 'maxLength':
      return `${label} must be ${num(p.limit)} characters or fewer.`;
    case 'minLength':
      // Empty text is an answer not given.
      return p.limit === 1 ? askFor(path, facts) : `${label} must be ${num(p.limit)} characters or more.`;
    case 'pattern':
      return formatMessage(plain, facts.schema(path));
    case 'format': {
      const format = String(p.format);
      if (format === 'date' || format === 'date-time') return dateSentence(plain, format, getAt(data, pointer));
      if (format === 'time') return `${label} must be a real time, like 14:30.`;
      return formatMessage(plain, facts.schema(path), format);
    }
    case 'minimum':
    case 'maximum':
    case 'formatMinimum':
    case 'formatMaximum':
      return rangeSentence(plain, facts.schema(path), e.keyword, p.limit);
    case 'exclusiveMinimum':
      return `${label} must be more than ${num(p.limit)}.`;
    case 'exclusiveMaximum':
      return `${label} must be less than ${num(p.limit)}.`;
    case 'multipleOf':
      return p.multipleOf === 1 ? `${label} must be a whole number.` : `${label} must be a multiple of ${num(p.multipleOf)}.`;
    case 'enum':
    case 'oneOf':
    case 'anyOf':
      return `Select one of the options for ${object(plain)}.`;
    case 'const':
      return `${label} must be ${JSON.stringify(p.allowedValue)}.`;
    case 'minItems': {
      const n = Number(p.limit);
      if (facts.kind(path) === 'files') return uploadAtLeast(n, plain);
      if (facts.choiceList(path)) return `Select at least ${n === 1 ? 'one option' : `${num(n)} options`} for ${object(plain)}.`;
      return `Add at least ${count(n, inSentence(facts.rowName(path)))}.`;
    }
    case 'maxItems':
      if (facts.kind(path) === 'files') return `Upload no more than ${p.limit === 1 ? 'one file' : `${num(p.limit)} files`} for ${object(plain)}.`;
      return facts.choiceList(path) ? `Select no more than ${num(p.limit)} ${p.limit === 1 ? entries[0] : entries[1]} for ${object(plain)}.` : `${label} can have at most ${num(p.limit)} ${p.limit === 1 ? entries[0] : entries[1]}.`;
    case 'uniqueItems':
      return `${label} has the same answer twice.`;
    case 'minProperties':
      return `${label} needs at least ${num(p.limit)} ${p.limit === 1 ? 'answer' : 'answers'}.`;
    case 'x-compare': {
      const rule = p.rule as CompareRule;
      if (rule.message) return rule.message.includes(plain) ? rule.message : `${label}: ${rule.message}`;
      const format = facts.format(path);
      if (rule.other === 'now') {
        const day = format === 'date';
        if (rule.op === '==' || rule.op === '!=') return `${label} must ${rule.op === '!=' ? 'not ' : ''}be ${day ? 'today' : 'now'}.`;
        const when = rule.op === '<=' || rule.op === '<' ? 'in the past' : 'in the future';
        // GOV.UK: a date "must be today or in the past"; a time cannot be "today".
        return `${label} must be ${day && (rule.op === '<=' || rule.op === '>=') ? 'today or ' : ''}${when}.`;
      }
      // The object holding the rule: the error's place less the rule's `field` (whose `*` steps are rows).
      const tokens = parsePointer(e.instancePath);
      const objectPointer = joinPointer('', ...tokens.slice(0, tokens.length - parsePointer(rule.field).length));
      const other = object(facts.label(fieldPath(objectPointer + rule.other)));
      const dates = format === 'date' || format === 'date-time' || format === 'time';
      return `${label} must be ${ORDER_WORDS[rule.op]![dates ? 0 : 1]} ${other}.`;
    }
    default:
      return `${label} is not an allowed answer.`;
  }
}

/** Errors inside one branch of an option list or condition say nothing on their own. */
function isBranchNoise(e: ErrorObject): boolean {
  return /\/(oneOf|anyOf)\/\d+\//.test(e.schemaPath) || /\/not\//.test(e.schemaPath) || e.keyword === 'if';
}

/** A field error and the schema keyword behind it (`required`, `maxLength`, `x-compare`…). */
export interface ValidationIssue extends FieldError {
  keyword: string;
}

/**
 * The file an error inside a files question's answer is about (its rows are FileRefs the upload
 * made, never typed): one message per file, whatever part of it is wrong.
 */
export function fileAt(facts: FieldFacts, pointer: string): { pointer: string; path: string; index: number } | null {
  const tokens = parsePointer(pointer);
  for (let i = 1; i < tokens.length; i++) {
    if (!/^(0|[1-9][0-9]*)$/.test(tokens[i]!)) continue;
    const at = joinPointer('', ...tokens.slice(0, i));
    const path = fieldPath(at);
    if (facts.kind(path) === 'files') return { pointer: joinPointer(at, tokens[i]!), path, index: Number(tokens[i]) };
  }
  return null;
}

/** `data`: what was validated, so a date's message can say which part of it is wrong. */
export function toFieldErrors(errors: readonly ErrorObject[], facts: FieldFacts, data?: unknown): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const seen = new Set<string>();
  const push = (pointer: string, message: string, keyword: string) => {
    const key = pointer + '\u0000' + message;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ pointer, message, keyword });
  };
  /** A missing section is reported as the questions in it that need an answer, so each can be found. */
  const missing = (e: ErrorObject, pointer: string, depth: number): void => {
    const children = depth < 8 ? facts.requiredChildren(fieldPath(pointer)) : [];
    if (children.length === 0) return push(pointer, rowContext(facts, pointer) + sentence(e, pointer, facts, data), 'required');
    for (const name of children) missing(e, joinPointer(pointer, name), depth + 1);
  };
  for (const e of errors) {
    if (isBranchNoise(e)) continue;
    const pointer = pointerOf(e);
    const file = fileAt(facts, pointer);
    if (file) {
      push(file.pointer, `File ${file.index + 1} of ${object(facts.label(file.path))} is not a file uploaded to this record. Remove it and upload the file again.`, e.keyword);
      continue;
    }
    if (e.keyword === 'required') missing(e, pointer, 0);
    else push(pointer, rowContext(facts, pointer) + sentence(e, pointer, facts, data), e.keyword);
  }
  return out;
}
