/**
 * Issue 10, item 9: "Date and time" and "Time only" come from the palette (the runtime already
 * rendered them), with the settings that make sense for them: no earliest or latest day (the
 * policy keeps those for dates), checks against other answers of the same kind, and "not in the
 * future" for a date and time.
 */
import type { JsonSchema, UISchemaElement } from '@jsonforms/core';
import { describe, expect, it } from 'vitest';
import * as M from '../../../designer/model/index.js';
import { kindFor } from '../../../runtime/renderers/kinds.js';
import { deepFreeze, violations } from './support.js';

function form(): M.Definition {
  let def = M.emptyDefinition();
  def = M.addField(def, '', 0, 'date-time', 'Visit started').definition;
  def = M.addField(def, '', 1, 'date-time', 'Visit ended').definition;
  def = M.addField(def, '', 2, 'time', 'Call at').definition;
  def = M.addField(def, '', 3, 'time', 'Call ended at').definition;
  return deepFreeze(def);
}

describe('designer model: date and time, and time only', () => {
  it('each reads back as its own kind, passes the policy and is rendered by the runtime\'s date-and-time and time inputs', () => {
    const def = form();
    expect(M.outline(def).children.map((n) => n.fieldKind)).toEqual(['date-time', 'date-time', 'time', 'time']);
    expect(violations(def)).toEqual([]);
    const kinds = (def.uischema.elements as UISchemaElement[]).map((el) => kindFor(el, def.schema as JsonSchema, def.schema as JsonSchema)?.kind);
    expect(kinds).toEqual(['date-time', 'date-time', 'time', 'time']);
  });

  it('have label, hint, required and read only, and no earliest or latest day', () => {
    const def = form();
    for (const path of ['0', '2']) expect(M.fieldProps(def, path).settable).toEqual(['label', 'hint', 'required', 'readOnly']);
    expect(() => M.setFieldProps(def, '2', { minimum: '2024-01-01' })).toThrow(/Earliest and latest days can be set only for a date; “Call at” holds a time of day/);
  });

  it('are checked against answers of the same kind, and a date and time against now', () => {
    const def = form();
    expect(M.checkTargets(def, '1').map((t) => t.label)).toEqual(['Visit started']);
    expect(M.checkTargets(def, '3').map((t) => t.label)).toEqual(['Call at']);
    expect(M.canCompareWithNow(def, '0')).toBe(true);
    expect(M.canCompareWithNow(def, '2')).toBe(false);
    const r = M.setFieldChecks(def, '1', [{ op: '>=', other: '/visitStarted' }]);
    expect(violations(r.definition)).toEqual([]);
  });
});
