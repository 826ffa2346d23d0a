/**
 * Issue 10, item 4: a question's kind changed silently — a person id became short text when its
 * pattern was edited, a short text became long text at 1,000 characters. The kind the analyst
 * chose is kept on the Control (`options.kind`), read back first, followed by the runtime's
 * renderers and checked by the policy.
 */
import type { JsonSchema, UISchemaElement } from '@jsonforms/core';
import { describe, expect, it } from 'vitest';
import * as M from '../../../designer/model/index.js';
import { kindFor } from '../../../runtime/renderers/kinds.js';
import { deepFreeze, get, violations } from './support.js';

/** The runtime's kind for the form's first question, as JSON Forms would pick it. */
function runtimeKind(def: M.Definition): string | undefined {
  const control = (def.uischema.elements as UISchemaElement[])[0]!;
  return kindFor(control, def.schema as JsonSchema, def.schema as JsonSchema)?.kind;
}

const one = (kind: M.PaletteKind, label: string) => deepFreeze(M.addField(M.emptyDefinition(), '', 0, kind, label).definition);

describe('designer model: a question keeps the kind the analyst chose', () => {
  it('a person id stays a person id when its pattern is edited or cleared', () => {
    const def = one('person-id', 'Child');
    for (const pattern of ['^P[0-9]{7}$', undefined]) {
      const r = M.setFieldProps(def, '0', { pattern });
      expect(M.fieldProps(r.definition, '0').kind).toBe('person-id');
      expect(M.outline(r.definition).children[0]).toMatchObject({ fieldKind: 'person-id' });
      expect(violations(r.definition)).toEqual([]);
    }
  });

  it('a short text stays short (one line, in the runtime too) at 1,000 characters and more; a long text stays long when its limit is lowered', () => {
    const short = M.setFieldProps(one('short-text', 'Name'), '0', { maxLength: 5000 }).definition;
    expect(M.fieldProps(short, '0').kind).toBe('short-text');
    expect(runtimeKind(short)).toBe('short-text');
    const long = M.setFieldProps(one('long-text', 'Notes'), '0', { maxLength: 50 }).definition;
    expect(M.fieldProps(long, '0').kind).toBe('long-text');
    expect(runtimeKind(long)).toBe('long-text');
    for (const d of [short, long]) expect(violations(d)).toEqual([]);
  });

  it('a question made elsewhere, with no kind written, keeps the kind it read as when a setting would change it', () => {
    const def = deepFreeze({
      schema: { type: 'object', properties: { name: { type: 'string', maxLength: 200 }, child: { type: 'string', maxLength: 20, pattern: M.ICS_ID_PATTERN } }, additionalProperties: false },
      uischema: { type: 'VerticalLayout', elements: [{ type: 'Control', scope: '#/properties/name', label: 'Name' }, { type: 'Control', scope: '#/properties/child', label: 'Child' }] },
    });
    const wider = M.setFieldProps(def, '0', { maxLength: 2000 }).definition;
    expect(get(wider.uischema, '/elements/0/options')).toEqual({ kind: 'short-text' });
    expect(runtimeKind(wider)).toBe('short-text');
    const repatterned = M.setFieldProps(def, '1', { pattern: '^C[0-9]+$' }).definition;
    expect(get(repatterned.uischema, '/elements/1/options')).toEqual({ kind: 'person-id' });
    // A change that keeps the kind as it reads writes nothing more.
    expect(get(M.setFieldProps(def, '0', { maxLength: 300 }).definition.uischema, '/elements/0/options')).toBeUndefined();
  });

  it('the policy refuses a kind that does not exist or does not fit the answer', () => {
    const def = one('short-text', 'Name');
    const el = (options: Record<string, unknown>) => ({ ...def, uischema: { type: 'VerticalLayout', elements: [{ type: 'Control', scope: '#/properties/name', label: 'Name', options }] } });
    expect(violations(el({ kind: 'colour' }))).toEqual(['/uischema/elements/0/options/kind: A question\'s kind can be "short-text", "long-text", "person-id"; nothing else.']);
    const dated = { schema: { ...def.schema, properties: { name: { type: 'string', format: 'date' } } }, uischema: el({ kind: 'long-text' }).uischema };
    expect(violations(dated)).toEqual(['/uischema/elements/0/options/kind: "name" is marked as long-text but its answer is not plain text (it has a format, options or another type).']);
  });
});
