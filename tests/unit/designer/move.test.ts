/** Moving layout elements: only the layout changes, never where answers are stored. */
import { describe, expect, it } from 'vitest';
import * as M from '../../../designer/model/index.js';
import { deepFreeze, get, schemaAnswers, template, templates, violations } from './support.js';

/** [A, S1[x, y], S2[z], R(row)[p, q], B] — fields named after their letters. */
function layout(): M.Definition {
  let def = M.emptyDefinition();
  const field = (parent: string, label: string) => {
    def = M.addField(def, parent, 99, 'short-text', label).definition;
  };
  field('', 'A');
  def = M.addSection(def, '', 1, 'S1').definition;
  field('1', 'X');
  field('1', 'Y');
  def = M.addSection(def, '', 2, 'S2').definition;
  field('2', 'Z');
  def = M.addRow(def, '', 3).definition;
  field('3', 'P');
  field('3', 'Q');
  field('', 'B');
  return deepFreeze(def);
}

const shape = (def: M.Definition): unknown => {
  const walk = (n: M.DesignNode): unknown => (n.kind === 'field' ? n.label : { [n.label]: n.children.map(walk) });
  return M.outline(def).children.map(walk);
};

describe('designer model: move', () => {
  it('moves a field between sections; the answer stays where it was stored', () => {
    const def = layout();
    const { definition, path } = M.move(def, '1.1', '2', 0);
    expect(path).toBe('2.0');
    expect(shape(definition)).toEqual(['A', { S1: ['X'] }, { S2: ['Y', 'Z'] }, { Row: ['P', 'Q'] }, 'B']);
    expect(definition.schema).toEqual(def.schema);
    expect(M.nodeAt(definition, path).dataPointer).toBe('/y');
  });

  it('places at the index counted after taking the element out', () => {
    const def = layout();
    expect(shape(M.move(def, '0', '', 2).definition)).toEqual([{ S1: ['X', 'Y'] }, { S2: ['Z'] }, 'A', { Row: ['P', 'Q'] }, 'B']);
    expect(M.move(def, '0', '', 2).path).toBe('2');
    expect(M.move(def, '4', '', 0).path).toBe('0');
  });

  for (const t of templates()) {
    it(`${t.id}: moving every field to the first page keeps every data path and passes the policy`, () => {
      let def = deepFreeze(t.definition);
      const answers = schemaAnswers(def);
      const fields = M.outlineFields(M.outline(def)).filter((n) => n.kind === 'field' && !n.path.includes('.d.') && !n.path.startsWith('0'));
      for (const f of fields.slice(0, 25)) {
        const at = M.outlineFields(M.outline(def)).find((n) => n.dataPointer === f.dataPointer)!;
        const moved = M.move(def, at.path, '0', 0);
        expect(M.nodeAt(moved.definition, moved.path).dataPointer).toBe(f.dataPointer);
        def = deepFreeze(moved.definition);
      }
      expect(schemaAnswers(def)).toEqual(answers);
      expect(violations(def)).toEqual([]);
    });
  }

  it('a required field moved under a display rule becomes required when shown, and plainly required again when moved back', () => {
    const def = deepFreeze(template('case-supervision'));
    // "Management decision" (always required) into the section shown only when escalation is needed? Use the escalation field's rule:
    const withSection = M.addSection(def, '3', 5, 'Escalation');
    const ruled = M.setRule(withSection.definition, withSection.path, { effect: 'show', combine: 'all', conditions: [{ field: '/decision/escalationNeeded', comparison: 'equals', value: true }] });
    const there = M.move(ruled.definition, '3.0', withSection.path, 0);
    expect(violations(there.definition)).toEqual([]);
    expect(M.fieldProps(there.definition, there.path)).toMatchObject({ required: true, requiredWhenShown: true });
    expect(get(there.definition.schema, '/properties/decision/required')).toEqual(['rationale']);
    const back = M.move(there.definition, there.path, '3', 0);
    expect(violations(back.definition)).toEqual([]);
    expect(M.fieldProps(back.definition, back.path)).toMatchObject({ required: true, requiredWhenShown: false });
    expect(get(back.definition.schema, '/properties/decision')).toEqual(get(ruled.definition.schema, '/properties/decision'));
  });

  it.each([
    ['a field into a repeatable group', (d: M.Definition) => M.move(d, '0.1.0', '0.1.1', 0), /cannot move into the repeatable group “Siblings discussed in this supervision”/],
    ['a field out of a repeatable group', (d: M.Definition) => M.move(d, '0.1.1.d.0', '0.1', 0), /cannot move out of the repeatable group/],
    ['a page into a section', (d: M.Definition) => M.move(d, '1', '0.1', 0), /only move among the other pages/],
    ['a field among the pages', (d: M.Definition) => M.move(d, '0.1.0', '', 0), /put it on one of the pages/],
    ['a section into itself', (d: M.Definition) => M.move(d, '0.1', '0.1', 0), /inside itself/],
    ['a section into a row', (d: M.Definition) => M.move(d, '0.1', '0.2.1', 0), /row/],
    ['the form', (d: M.Definition) => M.move(d, '', '0', 0), /cannot be moved/],
  ])('refuses to move %s', (_, edit, message) => {
    const def = deepFreeze(template('case-supervision'));
    expect(() => edit(def)).toThrow(M.DesignError);
    expect(() => edit(def)).toThrow(message);
  });

  it('moves guidance into and out of a repeatable group’s rows, and pages among pages', () => {
    const def = deepFreeze(template('case-supervision'));
    const inRows = M.move(def, '0.0', '0.1.1', 0);
    expect(inRows.path).toBe('0.0.1.d.0');
    expect(violations(inRows.definition)).toEqual([]);
    const page = M.move(def, '5', '', 0);
    expect(page.path).toBe('0');
    expect(M.outline(page.definition).children.map((p) => p.label)[0]).toBe("Supervisee's comments");
  });
});

