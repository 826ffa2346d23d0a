/**
 * `x-files` in the definition policy (issue 16): a files question is a list whose rows are the
 * fixed FileRef shape, allowing some of the known types, a most size per file no bigger than the
 * server takes, and 1 to MAX_FILES_PER_QUESTION files. Its answers are uploads, so nothing may
 * give it a value: no default, fixed value or options, no formula, no pre-fill, no carry-forward
 * (a file belongs to the record it was uploaded to). Not inside a repeating group's rows either:
 * uploads are linked to one question's pointer, and rows move and are removed while a draft is
 * edited, which would leave files pointing at another row's question.
 */
import { CARRY_KEYWORD } from '../forms/carry-forward.js';
import { formFields } from '../forms/fields.js';
import type { JsonObject } from '../forms/model.js';
import { PREFILL_KEYWORD } from '../forms/prefill.js';
import { isObject, own } from '../forms/schema-paths.js';
import { FILES_KEY, FILE_REF_SCHEMA, FILE_TYPES, FILE_TYPE_NAMES, MAX_FILES_PER_QUESTION, isFilesQuestion, sizeInWords } from '../files/model.js';
import { joinPointer } from '../json/pointer.js';

interface Reporter {
  violation(pointer: string, message: string): void;
}

/** Deep equality of plain JSON values, key order aside. */
function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const [ka, kb] = [Object.keys(a), Object.keys(b)];
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
  }
  return a === b;
}

/** True when `items` is exactly the FileRef schema every files question's rows have. */
export function isFileRefItems(items: unknown): boolean {
  return sameJson(items, FILE_REF_SCHEMA);
}

/**
 * On the question's own node (`ptr` its schema pointer), when it carries `x-files`. `maxBytes`:
 * the server's most bytes per file. Fills in the most files (MAX_FILES_PER_QUESTION) when left
 * out, saying so through `notice`.
 */
export function checkFilesQuestion(reporter: Reporter & { notice(pointer: string, message: string): void }, node: JsonObject, ptr: string, label: string, type: string, maxBytes: number): void {
  const at = joinPointer(ptr, FILES_KEY);
  if (type !== 'array') {
    reporter.violation(at, `Only a list can hold uploaded files: "${label}" is not one. Add a File upload question instead.`);
    return;
  }
  settings(reporter, own(node, FILES_KEY), at, label, maxBytes);
  if (!isFileRefItems(own(node, 'items'))) {
    reporter.violation(joinPointer(ptr, 'items'), `Each file of "${label}" is kept as its name, size, type and fingerprint; "items" must be exactly the file schema Caseforms writes, not changed.`);
  }
  const most = own(node, 'maxItems');
  if (most === undefined) {
    node.maxItems = MAX_FILES_PER_QUESTION;
    reporter.notice(joinPointer(ptr, 'maxItems'), `"${label}" had no most number of files, so ${MAX_FILES_PER_QUESTION} has been applied.`);
  } else if (!(Number.isInteger(most) && (most as number) >= 1 && (most as number) <= MAX_FILES_PER_QUESTION)) {
    reporter.violation(joinPointer(ptr, 'maxItems'), `The most files "${label}" takes must be a whole number from 1 to ${MAX_FILES_PER_QUESTION}.`);
  }
  for (const key of ['default', 'const', 'enum', 'examples']) {
    if (own(node, key) !== undefined) reporter.violation(joinPointer(ptr, key), `"${label}" takes uploaded files only, so it cannot have ${key === 'default' ? 'a default' : key === 'const' ? 'a fixed value' : key === 'enum' ? 'a list of allowed values' : 'examples'}.`);
  }
  // A formula on it is refused by the calculations' check (a calculated answer is never a list).
  if (own(node, PREFILL_KEYWORD) !== undefined) reporter.violation(joinPointer(ptr, PREFILL_KEYWORD), `"${label}" takes uploaded files, so it cannot be filled in from the ICS directory.`);
  if (own(node, CARRY_KEYWORD) !== undefined) reporter.violation(joinPointer(ptr, CARRY_KEYWORD), `"${label}" takes uploaded files, and a file belongs to the record it was uploaded to, so it cannot be filled in from an earlier record.`);
}

function settings(reporter: Reporter, raw: unknown, at: string, label: string, maxBytes: number): void {
  if (!isObject(raw)) {
    reporter.violation(at, `The file settings of "${label}" must be an object like { "types": ["pdf", "image"], "maxFileSize": 10485760 }.`);
    return;
  }
  for (const key of Object.keys(raw)) {
    if (key !== 'types' && key !== 'maxFileSize') reporter.violation(joinPointer(at, key), `The file settings of "${label}" take only "types" and "maxFileSize"; "${key}" is not one of them.`);
  }
  const types = own(raw, 'types');
  const known = FILE_TYPE_NAMES.map((t) => `${t} (${FILE_TYPES[t].label})`).join(', ');
  if (!Array.isArray(types) || types.length === 0) {
    reporter.violation(joinPointer(at, 'types'), `Choose at least one type of file "${label}" accepts, from: ${known}.`);
  } else {
    types.forEach((t, i) => {
      if (typeof t !== 'string' || !Object.hasOwn(FILE_TYPES, t)) reporter.violation(joinPointer(at, 'types', i), `${JSON.stringify(t)} is not a type of file Caseforms can check; choose from: ${known}.`);
      else if (types.indexOf(t) !== i) reporter.violation(joinPointer(at, 'types', i), `"${label}" allows ${FILE_TYPES[t as keyof typeof FILE_TYPES].label.toLowerCase()} twice.`);
    });
  }
  const size = own(raw, 'maxFileSize');
  if (size === undefined) return;
  if (!(typeof size === 'number' && Number.isInteger(size) && size >= 1)) {
    reporter.violation(joinPointer(at, 'maxFileSize'), `The most size per file of "${label}" must be a whole number of bytes, 1 or more (10 MB is 10485760).`);
  } else if (size > maxBytes) {
    reporter.violation(joinPointer(at, 'maxFileSize'), `"${label}" allows files of up to ${sizeInWords(size)}, but this server takes files of at most ${sizeInWords(maxBytes)}. Choose ${sizeInWords(maxBytes)} or less.`);
  }
}

/** Across the form (once the schema is otherwise sound): no files question inside a repeating group's rows. */
export function checkFilesPlaces(reporter: Reporter, root: JsonObject): void {
  for (const f of formFields({ schema: root, uischema: {} }).values()) {
    if (isFilesQuestion(f.schema) && f.path.includes('/*')) {
      reporter.violation(joinPointer(f.pointer, FILES_KEY), `"${f.label}" is in a repeating group's rows; a File upload question can only be outside a repeating group.`);
    }
  }
}
