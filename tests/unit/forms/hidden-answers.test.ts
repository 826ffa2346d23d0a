/**
 * Answers to hidden questions are left out of what is submitted (engine/forms/hidden-answers.ts),
 * judged as the runtime shows the form: each case is also summarised with the runtime's own
 * summary (runtime/renderers/summary/sections.ts, what "Check your answers" lists), and what
 * the server leaves out is exactly what the summary does not show.
 */
import type { JsonSchema, UISchemaElement } from '@jsonforms/core';
import { describe, expect, it } from 'vitest';
import { hiddenAnswers, visibilityPlan, visibleAnswers } from '../../../engine/forms/hidden-answers.js';
import type { JsonObject } from '../../../engine/forms/model.js';
import { checkDefinition } from '../../../engine/policy/index.js';
import { summarise, type SummaryBlock } from '../../../runtime/renderers/summary/sections.js';

const text = (title: string) => ({ type: 'string', title, maxLength: 200 });
const yesNo = (title: string) => ({ type: 'boolean', title });
const showWhen = (scope: string, schema: unknown) => ({ effect: 'SHOW', condition: { scope, schema } });
const hideWhen = (scope: string, schema: unknown) => ({ effect: 'HIDE', condition: { scope, schema } });
const ctl = (scope: string, extra: JsonObject = {}) => ({ type: 'Control', scope, ...extra });

/** A visit record: a page shown only for a visit, a group shown when the child was not seen, rows with their own rule. */
function visitForm() {
  return {
    schema: {
      type: 'object',
      properties: {
        visitType: { type: 'string', title: 'Type of contact', maxLength: 20, enum: ['VISIT', 'CALL'] },
        seen: yesNo('Was the child seen?'),
        notSeen: {
          type: 'object',
          properties: { reason: text('Why was the child not seen?'), nextVisit: text('When is the next visit?') },
        },
        seenAlone: yesNo('Was the child seen alone?'),
        home: { type: 'object', properties: { condition: text('Condition of the home'), concerns: yesNo('Concerns about the home?') } },
        concernDetail: text('Concerns: details'),
        childId: text('Child id'),
        actions: {
          type: 'array',
          maxItems: 10,
          items: {
            type: 'object',
            properties: { action: text('Action'), status: { type: 'string', maxLength: 10, enum: ['OPEN', 'DONE'] }, completedOn: text('Date completed'), notes: text('Notes') },
          },
        },
      },
    },
    uischema: {
      type: 'Categorization',
      elements: [
        {
          type: 'Category',
          label: 'The contact',
          elements: [
            ctl('#/properties/visitType'),
            ctl('#/properties/seen'),
            {
              type: 'Group',
              label: 'Child not seen',
              rule: showWhen('#/properties/seen', { const: false }),
              elements: [{ type: 'HorizontalLayout', elements: [ctl('#/properties/notSeen/properties/reason'), ctl('#/properties/notSeen/properties/nextVisit')] }],
            },
            ctl('#/properties/seenAlone', { rule: hideWhen('#/properties/seen', { not: { const: true } }) }),
          ],
        },
        {
          type: 'Category',
          label: 'The home',
          rule: showWhen('#/properties/visitType', { const: 'VISIT' }),
          elements: [
            ctl('#/properties/home/properties/condition'),
            ctl('#/properties/home/properties/concerns'),
            ctl('#/properties/concernDetail', { rule: showWhen('#/properties/home/properties/concerns', { const: true }) }),
          ],
        },
        {
          type: 'Category',
          label: 'Actions',
          elements: [
            ctl('#/properties/actions', {
              options: {
                detail: {
                  type: 'VerticalLayout',
                  elements: [
                    ctl('#/properties/action'),
                    ctl('#/properties/status'),
                    ctl('#/properties/completedOn', { rule: showWhen('#/properties/status', { const: 'DONE' }) }),
                    ctl('#/properties/notes', { rule: { effect: 'DISABLE', condition: { scope: '#/properties/status', schema: { const: 'DONE' } } } }),
                  ],
                },
              },
            }),
          ],
        },
      ],
    },
  };
}

function prepared(def: { schema: JsonObject; uischema: JsonObject }) {
  const { normalized, violations } = checkDefinition(def);
  expect(violations).toEqual([]);
  return { plan: visibilityPlan(normalized), normalized };
}

/** Dot paths of the answered questions the runtime's summary lists. */
function summaryPaths(def: { schema: JsonObject; uischema: JsonObject }, data: unknown): string[] {
  const out: string[] = [];
  const walk = (blocks: SummaryBlock[]) => {
    for (const b of blocks) {
      if (b.type === 'list') for (const r of b.rows) if (r.value !== '' && r.value !== 'None added') out.push(r.path);
      if (b.type === 'section') walk(b.blocks);
      if (b.type === 'group') for (const c of b.cards) for (const r of c.rows) if (r.value !== '') out.push(r.path);
    }
  };
  walk(summarise(def.schema as JsonSchema, def.uischema as unknown as UISchemaElement, data));
  return out;
}

