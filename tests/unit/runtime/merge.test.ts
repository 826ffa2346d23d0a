/**
 * Merging a draft's answers changed in two places (this tab, and another tab or device): each
 * answer on its own, so changes to different answers both survive and only an answer changed on
 * both sides to different values is put to the person.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeAnswers, sameValue } from '../../../runtime/form/merge.js';

describe('merging answers changed in two places', () => {
  it('keeps changes to different answers from both sides, without asking', () => {
    const base = { employee: { employeeNumber: '0048213' } };
    const mine = { employee: { employeeNumber: '0048213', jobTitle: 'Written here' } };
    const theirs = { employee: { employeeNumber: '0048213', lineManagerId: 'W11805' } };
    expect(mergeAnswers(base, mine, theirs)).toEqual({ data: { employee: { employeeNumber: '0048213', jobTitle: 'Written here', lineManagerId: 'W11805' } }, conflicts: [] });
  });

  it('takes an answer removed on one side and left alone on the other as removed', () => {
    const base = { a: 'x', b: 'y' };
    expect(mergeAnswers(base, { a: 'x' }, { a: 'x', b: 'y', c: 'z' })).toEqual({ data: { a: 'x', c: 'z' }, conflicts: [] });
  });

  it('asks about an answer changed on both sides to different values, and only that one', () => {
    const base = { team: 'T0', note: 'n' };
    const r = mergeAnswers(base, { team: 'TEAM-B', note: 'n', extra: 1 }, { team: 'TEAM-A', note: 'n2' });
    expect(r.conflicts).toEqual([{ path: 'team', mine: 'TEAM-B', theirs: 'TEAM-A' }]);
    expect(r.data).toEqual({ team: 'TEAM-B', note: 'n2', extra: 1 });
  });

  it('does not ask when both sides made the same change', () => {
    expect(mergeAnswers({ a: 1 }, { a: 2 }, { a: 2 })).toEqual({ data: { a: 2 }, conflicts: [] });
  });

  it('merges rows of a repeatable group row by row while no side removed one, adding rows one side added', () => {
    const base = { actions: [{ action: 'Visit', due: '2026-01-01' }] };
    const mine = { actions: [{ action: 'Visit the child', due: '2026-01-01' }, { action: 'New row here' }] };
    const theirs = { actions: [{ action: 'Visit', due: '2026-02-01' }] };
    expect(mergeAnswers(base, mine, theirs)).toEqual({ data: { actions: [{ action: 'Visit the child', due: '2026-02-01' }, { action: 'New row here' }] }, conflicts: [] });
  });

  it('treats the whole group as one answer when one side removed a row and the other changed it', () => {
    const base = { actions: [{ a: 1 }, { a: 2 }] };
    const r = mergeAnswers(base, { actions: [{ a: 2 }] }, { actions: [{ a: 1 }, { a: 3 }] });
    expect(r.conflicts.map((c) => c.path)).toEqual(['actions']);
  });

  it('names a conflict inside a row by its row: actions.1.due', () => {
    const base = { actions: [{ due: 'a' }, { due: 'b' }] };
    const r = mergeAnswers(base, { actions: [{ due: 'a' }, { due: 'mine' }] }, { actions: [{ due: 'a' }, { due: 'theirs' }] });
    expect(r.conflicts).toEqual([{ path: 'actions.1.due', mine: 'mine', theirs: 'theirs' }]);
  });

  it('without a known base, combines answers given on one side only and asks about the rest', () => {
    const r = mergeAnswers(null, { a: 1, b: 2 }, { a: 1, b: 3, c: 4 });
    expect(r.data).toEqual({ a: 1, b: 2, c: 4 });
    expect(r.conflicts).toEqual([{ path: 'b', mine: 2, theirs: 3 }]);
  });

  it('never loses a change: every answer changed on one side only is in the result, whatever the data', () => {
    const leaf = fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: 0, max: 3 }), fc.boolean());
    const answers = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.oneof(leaf, fc.dictionary(fc.constantFrom('x', 'y'), leaf)));
    fc.assert(
      fc.property(answers, answers, answers, (base, mine, theirs) => {
        const { data, conflicts } = mergeAnswers(base, mine, theirs);
        const asked = new Set(conflicts.map((c) => c.path.split('.')[0]));
        for (const key of new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
          if (asked.has(key)) continue;
          const changedMine = !sameValue(mine[key], base[key]);
          const changedTheirs = !sameValue(theirs[key], base[key]);
          if (changedMine && !changedTheirs) expect(sameValue(data[key], mine[key])).toBe(true);
          if (changedTheirs && !changedMine) expect(sameValue(data[key], theirs[key])).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
