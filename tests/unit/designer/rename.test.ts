/**
 * Names in the data: renaming an answer changes its key and everything in the definition that
 * names it, so the form works as before with the answer kept under its new name; names the
 * policy refuses or that are taken are refused in words; a name made from a label follows the
 * label until a published version holds it; and undo takes the label and the name back together.
 */
import { describe, expect, it } from 'vitest';
import { createAjv, isVisible, type UISchemaElement } from '@jsonforms/core';
import * as M from '../../../designer/model/index.js';
import { conditionsAsAjv } from '../../../runtime/renderers/conditions.js';
import { deepFreeze, get, missing, schemaAnswers, template, violations } from './support.js';

const jsonFormsAjv = createAjv();
const find = (def: M.Definition, pointer: string) => M.outlineFields(M.outline(def)).find((n) => n.dataPointer === pointer)!;
const byLabel = (def: M.Definition, label: string) => {
  const walk = (n: M.DesignNode): M.DesignNode[] => [n, ...n.children.flatMap(walk)];
  return walk(M.outline(def)).find((n) => n.label === label)!;
};
const nameOf = (def: M.Definition, path: string) => M.dataName(def, path)?.name;
/** Every field's "required" as the properties panel reads it, by data pointer. */
const requiredByPointer = (def: M.Definition) => Object.fromEntries(M.outlineFields(M.outline(def)).map((n) => [n.dataPointer, n.required]));
const el = (def: M.Definition, pointer: string) => get(def.uischema, pointer) as UISchemaElement;
/** The UI schema pointer of the element at a node path (`1.d.0` → `/elements/1/options/detail/elements/0`). */
const uiPointer = (path: string) => path.split('.').map((s) => (s === 'd' ? '/options/detail' : `/elements/${s}`)).join('');

/** Three short texts, the middle one named from its palette label; the first two required. */
function three(): M.Definition {
  let def = M.emptyDefinition();
  def = M.addField(def, '', 0, 'short-text', 'Reference').definition;
  def = M.addField(def, '', 1, 'short-text', 'New short text question').definition;
  def = M.addField(def, '', 2, 'number', 'Age').definition;
  def = M.setFieldProps(def, '0', { required: true }).definition;
  def = M.setFieldProps(def, '1', { required: true }).definition;
  return deepFreeze(def);
}

/** "Escalation needed?" (yes/no) and "Escalation details", required and shown only when escalation is needed. */
function escalation(): M.Definition {
  let def = M.emptyDefinition();
  def = M.addField(def, '', 0, 'yes-no', 'Escalation needed?').definition;
  def = M.addField(def, '', 1, 'long-text', 'Escalation details').definition;
  def = M.setFieldProps(def, '1', { required: true }).definition;
  def = M.setRule(def, '1', { effect: 'show', combine: 'all', conditions: [{ field: '/escalationNeeded', comparison: 'equals', value: true }] }).definition;
  return deepFreeze(def);
}

/** A repeatable group "Visits" (rows: "Details", "Outcome"), both required, "Outcome" shown when the details say "seen". */
function visits(): M.Definition {
  let def = M.emptyDefinition();
  def = M.addField(def, '', 0, 'yes-no', 'Any visits').definition;
  def = M.addRepeatableGroup(def, '', 1, 'Visits').definition;
  def = M.addField(def, '1', 1, 'short-text', 'Outcome').definition;
  def = M.setFieldProps(def, '1.d.0', { required: true }).definition;
  def = M.setFieldProps(def, '1.d.1', { required: true }).definition;
  def = M.setRule(def, '1.d.1', { effect: 'show', combine: 'all', conditions: [{ field: '/visits/*/details', comparison: 'equals', value: 'seen' }] }).definition;
  def = M.addField(def, '', 2, 'long-text', 'Summary').definition;
  def = M.setFieldProps(def, '2', { required: true }).definition;
  def = M.setRule(def, '2', { effect: 'show', combine: 'all', conditions: [{ field: '/visits', comparison: 'answered' }] }).definition;
  return deepFreeze(def);
}

