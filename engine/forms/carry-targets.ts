/** The questions of a definition that are filled in from an earlier record (forms/carry-forward.ts). */
import { CARRY_KEYWORD, fieldCarryKind, type CarryKind, type CarrySource } from './carry-forward.js';
import { formFields } from './fields.js';
import type { FormDefinition } from './model.js';
import { isObject, own } from './schema-paths.js';

export interface CarryTarget {
  /** The question's field path (`/meeting/lastCaseSupervisionOn`); never inside a row. */
  path: string;
  source: CarrySource;
  kind: CarryKind;
  /** For rows: the names of the fields a row of this question has. */
  rowFields?: string[];
  /** For rows: the most the question takes. */
  maxRows?: number;
}

/** The questions of a (policy-checked) definition that are filled in from an earlier record. */
export function carryTargets(definition: FormDefinition): CarryTarget[] {
  const fields = formFields(definition);
  const out: CarryTarget[] = [];
  for (const f of fields.values()) {
    const source = own(f.schema, CARRY_KEYWORD);
    if (!isObject(source) || typeof source.from !== 'string' || f.path.includes('/*')) continue;
    const kind = fieldCarryKind(fields, f.path);
    const rowProps = kind === 'rows' ? fields.get(`${f.path}/*`)?.schema.properties : undefined;
    out.push({
      path: f.path,
      source: { from: source.from, ...(typeof source.form === 'string' ? { form: source.form } : {}) },
      kind,
      ...(isObject(rowProps) ? { rowFields: Object.keys(rowProps) } : {}),
      ...(kind === 'rows' && typeof f.schema.maxItems === 'number' ? { maxRows: f.schema.maxItems } : {}),
    });
  }
  return out;
}
