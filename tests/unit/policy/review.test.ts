/** The definition policy on `x-review` (stages after submit) and `x-actions` (repeating groups tracked as actions). */
import { describe, expect, it } from 'vitest';
import { checkDefinition } from '../../../engine/policy/index.js';
import type { JsonObject } from '../../../engine/forms/model.js';
import { reviewOf, stageSections, markedGroups } from '../../../engine/forms/review.js';
import { formFields } from '../../../engine/forms/fields.js';

function definition(edit: (schema: JsonObject) => void = () => {}): { schema: JsonObject; uischema: JsonObject } {
  const schema: JsonObject = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: {
      visit: { type: 'object', title: 'Visit', properties: { summary: { type: 'string', title: 'Summary', maxLength: 200 } } },
      actions: {
        type: 'array',
        title: 'Actions',
        maxItems: 20,
        items: {
          type: 'object',
          properties: {
            action: { type: 'string', title: 'Action', maxLength: 200 },
            ownerId: { type: 'string', title: 'Owner', maxLength: 20 },
            dueDate: { type: 'string', title: 'Due date', format: 'date' },
          },
        },
      },
      decision: { type: 'object', title: 'Decision', properties: { outcome: { type: 'string', title: 'Outcome', maxLength: 200 } }, required: ['outcome'] },
    },
    required: ['visit'],
    'x-review': {
      deliverAt: 'final-sign-off',
      stages: [{ id: 'manager-sign-off', name: 'Manager sign-off', actor: { role: 'manager', relationship: 'line-manager' }, dueWorkingDays: 5, section: 'decision' }],
    },
  };
  (schema.properties as JsonObject).actions = { ...((schema.properties as JsonObject).actions as JsonObject), 'x-actions': { action: 'action', owner: 'ownerId', due: 'dueDate' } };
  edit(schema);
  return { schema, uischema: { type: 'VerticalLayout', elements: [{ type: 'Control', scope: '#/properties/visit' }, { type: 'Control', scope: '#/properties/actions' }, { type: 'Control', scope: '#/properties/decision' }] } };
}
const violations = (edit?: (s: JsonObject) => void) => checkDefinition(definition(edit)).violations;
const review = (s: JsonObject) => s['x-review'] as { stages: JsonObject[]; deliverAt?: string };
const props = (s: JsonObject) => s.properties as Record<string, JsonObject>;

describe('definition policy: review stages and tracked actions', () => {
  it('accepts stages with a section only the stage fills, and a repeating group tracked as actions; the readers find them', () => {
    expect(violations()).toEqual([]);
    const d = checkDefinition(definition()).normalized;
    expect(reviewOf(d.schema)?.stages.map((s) => s.id)).toEqual(['manager-sign-off']);
    expect([...stageSections(d.schema).keys()]).toEqual(['decision']);
    expect(markedGroups(formFields(d).values())).toEqual([{ path: '/actions', marking: { action: 'action', owner: 'ownerId', due: 'dueDate' } }]);
  });

  it('refuses a section that is required, missing or shared, a bad id, a duplicate id, a due time out of range and an unknown relationship, each at its place', () => {
    const v = violations((s) => {
      (s.required as string[]).push('decision');
      review(s).stages.push({ id: 'manager-sign-off', name: 'Second', actor: { role: 'manager', relationship: 'boss' }, dueWorkingDays: 0, section: 'nowhere' });
      review(s).stages.push({ id: 'X', name: '', actor: { role: 'designer', relationship: 'group' }, dueWorkingDays: 3, section: 'decision' });
    });
    const at = (p: string) => v.filter((x) => x.pointer === `/schema/x-review${p}`).map((x) => x.message);
    expect(at('/stages/0/section')).toEqual([expect.stringContaining('must not be required when the form is submitted')]);
    expect(at('/stages/1/id')).toEqual(['Two stages have the id "manager-sign-off"; each stage needs its own.']);
    expect(at('/stages/1/dueWorkingDays')).toEqual(['"Second" needs a due time of 1 to 250 working days.']);
    expect(at('/stages/1/actor/relationship')).toEqual([expect.stringContaining("must be one of: the author's line manager")]);
    expect(at('/stages/1/section')).toEqual([expect.stringContaining('a section "nowhere" the form does not have')]);
    expect(at('/stages/2/name')).toEqual([expect.stringContaining('needs a name')]);
    expect(at('/stages/2/id')).toEqual([expect.stringContaining('needs an id')]);
    expect(at('/stages/2/actor/role')).toEqual([expect.stringContaining('must be a manager or a practitioner')]);
    expect(at('/stages/2/actor/group')).toEqual([expect.stringContaining('give the group\'s name')]);
  });

  it('refuses delivery at final sign-off without stages, and x-review below the root', () => {
    expect(violations((s) => (review(s).stages = []))).toEqual([{ pointer: '/schema/x-review/deliverAt', message: expect.stringContaining('at least one review stage') }]);
    expect(violations((s) => (props(s).visit!['x-review'] = { stages: [] }))).toEqual([{ pointer: '/schema/properties/visit/x-review', message: '"x-review" is only allowed at the top of the form\'s schema.' }]);
  });

  it('refuses actions naming a question the rows lack or of the wrong kind, and on a question that is not a repeating group', () => {
    const v = violations((s) => {
      (props(s).actions as JsonObject)['x-actions'] = { action: 'action', owner: 'missing', due: 'ownerId' };
      props(s).visit!['x-actions'] = { action: 'a', owner: 'b', due: 'c' };
    });
    expect(v).toEqual(
      expect.arrayContaining([
        { pointer: '/schema/properties/actions/x-actions/owner', message: 'Choose which question in the rows of "Actions" is the owner: a text question holding an ICS worker id.' },
        { pointer: '/schema/properties/actions/x-actions/due', message: '"Owner" cannot be the due date of "Actions": it must be a date question.' },
        { pointer: '/schema/properties/visit/x-actions', message: 'Only a repeating group can be tracked as actions; "Visit" is not one.' },
      ]),
    );
    expect(v).toHaveLength(3);
  });
});
