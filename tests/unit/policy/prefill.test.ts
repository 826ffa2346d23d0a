/** The definition policy on `x-prefill`: a source Caseforms knows, on a question it can fill, of a kind it fits. */
import { describe, expect, it } from 'vitest';
import { checkDefinition } from '../../../engine/policy/index.js';
import type { JsonObject } from '../../../engine/forms/model.js';
import { sampleDefinition, varied } from '../../support/definitions.js';

type Def = ReturnType<typeof sampleDefinition>;
const props = (d: Def) => d.schema.properties as Record<string, JsonObject>;
const prefill = (edit: (p: Record<string, JsonObject>) => void) => checkDefinition(varied(sampleDefinition(), (d) => edit(props(d)))).violations;
const at = (name: string) => `/schema/properties/${name}/x-prefill`;

describe('definition policy: x-prefill', () => {
  it('accepts a date of birth into a date, ids and names into text, and a legal status into text or a choice of its codes', () => {
    expect(
      prefill((p) => {
        p.periodFrom!['x-prefill'] = 'child.dateOfBirth';
        p.escalatedTo!['x-prefill'] = 'me.managerId';
        p.summary!['x-prefill'] = 'child.legalStatus';
        p.caseType!['x-prefill'] = 'child.legalStatus';
        p.childId!['x-prefill'] = 'child.allocatedWorkerId';
      }),
    ).toEqual([]);
  });

  it('refuses an unknown source, and a value that is not text, at the question’s x-prefill, naming the sources', () => {
    const v = prefill((p) => {
      p.escalatedTo!['x-prefill'] = 'child.favouriteColour';
      p.summary!['x-prefill'] = { from: 'child.name' };
    });
    expect(v).toEqual([
      { pointer: at('escalatedTo'), message: expect.stringContaining('"child.favouriteColour" is not a value Caseforms can fill "Escalated to" in with from the ICS directory. Choose one of: child.name, child.dateOfBirth') },
      { pointer: at('summary'), message: 'What "Summary" is filled in with from the ICS directory must be text naming a value, such as "child.dateOfBirth".' },
    ]);
  });

  it('refuses a kind that does not fit: a date of birth into text, a name into a date or a number, a legal status into a choice of other codes', () => {
    const v = prefill((p) => {
      p.summary!['x-prefill'] = 'child.dateOfBirth';
      p.periodTo!['x-prefill'] = 'child.name';
      p.score!['x-prefill'] = 'me.workerId';
      p.caseType!.oneOf = [{ const: 'A', title: 'A' }, { const: 'B', title: 'B' }];
      p.caseType!['x-prefill'] = 'child.legalStatus';
    });
    const byPointer = Object.fromEntries(v.map((x) => [x.pointer, x.message]));
    expect(Object.keys(byPointer).sort()).toEqual([at('caseType'), at('periodTo'), at('score'), at('summary')].sort());
    expect(byPointer[at('summary')]).toBe('"Summary" is not a date question, so it cannot be filled in with the child\'s date of birth; choose a date question.');
    expect(byPointer[at('periodTo')]).toBe('"Period to" does not take text, so it cannot be filled in with the child\'s name; choose a text question.');
    expect(byPointer[at('score')]).toContain('"Score" does not take text');
    expect(byPointer[at('caseType')]).toContain('None of the options of "Case type" is an ICS legal status code (CIN, CP, CLA, CL, EH, NONE)');
  });

  it('refuses it on a section, a list, a calculated question and a question in a repeating group’s rows', () => {
    const v = prefill((p) => {
      p.actions!['x-prefill'] = 'child.name';
      ((p.actions!.items as JsonObject).properties as Record<string, JsonObject>).action!['x-prefill'] = 'child.name';
      p.summary!['x-calculate'] = '"x"';
      p.summary!['x-prefill'] = 'child.name';
    });
    const messages = v.map((x) => `${x.pointer}: ${x.message}`);
    expect(messages).toContain(`${at('actions')}: "Actions" holds a list; only a single answer can be filled in from the ICS directory.`);
    expect(messages).toContain(`${at('summary')}: "Summary" is worked out by a calculation, so it cannot also be filled in from the ICS directory.`);
  });

  it('refuses it on a question in a repeating group’s rows, once the rest is sound', () => {
    const v = prefill((p) => {
      ((p.actions!.items as JsonObject).properties as Record<string, JsonObject>).action!['x-prefill'] = 'child.name';
    });
    expect(v).toEqual([{ pointer: '/schema/properties/actions/items/properties/action/x-prefill', message: '"Action" is in a repeating group\'s rows; only a question outside one can be filled in from the ICS directory.' }]);
  });

  it('refuses it inside a condition', () => {
    const v = prefill((p) => {
      p.summary!.allOf = [{ 'x-prefill': 'child.name' }];
    });
    expect(v.map((x) => x.message)).toContain('"x-prefill" belongs on a field itself, not inside a condition or option.');
  });
});
