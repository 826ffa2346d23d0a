/** Reading a definition: the outline, paths, field kinds, data pointers, and where a policy violation belongs. */
import { describe, expect, it } from 'vitest';
import * as M from '../../../designer/model/index.js';
import { checkDefinition } from '../../../engine/policy/index.js';
import { deepFreeze, get, schemaAnswers, template, templates } from './support.js';

const walk = (n: M.DesignNode): M.DesignNode[] => [n, ...n.children.flatMap(walk)];

describe('designer model: opening the shipped templates', () => {
  for (const t of templates()) {
    it(`${t.id}: the outline shows exactly the schema's answers, each under its page`, () => {
      const def = deepFreeze(t.definition);
      const o = M.outline(def);
      expect(o.kind).toBe('form');
      const pointers = M.outlineFields(o).map((n) => n.dataPointer!);
      expect([...new Set(pointers)].sort()).toEqual(schemaAnswers(def));
      const pages = o.children;
      expect(pages.length).toBe((def.uischema.elements as unknown[]).length);
      expect(pages.every((p) => p.kind === 'page' && p.label.length > 0)).toBe(true);
      for (const n of walk(o)) {
        expect(M.nodeAt(def, n.path).path).toBe(n.path);
        if (n.kind === 'field' || n.kind === 'repeatable-group') {
          expect(n.label).not.toBe('');
          expect(n.fieldKind).toBeDefined();
        }
        if (n.kind === 'repeatable-group') expect(n.children.every((c) => c.path.startsWith(n.path + '.d.'))).toBe(true);
      }
    });
  }

  it('resolves data pointers through nested objects and $ref definitions', () => {
    const o = M.outline(template('case-file-audit'));
    const byPointer = new Map(M.outlineFields(o).map((n) => [n.dataPointer, n]));
    expect(byPointer.get('/header/childId')).toMatchObject({ kind: 'field', fieldKind: 'short-text', required: true, label: "Child's ICS person id" });
    expect(byPointer.get('/domains/chronology/q1Answer')).toMatchObject({ fieldKind: 'single-choice', required: true });
    expect(byPointer.get('/domains/impact/analysis')).toMatchObject({ fieldKind: 'long-text' });
    expect(byPointer.get('/actions')).toMatchObject({ kind: 'repeatable-group', fieldKind: 'repeatable-group' });
    expect(byPointer.get('/actions/*/dueDate')).toMatchObject({ fieldKind: 'date', required: true });
    expect(byPointer.get('/overall/escalatedTo')).toMatchObject({ required: true });
    expect(byPointer.get('/overall/safeguardingConcern')).toMatchObject({ fieldKind: 'yes-no' });
    expect(walk(o).find((n) => n.label === 'Escalation of the safeguarding concern')).toMatchObject({ kind: 'section', hasRule: true });
  });

  it('shows a form without pages as its root layout’s children', () => {
    let def = M.emptyDefinition();
    def = M.addField(def, '', 0, 'short-text', 'Name').definition;
    def = M.addGuidance(def, '', 0, 'Fill this in carefully.').definition;
    const o = M.outline(def);
    expect(o.children.map((c) => [c.path, c.kind, c.label])).toEqual([
      ['0', 'guidance', 'Fill this in carefully.'],
      ['1', 'field', 'Name'],
    ]);
  });

  it('gives a repeatable group without a row layout the one JSON Forms would generate', () => {
    const def = deepFreeze({
      schema: {
        type: 'object',
        properties: { people: { type: 'array', maxItems: 5, items: { type: 'object', properties: { name: { type: 'string', maxLength: 50 }, age: { type: 'integer' } } } } },
      },
      uischema: { type: 'VerticalLayout', elements: [{ type: 'Control', scope: '#/properties/people' }] },
    });
    const group = M.outline(def).children[0]!;
    expect(group.children.map((c) => [c.path, c.dataPointer, c.fieldKind])).toEqual([
      ['0.d.0', '/people/*/name', 'short-text'],
      ['0.d.1', '/people/*/age', 'number'],
    ]);
    const edited = M.setFieldProps(def, '0.d.1', { label: 'Age in years' }).definition;
    expect(get(edited.uischema, '/elements/0/options/detail/elements/1')).toEqual({ type: 'Control', scope: '#/properties/age', label: 'Age in years' });
  });
});

