/**
 * Who may act at a review stage. The relationship is judged live when someone acts (the
 * directory as it is now); the work-list keys are worked out when the record arrives at the stage,
 * so lists find it through an index. Where the directory cannot say (the author is not linked to
 * a worker, the child is not in the directory), the stage falls back to the record's team:
 * a line manager's stage to any manager of the author's team, an allocated worker's to any
 * practitioner of it. A subject employee's stage has no fallback: only that employee confirms.
 */
import type { Account } from '../accounts/model.js';
import type { EngineContext } from '../context.js';
import type { Submission } from '../submissions/model.js';
import { anyKey, groupKey, teamKey, workerKey } from './keys.js';
import type { StageDefinition } from './model.js';

export type ActingAccount = Pick<Account, 'id' | 'role' | 'team' | 'workerId' | 'groups' | 'displayName'>;

type Reviewed = Pick<Submission, 'createdBy' | 'team' | 'subject' | 'signatures'>;

/** The worker id who must act, when the stage names one person through the directory; null when the directory cannot say. */
async function namedWorker(ctx: EngineContext, stage: StageDefinition, s: Reviewed): Promise<string | null> {
  const rel = stage.actor.relationship;
  if (rel === 'subject-employee') return s.subject.workerId ?? null;
  if (rel === 'allocated-worker') {
    if (!s.subject.childId) return null;
    const [child] = await ctx.store.getChildren([s.subject.childId]);
    return child?.allocatedWorkerId ?? null;
  }
  if (rel === 'line-manager') {
    const author = await ctx.store.getAccount(s.createdBy);
    if (!author?.workerId) return null;
    const [worker] = await ctx.store.getWorkers([author.workerId]);
    return worker?.managerId ?? null;
  }
  return null;
}

/** The work-list keys of whoever may act at `stage` on `s` (keys.ts). */
export async function stageKeys(ctx: EngineContext, stage: StageDefinition, s: Reviewed): Promise<string[]> {
  const { role, relationship } = stage.actor;
  switch (relationship) {
    case 'anyone':
      return [anyKey(role)];
    case 'group':
      return [groupKey(role, stage.actor.group ?? '')];
    case 'team-manager':
      return s.team ? [teamKey(role, s.team)] : [];
    case 'subject-employee': {
      const w = await namedWorker(ctx, stage, s);
      return w ? [workerKey(role, w)] : [];
    }
    default: {
      const w = await namedWorker(ctx, stage, s);
      if (w) return [workerKey(role, w)];
      return s.team ? [teamKey(role, s.team)] : [];
    }
  }
}

/** Accounts that may not act at `stage` whatever their keys: the author, and earlier actors when the stage says so. */
export function stageExcluded(stage: StageDefinition, s: Reviewed): string[] {
  const out = new Set<string>();
  if (stage.actor.notAuthor !== false) out.add(s.createdBy);
  if (stage.actor.notEarlierActor) for (const sig of s.signatures ?? []) out.add(sig.by);
  return [...out];
}

export type MayAct = { allowed: true } | { allowed: false; message: string };

const ROLE_WORDS: Record<string, string> = { manager: 'a manager', practitioner: 'a practitioner' };

/** May this person act at `stage` on `s` now (live: the directory as it is). */
export async function mayAct(ctx: EngineContext, who: ActingAccount, stage: StageDefinition, s: Reviewed): Promise<MayAct> {
  const a = stage.actor;
  const no = (message: string): MayAct => ({ allowed: false, message });
  if (who.role !== a.role) return no(`"${stage.name}" is for ${ROLE_WORDS[a.role] ?? a.role}; you are signed in as ${ROLE_WORDS[who.role] ?? who.role}.`);
  if (a.notAuthor !== false && s.createdBy === who.id) return no(`You wrote this record, so someone else must act at "${stage.name}".`);
  if (a.notEarlierActor && (s.signatures ?? []).some((sig) => sig.by === who.id)) {
    return no(`You signed this record at an earlier stage, so someone else must act at "${stage.name}".`);
  }
  switch (a.relationship) {
    case 'anyone':
      return { allowed: true };
    case 'group':
      return (who.groups ?? []).includes(a.group ?? '') ? { allowed: true } : no(`"${stage.name}" is for members of the group "${a.group}", and you are not one.`);
    case 'team-manager':
      return s.team !== undefined && who.team === s.team ? { allowed: true } : no(`"${stage.name}" is for a manager of the author's team.`);
    case 'subject-employee': {
      const w = await namedWorker(ctx, stage, s);
      return w !== null && who.workerId === w ? { allowed: true } : no(`"${stage.name}" is for the employee this record is about.`);
    }
    default: {
      const w = await namedWorker(ctx, stage, s);
      const words = a.relationship === 'line-manager' ? "the author's line manager" : "the child's allocated worker";
      if (w !== null) return who.workerId === w ? { allowed: true } : no(`"${stage.name}" is for ${words}.`);
      return s.team !== undefined && who.team === s.team ? { allowed: true } : no(`"${stage.name}" is for ${words} (or, as the ICS directory does not say who that is, someone of the author's team).`);
    }
  }
}
