/** The definition policy on `x-carry-forward`: shape, pointer, where it may be, and a source in this form that exists and fits. */
import { describe, expect, it } from 'vitest';
import { checkDefinition } from '../../../engine/policy/index.js';
import type { JsonObject } from '../../../engine/forms/model.js';
import { sampleDefinition, varied } from '../../support/definitions.js';

type Def = ReturnType<typeof sampleDefinition>;
const props = (d: Def) => d.schema.properties as Record<string, JsonObject>;
const carry = (edit: (p: Record<string, JsonObject>) => void, formId?: string) => checkDefinition(varied(sampleDefinition(), (d) => edit(props(d))), formId ? { formId } : {}).violations;

describe('definition policy: carry-forward', () => {
  it('accepts a source in this form that fits, rows from rows, a date from a date, and any answer of another form', () => {
    expect(
      carry((p) => {
        p.periodFrom!['x-carry-forward'] = { from: '/periodTo' };
        p.actions!['x-carry-forward'] = { from: '/actions' };
        p.summary!['x-carry-forward'] = { from: '/whatever/there', form: 'case-supervision' };
      }),
    ).toEqual([]);
  });

  it('refuses a wrong shape, a pointer that is not one question’s, and a form id that is not one, each at its place', () => {
    const v = carry((p) => {
      p.periodFrom!['x-carry-forward'] = '/periodTo';
      p.periodTo!['x-carry-forward'] = { from: '/actions/0/dueDate' };
      p.summary!['x-carry-forward'] = { from: '/summary', form: 'Not A Form', when: 'always' };
      p.escalatedTo!['x-carry-forward'] = { from: 'summary' };
    });
    const at = Object.fromEntries(v.map((x) => [x.pointer, x.message]));
    expect(Object.keys(at).sort()).toEqual(['/schema/properties/escalatedTo/x-carry-forward', '/schema/properties/periodFrom/x-carry-forward', '/schema/properties/periodTo/x-carry-forward', '/schema/properties/summary/x-carry-forward']);
    expect(at['/schema/properties/periodFrom/x-carry-forward']).toContain('must be an object like { "from": "/meeting/meetingAt" }');
    expect(at['/schema/properties/periodTo/x-carry-forward']).toContain('"/actions/0/dueDate" is not a question\'s place in a record');
    expect(at['/schema/properties/escalatedTo/x-carry-forward']).toContain('"summary" is not a question\'s place');
    expect(at['/schema/properties/summary/x-carry-forward']).toContain('"when" is not one of them');
  });

  it('refuses a source in this form that does not exist or does not fit, and a question inside rows or worked out by a calculation', () => {
    const v = carry(
      (p) => {
        p.periodFrom!['x-carry-forward'] = { from: '/nowhere' };
        p.score!['x-carry-forward'] = { from: '/summary', form: 'this-form' };
        p.summary!['x-carry-forward'] = { from: '/actions' };
        ((p.actions!.items as JsonObject).properties as Record<string, JsonObject>).action!['x-carry-forward'] = { from: '/summary' };
      },
      'this-form',
    );
    expect(v.map((x) => x.pointer)).toEqual([
      '/schema/properties/periodFrom/x-carry-forward/from',
      '/schema/properties/score/x-carry-forward/from',
      '/schema/properties/summary/x-carry-forward/from',
      '/schema/properties/actions/items/properties/action/x-carry-forward',
    ]);
    expect(v[0]!.message).toBe('"Period from" is filled in from /nowhere, but this form has no question there.');
    expect(v[1]!.message).toBe('"Score" is a number but /summary ("Summary") is a text answer: choose an answer of the same kind.');
    expect(v[2]!.message).toBe('"Summary" is a text answer but /actions ("Actions") is a repeating group: choose an answer of the same kind.');
    expect(v[3]!.message).toContain("in a repeating group's rows");
    const calculated = carry((p) => {
      p.score!['x-carry-forward'] = { from: '/score' };
      p.score!['x-calculate'] = { '+': [1, 1] };
    });
    expect(calculated.map((x) => x.message)).toContain('"Score" is worked out by a calculation, so it cannot also be filled in from an earlier record.');
  });
});
