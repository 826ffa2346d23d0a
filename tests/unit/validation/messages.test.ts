/**
 * Error messages say how to fix the answer, in the GOV.UK Design System's words
 * (design-system.service.gov.uk/components/error-message): "Enter …" for what is typed, "Select …"
 * for choices, "… must include a month" for a partly typed date, "… must be between 0 and 10".
 * One message per keyword and per kind of question, each with the label the person sees.
 */
import { describe, expect, it } from 'vitest';
import { checkDefinition } from '../../../engine/policy/index.js';
import { Validators } from '../../../engine/validation/index.js';
import type { JsonObject } from '../../../engine/forms/model.js';

const NOW = new Date('2026-11-26T12:00:00Z');

const definition = {
  schema: {
    type: 'object',
    required: ['childId', 'visitType', 'seen', 'visitDate', 'visitAt', 'startTime', 'score', 'episodeId', 'support', 'actions', 'worried', 'periodFrom', 'fitNoteStatus'],
    properties: {
      childId: { type: 'string', minLength: 1, maxLength: 20 },
      visitType: { type: 'string', maxLength: 10, oneOf: [{ const: 'VISIT', title: 'Home visit' }, { const: 'CALL', title: 'Phone call' }] },
      seen: { type: 'boolean' },
      visitDate: { type: 'string', format: 'date', formatMinimum: '2000-01-01' },
      visitAt: { type: 'string', format: 'date-time', maxLength: 40 },
      startTime: { type: 'string', format: 'time', maxLength: 8 },
      score: { type: 'integer', minimum: 0, maximum: 10 },
      hours: { type: 'number', minimum: 0 },
      people: { type: 'integer', maximum: 30 },
      email: { type: 'string', format: 'email', maxLength: 200 },
      episodeId: { type: 'string', maxLength: 20, pattern: '^EP-[0-9]{4}$', examples: ['EP-2231'] },
      accidentRef: { type: 'string', maxLength: 20, pattern: '^[A-Z]+$' },
      notes: { type: 'string', maxLength: 1000 },
      summary: { type: 'string', minLength: 10, maxLength: 100 },
      support: { type: 'array', minItems: 1, maxItems: 2, uniqueItems: true, items: { type: 'string', maxLength: 10, enum: ['EAP', 'OH', 'GP'] } },
      actions: {
        type: 'array',
        minItems: 1,
        maxItems: 5,
        items: { type: 'object', title: 'Action', required: ['action', 'dueDate'], properties: { action: { type: 'string', maxLength: 100 }, dueDate: { type: 'string', format: 'date' } } },
      },
      worried: { type: 'string', maxLength: 100 },
      periodFrom: { type: 'string', format: 'date' },
      periodTo: { type: 'string', format: 'date' },
      fitNoteStatus: { type: 'string', maxLength: 20, enum: ['NOT-FIT', 'MAY-BE-FIT'] },
      howHeld: { type: 'string', maxLength: 20, enum: ['IN-PERSON', 'VIRTUAL'] },
      signedAt: { type: 'string', format: 'date-time', maxLength: 40 },
      reviewOn: { type: 'string', format: 'date' },
    },
    'x-compare': [
      { field: '/periodTo', op: '>=', other: '/periodFrom' },
      { field: '/visitDate', op: '<=', other: 'now' },
      { field: '/signedAt', op: '<=', other: 'now' },
      { field: '/reviewOn', op: '>=', other: 'now' },
    ],
  },
  uischema: {
    type: 'VerticalLayout',
    elements: [
      ['childId', "Child's ICS person id"],
      ['visitType', 'Type of contact'],
      ['seen', 'Was the child seen?'],
      ['visitDate', 'Date of the visit'],
      ['visitAt', 'Date and time of the visit'],
      ['startTime', 'Start time'],
      ['score', 'Scaling score'],
      ['hours', 'Hours spent'],
      ['people', 'People present'],
      ['email', "Worker's email"],
      ['episodeId', 'Episode id'],
      ['accidentRef', 'ICS accident reference'],
      ['notes', 'Notes'],
      ['summary', 'Summary'],
      ['support', 'Support offered'],
      ['actions', 'Actions'],
      ['worried', 'What are we worried about?'],
      ['periodFrom', 'Period from'],
      ['periodTo', 'Period to'],
      ['fitNoteStatus', 'Fit note says'],
      ['howHeld', 'How the visit was held'],
      ['signedAt', 'Supervisor signed off'],
      ['reviewOn', 'Next review date'],
    ].map(([name, label]) => ({ type: 'Control', scope: `#/properties/${name}`, label })),
  },
};