describe('designer model: keyboard reordering (moveUp / moveDown)', () => {
  const cases: Array<[string, 'up' | 'down', string, unknown]> = [
    ['1.1', 'up', '1.0', ['A', { S1: ['Y', 'X'] }, { S2: ['Z'] }, { Row: ['P', 'Q'] }, 'B']],
    ['1.0', 'up', '1', ['A', 'X', { S1: ['Y'] }, { S2: ['Z'] }, { Row: ['P', 'Q'] }, 'B']],
    ['1.1', 'down', '2.0', ['A', { S1: ['X'] }, { S2: ['Y', 'Z'] }, { Row: ['P', 'Q'] }, 'B']],
    ['2.0', 'up', '1.2', ['A', { S1: ['X', 'Y', 'Z'] }, { S2: [] }, { Row: ['P', 'Q'] }, 'B']],
    ['2.0', 'down', '3', ['A', { S1: ['X', 'Y'] }, { S2: [] }, 'Z', { Row: ['P', 'Q'] }, 'B']],
    ['0', 'down', '0.0', [{ S1: ['A', 'X', 'Y'] }, { S2: ['Z'] }, { Row: ['P', 'Q'] }, 'B']],
    ['4', 'up', '3', ['A', { S1: ['X', 'Y'] }, { S2: ['Z'] }, 'B', { Row: ['P', 'Q'] }]],
    ['3.0', 'up', '3', ['A', { S1: ['X', 'Y'] }, { S2: ['Z'] }, 'P', { Row: ['Q'] }, 'B']],
    ['3.0', 'down', '3.1', ['A', { S1: ['X', 'Y'] }, { S2: ['Z'] }, { Row: ['Q', 'P'] }, 'B']],
    ['1', 'down', '2', ['A', { S2: ['Z'] }, { S1: ['X', 'Y'] }, { Row: ['P', 'Q'] }, 'B']],
  ];
  it.each(cases)('%s %s → %s', (path, dir, newPath, after) => {
    const def = layout();
    const r = dir === 'up' ? M.moveUp(def, path) : M.moveDown(def, path);
    expect(r.path).toBe(newPath);
    expect(shape(r.definition)).toEqual(after);
    expect(r.definition.schema).toEqual(def.schema);
  });

  it('refuses at the very top and bottom, and at the edge of a repeatable group', () => {
    const def = layout();
    expect(() => M.moveUp(def, '0')).toThrow(/already at the top of the form/);
    expect(() => M.moveDown(def, '4')).toThrow(/already at the bottom of the form/);
    const sup = template('case-supervision');
    expect(() => M.moveUp(sup, '0.1.1.d.0')).toThrow(/fields cannot leave it/);
    expect(() => M.moveUp(sup, '0')).toThrow(/already the first page/);
  });

  it('crosses pages: at the top of a page a field goes to the end of the page before', () => {
    const sup = template('case-supervision');
    const r = M.moveUp(sup, '2.0');
    expect(r.path).toBe('1.2');
    expect(M.nodeAt(r.definition, r.path).dataPointer).toBe('/discussion/currentUpdate');
    expect(violations(r.definition)).toEqual([]);
    expect(M.moveDown(sup, '4').path).toBe('5');
    expect(() => M.moveDown(sup, '5')).toThrow(/already the last page/);
  });
});
