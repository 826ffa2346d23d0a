/**
 * Pre-fill, the record side: when a draft is started, each question the form fills in from the
 * ICS directory (forms/prefill.ts) that the person left empty takes the directory's value now —
 * of the child the record is about (a merged child's kept record), of the person starting it (their
 * account's worker id), or of the worker a staff record is about. A value that would not be a
 * valid answer here (too long, not one of a choice's options) is left out. The record keeps which
 * answers were pre-filled and from what. Only what the form asks for is read, in a few batched reads.
 */
import type { EngineContext } from '../context.js';
import type { Child, Team, Worker } from '../directory/model.js';
import { formFields } from '../forms/fields.js';
import type { Actor, FormVersion } from '../forms/model.js';
import { PREFILL_BY_SOURCE, PREFILL_KEYWORD, type PrefillSource } from '../forms/prefill.js';
import { own } from '../forms/schema-paths.js';
import { getAt } from '../json/pointer.js';
import { fillCarried, isEmptyAnswer, type Offer } from './carry-forward.js';
import type { Prefilled, Subject } from './model.js';

export interface PrefillTarget {
  /** The question's field path; never inside a row. */
  path: string;
  source: PrefillSource;
}

/** The questions of a (policy-checked) definition filled in from the directory. */
export function prefillTargets(v: FormVersion): PrefillTarget[] {
  const out: PrefillTarget[] = [];
  for (const f of formFields(v).values()) {
    const value = own(f.schema, PREFILL_KEYWORD);
    const source = typeof value === 'string' ? PREFILL_BY_SOURCE.get(value) : undefined;
    if (source && !f.path.includes('/*') && f.type === 'string') out.push({ path: f.path, source });
  }
  return out;
}

/** What the directory says about the record's child, its starter and its worker, as far as the form needs. */
interface Known {
  child?: Child;
  meWorkerId?: string;
  workers: Map<string, Worker>;
  teams: Map<string, Team>;
}

async function workersOf(ctx: EngineContext, ids: Array<string | undefined>, into: Map<string, Worker>): Promise<void> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id && !into.has(id)))];
  if (wanted.length) for (const w of await ctx.store.getWorkers(wanted)) into.set(w.id, w);
}

async function lookUp(ctx: EngineContext, actor: Actor, subject: Subject, sources: ReadonlySet<string>): Promise<Known> {
  const needs = (prefix: string) => [...sources].some((s) => s.startsWith(prefix));
  const known: Known = { workers: new Map(), teams: new Map() };
  if (needs('child.') && subject.childId) {
    let [child] = await ctx.store.getChildren([subject.childId]);
    // The ICS merged this person record into another: the kept record is the child's now.
    if (child?.mergedInto) child = (await ctx.store.getChildren([child.mergedInto]))[0] ?? child;
    if (child) known.child = child;
  }
  if (needs('me.')) known.meWorkerId = (await ctx.store.getAccount(actor.id))?.workerId;
  await workersOf(ctx, [known.child?.allocatedWorkerId, known.meWorkerId, needs('worker.') ? subject.workerId : undefined], known.workers);
  if (sources.has('me.managerName') || sources.has('worker.managerName')) {
    await workersOf(ctx, [known.workers.get(known.meWorkerId ?? '')?.managerId, known.workers.get(subject.workerId ?? '')?.managerId], known.workers);
  }
  if (sources.has('child.teamName') && known.child?.team) for (const t of await ctx.store.listDirectoryTeams()) known.teams.set(t.id, t);
  return known;
}

function valueOf(source: string, known: Known, subject: Subject): string | undefined {
  const { child, workers } = known;
  const me = known.meWorkerId ? workers.get(known.meWorkerId) : undefined;
  const worker = subject.workerId ? workers.get(subject.workerId) : undefined;
  switch (source) {
    case 'child.name':
      return child?.name;
    case 'child.dateOfBirth':
      return child?.dateOfBirth;
    case 'child.legalStatus':
      return child?.legalStatus;
    case 'child.allocatedWorkerId':
      return child?.allocatedWorkerId;
    case 'child.allocatedWorkerName':
      return workers.get(child?.allocatedWorkerId ?? '')?.name;
    case 'child.team':
      return child?.team;
    case 'child.teamName':
      return known.teams.get(child?.team ?? '')?.name;
    case 'me.workerId':
      return known.meWorkerId;
    case 'me.name':
      return me?.name;
    case 'me.managerId':
      return me?.managerId;
    case 'me.managerName':
      return workers.get(me?.managerId ?? '')?.name;
    case 'me.team':
      return me?.team;
    case 'worker.name':
      return worker?.name;
    case 'worker.managerId':
      return worker?.managerId;
    case 'worker.managerName':
      return workers.get(worker?.managerId ?? '')?.name;
    case 'worker.team':
      return worker?.team;
    default:
      return undefined;
  }
}

/**
 * Fills a new draft of `v` from the directory. Nothing (and no read) when the form pre-fills
 * nothing or every pre-filled question is answered already.
 */
export async function prefill(ctx: EngineContext, v: FormVersion, actor: Actor, subject: Subject, data: Record<string, unknown>): Promise<{ data: Record<string, unknown>; prefilled: Prefilled[] }> {
  const targets = prefillTargets(v).filter((t) => isEmptyAnswer(getAt(data, t.path)));
  if (!targets.length) return { data, prefilled: [] };
  const known = await lookUp(ctx, actor, subject, new Set(targets.map((t) => t.source.source)));
  const offers: Array<Offer<string>> = [];
  for (const t of targets) {
    const value = valueOf(t.source.source, known, subject);
    if (value !== undefined && value !== '') offers.push({ target: { path: t.path, kind: t.source.value === 'date' ? 'date' : 'text' }, value, from: t.source.source });
  }
  const filled = fillCarried(data, offers, (d) => ctx.validators.validate(v, d, 'submit'));
  return { data: filled.data, prefilled: filled.carried.map((c) => ({ pointer: c.pointer, source: c.from })) };
}
