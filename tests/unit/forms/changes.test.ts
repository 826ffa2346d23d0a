import { describe, expect, it } from 'vitest';
import { affects, analyseChanges, type Change } from '../../../engine/forms/changes.js';
import type { JsonObject } from '../../../engine/forms/model.js';
import { fieldPath } from '../../../engine/forms/schema-paths.js';
import { checkDefinition } from '../../../engine/policy/index.js';
import { Validators } from '../../../engine/validation/index.js';
import { sampleDefinition, varied } from '../../support/definitions.js';

type Def = ReturnType<typeof sampleDefinition>;
const props = (d: Def) => d.schema.properties as Record<string, JsonObject>;
const row = (d: Def) => (props(d).actions!.items as JsonObject).properties as Record<string, JsonObject>;
const summary = (cs: Change[]) => cs.map((c) => [c.kind, c.path, c.breaking]);

describe('change analysis', () => {
  const base = sampleDefinition();

  it('finds nothing between identical versions', () => {
    expect(analyseChanges(base, sampleDefinition())).toEqual([]);
  });

  it('a removed field is breaking, reported at its pointer in the older schema', () => {
    const next = varied(base, (d) => {
      delete props(d).score;
      d.uischema = sampleDefinition().uischema; // layout left pointing at it is not the point here
    });
    const [c] = analyseChanges(base, next).filter((x) => x.kind !== 'layout-changed');
    expect(c).toEqual({
      kind: 'field-removed',
      path: '/score',
      pointer: '/properties/score',
      in: 'from',
      field: 'Score',
      breaking: true,
      message: '“Score” was removed; answers already given to it would no longer be accepted.',
    });
  });

  it('an added optional field is not breaking; an added required one is', () => {
    const next = varied(base, (d) => {
      props(d).notes = { type: 'string', maxLength: 100, title: 'Notes' };
      props(d).auditorId = { type: 'string', maxLength: 20, title: 'Auditor' };
      d.schema.required = ['childId', 'caseType', 'auditorId'];
    });
    expect(summary(analyseChanges(base, next))).toEqual([
      ['field-added', '/notes', false],
      ['field-added', '/auditorId', true],
    ]);
  });

  it('a new section is reported once, not field by field', () => {
    const next = varied(base, (d) => {
      props(d).moderation = { type: 'object', title: 'Moderation', additionalProperties: false, properties: { moderatorId: { type: 'string', maxLength: 20 }, outcome: { type: 'string', maxLength: 20 } } };
    });
    expect(summary(analyseChanges(base, next))).toEqual([['field-added', '/moderation', false]]);
  });

  it('type, requiredness, options, constraints, labels and hints, each in words', () => {
    const next = varied(base, (d) => {
      props(d).score = { type: 'number', minimum: 0, maximum: 10 };
      d.schema.required = ['childId', 'caseType', 'periodFrom'];
      (props(d).caseType!.oneOf as JsonObject[]).splice(2, 1, { const: 'CPP', title: 'Child Protection Plan' });
      (props(d).caseType!.oneOf as JsonObject[])[0]!.title = 'Child in need (s17)';
      props(d).childId!.maxLength = 10;
      props(d).summary!.maxLength = 8000;
      props(d).childId!.description = 'As shown on the ICS front sheet';
      row(d).priority!.enum = ['immediate', 'week', 'month', 'quarter'];
      const ui = (d.uischema.elements as JsonObject[])[0]!.elements as JsonObject[];
      ui[0]!.label = 'ICS person ID';
    });
    const changes = analyseChanges(base, next);
    expect(summary(changes)).toEqual([
      ['constraint-tightened', '/childId', true],
      ['label-changed', '/childId', false],
      ['hint-changed', '/childId', false],
      ['option-label-changed', '/caseType', false],
      ['option-removed', '/caseType', true],
      ['option-added', '/caseType', false],
      ['made-required', '/periodFrom', true],
      ['type-changed', '/score', true],
      ['constraint-loosened', '/summary', false],
      ['option-added', '/actions/*/priority', false],
      ['layout-changed', '', false],
    ]);
    const text = Object.fromEntries(changes.map((c) => [`${c.kind} ${c.path}`, c.message]));
    expect(text['option-removed /caseType']).toBe('The option “Child Looked After” (code "CLA") was removed from “Case type”.');
    expect(text['constraint-tightened /childId']).toBe('The longest length of “ICS person ID” changed from 20 to 10, so some answers accepted before would now be refused.');
    expect(text['label-changed /childId']).toBe('“Child\'s ICS person ID” is now labelled “ICS person ID”.');
    expect(text['type-changed /score']).toBe('“Score” changed from integer to number; answers given as integer would no longer be accepted.');
  });

  it('changed conditions are breaking; removed ones are not', () => {
    const stricter = varied(base, (d) => (d.schema['x-compare'] = [{ field: '/periodTo', op: '>', other: '/periodFrom' }]));
    expect(summary(analyseChanges(base, stricter))).toEqual([['rules-changed', '', true]]);
    const none = varied(base, (d) => {
      delete d.schema['x-compare'];
      delete d.schema.allOf;
    });
    expect(summary(analyseChanges(base, none))).toEqual([['rules-changed', '', false]]);
  });

  it('a new check of each row against an answer outside the group is a breaking rule change, affecting only records with a row that breaks it', () => {
    const next = varied(base, (d) => (d.schema['x-compare'] = [...(d.schema['x-compare'] as JsonObject[]), { field: '/actions/*/dueDate', op: '>', other: '/periodFrom' }]));
    const changes = analyseChanges(base, next);
    expect(summary(changes)).toEqual([['rules-changed', '', true]]);
    // As the publish impact report judges it: the newer version's errors for the record.
    const checked = checkDefinition(next);
    expect(checked.violations).toEqual([]);
    const v = new Validators();
    const target = { formId: 'f', version: 2, hash: 'h2', ...checked.normalized };
    const affected = (data: JsonObject) => {
      const errors = v.validate(target, data, 'submit').filter((e) => e.keyword !== 'required').map((e) => fieldPath(e.pointer));
      return affects(changes[0]!, data, 'draft', (path) => (path === '' ? errors.length > 0 : errors.some((p) => p === path || p.startsWith(path + '/'))));
    };
    const action = (dueDate: string) => ({ action: 'Visit', dueDate });
    expect(affected({ periodFrom: '2026-11-10', actions: [action('2026-11-20'), action('2026-11-09')] })).toBe(true);
    expect(affected({ periodFrom: '2026-11-10', actions: [action('2026-11-20'), action('2026-11-11')] })).toBe(false);
  });

  it('follows references: a change in a shared definition is reported where it is used', () => {
    const withDefs = (max: number): Def => ({
      schema: {
        type: 'object',
        definitions: { domain: { type: 'object', properties: { grade: { type: 'string', maxLength: max } } } },
        properties: { chronology: { $ref: '#/definitions/domain' }, planning: { $ref: '#/definitions/domain' } },
      },
      uischema: { type: 'VerticalLayout', elements: [] },
    });
    const changes = analyseChanges(withDefs(20), withDefs(10));
    expect(changes.map((c) => [c.path, c.pointer])).toEqual([
      ['/chronology/grade', '/definitions/domain/properties/grade'],
      ['/planning/grade', '/definitions/domain/properties/grade'],
    ]);
  });
});

