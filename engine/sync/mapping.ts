/**
 * Mappings: checking one against a form version (every `from` names a field of the right kind),
 * finding the one that applies to a version, and turning a record's answers into ICS fields.
 * Field paths are the change analysis's (`/section/field`, `/actions/*\/dueDate`).
 */
import type { FieldError } from '../errors.js';
import { formFields, optionsOf, type FieldInfo } from '../forms/fields.js';
import type { FormDefinition } from '../forms/model.js';
import { isObject } from '../forms/schema-paths.js';
import { isFilesQuestion, type FileRef } from '../files/model.js';
import { ICS_FIELD_PATTERN, type DateFormat, type Mapping, type MappingRule } from './model.js';

type Fields = Map<string, FieldInfo>;

/** What kind of answer a field holds, in words, and as a key that changes when its type does. */
function kindOf(f: FieldInfo): { key: string; words: string } {
  if (isFilesQuestion(f.schema)) return { key: 'files', words: 'uploaded files' };
  const choice = f.options !== undefined || (f.type === 'array' && isObject(f.schema.items) && optionsOf(f.schema.items) !== undefined);
  if (f.type === 'boolean') return { key: 'boolean', words: 'a yes/no answer' };
  if (f.type === 'array') return choice ? { key: 'array:choice', words: 'a multiple choice' } : { key: 'array', words: 'a list' };
  if (choice) return { key: `${f.type}:choice`, words: 'a choice' };
  if (f.type === 'string' && f.format === 'date') return { key: 'string:date', words: 'a date' };
  if (f.type === 'string') return { key: `string${f.format ? ':' + f.format : ''}`, words: 'text' };
  if (f.type === 'number' || f.type === 'integer') return { key: 'number', words: 'a number' };
  if (f.type === 'object') return { key: 'object', words: 'a section' };
  return { key: f.type, words: f.type };
}

/** Each `from` a rule list reads, with the field path it resolves to (`base` is the list row's path). */
function* sources(rules: readonly MappingRule[], base: string, pointer: string): Generator<{ path: string; pointer: string; rule: MappingRule; join?: number }> {
  for (const [i, rule] of rules.entries()) {
    const at = `${pointer}/${i}`;
    if ('join' in rule) {
      for (const [j, part] of rule.join.entries()) yield { path: base + part.from, pointer: `${at}/join/${j}/from`, rule, join: j };
    } else if ('from' in rule) {
      yield { path: base + rule.from, pointer: `${at}/from`, rule };
      if ('items' in rule) yield* sources(rule.items, `${base}${rule.from}/*`, `${at}/items`);
    }
  }
}

/** Why `rule` cannot read a field of this kind, or null. */
function fitProblem(rule: MappingRule, f: FieldInfo, join: boolean): string | null {
  const kind = kindOf(f);
  if (join) return f.type === 'string' && kind.key !== 'string:date' ? null : `joins only text answers, and “${f.label}” is ${kind.words}`;
  if ('items' in rule) return (kind.key === 'array' || kind.key === 'files') && isObject(f.schema.items) ? null : `maps rows of a repeatable group, and “${f.label}” is ${kind.words}`;
  if (!('from' in rule)) return null;
  switch (rule.as ?? 'value') {
    case 'files':
      return kind.key === 'files' ? null : `sends uploaded files, and “${f.label}” is ${kind.words}: map it without "as": "files"`;
    case 'flag':
      return kind.key === 'boolean' ? null : `makes a flag from a yes/no answer, and “${f.label}” is ${kind.words}`;
    case 'date':
      return kind.key === 'string:date' ? null : `formats a date, and “${f.label}” is ${kind.words}`;
    case 'code':
      return kind.key.endsWith(':choice') ? null : `sends a choice's code, and “${f.label}” is ${kind.words}`;
    default:
      return kind.key === 'object' ? `cannot send a whole section (“${f.label}”): map its questions one by one` : null;
  }
}

/** Duplicate or badly named ICS fields in one list of rules (and in every `items`). */
function targetProblems(rules: readonly MappingRule[], pointer: string, out: FieldError[]): void {
  const seen = new Set<string>();
  for (const [i, rule] of rules.entries()) {
    const at = `${pointer}/${i}/target`;
    if (!ICS_FIELD_PATTERN.test(rule.target)) out.push({ pointer: at, message: `“${rule.target}” cannot be an ICS field name: use letters, digits and _ (starting with a letter, at most 64).` });
    else if (seen.has(rule.target)) out.push({ pointer: at, message: `The ICS field “${rule.target}” is mapped twice.` });
    seen.add(rule.target);
    if ('items' in rule) targetProblems(rule.items, `${pointer}/${i}/items`, out);
  }
}

/** Problems with a mapping against one form version, each at its place in the mapping (`/fields/…`). */
export function mappingProblems(rules: readonly MappingRule[], definition: FormDefinition, versionWords: string): FieldError[] {
  const out: FieldError[] = [];
  targetProblems(rules, '/fields', out);
  const fields = formFields(definition);
  for (const s of sources(rules, '', '/fields')) {
    const f = fields.get(s.path);
    if (!f) {
      out.push({ pointer: s.pointer, message: `${versionWords} has no question at “${s.path}”.` });
      continue;
    }
    const problem = fitProblem(s.rule, f, s.join !== undefined);
    if (problem) out.push({ pointer: s.pointer, message: `The ICS field “${s.rule.target}” ${problem}.` });
  }
  return out;
}

/**
 * Problems publishing `next` would cause a mapping made against `base` (its own version): a field
 * it reads is gone, or holds a different kind of answer now. Messages name the mapping.
 */