describe('designer model: field kinds guessed from schema and options', () => {
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown> | undefined, M.PaletteKind]> = [
    ['boolean', { type: 'boolean' }, undefined, 'yes-no'],
    ['string with options', { type: 'string', maxLength: 9, oneOf: [{ const: 'A', title: 'A' }] }, undefined, 'single-choice'],
    ['string with an enum', { type: 'string', maxLength: 9, enum: ['A', 'B'] }, undefined, 'single-choice'],
    ['integer with options', { type: 'integer', oneOf: [{ const: 1, title: 'One' }] }, undefined, 'single-choice'],
    ['list of options', { type: 'array', uniqueItems: true, maxItems: 2, items: { type: 'string', maxLength: 9, oneOf: [{ const: 'A', title: 'A' }, { const: 'B', title: 'B' }] } }, undefined, 'multiple-choice'],
    ['date', { type: 'string', format: 'date', maxLength: 10 }, undefined, 'date'],
    ['date and time', { type: 'string', format: 'date-time', maxLength: 40 }, undefined, 'date-time'],
    ['email', { type: 'string', format: 'email', maxLength: 320 }, undefined, 'email'],
    ['multi-line text', { type: 'string', maxLength: 200 }, { multi: true }, 'long-text'],
    ['long limit', { type: 'string', maxLength: 5000 }, undefined, 'long-text'],
    ['long limit, multi off', { type: 'string', maxLength: 5000 }, { multi: false }, 'short-text'],
    ['number', { type: 'number' }, undefined, 'number'],
    ['integer', { type: 'integer', minimum: 0 }, undefined, 'number'],
    ['ICS id pattern', { type: 'string', maxLength: 20, pattern: M.ICS_ID_PATTERN }, undefined, 'person-id'],
    ['plain text', { type: 'string', maxLength: 100 }, undefined, 'short-text'],
    ['list of objects', { type: 'array', maxItems: 3, items: { type: 'object', properties: { a: { type: 'string', maxLength: 3 } } } }, undefined, 'repeatable-group'],
  ];
  it.each(cases)('%s reads as %j', (_, schema, options, kind) => {
    const def = { schema: { type: 'object', properties: { x: schema } }, uischema: { type: 'VerticalLayout', elements: [{ type: 'Control', scope: '#/properties/x', ...(options ? { options } : {}) }] } };
    expect(M.outline(def).children[0]!.fieldKind).toBe(kind);
  });
});

describe('designer model: node paths', () => {
  it.each([
    ['', []],
    ['3', [3]],
    ['0.2.10', [0, 2, 10]],
    ['0.2.d.1', [0, 2, 'd', 1]],
    ['0.2.d', [0, 2, 'd']],
  ] as Array<[string, Array<number | 'd'>]>)('%j parses to %j and back', (path, steps) => {
    expect(M.parsePath(path)).toEqual(steps);
    expect(M.formatPath(steps)).toBe(path);
  });

  it.each(['d', '01', '0..1', '0.d.d', 'a', '-1', '0.', '.0', '1.5x'])('%j is refused as not a place in the form', (path) => {
    expect(() => M.parsePath(path)).toThrow(M.DesignError);
  });

  it('names a repeatable group’s row layout and the group alike', () => {
    const def = template('case-supervision');
    expect(M.nodeAt(def, '0.1.1.d').path).toBe('0.1.1');
    expect(M.nodeAt(def, '0.1.1.d.0')).toMatchObject({ dataPointer: '/meeting/siblings/*/childId' });
    expect(() => M.nodeAt(def, '0.9')).toThrow(/no longer exists/);
  });
});

describe('designer model: where a policy violation belongs', () => {
  const def = template('case-supervision');
  const pathOf = (pointer: string) => M.pathOfPointer(def, pointer);
  const at = (pointer: string) => M.nodeAt(def, pathOf(pointer));
  it.each([
    ['/uischema/elements/3/elements/4/scope', '3.4'],
    ['/uischema/elements/3/elements/4/rule/condition/scope', '3.4'],
    ['/uischema/elements/0/elements/1/elements/1/options/detail/elements/0/scope', '0.1.1.d.0'],
    ['/uischema/elements/0/elements/1/elements/1/options/detail', '0.1.1'],
    ['/uischema/elements/0', '0'],
    ['/uischema/type', ''],
    ['/schema', ''],
    ['/schema/$schema', ''],
  ])('%s → %s', (pointer, path) => {
    expect(pathOf(pointer)).toBe(path);
  });

  it.each([
    ['/schema/properties/decision/properties/escalationDetails/maxLength', '/decision/escalationDetails'],
    ['/schema/properties/decision/required/1', '/decision/rationale'],
    ['/schema/properties/meeting/x-compare/1/other', '/meeting/supervisorId'],
    ['/schema/properties/meeting/x-compare/1', '/meeting/superviseeId'],
    ['/schema/x-compare/0/field', '/nextSteps/nextSupervisionDue'],
    ['/schema/properties/meeting/properties/attendees/items/properties/role/maxLength', '/meeting/attendees/*/role'],
    ['/schema/properties/meeting/properties/attendees/items/required', '/meeting/attendees'],
    ['/schema/properties/decision/allOf/0/then/required/0', '/decision/escalationDetails'],
    ['/schema/properties/decision', '/decision/decision'],
    ['/schema/properties/meeting/properties/supervisionType/oneOf/2/const', '/meeting/supervisionType'],
  ])('%s → the field %s', (pointer, dataPointer) => {
    expect(at(pointer).dataPointer).toBe(dataPointer);
  });

  it('finds the first place that uses a shared definition', () => {
    const audit = template('case-file-audit');
    const node = M.nodeAt(audit, M.pathOfPointer(audit, '/schema/definitions/practiceDomain/properties/q2Answer/oneOf/1/title'));
    expect(node.dataPointer).toBe('/domains/chronology/q2Answer');
  });

  it('maps the policy’s own violations to the field they are about', () => {
    const broken = structuredClone(def);
    (get(broken.schema, '/properties/discussion/properties/analysis') as Record<string, unknown>).maxLength = 60_000;
    (get(broken.uischema, '/elements/0/elements/2/elements/3') as Record<string, unknown>).scope = '#/properties/meeting/properties/nothing';
    const found = checkDefinition(broken).violations.map((v) => M.nodeAt(broken, M.pathOfPointer(broken, v.pointer)));
    expect(found.map((n) => n.dataPointer ?? n.path)).toEqual(['/discussion/analysis', '/meeting/nothing']);
  });
});
