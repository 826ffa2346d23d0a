/**
 * `x-carry-forward` in the definition policy: its shape on the question it is written on, and —
 * once the schema is otherwise sound — where it may be (not in a repeating group's row, not on a
 * calculated answer) and, for a source in this form, that the answer it names exists and fits.
 * A source in another form is checked when a record is started: that form's versions change.
 */
import { CALCULATE_KEYWORD, CARRY_KEYWORD, carryShapeProblem, fieldCarryKind, kindFits, sourcePath } from '../forms/carry-forward.js';
import { formFields } from '../forms/fields.js';
import type { JsonObject } from '../forms/model.js';
import { isObject, own } from '../forms/schema-paths.js';
import { joinPointer } from '../json/pointer.js';

interface Reporter {
  violation(pointer: string, message: string): void;
}

const KIND_WORDS: Record<string, string> = {
  files: 'a File upload question',
  rows: 'a repeating group',
  list: 'a multiple choice',
  section: 'a section',
  'yes-no': 'a yes/no answer',
  number: 'a number',
  date: 'a date',
  'date-time': 'a date and time',
  time: 'a time',
  text: 'a text answer',
};

/** On the question's own node (`ptr` is its schema pointer), whatever else the schema holds. */
export function checkCarryShape(reporter: Reporter, node: JsonObject, ptr: string, label: string, type: string): void {
  const at = joinPointer(ptr, CARRY_KEYWORD);
  const problem = carryShapeProblem(own(node, CARRY_KEYWORD), label);
  if (problem) reporter.violation(at, problem);
  else if (type === 'object') reporter.violation(at, `"${label}" is a section; fill in its questions from an earlier record one by one.`);
  if (own(node, CALCULATE_KEYWORD) !== undefined) reporter.violation(at, `"${label}" is worked out by a calculation, so it cannot also be filled in from an earlier record.`);
}

/** Across the form: each carried question's place, and its source when that is this form (`formId`, or no "form"). */
export function checkCarryTargets(reporter: Reporter, root: JsonObject, formId?: string): void {
  const fields = formFields({ schema: root, uischema: {} });
  for (const f of fields.values()) {
    const source = own(f.schema, CARRY_KEYWORD);
    if (!isObject(source) || carryShapeProblem(source, f.label) !== null) continue;
    const at = joinPointer(f.pointer, CARRY_KEYWORD);
    if (f.path.includes('/*')) {
      reporter.violation(at, `"${f.label}" is in a repeating group's rows; only a whole repeating group, or a question outside one, can be filled in from an earlier record.`);
      continue;
    }
    const form = own(source, 'form');
    if (form !== undefined && form !== formId) continue;
    const from = source.from as string;
    const path = sourcePath(from)!;
    if (!fields.has(path)) {
      reporter.violation(joinPointer(at, 'from'), `"${f.label}" is filled in from ${from}, but this form has no question there.`);
      continue;
    }
    const [sourceKind, targetKind] = [fieldCarryKind(fields, path), fieldCarryKind(fields, f.path)];
    if (sourceKind === 'files') {
      reporter.violation(joinPointer(at, 'from'), `"${f.label}" is filled in from ${from} ("${fields.get(path)!.label}"), which takes uploaded files; a file belongs to the record it was uploaded to, so choose another answer.`);
    } else if (targetKind === 'files') {
      continue; // refused on the question itself (policy/files.ts)
    } else if (!kindFits(sourceKind, targetKind)) {
      reporter.violation(joinPointer(at, 'from'), `"${f.label}" is ${KIND_WORDS[targetKind]} but ${from} ("${fields.get(path)!.label}") is ${KIND_WORDS[sourceKind]}: choose an answer of the same kind.`);
    }
  }
}
