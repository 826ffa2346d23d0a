/**
 * Display rules built in the model do what the rule editor says, as JSON Forms itself evaluates
 * them (`isVisible`/`isEnabled` with an ajv instance, and with the runtime's eval-free stand-in),
 * for answered and unanswered questions; the fields they can hide stay "required when shown"
 * exactly when shown; template rules read back and write back unchanged.
 */
import { describe, expect, it } from 'vitest';
import { createAjv, isEnabled, isVisible, type UISchemaElement } from '@jsonforms/core';
import * as M from '../../../designer/model/index.js';
import { conditionsAsAjv } from '../../../runtime/renderers/conditions.js';
import { get, missing, template, templates, violations } from './support.js';

const jsonFormsAjv = createAjv();
const evaluators = [
  ['ajv', jsonFormsAjv],
  ['the runtime’s condition validator', conditionsAsAjv],
] as const;

/** A form with one field of each kind to depend on, a target field, and a repeatable group. */
function sample(): M.Definition {
  let def = M.emptyDefinition();
  const add = (kind: M.PaletteKind, label: string) => {
    def = M.addField(def, '', 99, kind, label).definition;
  };
  add('yes-no', 'Flag');
  add('short-text', 'Text');
  add('number', 'Count');
  add('single-choice', 'Choice');
  add('multiple-choice', 'Many');
  add('date', 'When');
  add('short-text', 'Target');
  def = M.setFieldProps(def, '3', { options: [{ label: 'A', code: 'A' }, { label: 'B', code: 'B' }, { label: 'C', code: 'C' }] }).definition;
  def = M.setFieldProps(def, '4', { options: [{ label: 'X', code: 'X' }, { label: 'Y', code: 'Y' }, { label: 'Z', code: 'Z' }] }).definition;
  return def;
}

const target = (def: M.Definition, path = '6') => {
  const el = path.split('.').reduce<Record<string, unknown>>((e, i) => (e.elements as Record<string, unknown>[])[Number(i)]!, def.uischema);
  return el as unknown as UISchemaElement;
};