describe('whether a breaking change touches a record', () => {
  const base = sampleDefinition();
  const noErrors = () => false;
  const change = (next: Def, kind: string) => analyseChanges(base, next).find((c) => c.kind === kind)!;

  it('a removed field touches only records that answered it', () => {
    const c = change(varied(base, (d) => delete props(d).score), 'field-removed');
    expect(affects(c, { score: 3 }, 'draft', noErrors)).toBe(true);
    expect(affects(c, { childId: 'C1' }, 'draft', noErrors)).toBe(false);
  });

  it('a removed option touches only records that chose it, in any row', () => {
    const c = change(varied(base, (d) => (row(d).priority!.enum = ['immediate', 'week'])), 'option-removed');
    expect(affects(c, { actions: [{ priority: 'week' }, { priority: 'month' }] }, 'draft', noErrors)).toBe(true);
    expect(affects(c, { actions: [{ priority: 'week' }] }, 'draft', noErrors)).toBe(false);
  });

  it('a tightened limit touches only records over it', () => {
    const c = change(varied(base, (d) => (props(d).childId!.maxLength = 5)), 'constraint-tightened');
    expect(affects(c, { childId: 'C123456' }, 'draft', noErrors)).toBe(true);
    expect(affects(c, { childId: 'C12' }, 'draft', noErrors)).toBe(false);
  });

  it('a later earliest date or an earlier latest date is breaking for the dates outside it; widening is not', () => {
    const from = (d: Def, limits: JsonObject) => Object.assign(props(d).periodFrom!, limits);
    const limited = varied(base, (d) => from(d, { formatMinimum: '2025-01-01', formatMaximum: '2026-12-31' }));
    const first = analyseChanges(base, limited).filter((c) => c.path === '/periodFrom');
    expect(summary(first)).toEqual([
      ['constraint-tightened', '/periodFrom', true],
      ['constraint-tightened', '/periodFrom', true],
    ]);
    const earliest = first.find((c) => c.detail?.keyword === 'formatMinimum')!;
    expect(earliest.message).toBe('The earliest date of “Period from” changed from none to "2025-01-01", so some answers accepted before would now be refused.');
    expect(affects(earliest, { periodFrom: '2024-12-31' }, 'draft', noErrors)).toBe(true);
    expect(affects(earliest, { periodFrom: '2025-01-01' }, 'draft', noErrors)).toBe(false);
    const latest = first.find((c) => c.detail?.keyword === 'formatMaximum')!;
    expect(affects(latest, { periodFrom: '2027-01-01' }, 'draft', noErrors)).toBe(true);
    expect(affects(latest, { periodFrom: '2026-12-31' }, 'draft', noErrors)).toBe(false);

    const moved = analyseChanges(limited, varied(limited, (d) => from(d, { formatMinimum: '2024-06-01', formatMaximum: '2026-06-30' })));
    expect(summary(moved)).toEqual([
      ['constraint-loosened', '/periodFrom', false],
      ['constraint-tightened', '/periodFrom', true],
    ]);
  });

  it('a new pattern is judged with RE2', () => {
    const c = change(varied(base, (d) => (props(d).childId!.pattern = '^C[0-9]+$')), 'constraint-tightened');
    expect(affects(c, { childId: 'X9' }, 'draft', noErrors)).toBe(true);
    expect(affects(c, { childId: 'C9' }, 'draft', noErrors)).toBe(false);
  });

  it('a new requirement does not stop a draft (its author will be asked) but does touch a submitted record', () => {
    const c = change(varied(base, (d) => (d.schema.required = ['childId', 'caseType', 'score'])), 'made-required');
    expect(affects(c, {}, 'draft', () => true)).toBe(false);
    expect(affects(c, {}, 'submitted', (p) => p === '/score')).toBe(true);
  });

  it('a non-breaking change never touches anything', () => {
    const c = change(varied(base, (d) => (props(d).summary!.maxLength = 9000)), 'constraint-loosened');
    expect(affects(c, { summary: 'x' }, 'submitted', () => true)).toBe(false);
  });
});

