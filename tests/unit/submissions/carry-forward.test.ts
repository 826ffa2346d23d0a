/** Carry-forward's copying: rows keep the target's fields, values that do not fit are left out, the person's answers win. */
import { describe, expect, it } from 'vitest';
import { carryTargets, type CarryTarget } from '../../../engine/forms/carry-targets.js';
import { carriedValue, copyRows, fillCarried, type Offer } from '../../../engine/submissions/carry-forward.js';
import { Validators } from '../../../engine/validation/index.js';

const FROM = { id: 'r1', formId: 'f', version: 1, submittedAt: '2026-10-03T13:30:00.000Z' };

describe('carry-forward: copying answers', () => {
  it('copies rows keeping only the fields the target rows have, dropping empty fields and rows left with nothing', () => {
    const rows = [
      { action: 'Call school', ownerId: 'W1', dueDate: '2026-10-21', status: 'OPEN' },
      { status: 'DONE' },
      { action: '', ownerId: 'W2' },
      'not a row',
    ];
    expect(copyRows(rows, ['action', 'ownerId', 'dueDate', 'progress'])).toEqual([{ action: 'Call school', ownerId: 'W1', dueDate: '2026-10-21' }, { ownerId: 'W2' }]);
    expect(copyRows('nope', ['action'])).toEqual([]);
  });

  it('takes a scalar as it is, the day of a date and time for a date, at most the rows the target takes, and nothing of the wrong shape', () => {
    expect(carriedValue('2026-10-03T14:30:00+01:00', { kind: 'date' })).toBe('2026-10-03');
    expect(carriedValue('2026-10-03T14:30:00+01:00', { kind: 'date-time' })).toBe('2026-10-03T14:30:00+01:00');
    expect(carriedValue(7, { kind: 'number' })).toBe(7);
    expect(carriedValue(false, { kind: 'yes-no' })).toBe(false);
    expect(carriedValue(['A', 'B'], { kind: 'list' })).toEqual(['A', 'B']);
    expect(carriedValue(['A'], { kind: 'text' })).toBeUndefined();
    expect(carriedValue({ a: 1 }, { kind: 'text' })).toBeUndefined();
    expect(carriedValue('', { kind: 'text' })).toBeUndefined();
    expect(carriedValue([{ a: 1 }, { a: 2 }, { a: 3 }], { kind: 'rows', rowFields: ['a'], maxRows: 2 })).toEqual([{ a: 1 }, { a: 2 }]);
    expect(carriedValue([{ b: 1 }], { kind: 'rows', rowFields: ['a'] })).toBeUndefined();
  });

  const version = {
    formId: 'f',
    version: 1,
    hash: 'sha256:test',
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        last: { type: 'string', format: 'date', 'x-carry-forward': { from: '/meetingAt' } },
        short: { type: 'string', maxLength: 5, 'x-carry-forward': { from: '/note' } },
        actions: {
          type: 'array',
          'x-carry-forward': { from: '/actions' },
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['action', 'progress'],
            properties: { action: { type: 'string', maxLength: 10 }, dueDate: { type: 'string', format: 'date' }, progress: { type: 'string', enum: ['DONE'] } },
          },
        },
      },
    },
    uischema: { type: 'VerticalLayout', elements: [] },
  };
  const validators = new Validators();
  const problems = (d: Record<string, unknown>) => validators.validate(version, d, 'submit');
  const targets = new Map(carryTargets(version).map((t) => [t.path, t] as [string, CarryTarget]));
  const offer = (path: string, value: unknown): Offer => ({ target: targets.get(path)!, value, from: FROM });

  it('finds the carried questions of a definition, with their rows’ fields', () => {
    expect([...targets.values()]).toEqual([
      { path: '/last', source: { from: '/meetingAt' }, kind: 'date' },
      { path: '/short', source: { from: '/note' }, kind: 'text' },
      { path: '/actions', source: { from: '/actions' }, kind: 'rows', rowFields: ['action', 'dueDate', 'progress'] },
    ]);
  });

  it('fills only what the person left empty, leaves out what would not be valid (a row field at a time), and says what it carried', () => {
    const rows = [
      { action: 'Call', dueDate: '2026-13-45' },
      { action: 'Far too long an action', dueDate: '2026-10-01' },
      { action: 'Far too long again' },
    ];
    const { data, carried } = fillCarried({ last: '' }, [offer('/last', '2026-10-03'), offer('/short', 'too long'), offer('/actions', rows)], problems);
    // Missing "progress" is for the person to answer: not a reason to leave a row out.
    expect(data).toEqual({ last: '2026-10-03', actions: [{ action: 'Call' }, { dueDate: '2026-10-01' }] });
    expect(carried).toEqual([
      { pointer: '/last', from: FROM },
      { pointer: '/actions', from: FROM },
    ]);
  });

  it('never overwrites an answer given, and carries nothing when nothing is offered', () => {
    const given = { last: '2026-01-01', actions: [{ action: 'Mine', progress: 'DONE' }] };
    expect(fillCarried(given, [offer('/last', '2026-10-03'), offer('/actions', [{ action: 'Theirs' }])], problems)).toEqual({ data: given, carried: [] });
    expect(fillCarried({}, [offer('/last', undefined)], problems)).toEqual({ data: {}, carried: [] });
  });
});