/** [condition, data, whether the condition holds] */
const CASES: Array<[M.Condition, Record<string, unknown>, boolean]> = [
  [{ field: '/flag', comparison: 'equals', value: true }, {}, false],
  [{ field: '/flag', comparison: 'equals', value: true }, { flag: true }, true],
  [{ field: '/flag', comparison: 'equals', value: true }, { flag: false }, false],
  [{ field: '/flag', comparison: 'equals', value: false }, {}, false],
  [{ field: '/flag', comparison: 'equals', value: false }, { flag: false }, true],
  [{ field: '/flag', comparison: 'not-equals', value: true }, {}, true],
  [{ field: '/flag', comparison: 'not-equals', value: true }, { flag: true }, false],
  [{ field: '/flag', comparison: 'not-equals', value: true }, { flag: false }, true],
  [{ field: '/flag', comparison: 'answered' }, {}, false],
  [{ field: '/flag', comparison: 'answered' }, { flag: false }, true],
  [{ field: '/flag', comparison: 'not-answered' }, {}, true],
  [{ field: '/flag', comparison: 'not-answered' }, { flag: false }, false],
  [{ field: '/text', comparison: 'equals', value: 'abc' }, {}, false],
  [{ field: '/text', comparison: 'equals', value: 'abc' }, { text: 'abc' }, true],
  [{ field: '/text', comparison: 'equals', value: 'abc' }, { text: 'abcd' }, false],
  [{ field: '/text', comparison: 'not-equals', value: 'abc' }, {}, true],
  [{ field: '/text', comparison: 'not-equals', value: 'abc' }, { text: 'abc' }, false],
  [{ field: '/text', comparison: 'one-of', values: ['a', 'b'] }, { text: 'b' }, true],
  [{ field: '/text', comparison: 'one-of', values: ['a', 'b'] }, {}, false],
  [{ field: '/text', comparison: 'answered' }, {}, false],
  [{ field: '/text', comparison: 'answered' }, { text: '' }, false],
  [{ field: '/text', comparison: 'answered' }, { text: 'x' }, true],
  [{ field: '/text', comparison: 'not-answered' }, {}, true],
  [{ field: '/text', comparison: 'not-answered' }, { text: '' }, true],
  [{ field: '/text', comparison: 'not-answered' }, { text: 'x' }, false],
  [{ field: '/count', comparison: 'greater-than', value: 5 }, {}, false],
  [{ field: '/count', comparison: 'greater-than', value: 5 }, { count: 5 }, false],
  [{ field: '/count', comparison: 'greater-than', value: 5 }, { count: 6 }, true],
  [{ field: '/count', comparison: 'greater-than', value: -1 }, { count: 0 }, true],
  [{ field: '/count', comparison: 'less-than', value: 5 }, {}, false],
  [{ field: '/count', comparison: 'less-than', value: 5 }, { count: 4.5 }, true],
  [{ field: '/count', comparison: 'less-than', value: 5 }, { count: 5 }, false],
  [{ field: '/count', comparison: 'equals', value: 0 }, { count: 0 }, true],
  [{ field: '/count', comparison: 'equals', value: 0 }, {}, false],
  [{ field: '/count', comparison: 'answered' }, { count: 0 }, true],
  [{ field: '/count', comparison: 'not-answered' }, { count: 0 }, false],
  [{ field: '/choice', comparison: 'one-of', values: ['A', 'B'] }, { choice: 'B' }, true],
  [{ field: '/choice', comparison: 'one-of', values: ['A', 'B'] }, { choice: 'C' }, false],
  [{ field: '/choice', comparison: 'one-of', values: ['A', 'B'] }, {}, false],
  [{ field: '/choice', comparison: 'equals', value: 'C' }, { choice: 'C' }, true],
  [{ field: '/choice', comparison: 'not-equals', value: 'C' }, {}, true],
  [{ field: '/many', comparison: 'equals', value: 'X' }, {}, false],
  [{ field: '/many', comparison: 'equals', value: 'X' }, { many: [] }, false],
  [{ field: '/many', comparison: 'equals', value: 'X' }, { many: ['Y', 'X'] }, true],
  [{ field: '/many', comparison: 'equals', value: 'X' }, { many: ['Y'] }, false],
  [{ field: '/many', comparison: 'not-equals', value: 'X' }, {}, true],
  [{ field: '/many', comparison: 'not-equals', value: 'X' }, { many: ['Y'] }, true],
  [{ field: '/many', comparison: 'not-equals', value: 'X' }, { many: ['X', 'Y'] }, false],
  [{ field: '/many', comparison: 'one-of', values: ['X', 'Z'] }, { many: ['Y', 'Z'] }, true],
  [{ field: '/many', comparison: 'one-of', values: ['X', 'Z'] }, { many: ['Y'] }, false],
  [{ field: '/many', comparison: 'one-of', values: ['X', 'Z'] }, {}, false],
  [{ field: '/many', comparison: 'answered' }, { many: [] }, false],
  [{ field: '/many', comparison: 'answered' }, { many: ['Y'] }, true],
  [{ field: '/many', comparison: 'not-answered' }, {}, true],
  [{ field: '/many', comparison: 'not-answered' }, { many: [] }, true],
  [{ field: '/when', comparison: 'equals', value: '2024-01-31' }, { when: '2024-01-31' }, true],
  [{ field: '/when', comparison: 'answered' }, {}, false],
];

