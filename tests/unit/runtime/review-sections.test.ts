/**
 * Stage sections in the form: the author never fills them (hidden while empty, read-only once a
 * reviewer wrote in them), a new draft does not show them at all, and the reviewer sees their
 * section alone — from the form's own layout, or one question per property when it has none.
 */
import { describe, expect, it } from 'vitest';
import type { UISchemaElement } from '@jsonforms/core';
import { authorView, isBlank, scopeOf, sectionView, stagesOf } from '../../../runtime/review/sections.js';
import { stepsOf } from '../../../runtime/form/steps.js';
import { summarise, type SummaryBlock } from '../../../runtime/renderers/summary/sections.js';

const schema = {
  type: 'object',
  properties: {
    date: { type: 'string', format: 'date' },
    notes: { type: 'string' },
    manager: { type: 'object', title: 'Manager’s view', properties: { decision: { type: 'string' }, comments: { type: 'string' } } },
  },
  'x-review': { stages: [{ id: 'manager-sign-off', name: 'Manager sign-off', actor: { role: 'manager', relationship: 'line-manager' }, dueWorkingDays: 5, section: 'manager' }] },
};
const categories = {
  type: 'Categorization',
  elements: [
    { type: 'Category', label: 'The visit', elements: [{ type: 'Control', scope: '#/properties/date' }, { type: 'Control', scope: '#/properties/notes' }] },
    { type: 'Category', label: 'Manager', elements: [{ type: 'Label', text: 'For the manager' }, { type: 'Control', scope: '#/properties/manager/properties/decision' }, { type: 'Control', scope: '#/properties/manager/properties/comments' }] },
  ],
} as unknown as UISchemaElement;

type El = { type: string; label?: string; scope?: string; options?: Record<string, unknown>; elements?: El[] };

describe('runtime: stage sections', () => {
  it('finds the stages and the sections they fill', () => {
    expect(stagesOf(schema).map((s) => s.section)).toEqual(['manager']);
    expect(stagesOf({ type: 'object' })).toEqual([]);
  });

  it('hides an empty stage section from the author, step and all', () => {
    const view = authorView(categories, schema, { date: '2027-03-01' }) as unknown as El;
    expect(view.elements!.map((c) => c.label)).toEqual(['The visit']);
    expect(stepsOf(view as unknown as UISchemaElement, 'Visit').map((s) => s.label)).toEqual(['The visit']);
    // Blank answers are no answers.
    expect((authorView(categories, schema, { manager: { decision: ' ', comments: '' } }) as unknown as El).elements).toHaveLength(1);
  });

  it('shows a stage section a reviewer filled in to the author read-only', () => {
    const view = authorView(categories, schema, { manager: { decision: 'Agreed' } }) as unknown as El;
    const manager = view.elements![1]!;
    expect(manager.label).toBe('Manager');
    expect(manager.elements!.filter((e) => e.type === 'Control').map((e) => e.options?.readonly)).toEqual([true, true]);
    // The author's own questions stay editable.
    expect(view.elements![0]!.elements!.map((e) => e.options?.readonly)).toEqual([undefined, undefined]);
  });

  it('leaves a form without stages as it is', () => {
    expect(authorView(categories, { type: 'object' }, {})).toBe(categories);
  });

  it('gives the reviewer their section alone, its categories as headed groups', () => {
    const view = sectionView(categories, schema, 'manager') as unknown as El;
    expect(view.type).toBe('VerticalLayout');
    expect(view.elements).toHaveLength(1);
    expect(view.elements![0]).toMatchObject({ type: 'Group', label: 'Manager' });
    expect(view.elements![0]!.elements!.map((e) => e.scope ?? e.type)).toEqual(['Label', '#/properties/manager/properties/decision', '#/properties/manager/properties/comments']);
  });

  it('asks each question of a section the layout does not place', () => {
    const view = sectionView({ type: 'VerticalLayout', elements: [{ type: 'Control', scope: '#/properties/date' }] } as UISchemaElement, schema, 'manager') as unknown as El;
    expect(view).toMatchObject({ type: 'Group', label: 'Manager’s view' });
    expect(view.elements!.map((e) => e.scope)).toEqual(['#/properties/manager/properties/decision', '#/properties/manager/properties/comments']);
  });

  it('counts only written answers as written', () => {
    expect(isBlank(undefined)).toBe(true);
    expect(isBlank({ a: '', b: [], c: { d: null } })).toBe(true);
    expect(isBlank({ a: false })).toBe(false);
    expect(isBlank({ a: 0 })).toBe(false);
  });

  it('offers no "Change" on a filled stage section in the author\'s check of answers, rows of a repeating group included', () => {
    const withList = {
      ...schema,
      properties: {
        ...schema.properties,
        manager: { type: 'object', properties: { decision: { type: 'string' }, actions: { type: 'array', items: { type: 'object', properties: { action: { type: 'string' } } } } } },
      },
    };
    const ui = { type: 'VerticalLayout', elements: [{ type: 'Control', scope: '#/properties/notes' }, { type: 'Control', scope: '#/properties/manager/properties/decision' }, { type: 'Control', scope: '#/properties/manager/properties/actions' }] } as UISchemaElement;
    const data = { notes: 'Seen', manager: { decision: 'Agreed', actions: [{ action: 'Visit' }] } };
    const rows = (blocks: SummaryBlock[]): Array<{ path: string; changes: string }> =>
      blocks.flatMap((b) => (b.type === 'list' ? b.rows : b.type === 'section' ? rows(b.blocks) : b.cards.flatMap((c) => c.rows)));
    const changes = Object.fromEntries(rows(summarise(withList as never, authorView(ui, withList, data), data)).map((r) => [r.path, r.changes]));
    expect(changes).toEqual({ notes: 'notes', 'manager.decision': '', 'manager.actions.0.action': '' });
  });
});

describe('the answers that show who a record is about', () => {
  it('are read-only in the author’s view, in a form with stage sections or without; everything else is as it was', () => {
    expect(scopeOf('/employee/workerId')).toBe('#/properties/employee/properties/workerId');
    expect(scopeOf('/a~1b/c~0d')).toBe('#/properties/a/b/properties/c~d');
    const fixed = new Set([scopeOf('/date')]);
    const plain = { type: 'object', properties: { date: { type: 'string' }, notes: { type: 'string' } } };
    const layout = { type: 'VerticalLayout', elements: [{ type: 'Control', scope: '#/properties/date' }, { type: 'Control', scope: '#/properties/notes' }] } as unknown as UISchemaElement;
    const view = authorView(layout, plain, {}, fixed) as unknown as El;
    expect(view.elements!.map((e) => [e.scope, e.options?.readonly ?? false])).toEqual([
      ['#/properties/date', true],
      ['#/properties/notes', false],
    ]);
    // Nothing fixed and no stage sections: the very same layout (JSON Forms keeps its state).
    expect(authorView(layout, plain, {})).toBe(layout);
    const staged = authorView(categories, schema, {}, fixed) as unknown as El;
    expect(staged.elements!.map((c) => c.elements!.map((e) => [e.scope, e.options?.readonly ?? false]))).toEqual([
      [
        ['#/properties/date', true],
        ['#/properties/notes', false],
      ],
    ]);
  });
});
