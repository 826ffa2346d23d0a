/**
 * "Fill in from the ICS directory", set without JSON: only the directory values that fit a
 * question are offered (a date of birth for a date, ids and names for text, the legal status also
 * for a choice of its codes), the choice becomes the question's `x-prefill`, reads back, can be
 * removed and undone; a question in a group's rows, or a value that does not fit, is refused in words.
 */
import { describe, expect, it } from 'vitest';
import * as M from '../../../designer/model/index.js';
import { deepFreeze, get, violations } from './support.js';

const control = (k: string) => ({ type: 'Control', scope: `#/properties/${k}` });
const DEF: M.Definition = deepFreeze({
  schema: {
    type: 'object',
    properties: {
      childName: { type: 'string', title: "Child's name", maxLength: 200 },
      dateOfBirth: { type: 'string', title: 'Date of birth', format: 'date' },
      visitAt: { type: 'string', title: 'Date and time of the visit', format: 'date-time' },
      status: { type: 'string', title: 'Legal status', oneOf: [{ const: 'CIN', title: 'Child in need' }, { const: 'CP', title: 'Child protection plan' }] },
      seen: { type: 'string', title: 'Child seen', enum: ['YES', 'NO'] },
      visits: { type: 'integer', title: 'Visits' },
      actions: { type: 'array', title: 'Actions', items: { type: 'object', properties: { owner: { type: 'string', title: 'Owner', maxLength: 20 } } } },
    },
  },
  uischema: { type: 'VerticalLayout', elements: ['childName', 'dateOfBirth', 'visitAt', 'status', 'seen', 'visits', 'actions'].map(control) },
});
const pathOf = (def: M.Definition, pointer: string) => M.outlineFields(M.outline(def)).find((n) => n.dataPointer === pointer)!.path;
const sources = (pointer: string) => M.prefillOptions(DEF, pathOf(DEF, pointer)).map((c) => c.source);

describe('designer: fill in from the ICS directory', () => {
  it('offers only the values that fit the question, in words', () => {
    expect(sources('/dateOfBirth')).toEqual(['child.dateOfBirth']);
    expect(sources('/childName')).toContain('child.allocatedWorkerId');
    expect(sources('/childName')).toContain('me.workerId');
    expect(sources('/childName')).toContain('child.legalStatus');
    expect(sources('/childName')).not.toContain('child.dateOfBirth');
    expect(sources('/status')).toContain('child.legalStatus');
    expect(sources('/seen')).not.toContain('child.legalStatus');
    expect(sources('/seen')).not.toContain('child.dateOfBirth');
    expect(sources('/visitAt')).toEqual([]);
    expect(sources('/visits')).toEqual([]);
    expect(sources('/actions')).toEqual([]);
    expect(sources('/actions/*/owner')).toEqual([]);
    const labels = M.prefillOptions(DEF, pathOf(DEF, '/childName')).map((c) => c.label);
    expect(labels).toContain("The child's allocated worker (ICS worker id)");
    expect(labels).toContain('Your own ICS worker id (the person filling in the form)');
    expect(labels).toContain('Your line manager (ICS worker id)');
    expect(M.prefillOptions(DEF, pathOf(DEF, '/dateOfBirth'))).toEqual([{ source: 'child.dateOfBirth', label: "The child's date of birth" }]);
  });

  it('writes x-prefill on the question, reads it back, and removes it; the edit can be undone', () => {
    const path = pathOf(DEF, '/dateOfBirth');
    expect(M.prefillOf(DEF, path)).toBeNull();
    const set = M.setPrefill(DEF, path, 'child.dateOfBirth').definition;
    expect(get(set.schema, '/properties/dateOfBirth/x-prefill')).toBe('child.dateOfBirth');
    expect(M.prefillOf(set, path)).toBe('child.dateOfBirth');
    expect(violations(set)).toEqual([]);
    expect(violations(M.setPrefill(DEF, pathOf(DEF, '/status'), 'child.legalStatus').definition)).toEqual([]);
    const removed = M.setPrefill(set, path, null).definition;
    expect(get(removed.schema, '/properties/dateOfBirth')).not.toHaveProperty('x-prefill');
    // Undo and redo work on whole definitions: the history gives back the one before.
    const history = new M.History(10);
    history.edit(DEF);
    history.edit(set);
    expect(M.prefillOf(history.undo(removed)!.definition, path)).toBe('child.dateOfBirth');
    expect(M.prefillOf(history.redo(set)!.definition, path)).toBeNull();
  });

  it('refuses what does not fit, in words, and a question in a group’s rows', () => {
    expect(() => M.setPrefill(DEF, pathOf(DEF, '/childName'), 'child.dateOfBirth')).toThrow(`"Child's name" is not a date question, so it cannot be filled in with the child's date of birth; choose a date question.`);
    expect(() => M.setPrefill(DEF, pathOf(DEF, '/seen'), 'child.legalStatus')).toThrow('None of the options of "Child seen" is an ICS legal status code');
    expect(() => M.setPrefill(DEF, pathOf(DEF, '/childName'), 'child.shoeSize')).toThrow('"child.shoeSize" is not a value of the ICS directory');
    expect(() => M.setPrefill(DEF, pathOf(DEF, '/actions/*/owner'), 'me.workerId')).toThrow("is in a repeatable group's rows");
  });
});