describe('designer model: rules mean what the rule editor says, for answered and unanswered questions', () => {
  const base = sample();
  for (const [condition, data, holds] of CASES) {
    const what = `${condition.comparison} ${JSON.stringify(condition.value ?? condition.values ?? '')} on ${condition.field}, data ${JSON.stringify(data)}`;
    it(`${what}: the condition ${holds ? 'holds' : 'does not hold'}`, () => {
      for (const effect of ['show', 'hide', 'enable', 'disable'] as const) {
        const def = M.setRule(base, '6', { effect, combine: 'all', conditions: [condition] }).definition;
        expect(violations(def)).toEqual([]);
        expect(M.ruleOf(def, '6')).toEqual({ effect, combine: 'all', conditions: [condition] });
        for (const [, ajv] of evaluators) {
          const el = target(def);
          const visible = isVisible(el, data, '', ajv, undefined);
          const enabled = isEnabled(el, data, '', ajv, undefined);
          expect(visible).toBe(effect === 'show' ? holds : effect === 'hide' ? !holds : true);
          expect(enabled).toBe(effect === 'enable' ? holds : effect === 'disable' ? !holds : true);
        }
      }
    });
  }

  it('combines conditions with all (AND) and any (OR)', () => {
    const conditions: M.Condition[] = [
      { field: '/flag', comparison: 'equals', value: true },
      { field: '/count', comparison: 'greater-than', value: 2 },
    ];
    const all = M.setRule(base, '6', { effect: 'show', combine: 'all', conditions }).definition;
    const any = M.setRule(base, '6', { effect: 'show', combine: 'any', conditions }).definition;
    expect(get(all.uischema, '/elements/6/rule/condition/type')).toBe('AND');
    expect(get(any.uischema, '/elements/6/rule/condition/type')).toBe('OR');
    const table: Array<[Record<string, unknown>, boolean, boolean]> = [
      [{}, false, false],
      [{ flag: true }, false, true],
      [{ flag: true, count: 3 }, true, true],
      [{ count: 3 }, false, true],
    ];
    for (const [data, andHolds, orHolds] of table) {
      expect(isVisible(target(all), data, '', jsonFormsAjv, undefined)).toBe(andHolds);
      expect(isVisible(target(any), data, '', jsonFormsAjv, undefined)).toBe(orHolds);
    }
  });

  it('keeps a required field required exactly when it is shown, for every case of the table', () => {
    const required = M.setFieldProps(base, '6', { required: true }).definition;
    for (const [condition, data] of CASES) {
      for (const effect of ['show', 'hide'] as const) {
        const def = M.setRule(required, '6', { effect, combine: 'all', conditions: [condition] }).definition;
        expect(violations(def)).toEqual([]);
        expect(M.fieldProps(def, '6')).toMatchObject({ required: true, requiredWhenShown: true });
        const shown = isVisible(target(def), data, '', jsonFormsAjv, undefined);
        expect(missing(def, data, '', 'target'), `${effect} ${JSON.stringify(condition)} ${JSON.stringify(data)}`).toBe(shown);
      }
    }
  });
});