const dotted = (pointer: string) => pointer.slice(1).replace(/\//g, '.');

/** Every answered leaf of `data` as a dot path. */
function leaves(data: unknown, prefix = ''): string[] {
  if (Array.isArray(data) && data.some((x) => typeof x === 'object')) return data.flatMap((x, i) => leaves(x, `${prefix}${prefix ? '.' : ''}${i}`));
  if (data && typeof data === 'object' && !Array.isArray(data)) return Object.entries(data).flatMap(([k, v]) => leaves(v, `${prefix}${prefix ? '.' : ''}${k}`));
  return [prefix];
}

const everything = () => ({
  visitType: 'VISIT',
  seen: true,
  notSeen: { reason: 'Family were out', nextVisit: 'Tomorrow' },
  seenAlone: true,
  home: { condition: 'Tidy and warm', concerns: false },
  concernDetail: 'Mould in the bedroom',
  childId: 'P2210457',
  actions: [
    { action: 'Book a review', status: 'OPEN', completedOn: '2026-11-03', notes: 'Ask the school' },
    { action: 'Call the GP', status: 'DONE', completedOn: '2026-11-04', notes: 'Done by phone' },
  ],
});

describe('answers to hidden questions', () => {
  const def = visitForm();
  const { plan, normalized } = prepared(def);

  const cases: Array<[string, Record<string, unknown>, string[]]> = [
    [
      'child seen, a visit: the not-seen group, the unanswered-concern detail and an open action\'s completion date are hidden',
      everything(),
      ['/notSeen/reason', '/notSeen/nextVisit', '/concernDetail', '/actions/0/completedOn'],
    ],
    [
      'child not seen: the group shows (SHOW), seen alone hides (HIDE on "not yes")',
      { ...everything(), seen: false },
      ['/seenAlone', '/concernDetail', '/actions/0/completedOn'],
    ],
    [
      'a phone call: the whole home page is hidden (a Category\'s rule)',
      { ...everything(), visitType: 'CALL', home: { condition: 'Not visited', concerns: true } },
      ['/notSeen/reason', '/notSeen/nextVisit', '/home/condition', '/home/concerns', '/concernDetail', '/actions/0/completedOn'],
    ],
    [
      'nothing about the child answered yet: a SHOW on an unanswered question hides, a HIDE on "not yes" hides too',
      { notSeen: { reason: 'r' }, seenAlone: false, home: { concerns: true }, concernDetail: 'd' },
      ['/notSeen/reason', '/seenAlone', '/home/concerns', '/concernDetail'],
    ],
  ];

  it.each(cases)('%s', (_, data, hidden) => {
    const before = structuredClone(data);
    expect(hiddenAnswers(plan, data)).toEqual(hidden);
    const kept = visibleAnswers(plan, data);
    for (const p of hidden) expect(dotted(p) in flat(kept), p).toBe(false);
    // Everything else is still there, unchanged; the input itself is untouched.
    expect(leaves(kept).sort()).toEqual(leaves(data).filter((p) => !hidden.map(dotted).includes(p)).sort());
    expect(data).toEqual(before);
    // The runtime's summary shows exactly the answers that are kept (bar one no question shows).
    expect(summaryPaths(normalized, data).sort()).toEqual(leaves(kept).filter((p) => p !== 'childId').sort());
  });

  it('keeps an answer no question shows (filled from the record\'s subject, say)', () => {
    const kept = visibleAnswers(plan, { ...everything(), seen: false });
    expect(kept.childId).toBe('P2210457');
  });

  it('keeps an answer whose question is only disabled (ENABLE/DISABLE hide nothing)', () => {
    const kept = visibleAnswers(plan, everything());
    expect(kept.actions[1]).toEqual({ action: 'Call the GP', status: 'DONE', completedOn: '2026-11-04', notes: 'Done by phone' });
  });

  it('evaluates a row\'s rules on that row alone', () => {
    const kept = visibleAnswers(plan, everything());
    expect(kept.actions.map((a) => a.completedOn)).toEqual([undefined, '2026-11-04']);
    expect(Object.keys(kept.actions[0]!)).toEqual(['action', 'status', 'notes']);
  });

  it('gives back the very same object when nothing is hidden, and copies only what it changes', () => {
    const data = { visitType: 'VISIT', seen: true, seenAlone: true, home: { condition: 'ok', concerns: true }, concernDetail: 'd', actions: [{ action: 'a', status: 'DONE', completedOn: 'x' }] };
    expect(visibleAnswers(plan, data)).toBe(data);
    const changed = { ...data, seen: false as boolean, notSeen: { reason: 'out' } };
    const kept = visibleAnswers(plan, changed);
    expect(kept).not.toBe(changed);
    expect(kept.home).toBe(changed.home);
    expect(kept.actions).toBe(changed.actions);
  });

  it('gives the same result when applied again', () => {
    for (const [, data] of cases) {
      const once = visibleAnswers(plan, data);
      expect(visibleAnswers(plan, once)).toEqual(once);
    }
  });

  it('leaves anything that is not a set of answers alone', () => {
    expect(visibleAnswers(plan, null)).toBe(null);
    const list = ['x'];
    expect(visibleAnswers(plan, list)).toBe(list);
  });
});

describe('answers shown in more than one place, and rules that hang on hidden answers', () => {
  it('keeps an answer that one visible question shows even though another, hidden, question shows it too', () => {
    const { plan } = prepared({
      schema: { type: 'object', properties: { seen: yesNo('Seen?'), note: text('Note') } },
      uischema: {
        type: 'VerticalLayout',
        elements: [
          ctl('#/properties/seen'),
          ctl('#/properties/note', { rule: showWhen('#/properties/seen', { const: true }) }),
          { type: 'Group', label: 'Also', rule: hideWhen('#/properties/seen', { const: true }), elements: [ctl('#/properties/note')] },
        ],
      },
    });
    expect(visibleAnswers(plan, { seen: false, note: 'n' })).toEqual({ seen: false, note: 'n' });
    expect(visibleAnswers(plan, { seen: true, note: 'n' })).toEqual({ seen: true, note: 'n' });
    expect(hiddenAnswers(plan, { seen: true, note: 'n' })).toEqual([]);
  });

  it('keeps what a visible question on the whole section shows, and leaves out the rest of a hidden one', () => {
    const { plan } = prepared({
      schema: { type: 'object', properties: { on: yesNo('On?'), a: { type: 'object', properties: { x: text('X'), y: text('Y') } }, b: { type: 'object', properties: { x: text('X'), y: text('Y') } } } },
      uischema: {
        type: 'VerticalLayout',
        elements: [
          ctl('#/properties/on'),
          ctl('#/properties/a'),
          ctl('#/properties/a/properties/x', { rule: showWhen('#/properties/on', { const: true }) }),
          ctl('#/properties/b', { rule: showWhen('#/properties/on', { const: true }) }),
          ctl('#/properties/b/properties/y'),
        ],
      },
    });
    expect(visibleAnswers(plan, { on: false, a: { x: '1', y: '2' }, b: { x: '3', y: '4' } })).toEqual({ on: false, a: { x: '1', y: '2' }, b: { y: '4' } });
  });

  it('a question shown only by a hidden answer is hidden too, whatever the order', () => {
    const { plan } = prepared({
      schema: { type: 'object', properties: { seen: yesNo('Seen?'), booked: yesNo('Follow-up booked?'), followUpOn: text('Follow-up date'), why: text('Why not seen?') } },
      uischema: {
        type: 'VerticalLayout',
        elements: [
          ctl('#/properties/followUpOn', { rule: showWhen('#/properties/booked', { const: true }) }),
          ctl('#/properties/seen'),
          { type: 'Group', label: 'Not seen', rule: showWhen('#/properties/seen', { const: false }), elements: [ctl('#/properties/why'), ctl('#/properties/booked')] },
        ],
      },
    });
    const data = { seen: true, why: 'Out', booked: true, followUpOn: 'Monday' };
    expect(hiddenAnswers(plan, data)).toEqual(['/why', '/booked']);
    expect(visibleAnswers(plan, data)).toEqual({ seen: true });
    expect(visibleAnswers(plan, { ...data, seen: false })).toEqual({ ...data, seen: false });
  });

  it('removes a whole repeatable group its own rule hides, rows and all', () => {
    const { plan } = prepared({
      schema: {
        type: 'object',
        properties: { plan: yesNo('Phased return?'), weeks: { type: 'array', maxItems: 5, items: { type: 'object', properties: { week: { type: 'integer', maximum: 9 }, duties: text('Duties') } } } },
      },
      uischema: {
        type: 'VerticalLayout',
        elements: [
          ctl('#/properties/plan'),
          ctl('#/properties/weeks', { rule: showWhen('#/properties/plan', { const: true }), options: { detail: { type: 'VerticalLayout', elements: [ctl('#/properties/week'), ctl('#/properties/duties')] } } }),
        ],
      },
    });
    expect(visibleAnswers(plan, { plan: false, weeks: [{ week: 1, duties: 'Light' }] })).toEqual({ plan: false });
    expect(visibleAnswers(plan, { plan: true, weeks: [{ week: 1, duties: 'Light' }] })).toEqual({ plan: true, weeks: [{ week: 1, duties: 'Light' }] });
  });

  it('a layout with no rule at all costs nothing: there is no plan to walk', () => {
    const { plan } = prepared({ schema: { type: 'object', properties: { a: text('A') } }, uischema: { type: 'VerticalLayout', elements: [ctl('#/properties/a')] } });
    expect(plan.root).toBeNull();
  });
});

/** `data` flattened to dot paths, for "is this answer still there". */
function flat(data: unknown): Record<string, true> {
  return Object.fromEntries(leaves(data).map((p) => [p, true]));
}