const v = new Validators({ clock: () => NOW });
const checked = checkDefinition(definition);
const version = { formId: 'visit', version: 1, hash: 'h', ...checked.normalized };

const complete = (): JsonObject => ({
  childId: 'P2210457',
  visitType: 'VISIT',
  seen: true,
  visitDate: '2026-11-20',
  visitAt: '2026-11-20T14:30:00Z',
  startTime: '14:30',
  score: 7,
  episodeId: 'EP-2231',
  support: ['EAP'],
  actions: [{ action: 'Book a review', dueDate: '2026-12-01' }],
  worried: 'Nothing new',
  periodFrom: '2026-11-01',
  fitNoteStatus: 'NOT-FIT',
});

/** The one message for `pointer` when `change` is made to a complete record. */
function messageFor(pointer: string, change: JsonObject): string {
  const errors = v.validate(version, { ...complete(), ...change }, 'submit');
  const at = errors.filter((e) => e.pointer === pointer);
  expect(errors.filter((e) => e.pointer !== pointer), 'no other problem').toEqual([]);
  expect(at).toHaveLength(1);
  return at[0]!.message;
}

describe('error messages say how to fix the answer', () => {
  it('the definition passes the policy', () => {
    expect(checked.violations).toEqual([]);
  });

  it('a missing answer is asked for by the kind of question, with the label as the person sees it', () => {
    const errors = v.validate(version, {}, 'submit');
    expect(Object.fromEntries(errors.map((e) => [e.pointer, e.message]))).toEqual({
      '/childId': "Enter the child's ICS person id.",
      '/visitType': 'Select the type of contact.',
      '/seen': 'Select yes or no for “Was the child seen?”.',
      '/visitDate': 'Enter the date of the visit.',
      '/visitAt': 'Enter the date and time of the visit.',
      '/startTime': 'Enter the start time.',
      '/score': 'Enter the scaling score.',
      '/episodeId': 'Enter the episode id.',
      '/support': 'Select at least one option for the support offered.',
      '/actions': 'Add at least one action.',
      '/worried': 'Enter an answer to “What are we worried about?”.',
      '/periodFrom': 'Enter the date for “Period from”.',
      '/fitNoteStatus': 'Select an answer to “Fit note says”.',
    });
  });

  it('a missing answer in a row says which row', () => {
    expect(messageFor('/actions/1/dueDate', { actions: [complete().actions as never, { action: 'Call the GP' }].flat() })).toBe('Actions, row 2: Enter the due date.');
  });

  it('empty text is a missing answer', () => {
    expect(messageFor('/childId', { childId: '' })).toBe("Enter the child's ICS person id.");
  });

  it.each([
    ['-03-12', 'Date of the visit must include a year.'],
    ['2026--12', 'Date of the visit must include a month.'],
    ['2026-03-', 'Date of the visit must include a day.'],
    ['--12', 'Date of the visit must include a month and year.'],
    ['2026--', 'Date of the visit must include a day and month.'],
    ['26-03-12', 'The year in the date of the visit must include 4 numbers.'],
    ['20x6-03-12', 'Date of the visit must be a real date.'],
    ['2026-13-12', 'Date of the visit must be a real date.'],
    ['2026-02-30', 'Date of the visit must be a real date.'],
    ['--', 'Enter the date of the visit.'],
    ['27/03/2026', 'Date of the visit must be a real date, like 2026-03-27.'],
    ['1999-12-31', 'Date of the visit must be on or after 1 January 2000.'],
    ['2026-11-27', 'Date of the visit must be today or in the past.'],
  ])('a date typed as %j: %s', (typed, message) => {
    expect(messageFor('/visitDate', { visitDate: typed })).toBe(message);
  });

  it.each([
    ['2026-03-27T', 'Date and time of the visit must include a time, like 14:30.'],
    ['--T14:30', 'Date and time of the visit must include a date.'],
    ['2026--27T14:30', 'Date and time of the visit must include a month.'],
    ['2026--27T', 'Date and time of the visit must include a month and a time.'],
    ['2026-03-27T25:00', 'Date and time of the visit must include a real time, like 14:30.'],
    ['2026-02-30T14:30', 'Date and time of the visit must be a real date and time.'],
    ['2026-03-27T14:30', 'Date and time of the visit must be a real date and time, like 2026-03-27T14:30:00Z.'],
  ])('a date and time typed as %j: %s', (typed, message) => {
    expect(messageFor('/visitAt', { visitAt: typed })).toBe(message);
  });

  it('a fragment of a label is quoted where "the" would not read', () => {
    expect(messageFor('/signedAt', { signedAt: '2026-11-26T' })).toBe('Supervisor signed off must include a time, like 14:30.');
    expect(messageFor('/signedAt', { signedAt: '2026-11-27T12:00:00Z' })).toBe('Supervisor signed off must be in the past.');
  });

  it('a time', () => {
    expect(messageFor('/startTime', { startTime: '25:00' })).toBe('Start time must be a real time, like 14:30.');
  });

  it.each([
    ['/score', { score: 11 }, 'Scaling score must be between 0 and 10.'],
    ['/score', { score: -1 }, 'Scaling score must be between 0 and 10.'],
    ['/score', { score: 2.5 }, 'Scaling score must be a whole number.'],
    ['/score', { score: 'seven' }, 'Scaling score must be a whole number.'],
    ['/hours', { hours: -1 }, 'Hours spent must be 0 or more.'],
    ['/hours', { hours: 'two' }, 'Hours spent must be a number.'],
    ['/people', { people: 31 }, 'People present must be 30 or less.'],
  ])('a number: %s %j', (pointer, change, message) => {
    expect(messageFor(pointer, change)).toBe(message);
  });

  it('a format: the pattern\'s example when the form gives one, else just the correct format', () => {
    expect(messageFor('/episodeId', { episodeId: 'EP2231' })).toBe('Enter the episode id in the correct format, like EP-2231.');
    expect(messageFor('/accidentRef', { accidentRef: 'a1' })).toBe('Enter the ICS accident reference in the correct format.');
    expect(messageFor('/email', { email: 'not an address' })).toBe("Enter the worker's email in the correct format, like name@example.org.");
  });

  it('lengths', () => {
    expect(messageFor('/notes', { notes: 'x'.repeat(1001) })).toBe('Notes must be 1,000 characters or fewer.');
    expect(messageFor('/summary', { summary: 'Too short' })).toBe('Summary must be 10 characters or more.');
  });

  it('choices: one not on the list, none chosen, too many, a row too few', () => {
    expect(messageFor('/visitType', { visitType: 'EMAIL' })).toBe('Select one of the options for the type of contact.');
    expect(messageFor('/howHeld', { howHeld: 'POST' })).toBe('Select one of the options for “How the visit was held”.');
    expect(messageFor('/support', { support: [] })).toBe('Select at least one option for the support offered.');
    expect(messageFor('/support', { support: ['EAP', 'OH', 'GP'] })).toBe('Select no more than 2 options for the support offered.');
    expect(messageFor('/support', { support: ['EAP', 'EAP'] })).toBe('Support offered has the same answer twice.');
    expect(messageFor('/actions', { actions: [] })).toBe('Add at least one action.');
  });

  it('answers compared with another answer, or with now', () => {
    expect(messageFor('/periodTo', { periodTo: '2026-10-31' })).toBe('Period to must be on or after “Period from”.');
    expect(messageFor('/reviewOn', { reviewOn: '2026-11-25' })).toBe('Next review date must be today or in the future.');
    expect(v.validate(version, { ...complete(), reviewOn: '2026-11-26' }, 'submit')).toEqual([]);
  });
});