describe('designer model: rules inside repeatable groups', () => {
  function withGroup(): M.Definition {
    let def = M.emptyDefinition();
    def = M.addField(def, '', 0, 'yes-no', 'Any actions').definition;
    def = M.addRepeatableGroup(def, '', 1, 'Actions').definition;
    def = M.addField(def, '1', 1, 'single-choice', 'Status').definition;
    def = M.addField(def, '1', 2, 'short-text', 'Completed on').definition;
    return def;
  }

  it('writes row rules relative to the row, and JSON Forms evaluates them per row', () => {
    let def = withGroup();
    expect(M.fieldsBefore(def, '1.d.2').map((f) => f.field)).toEqual(['/actions/*/details', '/actions/*/status']);
    def = M.setFieldProps(def, '1.d.2', { required: true }).definition;
    def = M.setRule(def, '1.d.2', { effect: 'show', combine: 'all', conditions: [{ field: '/actions/*/status', comparison: 'equals', value: 'OPT2' }] }).definition;
    expect(violations(def)).toEqual([]);
    expect(get(def.uischema, '/elements/1/options/detail/elements/2/rule/condition/scope')).toBe('#/properties/status');
    const el = get(def.uischema, '/elements/1/options/detail/elements/2') as UISchemaElement;
    const data = { actions: [{ status: 'OPT1' }, { status: 'OPT2' }] };
    expect(isVisible(el, data, 'actions.0', jsonFormsAjv, undefined)).toBe(false);
    expect(isVisible(el, data, 'actions.1', jsonFormsAjv, undefined)).toBe(true);
    expect(missing(def, data, '/actions/0', 'completedOn')).toBe(false);
    expect(missing(def, data, '/actions/1', 'completedOn')).toBe(true);
    expect(M.ruleOf(def, '1.d.2')).toEqual({ effect: 'show', combine: 'all', conditions: [{ field: '/actions/*/status', comparison: 'equals', value: 'OPT2' }] });
  });

  it('nests "required when shown" when a rule on the group and a rule in its rows can both hide a field', () => {
    let def = withGroup();
    def = M.setFieldProps(def, '1.d.2', { required: true }).definition;
    def = M.setRule(def, '1', { effect: 'show', combine: 'all', conditions: [{ field: '/anyActions', comparison: 'equals', value: true }] }).definition;
    def = M.setRule(def, '1.d.2', { effect: 'hide', combine: 'all', conditions: [{ field: '/actions/*/status', comparison: 'equals', value: 'OPT1' }] }).definition;
    expect(violations(def)).toEqual([]);
    expect(M.fieldProps(def, '1.d.2').required).toBe(true);
    const rows = [{ status: 'OPT1' }, { status: 'OPT2' }, {}];
    for (const anyActions of [undefined, false, true]) {
      const data = { ...(anyActions === undefined ? {} : { anyActions }), actions: rows };
      rows.forEach((_, i) => {
        const shown = anyActions === true && rows[i]!.status !== 'OPT1';
        expect(missing(def, data, `/actions/${i}`, 'completedOn'), `${String(anyActions)} row ${i}`).toBe(shown);
      });
    }
  });

  it('refuses conditions across the row boundary, on itself, inside itself, and on fields that do not exist', () => {
    const def = withGroup();
    const rule = (field: string): M.RuleModel => ({ effect: 'show', combine: 'all', conditions: [{ field, comparison: 'answered' }] });
    expect(() => M.setRule(def, '1.d.2', rule('/anyActions'))).toThrow(/only depend on answers in the same row/);
    expect(() => M.setRule(def, '0', rule('/actions/*/status'))).toThrow(/once per row/);
    expect(() => M.setRule(def, '0', rule('/anyActions'))).toThrow(/cannot depend on its own answer/);
    expect(() => M.setRule(def, '1', rule('/actions'))).toThrow(/cannot depend on its own answer/);
    expect(() => M.setRule(def, '0', rule('/nothing'))).toThrow(/does not exist/);
    expect(() => M.setRule(def, '', rule('/anyActions'))).toThrow(/form as a whole/);
    expect(() => M.setRule(def, '0', { effect: 'show', combine: 'all', conditions: [] })).toThrow(/at least one condition/);
  });
});

describe('designer model: rules over shared definitions', () => {
  it('a rule on one practice domain makes its questions required when shown, and leaves the other domains alone', () => {
    const def = template('case-file-audit');
    const walk = (n: M.DesignNode): M.DesignNode[] => [n, ...n.children.flatMap(walk)];
    const group = walk(M.outline(def)).find((n) => n.label === '1. Chronology and genogram')!;
    const before = group.children.map((c) => [c.dataPointer, c.required]);
    const r = M.setRule(def, group.path, { effect: 'show', combine: 'all', conditions: [{ field: '/header/caseType', comparison: 'one-of', values: ['CIN', 'CP'] }] });
    expect(violations(r.definition)).toEqual([]);
    expect(r.notes).toEqual(['“Chronology and genogram” now has its own copy of the shared definition “practiceDomain”, so changes to it apply there only.']);
    expect(M.nodeAt(r.definition, group.path).children.map((c) => [c.dataPointer, c.required])).toEqual(before);
    expect(M.fieldProps(r.definition, group.children[0]!.path)).toMatchObject({ required: true, requiredWhenShown: true });
    expect(get(r.definition.schema, '/properties/domains/properties/referralDecision/$ref')).toBe('#/definitions/practiceDomain');
    const data = (caseType: string) => ({ header: { caseType }, domains: { chronology: {} } });
    expect(missing(r.definition, data('EH'), '/domains/chronology', 'q1Answer')).toBe(false);
    expect(missing(r.definition, data('CIN'), '/domains/chronology', 'q1Answer')).toBe(true);
    expect(missing(r.definition, { ...data('EH'), domains: { chronology: {}, referralDecision: {} } }, '/domains/referralDecision', 'q1Answer')).toBe(true);
  });
});

