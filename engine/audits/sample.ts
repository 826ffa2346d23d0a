/**
 * Drawing an audit sample (pure): per team, the children the rule allows, shuffled with a seeded
 * generator, the first `perTeam` chosen, each given an auditor in turn. The same rule, seed and
 * directory always draw the same children, so a recorded sample can be checked by drawing it again.
 */
import type { Child } from '../directory/model.js';
import type { LeftOut, SampleChoice, SampleRule, SampleTeam } from './model.js';

/**
 * mulberry32: a small, well-known 32-bit generator (Tommy Ettinger's), good enough to pick a
 * sample fairly and fully determined by its seed. (pure-rand is installed only as a test
 * dependency of fast-check, so it is not used here.)
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates on a copy. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** What the draw needs to know of each auditor. */
export interface SampleAuditor {
  accountId: string;
  /** Their own worker and, for a manager, the workers they line-manage: their own cases are these workers' children. */
  ownWorkerIds: ReadonlySet<string>;
  /** Restricted children whose records they may not read (engine/directory/access.ts). */
  hidden: ReadonlySet<string>;
}

export type SampleChild = Pick<Child, 'id' | 'team' | 'legalStatus' | 'allocatedWorkerId' | 'mergedInto'>;

export interface SampleInput {
  rule: Pick<SampleRule, 'perTeam' | 'legalStatuses' | 'excludeOwnCases'>;
  seed: number;
  /** The teams drawn from, in the order drawn. */
  teams: readonly string[];
  /** Every child of those teams (any order). */
  children: readonly SampleChild[];
  recentlyAudited: ReadonlySet<string>;
  alreadyAssigned: ReadonlySet<string>;
  /** At least one. */
  auditors: readonly SampleAuditor[];
}

export interface Drawn {
  considered: number;
  chosen: SampleChoice[];
  leftOut: LeftOut;
  teams: SampleTeam[];
}

export const noneLeftOut = (): LeftOut => ({ merged: 0, legalStatus: 0, recentlyAudited: 0, alreadyAssigned: 0, ownCase: 0, restricted: 0, notDrawn: 0 });

export function drawSample(input: SampleInput): Drawn {
  const { rule, auditors } = input;
  const random = seededRandom(input.seed);
  const leftOut = noneLeftOut();
  const chosen: SampleChoice[] = [];
  const teams: SampleTeam[] = [];
  let turn = 0;
  const fits = (a: SampleAuditor, c: SampleChild) => !a.hidden.has(c.id) && !(rule.excludeOwnCases && c.allocatedWorkerId !== undefined && a.ownWorkerIds.has(c.allocatedWorkerId));
  let considered = 0;
  for (const team of input.teams) {
    const children = input.children.filter((c) => c.team === team).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    considered += children.length;
    const eligible: SampleChild[] = [];
    for (const c of children) {
      if (c.mergedInto !== undefined) leftOut.merged++;
      else if (rule.legalStatuses && !(c.legalStatus !== undefined && rule.legalStatuses.includes(c.legalStatus))) leftOut.legalStatus++;
      else if (input.recentlyAudited.has(c.id)) leftOut.recentlyAudited++;
      else if (input.alreadyAssigned.has(c.id)) leftOut.alreadyAssigned++;
      else if (auditors.some((a) => fits(a, c))) eligible.push(c);
      else if (auditors.every((a) => a.hidden.has(c.id))) leftOut.restricted++;
      else leftOut.ownCase++;
    }
    const picked = shuffled(eligible, random).slice(0, rule.perTeam);
    leftOut.notDrawn += eligible.length - picked.length;
    for (const c of picked) {
      // The next auditor in turn who may take this child.
      let k = 0;
      while (!fits(auditors[(turn + k) % auditors.length]!, c)) k++;
      const auditor = auditors[(turn + k) % auditors.length]!;
      turn = (turn + k + 1) % auditors.length;
      chosen.push({ childId: c.id, team, auditorAccountId: auditor.accountId });
    }
    teams.push({ team, considered: children.length, eligible: eligible.length, chosen: picked.length });
  }
  return { considered, chosen, leftOut, teams };
}
