/**
 * The directory and the ids a record is about. Records keep the ids as typed when they were made;
 * what people see beside them is the directory's current name. When a directory is loaded (it
 * has children), a new record about a child the directory does not know is refused: a typo would
 * otherwise file it, and send it to the ICS, against another child. A child the ICS merged into
 * another (`mergedInto`) is still known: its records keep the id typed and show the kept child's
 * name. A child deleted from the directory after records were made leaves those records as they
 * are, shown with the id alone.
 */
import type { EngineContext } from '../context.js';
import { ValidationFailedError } from '../errors.js';
import type { Store } from '../store/contract.js';
import type { Subject } from '../submissions/model.js';
import { childrenById, workersById } from './cards.js';

/** The directory's current names for what a record is about (only those it knows). */
export interface SubjectNames {
  child?: string;
  worker?: string;
}

/** Refuses a child id a loaded directory does not know (422 at /subject/childId); any id when none is loaded. */
export async function checkSubjectChild(ctx: EngineContext, subject: Subject | undefined): Promise<void> {
  const id = subject?.childId;
  if (typeof id !== 'string' || id === '') return;
  if ((await ctx.store.getChildren([id])).length > 0) return;
  if ((await ctx.store.directoryCounts()).children === 0) return;
  const message = `There is no child with ICS person id ${id} in the directory. Check the id, or search by name.`;
  throw new ValidationFailedError(message, [{ pointer: '/subject/childId', message }]);
}

/**
 * Refuses a worker id a loaded directory does not know (422 at /subject/workerId); any id when no
 * workers are loaded. A record about a worker goes to that worker to read and sign (the employee's
 * stage of a return-to-work interview): about an id no one has, it could never be signed.
 */
export async function checkSubjectWorker(ctx: EngineContext, subject: Subject | undefined): Promise<void> {
  const id = subject?.workerId;
  if (typeof id !== 'string' || id === '') return;
  if ((await ctx.store.getWorkers([id])).length > 0) return;
  if ((await ctx.store.directoryCounts()).workers === 0) return;
  const message = `There is no worker with ICS worker id "${id}" in the directory. Enter the id from the worker's ICS record, not their name.`;
  throw new ValidationFailedError(message, [{ pointer: '/subject/workerId', message }]);
}

/**
 * The names for each record's subject, with one read of the children (and one of the children
 * they were merged into, when any were) and one of the workers for the whole page.
 */
export async function subjectNamesOf(store: Store, subjects: ReadonlyArray<Subject>): Promise<Array<SubjectNames>> {
  const children = await childrenById(store, subjects.map((s) => s.childId));
  const merged = await childrenById(store, [...children.values()].map((c) => c.mergedInto).filter((id) => id && !children.has(id)));
  for (const [id, c] of merged) children.set(id, c);
  const workers = await workersById(store, subjects.map((s) => s.workerId));
  return subjects.map((s) => {
    const child = s.childId ? children.get(s.childId) : undefined;
    const kept = child?.mergedInto ? (children.get(child.mergedInto) ?? child) : child;
    const worker = s.workerId ? workers.get(s.workerId) : undefined;
    return { ...(kept ? { child: kept.name } : {}), ...(worker ? { worker: worker.name } : {}) };
  });
}

/** Records with `subjectNames` beside them (left out when the directory knows neither id). */
export async function withSubjectNames<T extends { subject: Subject }>(store: Store, records: readonly T[]): Promise<Array<T & { subjectNames?: SubjectNames }>> {
  const names = await subjectNamesOf(store, records.map((r) => r.subject ?? {}));
  return records.map((r, i) => (names[i]!.child || names[i]!.worker ? { ...r, subjectNames: names[i]! } : r));
}

/** Tracked actions (or anything about a child) with the directory's current name of the child, read once for the list. */
export async function withChildNames<T extends { childId?: string }>(store: Store, items: readonly T[]): Promise<Array<T & { childName?: string }>> {
  const names = await subjectNamesOf(store, items.map((a) => (a.childId ? { childId: a.childId } : {})));
  return items.map((a, i) => (names[i]!.child ? { ...a, childName: names[i]!.child } : a));
}