describe('designer model: renameField', () => {
  it('renames a top-level field: its key where it was, its required entry, its Control; nothing else changes', () => {
    const def = three();
    const r = M.renameField(def, '1', 'childsName');
    expect(violations(r.definition)).toEqual([]);
    expect(r.renamed).toEqual([{ from: '/newShortTextQuestion', to: '/childsName' }]);
    expect(r.notes).toEqual([]);
    expect(Object.keys(r.definition.schema.properties as object)).toEqual(['reference', 'childsName', 'age']);
    expect(get(r.definition.schema, '/properties/childsName')).toEqual(get(def.schema, '/properties/newShortTextQuestion'));
    expect(get(r.definition.schema, '/required')).toEqual(['reference', 'childsName']);
    expect(get(r.definition.uischema, '/elements/1')).toEqual({ type: 'Control', scope: '#/properties/childsName', label: 'New short text question', options: { kind: 'short-text' } });
    expect(JSON.stringify(r.definition)).not.toContain('newShortTextQuestion');
    expect(M.fieldProps(r.definition, '1')).toEqual(M.fieldProps(def, '1'));
    expect(M.dataName(r.definition, '1')).toEqual({ pointer: '/childsName', name: 'childsName' });
    // Leading and trailing spaces are not part of a name; the same name again changes nothing.
    expect(M.renameField(def, '1', '  childsName ').definition).toEqual(r.definition);
    expect(M.renameField(r.definition, '1', 'childsName').definition).toBe(r.definition);
  });

  it('renames a field in a section', () => {
    let def = M.emptyDefinition();
    def = M.addSection(def, '', 0, 'About the child').definition;
    def = M.addField(def, '0', 0, 'date', 'New date question').definition;
    const r = M.renameField(deepFreeze(def), '0.0', 'dateOfBirth');
    expect(violations(r.definition)).toEqual([]);
    expect(get(r.definition.uischema, '/elements/0/elements/0/scope')).toBe('#/properties/dateOfBirth');
    expect(get(r.definition.schema, '/properties/dateOfBirth')).toEqual({ type: 'string', format: 'date', maxLength: 10 });
    expect(schemaAnswers(r.definition)).toEqual(['/dateOfBirth']);
  });

  it('a question carried forward from this form’s last record follows the answer it comes from; one carried from another form keeps its pointer', () => {
    let def = M.emptyDefinition();
    def = M.addField(def, '', 0, 'date', 'Date of visit').definition;
    def = M.addField(def, '', 1, 'date', 'Date of last visit').definition;
    def = M.addField(def, '', 2, 'date', 'Date of last review').definition;
    def = M.setCarry(def, '1', { from: '/dateOfVisit' }).definition;
    def = M.setCarry(def, '2', { from: '/dateOfVisit', form: 'review' }).definition;
    const r = M.renameField(deepFreeze(def), '0', 'visitedOn');
    expect(violations(r.definition)).toEqual([]);
    expect(get(r.definition.schema, '/properties/dateOfLastVisit/x-carry-forward')).toEqual({ from: '/visitedOn' });
    expect(get(r.definition.schema, '/properties/dateOfLastReview/x-carry-forward')).toEqual({ from: '/dateOfVisit', form: 'review' });
  });

  it('renames a field in a repeatable group’s rows: the row’s scopes stay relative to the row, its required entry and the row rule follow', () => {
    const def = visits();
    const r = M.renameField(def, '1.d.0', 'whatHappened');
    expect(violations(r.definition)).toEqual([]);
    expect(r.renamed).toEqual([{ from: '/visits/*/details', to: '/visits/*/whatHappened' }]);
    expect(get(r.definition.uischema, '/elements/1/scope')).toBe('#/properties/visits');
    expect(get(r.definition.uischema, '/elements/1/options/detail/elements/0/scope')).toBe('#/properties/whatHappened');
    expect(get(r.definition.uischema, '/elements/1/options/detail/elements/1/rule/condition')).toEqual({ scope: '#/properties/whatHappened', schema: { const: 'seen' } });
    expect(Object.keys(get(r.definition.schema, '/properties/visits/items/properties') as object)).toEqual(['whatHappened', 'outcome']);
    expect(get(r.definition.schema, '/properties/visits/items/required')).toEqual(['whatHappened']);
    expect(M.ruleOf(r.definition, '1.d.1')).toEqual({ effect: 'show', combine: 'all', conditions: [{ field: '/visits/*/whatHappened', comparison: 'equals', value: 'seen' }] });
    // JSON Forms shows "Outcome" in the rows that say "seen" under the new name, and the schema requires it exactly there.
    const outcome = el(r.definition, '/elements/1/options/detail/elements/1');
    const data = { visits: [{ whatHappened: 'seen' }, { whatHappened: 'not seen' }, { details: 'seen' }] };
    expect([0, 1, 2].map((i) => isVisible(outcome, data, `visits.${i}`, jsonFormsAjv, undefined))).toEqual([true, false, false]);
    expect([0, 1, 2].map((i) => missing(r.definition, data, `/visits/${i}`, 'outcome'))).toEqual([true, false, false]);
    expect([0, 1, 2].map((i) => missing(r.definition, data, `/visits/${i}`, 'whatHappened'))).toEqual([false, false, true]);
  });

  it('renames a repeatable group (a list of objects): what is in its rows comes along unchanged, rules elsewhere follow', () => {
    const def = visits();
    const r = M.renameField(def, '1', 'homeVisits');
    expect(violations(r.definition)).toEqual([]);
    expect(r.renamed).toEqual([{ from: '/visits', to: '/homeVisits' }]);
    expect(schemaAnswers(r.definition)).toEqual(schemaAnswers(def).map((p) => p.replace('/visits', '/homeVisits')).sort());
    expect(get(r.definition.uischema, '/elements/1/scope')).toBe('#/properties/homeVisits');
    expect(get(r.definition.uischema, '/elements/1/options')).toEqual(get(def.uischema, '/elements/1/options'));
    expect(get(r.definition.schema, '/properties/homeVisits')).toEqual(get(def.schema, '/properties/visits'));
    expect(get(r.definition.uischema, '/elements/2/rule/condition/scope')).toBe('#/properties/homeVisits');
    expect(M.ruleOf(r.definition, '2')).toEqual({ effect: 'show', combine: 'all', conditions: [{ field: '/homeVisits', comparison: 'answered' }] });
    expect(M.fieldProps(r.definition, '2')).toMatchObject({ required: true, requiredWhenShown: true });
    expect(missing(r.definition, { homeVisits: [{ details: 'x' }] }, '', 'summary')).toBe(true);
    expect(missing(r.definition, {}, '', 'summary')).toBe(false);
    expect(JSON.stringify(r.definition)).not.toMatch(/"visits"|\/visits/);
  });

  it('renames the object a section’s questions are kept in, with every question kept in it, wherever it is shown', () => {
    const def = deepFreeze(template('case-supervision'));
    const child = byLabel(def, 'The child');
    expect(M.dataName(def, child.path)).toEqual({ pointer: '/meeting', name: 'meeting' });
    const r = M.renameField(def, child.path, 'supervision');
    expect(violations(r.definition)).toEqual([]);
    expect(r.renamed).toEqual([{ from: '/meeting', to: '/supervision' }]);
    expect(r.notes).toEqual(['Other questions kept in “meeting” are kept in “supervision” now too: “Date and time of the supervision”, “Date of last case supervision”, “Supervisor” and 4 more.']);
    expect(schemaAnswers(r.definition)).toEqual(schemaAnswers(def).map((p) => p.replace(/^\/meeting\//, '/supervision/')).sort());
    expect(requiredByPointer(r.definition)).toEqual(Object.fromEntries(Object.entries(requiredByPointer(def)).map(([p, v]) => [p.replace(/^\/meeting\//, '/supervision/'), v])));
    expect(get(r.definition.schema, '/required')).toEqual(['supervision', 'discussion', 'nextSteps']);
    // Cross-field checks: the form's name the object; the object's own are relative to it and stay.
    expect(get(r.definition.schema, '/x-compare/0/other')).toBe('/supervision/meetingAt');
    expect(get(r.definition.schema, '/properties/supervision/x-compare')).toEqual(get(def.schema, '/properties/meeting/x-compare'));
    // Carried forward from this form's last record: the answer it comes from, under its new name.
    expect(get(r.definition.schema, '/properties/supervision/properties/lastCaseSupervisionOn/x-carry-forward')).toEqual({ from: '/supervision/meetingAt' });
    expect(get(r.definition.uischema, '/elements/0/elements/1/elements/0/scope')).toBe('#/properties/supervision/properties/childId');
    // The siblings' rows stay relative to their rows.
    expect(get(r.definition.uischema, '/elements/0/elements/1/elements/1/options/detail/elements/0/scope')).toBe('#/properties/childId');
    expect(JSON.stringify(r.definition)).not.toMatch(/"meeting"|\/meeting\b/);
    // The other section keeps its answers in the same object: renaming through it is the same edit.
    expect(M.dataName(def, byLabel(def, 'The meeting').path)).toEqual({ pointer: '/meeting', name: 'meeting' });
    expect(M.renameField(def, byLabel(def, 'The meeting').path, 'supervision').definition).toEqual(r.definition);
  });

  it('keeps a rule working in JSON Forms after the field it depends on is renamed, and the field it shows required when shown', () => {
    const def = escalation();
    const r = M.renameField(def, '0', 'escalate');
    expect(violations(r.definition)).toEqual([]);
    expect(get(r.definition.uischema, '/elements/1/rule')).toEqual({ effect: 'SHOW', condition: { scope: '#/properties/escalate', schema: { const: true } } });
    expect(M.ruleOf(r.definition, '1')).toEqual({ effect: 'show', combine: 'all', conditions: [{ field: '/escalate', comparison: 'equals', value: true }] });
    for (const ajv of [jsonFormsAjv, conditionsAsAjv]) {
      const details = el(r.definition, '/elements/1');
      expect(isVisible(details, { escalate: true }, '', ajv, undefined)).toBe(true);
      expect(isVisible(details, { escalate: false }, '', ajv, undefined)).toBe(false);
      expect(isVisible(details, { escalationNeeded: true }, '', ajv, undefined)).toBe(false);
    }
    expect(M.fieldProps(r.definition, '1')).toMatchObject({ required: true, requiredWhenShown: true });
    expect(missing(r.definition, { escalate: true }, '', 'escalationDetails')).toBe(true);
    expect(missing(r.definition, { escalate: false }, '', 'escalationDetails')).toBe(false);
    // A template's rule and its "required when shown" conditional, written by hand, follow the same way.
    const supervision = deepFreeze(template('case-supervision'));
    const t = M.renameField(supervision, find(supervision, '/decision/escalationNeeded').path, 'escalate');
    expect(violations(t.definition)).toEqual([]);
    expect(get(t.definition.schema, '/properties/decision/allOf')).toEqual([{ if: { properties: { escalate: { const: true } }, required: ['escalate'] }, then: { required: ['escalationDetails'] } }]);
    expect(M.ruleOf(t.definition, find(t.definition, '/decision/escalationDetails').path)).toEqual({ effect: 'show', combine: 'all', conditions: [{ field: '/decision/escalate', comparison: 'equals', value: true }] });
    expect(M.fieldProps(t.definition, find(t.definition, '/decision/escalationDetails').path)).toMatchObject({ required: true, requiredWhenShown: true });
  });

  it('renames inside a shared definition only where asked, and in conditionals and cross-field checks at every level', () => {
    const audit = deepFreeze(template('case-file-audit'));
    const q1 = M.renameField(audit, find(audit, '/domains/chronology/q1Answer').path, 'answer1');
    expect(violations(q1.definition)).toEqual([]);
    expect(q1.notes).toEqual(['“Chronology and genogram” now has its own copy of the shared definition “practiceDomain”, so changes to it apply there only.']);
    expect(get(q1.definition.schema, '/properties/domains/properties/chronology/allOf/0/if')).toEqual({ properties: { answer1: { enum: ['P', 'N'] } }, required: ['answer1'] });
    expect(get(q1.definition.schema, '/properties/domains/properties/referralDecision/$ref')).toBe('#/definitions/practiceDomain');
    expect(get(q1.definition.schema, '/definitions/practiceDomain/properties/q1Answer')).toBeDefined();
    expect(schemaAnswers(q1.definition)).toEqual(schemaAnswers(audit).map((p) => (p === '/domains/chronology/q1Answer' ? '/domains/chronology/answer1' : p)).sort());

    const period = M.renameField(audit, find(audit, '/header/periodTo').path, 'periodEnd');
    expect(violations(period.definition)).toEqual([]);
    expect(get(period.definition.schema, '/properties/header/x-compare/0')).toMatchObject({ field: '/periodEnd', other: '/periodFrom' });
    const held = M.renameField(audit, find(audit, '/conversation/heldOn').path, 'conversationOn');
    expect(violations(held.definition)).toEqual([]);
    expect(get(held.definition.schema, '/properties/conversation/x-compare/0')).toMatchObject({ field: '/conversationOn', other: 'now' });
    expect(get(held.definition.schema, '/properties/conversation/allOf/0/then/required')).toEqual(['conversationOn']);
    const supervision = deepFreeze(template('case-supervision'));
    const meeting = M.renameField(supervision, find(supervision, '/meeting/meetingAt').path, 'heldAt');
    expect(violations(meeting.definition)).toEqual([]);
    expect(get(meeting.definition.schema, '/x-compare/0')).toMatchObject({ field: '/nextSteps/nextSupervisionDue', other: '/meeting/heldAt' });

    // A section kept in an object that comes from a shared definition: the reference moves to the new name.
    const section = M.renameField(audit, byLabel(audit, '1. Chronology and genogram').path, 'chronologyAndGenogram');
    expect(violations(section.definition)).toEqual([]);
    expect(Object.keys(get(section.definition.schema, '/properties/domains/properties') as object)[0]).toBe('chronologyAndGenogram');
    expect(get(section.definition.schema, '/properties/domains/properties/chronologyAndGenogram/$ref')).toBe('#/definitions/practiceDomain');
    expect(M.dataName(audit, byLabel(audit, 'Practice: records and assessment').path)).toEqual({ pointer: '/domains', name: 'domains' });

    const reflective = deepFreeze(template('reflective-supervision'));
    const reflection = M.renameField(reflective, find(reflective, '/practice/reflection').path, 'reflections');
    expect(violations(reflection.definition)).toEqual([]);
    expect(get(reflection.definition.schema, '/allOf/0/then/properties/practice/required')).toEqual(['reflections']);
  });

  it('renames what a rule condition on an object tests by name, and a list’s row label property', () => {
    const def = structuredClone(template('case-supervision'));
    // A hand-written rule on an optional question: shown when the object it is in says the case type is CIN.
    const optional = uiPointer(M.outlineFields(M.outline(def)).find((n) => n.kind === 'field' && n.dataPointer!.startsWith('/meeting/') && !n.required)!.path);
    (get(def.uischema, optional) as Record<string, unknown>).rule = { effect: 'SHOW', condition: { scope: '#/properties/meeting', schema: { properties: { caseType: { const: 'CIN' } }, required: ['caseType'] } } };
    const attendees = uiPointer(find(def, '/meeting/attendees').path);
    (get(def.uischema, `${attendees}/options`) as Record<string, unknown>).elementLabelProp = 'name';
    // A rule on the rows' layout itself, relative to the row.
    (get(def.uischema, `${attendees}/options/detail`) as Record<string, unknown>).rule = { effect: 'ENABLE', condition: { scope: '#/properties/name', schema: { minLength: 1 } } };
    deepFreeze(def);
    expect(violations(def)).toEqual([]);
    const r = M.renameField(def, find(def, '/meeting/caseType').path, 'kindOfCase');
    expect(violations(r.definition)).toEqual([]);
    expect(get(r.definition.uischema, `${optional}/rule`)).toEqual({ effect: 'SHOW', condition: { scope: '#/properties/meeting', schema: { properties: { kindOfCase: { const: 'CIN' } }, required: ['kindOfCase'] } } });
    const shown = el(r.definition, optional);
    expect(isVisible(shown, { meeting: { kindOfCase: 'CIN' } }, '', jsonFormsAjv, undefined)).toBe(true);
    expect(isVisible(shown, { meeting: { caseType: 'CIN' } }, '', jsonFormsAjv, undefined)).toBe(false);
    const named = M.renameField(def, find(def, '/meeting/attendees/*/name').path, 'fullName');
    expect(violations(named.definition)).toEqual([]);
    expect(get(named.definition.uischema, `${attendees}/options/elementLabelProp`)).toBe('fullName');
    expect(get(named.definition.uischema, `${attendees}/options/detail/elements/0/scope`)).toBe('#/properties/fullName');
    expect(get(named.definition.uischema, `${attendees}/options/detail/rule/condition/scope`)).toBe('#/properties/fullName');
  });

  it('refuses, in words, a name the policy does not allow or one its neighbour has, and what has no name in the data', () => {
    const def = three();
    const refusals: Array<[string, RegExp]> = [
      ['2nd name', /The field name "2nd name" is not allowed: a field name starts with a letter and uses only letters, digits and underscores, at most 64 characters\./],
      ['child name', /"child name" is not allowed/],
      ['child-name', /"child-name" is not allowed/],
      ['n'.repeat(65), /at most 64 characters/],
      ['constructor', /The field name "constructor" is reserved by the system; choose another name\./],
      ['hasOwnProperty', /The field name "hasOwnProperty" is reserved by the system/],
      ['   ', /^Enter a name for the answer in the data\.$/],
      ['age', /^“Age” is already called “age” in the data; answers kept side by side need different names\.$/],
    ];
    for (const [name, words] of refusals) {
      expect(() => M.renameField(def, '1', name), name).toThrow(M.DesignError);
      expect(() => M.renameField(def, '1', name), name).toThrow(words);
    }
    // Neighbours are the answers in the same object: in another object, the same name is fine.
    const v = visits();
    expect(() => M.renameField(v, '1.d.0', 'outcome')).toThrow('“Outcome” is already called “outcome” in the data');
    expect(M.renameField(v, '1.d.0', 'summary').renamed).toEqual([{ from: '/visits/*/details', to: '/visits/*/summary' }]);

    let layout = M.addGuidance(def, '', 0, 'Read this first.').definition;
    layout = M.addRow(layout, '', 1).definition;
    layout = M.addSection(layout, '', 2, 'Empty').definition;
    expect(() => M.renameField(layout, '', 'x')).toThrow('The form itself has no name in the data.');
    expect(() => M.renameField(layout, '0', 'x')).toThrow('Guidance holds no answer, so it has no name in the data.');
    expect(() => M.renameField(layout, '1', 'x')).toThrow('A row holds no answer of its own; rename its questions one by one.');
    expect(() => M.renameField(layout, '2', 'x')).toThrow('The questions of “Empty” are not kept together in one part of the data, so it has no name there; rename its questions one by one.');
    expect(M.dataName(layout, '2')).toBeNull();
    // A page whose sections keep their answers in different objects has no name; one whose sections are all in one has.
    const supervision = template('case-supervision');
    expect(M.dataName(supervision, byLabel(supervision, 'Previous actions').path)).toBeNull();
    expect(() => M.renameField(supervision, byLabel(supervision, 'Previous actions').path, 'x')).toThrow(/are not kept together in one part of the data/);
    expect(M.dataName(supervision, byLabel(supervision, 'Discussion').path)).toEqual({ pointer: '/discussion', name: 'discussion' });
  });
});

describe('designer model: names that follow their labels', () => {
  const none = new Set<string>();

  it('a name made from the label follows a new label, in the same edit', () => {
    const def = three();
    const r = M.setFieldProps(def, '1', { label: 'Child’s name' }, { fixed: none });
    expect(violations(r.definition)).toEqual([]);
    expect(r.renamed).toEqual([{ from: '/newShortTextQuestion', to: '/childsName' }]);
    expect(M.fieldProps(r.definition, '1')).toMatchObject({ label: 'Child’s name', required: true });
    expect(get(r.definition.schema, '/required')).toEqual(['reference', 'childsName']);
    // …and again: the name was made from the label before, so it still follows.
    const again = M.setFieldProps(r.definition, '1', { label: 'Child’s full name' }, { fixed: none });
    expect(nameOf(again.definition, '1')).toBe('childsFullName');
    // A label that makes the same name changes the label only.
    const same = M.setFieldProps(r.definition, '1', { label: 'Childs name!' }, { fixed: none });
    expect(same.renamed).toBeUndefined();
    expect(nameOf(same.definition, '1')).toBe('childsName');
  });

  it('names with a number follow too, and stay unique among their neighbours', () => {
    let def = M.emptyDefinition();
    for (let i = 0; i < 3; i++) def = M.addField(def, '', i, 'short-text', 'Name').definition;
    expect([0, 1, 2].map((i) => nameOf(def, String(i)))).toEqual(['name', 'name2', 'name3']);
    def = M.setFieldProps(def, '2', { label: 'Surname' }, { fixed: none }).definition;
    def = M.setFieldProps(def, '1', { label: 'Surname' }, { fixed: none }).definition;
    def = M.setFieldProps(def, '0', { label: 'Full name' }, { fixed: none }).definition;
    expect([0, 1, 2].map((i) => nameOf(def, String(i)))).toEqual(['fullName', 'surname2', 'surname']);
    expect(violations(def)).toEqual([]);
  });

  it('a published name stays, and so does a name set by hand; without knowing what is published, nothing follows', () => {
    const def = three();
    const published = M.setFieldProps(def, '1', { label: 'Child’s name' }, { fixed: new Set(['/newShortTextQuestion']) });
    expect(published.renamed).toBeUndefined();
    expect(nameOf(published.definition, '1')).toBe('newShortTextQuestion');
    expect(M.fieldProps(published.definition, '1').label).toBe('Child’s name');
    expect(nameOf(M.setFieldProps(def, '1', { label: 'Child’s name' }).definition, '1')).toBe('newShortTextQuestion');
    // Published elsewhere in the form is not this answer: it still follows.
    expect(nameOf(M.setFieldProps(def, '1', { label: 'Child’s name' }, { fixed: new Set(['/reference', '/age']) }).definition, '1')).toBe('childsName');

    const byHand = M.renameField(def, '1', 'childName').definition;
    const relabelled = M.setFieldProps(byHand, '1', { label: 'Child’s full name' }, { fixed: none });
    expect(relabelled.renamed).toBeUndefined();
    expect(nameOf(relabelled.definition, '1')).toBe('childName');
    // A name from the template (not from this label) stays too.
    const supervision = template('case-supervision');
    const childId = find(supervision, '/meeting/childId').path;
    expect(nameOf(M.setFieldProps(supervision, childId, { label: 'Child’s ICS id' }, { fixed: none }).definition, childId)).toBe('childId');
  });

  it('a repeatable group’s name and its rows’ names follow their labels; the rules that use them keep working', () => {
    let def = M.emptyDefinition();
    def = M.addRepeatableGroup(def, '', 0, 'New repeating group').definition;
    def = M.addField(def, '0', 1, 'single-choice', 'New single choice question').definition;
    def = M.setRule(def, '0.d.0', { effect: 'show', combine: 'all', conditions: [{ field: '/newRepeatingGroup/*/newSingleChoiceQuestion', comparison: 'equals', value: 'OPT2' }] }).definition;
    def = M.setFieldProps(def, '0', { label: 'Actions' }, { fixed: none }).definition;
    def = M.setFieldProps(def, '0.d.1', { label: 'Status' }, { fixed: none }).definition;
    def = M.setFieldProps(def, '0.d.0', { label: 'What to do' }, { fixed: none }).definition;
    expect(violations(def)).toEqual([]);
    expect(schemaAnswers(def)).toEqual(['/actions', '/actions/*/status', '/actions/*/whatToDo']);
    expect(M.ruleOf(def, '0.d.0')).toEqual({ effect: 'show', combine: 'all', conditions: [{ field: '/actions/*/status', comparison: 'equals', value: 'OPT2' }] });
    const row = el(def, '/elements/0/options/detail/elements/0');
    expect(isVisible(row, { actions: [{ status: 'OPT2' }] }, 'actions.0', jsonFormsAjv, undefined)).toBe(true);
    expect(isVisible(row, { actions: [{ status: 'OPT1' }] }, 'actions.0', jsonFormsAjv, undefined)).toBe(false);
  });

  it('fixedPaths: every data path of the published versions, with the first version that published it', () => {
    const v1 = three();
    const v2 = M.renameField(M.addRepeatableGroup(v1, '', 3, 'Actions').definition, '1', 'childsName').definition;
    const fixed = M.fixedPaths([
      { version: 2, schema: v2.schema },
      { version: 1, schema: v1.schema },
    ]);
    expect(Object.fromEntries(fixed)).toEqual({
      '/reference': 1,
      '/newShortTextQuestion': 1,
      '/age': 1,
      '/childsName': 2,
      '/actions': 2,
      '/actions/*': 2,
      '/actions/*/details': 2,
    });
    expect(nameOf(M.setFieldProps(v2, '0', { label: 'Case reference' }, { fixed }).definition, '0')).toBe('reference');
  });
});

describe('designer model: undo takes a label and the name that followed it back together', () => {
  it('one step back restores both, and says which name went back (for what points at it, like the form settings)', () => {
    const def = three();
    const history = new M.History(100);
    const r = M.setFieldProps(def, '1', { label: 'Child’s name' }, { fixed: new Set() });
    history.edit(def, r.renamed);
    const back = history.undo(r.definition)!;
    expect(back.definition).toBe(def);
    expect(M.fieldProps(back.definition, '1').label).toBe('New short text question');
    expect(nameOf(back.definition, '1')).toBe('newShortTextQuestion');
    expect(back.renamed).toEqual([{ from: '/childsName', to: '/newShortTextQuestion' }]);
    expect(history.canUndo).toBe(false);
    const forward = history.redo(back.definition)!;
    expect(forward.definition).toBe(r.definition);
    expect(forward.renamed).toEqual(r.renamed);
    // A form setting that fills in the answer follows it there and back.
    expect(M.renamedPointer('/newShortTextQuestion', forward.renamed)).toBe('/childsName');
    expect(M.renamedPointer('/childsName', back.renamed)).toBe('/newShortTextQuestion');
  });

  it('renames undone over several steps go back last first; edits that renamed nothing say so', () => {
    const def = visits();
    const history = new M.History(100);
    const a = M.renameField(def, '1', 'homeVisits');
    history.edit(def, a.renamed);
    const b = M.renameField(a.definition, '1.d.0', 'notes');
    history.edit(a.definition, b.renamed);
    const c = M.setFieldProps(b.definition, '0', { hint: 'Visits since the last review' });
    history.edit(b.definition, c.renamed);
    expect(history.undo(c.definition)!.renamed).toEqual([]);
    const one = history.undo(b.definition)!;
    const two = history.undo(a.definition)!;
    expect(two.definition).toBe(def);
    const pointer = '/homeVisits/*/notes';
    expect(M.renamedPointer(M.renamedPointer(pointer, one.renamed), two.renamed)).toBe('/visits/*/details');
    // One step that renamed twice (an object, then something in it) is taken back last first.
    const twice = new M.History(100);
    twice.edit(def, [
      { from: '/visits', to: '/homeVisits' },
      { from: '/homeVisits/*/details', to: '/homeVisits/*/notes' },
    ]);
    expect(M.renamedPointer('/homeVisits/*/notes', twice.undo(c.definition)!.renamed)).toBe('/visits/*/details');
    // Only what is inside a renamed answer moves, not a name that merely starts the same.
    expect(M.renamedPointer('/visitsSummary', a.renamed!)).toBe('/visitsSummary');
    expect(M.renamedPointer('/visits/*/details', a.renamed!)).toBe('/homeVisits/*/details');
  });
});

describe('designer model: what an edit in the JSON view renamed', () => {
  /** The definition as JSON text, edited by hand: every `from` in keys and scopes replaced by `to`. */
  const byHand = (def: M.Definition, from: string, to: string): M.Definition =>
    JSON.parse(JSON.stringify(def).replaceAll(`"${from}"`, `"${to}"`).replaceAll(`/${from}"`, `/${to}"`).replaceAll(`/properties/${from}/`, `/properties/${to}/`));

  it('finds a question renamed by hand in its key and scope, as the properties panel would have renamed it', () => {
    const def = three();
    const name = nameOf(def, '0')!;
    const edited = byHand(def, name, 'caseRef');
    expect(violations(edited)).toEqual([]);
    expect(M.renamesBetween(def, edited)).toEqual([{ from: `/${name}`, to: '/caseRef' }]);
    expect(M.renamedPointer(`/${name}`, M.renamesBetween(def, edited))).toBe('/caseRef');
    // The same as the panel's rename says.
    expect(M.renameField(def, '0', 'caseRef').renamed).toEqual(M.renamesBetween(def, edited));
  });

  it('finds the questions inside a section whose object was renamed by hand', () => {
    const def = template('case-file-audit');
    const pointer = M.outlineFields(M.outline(def))[0]!.dataPointer!;
    const top = pointer.split('/')[1]!;
    const edited = byHand(def, top, `${top}Renamed`);
    const renamed = M.renamesBetween(def, edited);
    expect(renamed.length).toBeGreaterThan(0);
    for (const r of renamed) expect(r.to).toBe(r.from.replace(`/${top}`, `/${top}Renamed`));
    expect(M.renamedPointer(pointer, renamed)).toBe(pointer.replace(`/${top}`, `/${top}Renamed`));
  });

  it('is not fooled by questions removed, added or swapped', () => {
    const def = three();
    expect(M.renamesBetween(def, def)).toEqual([]);
    const [a, b] = [nameOf(def, '0')!, nameOf(def, '1')!];
    // Swapped: both names still exist, so nothing was renamed.
    const swapped = JSON.parse(JSON.stringify(def).replaceAll(`"${a}"`, '"__tmp__"').replaceAll(`/${a}"`, '/__tmp__"').replaceAll(`"${b}"`, `"${a}"`).replaceAll(`/${b}"`, `/${a}"`).replaceAll('"__tmp__"', `"${b}"`).replaceAll('/__tmp__"', `/${b}"`));
    expect(M.renamesBetween(def, swapped)).toEqual([]);
    // Removed: the place is taken by the next question, whose name the old definition had.
    const removed = M.remove(def, '0').definition;
    expect(M.renamesBetween(def, removed)).toEqual([]);
  });
});