describe('designer model: refusing comparisons that cannot mean anything', () => {
  const base = sample();
  const set = (c: M.Condition) => () => M.setRule(base, '6', { effect: 'show', combine: 'all', conditions: [c] });
  it.each([
    [{ field: '/when', comparison: 'greater-than', value: '2024-01-01' }, /date.*not whether it is earlier or later/],
    [{ field: '/flag', comparison: 'greater-than', value: 1 }, /cannot ask whether/],
    [{ field: '/choice', comparison: 'equals', value: 'Q' }, /not one of the options/],
    [{ field: '/flag', comparison: 'equals', value: 'yes' }, /compare it with yes or no/],
    [{ field: '/count', comparison: 'equals', value: 'three' }, /compare it with a number/],
    [{ field: '/text', comparison: 'one-of', values: [] }, /at least one value/],
  ] as Array<[M.Condition, RegExp]>)('%j is refused', (condition, message) => {
    expect(set(condition)).toThrow(M.DesignError);
    expect(set(condition)).toThrow(message);
  });
});

describe('designer model: template rules read back and write back unchanged', () => {
  for (const t of templates()) {
    it(`${t.id}: every rule is understood, and setRule(ruleOf(x)) changes nothing`, () => {
      const walk = (n: M.DesignNode): M.DesignNode[] => [n, ...n.children.flatMap(walk)];
      const ruled = walk(M.outline(t.definition)).filter((n) => n.hasRule);
      expect(ruled.length).toBeGreaterThan(0);
      for (const n of ruled) {
        const rule = M.ruleOf(t.definition, n.path);
        expect(rule, n.path).not.toBe('advanced');
        const again = M.setRule(t.definition, n.path, rule as M.RuleModel);
        expect(again.definition).toBe(t.definition);
      }
    });
  }

  it('reads what it does not offer as advanced, and leaves it alone', () => {
    const def = structuredClone(template('case-supervision'));
    (get(def.uischema, '/elements/3/elements/4') as Record<string, unknown>).rule = {
      effect: 'SHOW',
      condition: { scope: '#/properties/decision/properties/escalationNeeded', type: 'LEAF', expectedValue: true },
    };
    expect(M.ruleOf(def, '3.4')).toBe('advanced');
    expect(M.ruleOf(def, '3.3')).toBeNull();
  });

  it('changing a template rule keeps the fields it hides required when shown, under the new condition', () => {
    const def = template('case-supervision');
    const changed = M.setRule(def, '3.4', { effect: 'show', combine: 'any', conditions: [{ field: '/decision/escalationNeeded', comparison: 'answered' }] }).definition;
    expect(violations(changed)).toEqual([]);
    expect(M.fieldProps(changed, '3.4').required).toBe(true);
    const decision = { decision: 'x', rationale: 'y' };
    expect(missing(changed, { decision: { ...decision, escalationNeeded: false } }, '/decision', 'escalationDetails')).toBe(true);
    expect(missing(changed, { decision }, '/decision', 'escalationDetails')).toBe(false);
    // The template's own conditional for the old rule is gone, not left behind.
    expect(JSON.stringify(get(changed.schema, '/properties/decision'))).not.toContain('"const":true');
  });
});
