/** Shared helpers for the designer model's tests. */
import { isFilesQuestion } from '../../../engine/files/model.js';
import { readFileSync, readdirSync } from 'node:fs';
import { Ajv } from 'ajv';
import { checkDefinition } from '../../../engine/policy/index.js';
import { formFields } from '../../../engine/forms/fields.js';
import type { Definition } from '../../../designer/model/index.js';

const DIR = new URL('../../../schemas/templates/', import.meta.url);

export interface Template {
  id: string;
  definition: Definition;
}

export function templates(): Template[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const t = JSON.parse(readFileSync(new URL(f, DIR), 'utf8')) as { form: { id: string }; schema: Record<string, unknown>; uischema: Record<string, unknown> };
      return { id: t.form.id, definition: { schema: t.schema, uischema: t.uischema } };
    });
}

export function template(id: string): Definition {
  const t = templates().find((x) => x.id === id);
  if (!t) throw new Error(`no template ${id}`);
  return t.definition;
}

/** The policy's violations, as `pointer: message` lines (empty when the definition passes). */
export function violations(def: Definition): string[] {
  return checkDefinition(def).violations.map((v) => `${v.pointer}: ${v.message}`);
}

/** The answers a definition has, as data paths: every field and list, not objects, not a list's plain entries, not the rows of a files question (one answer: its uploads). */
export function schemaAnswers(def: Definition): string[] {
  const fields = [...formFields({ schema: def.schema, uischema: def.uischema }).values()];
  const files = fields.filter((f) => isFilesQuestion(f.schema)).map((f) => `${f.path}/*/`);
  return fields
    .filter((f) => f.type !== 'object' && !f.path.endsWith('/*') && !files.some((p) => f.path.startsWith(p)))
    .map((f) => f.path)
    .sort();
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export const get = (obj: unknown, pointer: string): unknown => {
  let cur = obj as Record<string, unknown> | undefined;
  for (const t of pointer.split('/').slice(1)) cur = cur?.[t] as Record<string, unknown> | undefined;
  return cur;
};

/** Validates data against the form's schema: is `name` reported missing at `at`? */
export function missing(def: Definition, data: unknown, at: string, name: string): boolean {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  const validate = ajv.compile(def.schema);
  validate(data);
  return (validate.errors ?? []).some((e) => e.keyword === 'required' && e.instancePath === at && (e.params as { missingProperty: string }).missingProperty === name);
}
