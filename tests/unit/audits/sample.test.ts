/**
 * Drawing an audit sample (engine/audits/sample.ts), pure: the same seed draws the same children,
 * each left-out child is counted once under the first reason that applies, and the auditors take
 * the children in turn, skipping one whose own case (or restricted child) it would be.
 */
import { describe, expect, it } from 'vitest';
import { monthsBefore } from '../../../engine/audits/lifecycle.js';
import { drawSample, type SampleAuditor, type SampleChild, type SampleInput } from '../../../engine/audits/sample.js';

const children: SampleChild[] = [
  ...Array.from({ length: 12 }, (_, i): SampleChild => ({ id: `N${String(i).padStart(2, '0')}`, team: 'north', legalStatus: i % 3 === 0 ? 'CP' : 'CIN', allocatedWorkerId: i < 4 ? 'W1' : 'W2' })),
  { id: 'NM', team: 'north', mergedInto: 'N00' },
  ...Array.from({ length: 5 }, (_, i): SampleChild => ({ id: `S${i}`, team: 'south', legalStatus: 'CLA', allocatedWorkerId: 'W3' })),
];
const ann: SampleAuditor = { accountId: 'ann', ownWorkerIds: new Set(['W1']), hidden: new Set() };
const bob: SampleAuditor = { accountId: 'bob', ownWorkerIds: new Set(['W3']), hidden: new Set(['N05']) };

const input = (over: Partial<SampleInput> = {}): SampleInput => ({
  rule: { perTeam: 3, excludeOwnCases: true },
  seed: 1234,
  teams: ['north', 'south'],
  children,
  recentlyAudited: new Set(['N04']),
  alreadyAssigned: new Set(['N06']),
  auditors: [ann],
  ...over,
});

describe('drawing an audit sample', () => {
  it('draws the same children from the same seed, whatever order the directory gives them in, and others from another seed', () => {
    const a = drawSample(input());
    expect(drawSample(input({ children: [...children].reverse() }))).toEqual(a);
    const seeds = new Set(Array.from({ length: 20 }, (_, i) => JSON.stringify(drawSample(input({ seed: i + 1 })).chosen)));
    expect(seeds.size).toBeGreaterThan(1);
  });

  it('counts each child left out once, under the first reason that applies', () => {
    const d = drawSample(input());
    expect(d.considered).toBe(18);
    // North: NM merged; N00-N03 Ann's own; N04 audited lately; N06 already assigned; 6 eligible, 3 drawn. South: 5 eligible, 3 drawn.
    expect(d.leftOut).toEqual({ merged: 1, legalStatus: 0, recentlyAudited: 1, alreadyAssigned: 1, ownCase: 4, restricted: 0, notDrawn: 5 });
    expect(d.teams).toEqual([
      { team: 'north', considered: 13, eligible: 6, chosen: 3 },
      { team: 'south', considered: 5, eligible: 5, chosen: 3 },
    ]);
    // N04 is Ann's own case too, but audited lately comes first; by legal status only CP children are left.
    const cp = drawSample(input({ rule: { perTeam: 20, excludeOwnCases: true, legalStatuses: ['CP'] } }));
    expect(cp.chosen.map((c) => c.childId).sort()).toEqual(['N09']);
    expect(cp.leftOut.legalStatus).toBe(8 + 5);
  });

  it('gives the children to the auditors in turn, skipping one whose own case or restricted child it is', () => {
    const d = drawSample(input({ auditors: [ann, bob], rule: { perTeam: 20, excludeOwnCases: true } }));
    for (const c of d.chosen) {
      if (c.team === 'south') expect(c.auditorAccountId).toBe('ann');
      if (c.childId === 'N05') expect(c.auditorAccountId).toBe('ann');
      if (['N00', 'N01', 'N02', 'N03'].includes(c.childId)) expect(c.auditorAccountId).toBe('bob');
    }
    const north = d.chosen.filter((c) => c.team === 'north');
    expect(north.length).toBe(10);
    // Without own cases left out, the turn alternates strictly where nothing is restricted.
    const plain = drawSample(input({ auditors: [ann, { ...bob, hidden: new Set() }], rule: { perTeam: 20, excludeOwnCases: false } }));
    expect(plain.chosen.map((c) => c.auditorAccountId)).toEqual(plain.chosen.map((_, i) => (i % 2 ? 'bob' : 'ann')));
  });

  it('counts the months back from a date, the day kept within the month', () => {
    expect(monthsBefore('2026-12-05', 12)).toBe('2025-12-05');
    expect(monthsBefore('2026-03-31', 1)).toBe('2026-02-28');
    expect(monthsBefore('2026-01-15', 13)).toBe('2024-12-15');
  });
});