describe('change analysis: calculated answers', () => {
  /** The sample form with a calculated answer over its period and one over its actions' rows. */
  const withCalculations = () =>
    varied(sampleDefinition(), (d) => {
      props(d).periodDays = { type: 'integer', title: 'Days in the period', readOnly: true, 'x-calculate': 'daysBetween(periodFrom, periodTo) + 1' };
      props(d).actionCount = { type: 'integer', title: 'Number of actions', readOnly: true, 'x-calculate': 'count(actions.dueDate)' };
    });
  const base = withCalculations();

  it('a changed formula is a change of its own, not breaking, naming the question', () => {
    const next = varied(base, (d) => (props(d).periodDays!['x-calculate'] = 'workingDays(periodFrom, periodTo)'));
    const changes = analyseChanges(base, next);
    expect(changes).toEqual([
      {
        kind: 'calculation-changed',
        path: '/periodDays',
        pointer: '/properties/periodDays',
        in: 'to',
        field: 'Days in the period',
        breaking: false,
        detail: { before: 'daysBetween(periodFrom, periodTo) + 1', after: 'workingDays(periodFrom, periodTo)' },
        message: 'The formula of “Days in the period” changed from daysBetween(periodFrom, periodTo) + 1 to workingDays(periodFrom, periodTo).',
      },
    ]);
    expect(affects(changes[0]!, { periodDays: 3 }, 'submitted', () => true)).toBe(false);
  });

  it('a question that becomes worked out, or stops being, is said so', () => {
    const calculated = varied(base, (d) => Object.assign(props(d).score!, { readOnly: true, 'x-calculate': 'actionCount * 2' }));
    delete (calculated.schema.properties as Record<string, JsonObject>).score!.minimum;
    delete (calculated.schema.properties as Record<string, JsonObject>).score!.maximum;
    const text = analyseChanges(base, calculated).map((c) => c.message);
    expect(text).toContain('“Score” is now worked out by the formula actionCount * 2.');
    const typed = varied(base, (d) => delete props(d).periodDays!['x-calculate']);
    expect(analyseChanges(base, typed).map((c) => c.message)).toEqual(['“Days in the period” is no longer worked out by a formula: people will answer it themselves.']);
  });

  it('an answer a formula uses removed or retyped: the change list says which calculation it touches', () => {
    const retyped = varied(base, (d) => {
      row(d).dueDate = { type: 'string', maxLength: 10 };
    });
    expect(summary(analyseChanges(base, retyped))).toEqual([
      ['format-changed', '/actions/*/dueDate', false],
      ['calculation-input-changed', '/actionCount', false],
    ]);
    expect(analyseChanges(base, retyped).at(-1)!.message).toBe(
      '“Number of actions” is worked out from “Due date”, which changed (format changed): check that its formula still gives what you mean.',
    );
    const removed = varied(base, (d) => {
      delete props(d).periodTo;
      props(d).periodDays!['x-calculate'] = 'daysBetween(periodFrom, today())';
      d.schema['x-compare'] = [];
    });
    const kinds = summary(analyseChanges(base, removed).filter((c) => c.kind !== 'layout-changed' && c.kind !== 'rules-changed'));
    expect(kinds).toEqual([
      ['calculation-changed', '/periodDays', false],
      ['field-removed', '/periodTo', true],
    ]);
  });

  it('the policy accepts the form the change tests use', () => {
    expect(checkDefinition(base).violations).toEqual([]);
  });
});