export function breakingChanges(mapping: Mapping, base: FormDefinition, next: FormDefinition, nextVersion: number): FieldError[] {
  const name = `the “${mapping.connector}” mapping (made for version ${mapping.version})`;
  const before = formFields(base);
  const after = formFields(next);
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const s of sources(mapping.fields, '', '/fields')) {
    if (seen.has(s.path)) continue;
    seen.add(s.path);
    const was = before.get(s.path);
    const now = after.get(s.path);
    const label = was?.label ?? s.path;
    if (!now) {
      out.push({ pointer: s.path, message: `Version ${nextVersion} removes “${label}”, which ${name} sends as “${s.rule.target}”. Change the mapping for version ${nextVersion} first, or keep the question.` });
    } else if (was && kindOf(was).key !== kindOf(now).key) {
      out.push({ pointer: s.path, message: `Version ${nextVersion} changes “${label}” from ${kindOf(was).words} to ${kindOf(now).words}, which breaks ${name} (“${s.rule.target}”). Change the mapping for version ${nextVersion} first.` });
    } else {
      const problem = fitProblem(s.rule, now, s.join !== undefined);
      if (problem) out.push({ pointer: s.path, message: `In version ${nextVersion}, ${name}: the ICS field “${s.rule.target}” ${problem}.` });
    }
  }
  return out;
}

/** The mapping that applies to `version`: the one made for the highest version not above it. */
export function mappingFor<M extends Pick<Mapping, 'version'>>(mappings: readonly M[], version: number): M | null {
  let best: M | null = null;
  for (const m of mappings) if (m.version <= version && (!best || m.version > best.version)) best = m;
  return best;
}

function at(data: unknown, path: string): unknown {
  let cur = data;
  for (const token of path.split('/').slice(1)) {
    if (!isObject(cur) || !Object.prototype.hasOwnProperty.call(cur, token)) return undefined;
    cur = cur[token];
  }
  return cur;
}

function formatDate(value: unknown, format: DateFormat): unknown {
  if (typeof value !== 'string') return value ?? null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return value;
  return format === 'DD/MM/YYYY' ? `${m[3]}/${m[2]}/${m[1]}` : value;
}

/** A choice's label (single or multiple choice), or the value itself. */
function optionLabel(v: unknown, f: FieldInfo | undefined): string {
  const own = f?.options?.find((o) => o.code === v);
  if (own) return own.label;
  const items = f && isObject(f.schema.items) ? optionsOf(f.schema.items) : undefined;
  return items?.find((o) => o.code === v)?.label ?? String(v);
}

/** The file names of a files question's answer. */
export function fileNames(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is FileRef => isObject(v) && typeof v.name === 'string').map((v) => v.name) : [];
}

/** An answer as words: yes/no as Yes/No, choices by their labels, uploaded files by their names, lists joined with "; ". */
function asText(value: unknown, f: FieldInfo | undefined): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (f && isFilesQuestion(f.schema)) return fileNames(value).join('; ') || null;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.map((v) => (isObject(v) ? JSON.stringify(v) : optionLabel(v, f))).join('; ');
  if (isObject(value)) return JSON.stringify(value);
  return optionLabel(value, f);
}

export interface ApplyOptions {
  dateFormat: DateFormat;
  /** The version's fields (for option labels in text). */
  fields: Fields;
}

/** The uploaded files that `as: "files"` rules send with a record (files questions are never inside a repeatable group). */
export function filesToSend(rules: readonly MappingRule[], data: unknown): Array<{ target: string; file: FileRef }> {
  const out: Array<{ target: string; file: FileRef }> = [];
  for (const rule of rules) {
    if (!('from' in rule) || 'items' in rule || rule.as !== 'files') continue;
    const value = at(data, rule.from);
    if (!Array.isArray(value)) continue;
    for (const v of value) if (isObject(v) && typeof v.id === 'string' && typeof v.name === 'string' && typeof v.sha256 === 'string') out.push({ target: rule.target, file: v as unknown as FileRef });
  }
  return out;
}

/** The ICS fields for one record's answers. Unanswered questions come out as null. */
export function applyMapping(rules: readonly MappingRule[], data: unknown, options: ApplyOptions, base = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const rule of rules) {
    if ('value' in rule) {
      out[rule.target] = rule.value;
    } else if ('join' in rule) {
      const parts: string[] = [];
      for (const part of rule.join) {
        const text = asText(at(data, part.from), options.fields.get(base + part.from));
        if (text !== null && text.trim()) parts.push(`${part.heading}\n${text.trim()}`);
      }
      out[rule.target] = parts.length ? parts.join(rule.separator ?? '\n\n') : null;
    } else if ('items' in rule) {
      const rows = at(data, rule.from);
      out[rule.target] = Array.isArray(rows) ? rows.map((row) => applyMapping(rule.items, row, options, `${base}${rule.from}/*`)) : [];
    } else {
      const value = at(data, rule.from);
      const f = options.fields.get(base + rule.from);
      switch (rule.as ?? 'value') {
        case 'flag':
          out[rule.target] = typeof value === 'boolean' ? (value ? (rule.flag?.yes ?? 'Y') : (rule.flag?.no ?? 'N')) : null;
          break;
        case 'date':
          out[rule.target] = formatDate(value, options.dateFormat);
          break;
        case 'text':
          out[rule.target] = asText(value, f);
          break;
        default:
          // A files question is sent as its file names (never the store's ids and hashes as fields).
          out[rule.target] = f && isFilesQuestion(f.schema) ? (value === undefined ? null : fileNames(value)) : (value ?? null);
      }
    }
  }
  return out;
}
