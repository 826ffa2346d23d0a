/** Adding fields, guidance, sections, rows, pages and repeatable groups. */
import { describe, expect, it } from 'vitest';
import * as M from '../../../designer/model/index.js';
import { deepFreeze, get, schemaAnswers, template, violations } from './support.js';

const empty = () => deepFreeze(M.emptyDefinition());

describe('designer model: each palette kind starts with a sensible field', () => {
  const cases: Array<[M.PaletteKind, Record<string, unknown>, Record<string, unknown> | undefined]> = [
    ['short-text', { type: 'string', maxLength: 200 }, { kind: 'short-text' }],
    ['long-text', { type: 'string', maxLength: 10_000 }, { multi: true, kind: 'long-text' }],
    ['number', { type: 'number' }, undefined],
    ['date', { type: 'string', format: 'date', maxLength: 10 }, undefined],
    ['date-time', { type: 'string', format: 'date-time', maxLength: 40 }, undefined],
    ['time', { type: 'string', format: 'time', maxLength: 8 }, undefined],
    ['yes-no', { type: 'boolean' }, undefined],
    ['single-choice', { type: 'string', maxLength: 40, oneOf: [{ const: 'OPT1', title: 'Option 1' }, { const: 'OPT2', title: 'Option 2' }] }, undefined],
    [
      'multiple-choice',
      { type: 'array', uniqueItems: true, maxItems: 2, items: { type: 'string', maxLength: 40, oneOf: [{ const: 'OPT1', title: 'Option 1' }, { const: 'OPT2', title: 'Option 2' }] } },
      undefined,
    ],
    ['email', { type: 'string', format: 'email', maxLength: 320 }, undefined],
    ['person-id', { type: 'string', maxLength: 20, pattern: '^[A-Za-z0-9][A-Za-z0-9/_-]*$', description: 'ICS id' }, { kind: 'person-id' }],
  ];
  it.each(cases)('%s: schema %j, a labelled Control, and it reads back as the same kind', (kind, schema, options) => {
    const { definition, path, notes } = M.addField(empty(), '', 0, kind, 'Date of visit');
    expect(path).toBe('0');
    expect(notes).toEqual([]);
    expect(get(definition.schema, '/properties/dateOfVisit')).toEqual(schema);
    expect(get(definition.uischema, '/elements/0')).toEqual({ type: 'Control', scope: '#/properties/dateOfVisit', label: 'Date of visit', ...(options ? { options } : {}) });
    expect(M.nodeAt(definition, path)).toMatchObject({ kind: 'field', fieldKind: kind, dataPointer: '/dateOfVisit', label: 'Date of visit', required: false });
    expect(violations(definition)).toEqual([]);
  });
});

describe('designer model: names for new fields', () => {
  it.each([
    ['Date of visit', 'dateOfVisit'],
    ['Child’s ICS person id', 'childsIcsPersonId'],
    ["Parent's name", 'parentsName'],
    ['1. Risks', 'field1Risks'],
    ['Café visit', 'cafeVisit'],
    ['   ', 'field'],
    ['!!!', 'field'],
    ['snake_case words', 'snakeCaseWords'],
    ['x'.repeat(100), 'x'.repeat(60)],
  ])('%j → %j', (label, name) => {
    expect(M.nameFromLabel(label)).toBe(name);
  });

  it.each([
    ['Date of visit', ['dateOfVisit'], 'dateOfVisit2'],
    ['Date of visit', ['dateOfVisit', 'dateOfVisit2'], 'dateOfVisit3'],
    ['constructor', [], 'constructor2'],
    ['toString', [], 'tostring'],
    ['To string', [], 'toString2'],
    ['Is prototype of', [], 'isPrototypeOf2'],
    ['Has own property', [], 'hasOwnProperty2'],
    ['prototype', [], 'prototype2'],
  ])('%j with %j taken → %j', (label, taken, name) => {
    expect(M.uniqueName(label, taken)).toBe(name);
  });

  it('never reuses a name in the same object, and every name passes the policy', () => {
    let def = empty();
    for (const label of ['Date of visit', 'Date of visit', 'date of VISIT', 'constructor', 'Value of', '__proto__']) def = M.addField(def, '', 99, 'short-text', label).definition;
    expect(Object.keys(def.schema.properties as object)).toEqual(['dateOfVisit', 'dateOfVisit2', 'dateOfVisit3', 'constructor2', 'valueOf2', 'proto']);
    expect(violations(def)).toEqual([]);
  });
});

