/** Removing elements: the answers go with their fields, and so does everything that named them. */
import { describe, expect, it } from 'vitest';
import * as M from '../../../designer/model/index.js';
import { deepFreeze, get, schemaAnswers, template, violations } from './support.js';

const find = (def: M.Definition, pointer: string) => M.outlineFields(M.outline(def)).find((n) => n.dataPointer === pointer)!;
const text = (v: unknown) => JSON.stringify(v);

describe('designer model: remove', () => {
  it('removes a field with its property, its conditional required entry, and nothing else', () => {
    const def = deepFreeze(template('case-file-audit'));
    const r = M.remove(def, find(def, '/overall/escalatedTo').path);
    expect(violations(r.definition)).toEqual([]);
    expect(schemaAnswers(r.definition)).toEqual(schemaAnswers(def).filter((p) => p !== '/overall/escalatedTo'));
    const before = (get(def.schema, '/properties/overall/allOf') as { then: { required: string[] } }[]).map((c) => c.then.required);
    const after = (get(r.definition.schema, '/properties/overall/allOf') as { then: { required: string[] } }[]).map((c) => c.then.required);
    expect(before).toContainEqual(['concernDetails', 'escalatedTo', 'escalatedAt']);
    expect(after).toEqual(before.map((req) => req.filter((n) => n !== 'escalatedTo')));
    expect(r.notes).toEqual([]);
  });

  it('removes the rules that depended on a removed field and says so; what they hid stays required, now always', () => {
    const def = deepFreeze(template('case-supervision'));
    const r = M.remove(def, find(def, '/decision/escalationNeeded').path);
    expect(violations(r.definition)).toEqual([]);
    expect(r.notes).toEqual([
      'The rule on “Escalation: to whom and why” that depended on “Escalation needed?” was removed too.',
      '“Escalation: to whom and why” can no longer be hidden, so it is now always required.',
    ]);
    const details = find(r.definition, '/decision/escalationDetails');
    expect(details.hasRule).toBeUndefined();
    expect(M.fieldProps(r.definition, details.path)).toMatchObject({ required: true, requiredWhenShown: false });
    expect(get(r.definition.schema, '/properties/decision/allOf')).toBeUndefined();
    expect(text(r.definition)).not.toContain('escalationNeeded');
  });

  it('removes cross-field checks that name a removed field', () => {
    const def = deepFreeze(template('case-supervision'));
    const r = M.remove(def, find(def, '/nextSteps/nextSupervisionDue').path);
    expect(violations(r.definition)).toEqual([]);
    expect(r.notes).toEqual(['The check “Next supervision due must be after the date of this supervision.” was removed too.']);
    expect(get(r.definition.schema, '/x-compare')).toBeUndefined();
    expect(text(get(r.definition.schema, '/properties/nextSteps'))).not.toContain('nextSupervisionDue');
  });

  it('a question filled in from this form’s last record at an answer that goes is no longer filled in, and the note says so', () => {
    const def = deepFreeze(template('case-supervision'));
    expect(get(def.schema, '/properties/previousActions/x-carry-forward')).toEqual({ from: '/nextSteps/actions' });
    const r = M.remove(def, find(def, '/nextSteps/actions').path);
    expect(violations(r.definition)).toEqual([]);
    expect(r.notes).toEqual(['“Review of previous actions” was filled in from “Actions” in the last record; it is not filled in from an earlier record any more.']);
    expect(get(r.definition.schema, '/properties/previousActions/x-carry-forward')).toBeUndefined();
    // What else is carried forward stays.
    expect(get(r.definition.schema, '/properties/meeting/properties/lastCaseSupervisionOn/x-carry-forward')).toEqual({ from: '/meeting/meetingAt' });
  });

  it('removing a field of a shared definition gives that place its own copy and leaves the others alone', () => {
    const def = deepFreeze(template('case-file-audit'));
    const r = M.remove(def, find(def, '/domains/chronology/q1Answer').path);
    expect(violations(r.definition)).toEqual([]);
    expect(r.notes[0]).toMatch(/now has its own copy of the shared definition “practiceDomain”/);
    expect(r.notes).toContain('The condition that made “Evidence: chronology up to date” required depended on it and was removed too.');
    expect(get(r.definition.schema, '/properties/domains/properties/chronology/$ref')).toBeUndefined();
    expect(get(r.definition.schema, '/properties/domains/properties/referralDecision/$ref')).toBe('#/definitions/practiceDomain');
    expect(schemaAnswers(r.definition)).toEqual(schemaAnswers(def).filter((p) => p !== '/domains/chronology/q1Answer'));
  });

  it('removes a section with everything in it, and lists what went', () => {
    const def = deepFreeze(template('case-supervision'));
    const r = M.remove(def, '0.1');
    expect(violations(r.definition)).toEqual([]);
    expect(r.notes).toEqual(['Removed with it: “Child’s ICS person id”, “Siblings discussed in this supervision” and “Case type”.'.replace(/’/g, "'")]);
    expect(schemaAnswers(r.definition)).not.toContain('/meeting/siblings/*/childId');
    expect(get(r.definition.schema, '/properties/meeting/required')).not.toContain('childId');
  });

  it('an object left without fields goes too, with its required entry', () => {
    const def = deepFreeze(template('case-supervision'));
    const r = M.remove(def, '2');
    expect(violations(r.definition)).toEqual([]);
    expect(get(r.definition.schema, '/properties/discussion')).toBeUndefined();
    expect(get(r.definition.schema, '/required')).toEqual(['meeting', 'nextSteps']);
  });

  it('removing a repeatable group removes its rows’ fields', () => {
    const def = deepFreeze(template('case-file-audit'));
    const group = find(def, '/actions');
    const r = M.remove(def, group.path);
    expect(violations(r.definition)).toEqual([]);
    expect(schemaAnswers(r.definition).filter((p) => p.startsWith('/actions'))).toEqual([]);
  });

  it('a form whose last page is removed has no pages any more', () => {
    let def = M.addPage(M.emptyDefinition(), 0, 'Only').definition;
    def = M.addField(def, '0', 0, 'short-text', 'Name').definition;
    const r = M.remove(deepFreeze(def), '0');
    expect(r.definition.uischema).toEqual({ type: 'VerticalLayout', elements: [] });
    expect(r.definition.schema.properties).toEqual({});
    expect(violations(r.definition)).toEqual([]);
  });

  it('refuses to remove the form itself', () => {
    expect(() => M.remove(M.emptyDefinition(), '')).toThrow(/cannot be removed/);
  });
});
