/**
 * ajv errors → `{ pointer, message }` a social worker understands: the field's own label, the
 * row it is in, and what to do about it. Branch noise from option lists and conditions is dropped.
 */
import type { ErrorObject } from 'ajv';
import type { FieldError } from '../errors.js';
import { fieldPath } from '../forms/schema-paths.js';
import { joinPointer, parsePointer } from '../json/pointer.js';
import type { CompareRule } from '../policy/compare.js';

/** How one answer must compare with another, in words for dates and for numbers (also the designer's). */
export const ORDER_WORDS: Record<string, [dates: string, numbers: string]> = {
  '<': ['before', 'less than'],
  '<=': ['on or before', 'at most'],
  '>': ['after', 'more than'],
  '>=': ['on or after', 'at least'],
  '==': ['the same as', 'the same as'],
  '!=': ['different from', 'different from'],
};

/** Where an error points: the missing field for `required`, else the value at fault. */
function pointerOf(e: ErrorObject): string {
  if (e.keyword === 'required') return joinPointer(e.instancePath, (e.params as { missingProperty: string }).missingProperty);
  if (e.keyword === 'additionalProperties') return joinPointer(e.instancePath, (e.params as { additionalProperty: string }).additionalProperty);
  return e.instancePath;
}

/** What messages need to know about the form's fields, by field path (`/actions/*\/dueDate`). */
export interface FieldFacts {
  label(path: string): string;
  format(path: string): string | undefined;
  /** A multiple-choice list (entries are answers, not rows of questions). */
  choiceList(path: string): boolean;
  /** For a section (object): the names of the questions it always requires; empty otherwise. */
  requiredChildren(path: string): string[];
}

/** A label used as the subject of a sentence: a question ("Seen alone?") is quoted so the sentence still reads. */
function subject(label: string): string {
  return /[?!.:]$/.test(label) ? `“${label}”` : label;
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

function sentence(e: ErrorObject, path: string, facts: FieldFacts): string {
  const p = e.params as Record<string, unknown>;
  const plain = facts.label(path);
  const label = subject(plain);
  const entries = facts.choiceList(path) ? ['choice', 'choices'] : ['row', 'rows'];
  switch (e.keyword) {
    case 'required':
      return plain.endsWith('?') ? `${label} needs an answer.` : `${label} is required.`;
    case 'additionalProperties':
      return `"${String(p.additionalProperty)}" is not a question on this form, so it cannot be saved.`;
    case 'type':
      return `${label} must be ${typeWords(String(p.type))}.`;
    case 'maxLength':
      return `${label} must be ${Number(p.limit).toLocaleString('en-GB')} characters or fewer.`;
    case 'minLength':
      return p.limit === 1 ? `${label} cannot be empty.` : `${label} must be at least ${Number(p.limit).toLocaleString('en-GB')} characters.`;
    case 'pattern':
      return `${label} is not in the expected format.`;
    case 'format':
      return (
        {
          date: `${label} must be a real date, like 2026-03-27.`,
          'date-time': `${label} must be a real date and time with a time zone, like 2026-03-27T14:30:00Z.`,
          time: `${label} must be a time of day, like 14:30.`,
          email: `${label} must be an email address, like name@example.org.`,
        }[String(p.format)] ?? `${label} is not in the expected format.`
      );
    case 'minimum':
      return `${label} must be ${String(p.limit)} or more.`;
    case 'maximum':
      return `${label} must be ${String(p.limit)} or less.`;
    case 'formatMinimum':
      return `${label} must be on or after ${dayWords(String(p.limit))}.`;
    case 'formatMaximum':
      return `${label} must be on or before ${dayWords(String(p.limit))}.`;
    case 'exclusiveMinimum':
      return `${label} must be more than ${String(p.limit)}.`;
    case 'exclusiveMaximum':
      return `${label} must be less than ${String(p.limit)}.`;
    case 'multipleOf':
      return p.multipleOf === 1 ? `${label} must be a whole number.` : `${label} must be a multiple of ${String(p.multipleOf)}.`;
    case 'enum':
    case 'oneOf':
    case 'anyOf':
      return `Choose one of the listed options for ${label}.`;
    case 'const':
      return `${label} must be ${JSON.stringify(p.allowedValue)}.`;
    case 'minItems':
      return facts.choiceList(path)
        ? `Choose at least ${String(p.limit)} ${p.limit === 1 ? entries[0] : entries[1]} for ${label}.`
        : `Add at least ${String(p.limit)} ${p.limit === 1 ? entries[0] : entries[1]} to ${label}.`;
    case 'maxItems':
      return `${label} can have at most ${String(p.limit)} ${p.limit === 1 ? entries[0] : entries[1]}.`;
    case 'uniqueItems':
      return `${label} has the same answer twice.`;
    case 'minProperties':
      return `${label} needs at least ${String(p.limit)} ${p.limit === 1 ? 'answer' : 'answers'}.`;
    case 'x-compare': {
      const rule = p.rule as CompareRule;
      if (rule.message) return rule.message.includes(plain) ? rule.message : `${label}: ${rule.message}`;
      const objectPointer = e.instancePath.slice(0, e.instancePath.length - rule.field.length);
      if (rule.other === 'now') return rule.op === '<=' || rule.op === '<' ? `${label} cannot be in the future.` : `${label} cannot be in the past.`;
      const otherLabel = subject(facts.label(fieldPath(objectPointer + rule.other)));
      const format = facts.format(fieldPath(objectPointer + rule.field));
      const dates = format === 'date' || format === 'date-time' || format === 'time';
      return `${label} must be ${ORDER_WORDS[rule.op]![dates ? 0 : 1]} ${otherLabel}.`;
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

export function toFieldErrors(errors: readonly ErrorObject[], facts: FieldFacts): ValidationIssue[] {
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
    if (children.length === 0) return push(pointer, rowContext(facts, pointer) + sentence(e, fieldPath(pointer), facts), 'required');
    for (const name of children) missing(e, joinPointer(pointer, name), depth + 1);
  };
  for (const e of errors) {
    if (isBranchNoise(e)) continue;
    const pointer = pointerOf(e);
    if (e.keyword === 'required') missing(e, pointer, 0);
    else push(pointer, rowContext(facts, pointer) + sentence(e, fieldPath(pointer), facts), e.keyword);
  }
  return out;
}