describe('designer model: where things can be added', () => {
  it('puts fields added inside a repeatable group in its rows', () => {
    let def = empty();
    const group = M.addRepeatableGroup(def, '', 0, 'Actions');
    def = group.definition;
    expect(get(def.schema, '/properties/actions')).toEqual({
      type: 'array',
      maxItems: 20,
      items: { type: 'object', properties: { details: { type: 'string', maxLength: 200 } }, additionalProperties: false },
    });
    expect(M.nodeAt(def, group.path)).toMatchObject({ kind: 'repeatable-group', fieldKind: 'repeatable-group', children: [{ path: '0.d.0', dataPointer: '/actions/*/details' }] });
    const due = M.addField(def, '0.d', 5, 'date', 'Due date');
    expect(due.path).toBe('0.d.1');
    expect(get(due.definition.schema, '/properties/actions/items/properties/dueDate')).toMatchObject({ format: 'date' });
    const inSection = M.addSection(due.definition, '0', 0, 'Who');
    const owner = M.addField(inSection.definition, inSection.path, 0, 'person-id', 'Owner');
    expect(owner.path).toBe('0.d.0.0');
    expect(M.nodeAt(owner.definition, owner.path).dataPointer).toBe('/actions/*/owner');
    expect(violations(owner.definition)).toEqual([]);
  });

  it('adds into pages, sections and rows of a template, at the index asked (clamped), without touching the template', () => {
    const def = deepFreeze(template('case-supervision'));
    const a = M.addField(def, '3', 2, 'yes-no', 'Reviewed by a manager');
    expect(a.path).toBe('3.2');
    const b = M.addField(a.definition, '0.2.1', 99, 'date', 'Next visit');
    expect(b.path).toBe('0.2.1.2');
    const c = M.addField(b.definition, '0.2', -5, 'number', 'Visits');
    expect(c.path).toBe('0.2.0');
    expect(violations(c.definition)).toEqual([]);
    expect(schemaAnswers(c.definition)).toEqual([...schemaAnswers(def), '/nextVisit', '/reviewedByAManager', '/visits'].sort());
  });

  it.each([
    ['a field at the top of a form with pages', (d: M.Definition) => M.addField(d, '', 0, 'short-text', 'X'), /put it on one of the pages/],
    ['a section inside a row', (d: M.Definition) => M.addSection(d, '0.2.1', 0, 'X'), /row/],
    ['a repeatable group inside a row', (d: M.Definition) => M.addRepeatableGroup(d, '0.2.1', 0, 'X'), /row/],
    ['anything inside a field', (d: M.Definition) => M.addField(d, '0.1.0', 0, 'short-text', 'X'), /cannot hold/],
    ['a field without a label', (d: M.Definition) => M.addField(d, '0', 0, 'short-text', '  '), /needs a label/],
    ['empty guidance', (d: M.Definition) => M.addGuidance(d, '0', 0, ''), /needs some text/],
    ['an unknown kind', (d: M.Definition) => M.addField(d, '0', 0, 'signature' as M.PaletteKind, 'X'), /no kind of field/],
    ['a place that does not exist', (d: M.Definition) => M.addField(d, '9.9', 0, 'short-text', 'X'), /no longer exists/],
  ])('refuses %s', (_, edit, message) => {
    const def = deepFreeze(template('case-supervision'));
    expect(() => edit(def)).toThrow(M.DesignError);
    expect(() => edit(def)).toThrow(message);
  });

  it('refuses nesting repeatable groups deeper than the policy allows, and everything before that passes', () => {
    let def = empty();
    let path = '';
    let depth = 0;
    for (;;) {
      let next: M.PlacedResult;
      try {
        next = M.addRepeatableGroup(def, path, 0, `Level ${depth + 1}`);
      } catch (err) {
        expect(err).toBeInstanceOf(M.DesignError);
        expect((err as Error).message).toMatch(/nested at most 8 levels/);
        break;
      }
      def = next.definition;
      path = next.path;
      depth++;
      expect(violations(def)).toEqual([]);
    }
    expect(depth).toBe(3);
  });
});

describe('designer model: pages', () => {
  it('turns a form without pages into pages, the first holding what was there', () => {
    let def = empty();
    def = M.addField(def, '', 0, 'short-text', 'Name').definition;
    def = M.addGuidance(def, '', 0, 'Intro').definition;
    const before = schemaAnswers(def);
    const page = M.addPage(deepFreeze(def), 5, 'Details');
    expect(page.path).toBe('1');
    expect(page.definition.uischema).toEqual({
      type: 'Categorization',
      elements: [
        { type: 'Category', label: 'Page 1', elements: [{ type: 'Label', text: 'Intro' }, { type: 'Control', scope: '#/properties/name', label: 'Name', options: { kind: 'short-text' } }] },
        { type: 'Category', label: 'Details', elements: [] },
      ],
    });
    expect(schemaAnswers(page.definition)).toEqual(before);
    expect(violations(page.definition)).toEqual([]);
    expect(M.addPage(page.definition, 0, 'Start').path).toBe('0');
  });

  it('an empty form gets just the new page; addField with the page kind adds a page', () => {
    const page = M.addField(empty(), '', 0, 'page', 'About you');
    expect(page.definition.uischema).toEqual({ type: 'Categorization', elements: [{ type: 'Category', label: 'About you', elements: [] }] });
    expect(M.outline(page.definition).children).toMatchObject([{ kind: 'page', label: 'About you', path: '0' }]);
    expect(violations(page.definition)).toEqual([]);
  });
});
