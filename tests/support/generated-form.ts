/**
 * A generated long form for benchmarks: `groups` sections of `perGroup` fields of mixed kinds
 * (short and long text, ids with a pattern, numbers, dates, yes/no, option lists), with a UI
 * schema of one Group per section, and a complete valid record for it.
 */
import type { FormDefinition, JsonObject } from '../../engine/forms/model.js';

const KINDS = ['text', 'long', 'id', 'integer', 'date', 'yesno', 'choice', 'text', 'number', 'text'] as const;

function field(kind: (typeof KINDS)[number], label: string): JsonObject {
  switch (kind) {
    case 'text':
      return { type: 'string', maxLength: 200, title: label };
    case 'long':
      return { type: 'string', maxLength: 5000, title: label };
    case 'id':
      return { type: 'string', maxLength: 20, pattern: '^[A-Z]{1,3}[0-9]{1,12}$', title: label };
    case 'integer':
      return { type: 'integer', minimum: 0, maximum: 1000, title: label };
    case 'number':
      return { type: 'number', minimum: 0, maximum: 100, title: label };
    case 'date':
      return { type: 'string', format: 'date', maxLength: 10, title: label };
    case 'yesno':
      return { type: 'boolean', title: label };
    case 'choice':
      return {
        type: 'string',
        maxLength: 10,
        title: label,
        oneOf: [
          { const: 'Y', title: 'Yes' },
          { const: 'P', title: 'Partly' },
          { const: 'N', title: 'No' },
          { const: 'NA', title: 'Not applicable' },
        ],
      };
  }
}

function value(kind: (typeof KINDS)[number], i: number): unknown {
  switch (kind) {
    case 'text':
      return `Answer ${i}: seen at home with mum`;
    case 'long':
      return `Observation ${i}. `.repeat(20);
    case 'id':
      return `C${100000 + i}`;
    case 'integer':
      return i % 1000;
    case 'number':
      return (i % 100) + 0.5;
    case 'date':
      return `2026-0${(i % 9) + 1}-1${i % 10}`;
    case 'yesno':
      return i % 2 === 0;
    case 'choice':
      return ['Y', 'P', 'N', 'NA'][i % 4];
  }
}

export function generatedForm(groups = 25, perGroup = 20): { definition: FormDefinition; data: Record<string, unknown>; fields: number } {
  const properties: JsonObject = {};
  const data: Record<string, unknown> = {};
  const categories: JsonObject[] = [];
  let n = 0;
  for (let g = 0; g < groups; g++) {
    const groupProps: JsonObject = {};
    const groupData: Record<string, unknown> = {};
    const controls: JsonObject[] = [];
    for (let f = 0; f < perGroup; f++, n++) {
      const kind = KINDS[n % KINDS.length]!;
      const name = `q${f}`;
      groupProps[name] = field(kind, `Section ${g + 1} question ${f + 1}`);
      groupData[name] = value(kind, n);
      controls.push({ type: 'Control', scope: `#/properties/s${g}/properties/${name}`, label: `Section ${g + 1} question ${f + 1}`, ...(kind === 'long' ? { options: { multi: true } } : {}) });
    }
    properties[`s${g}`] = { type: 'object', title: `Section ${g + 1}`, additionalProperties: false, required: ['q0', 'q1'], properties: groupProps };
    data[`s${g}`] = groupData;
    categories.push({ type: 'Group', label: `Section ${g + 1}`, elements: controls });
  }
  return {
    definition: {
      schema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', additionalProperties: false, properties },
      uischema: { type: 'VerticalLayout', elements: categories },
    },
    data,
    fields: n,
  };
}
