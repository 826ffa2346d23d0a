/** The words both adapters use for the same refusals, so callers see one behaviour. */
import { ConflictError, DraftDeletedError, InvalidRequestError, InvalidStateError, NotFoundError, StaleRevisionError } from '../errors.js';
import type { ListOrder } from './contract.js';

export const refuse = {
  formExists: (id: string) => new ConflictError(`A form with id "${id}" already exists.`),
  formMissing: (id: string) => new NotFoundError(`There is no form "${id}".`),
  formStale: (id: string, current: number) =>
    new StaleRevisionError(`Form "${id}" was changed by someone else (it is now at revision ${current}). Reload it and make your change again.`, current),
  versionExists: (formId: string, v: number) =>
    new ConflictError(`Form "${formId}" already has a version ${v}, or already has a draft in progress (a form can have only one draft).`),
  versionMissing: (formId: string, v: number) => new NotFoundError(`Form "${formId}" has no version ${v}.`),
  versionStale: (formId: string, v: number, current: number) =>
    new StaleRevisionError(`Version ${v} of "${formId}" was changed by someone else (it is now at revision ${current}). Reload it and make your change again.`, current),
  versionState: (formId: string, v: number, status: string) =>
    new InvalidStateError(`Version ${v} of "${formId}" is ${status}, so it cannot be changed that way.`),
  optionListExists: (id: string) => new ConflictError(`A shared list with id "${id}" already exists.`),
  optionListMissing: (id: string) => new NotFoundError(`There is no shared list "${id}".`),
  optionListStale: (id: string, v: number, newest: number) =>
    new StaleRevisionError(`Someone else saved version ${v} of the shared list "${id}" first (its newest version is now ${newest}). Reload the list and make your change again.`, newest),
  optionListGap: (id: string, v: number) => new ConflictError(`The shared list "${id}" has no version ${v - 1}, so version ${v} cannot be saved yet.`),
  submissionExists: (id: string) => new ConflictError(`A submission with id "${id}" already exists.`),
  /** The same words whether the record does not exist or the reader may not open it (no oracle). */
  submissionMissing: (id: string) => new NotFoundError(`There is no record "${id}" that you can open. Check the link, or find the record from your forms.`),
  submissionStale: (id: string, current: number) =>
    new StaleRevisionError(`This record was changed elsewhere (another tab or device) since you loaded it; it is now at revision ${current}.`, current),
  submissionNotDraft: (id: string) => new InvalidStateError(`Submission "${id}" has been submitted and can no longer be changed.`),
  submissionNotDeletable: (id: string) =>
    new InvalidStateError(`Submission "${id}" has been submitted. Submitted records are never deleted; only a draft can be.`),
  submissionNotSubmitted: (id: string) => new InvalidStateError(`Record "${id}" is a draft: it has not been submitted for review.`),
  returnedNotDeletable: (id: string) =>
    new InvalidStateError(`Record "${id}" was submitted and returned for changes, so it cannot be deleted. Change it and submit it again.`),
  actionMissing: (id: string) => new NotFoundError(`There is no action "${id}" that you can open.`),
  actionStale: (id: string, current: number) => new StaleRevisionError(`Action "${id}" was changed by someone else (it is at revision ${current}). Reload it and try again.`, current),
  assignmentMissing: (id: string) => new NotFoundError(`There is no audit assignment "${id}" that you can open.`),
  assignmentStale: (id: string, current: number) =>
    new StaleRevisionError(`Audit assignment "${id}" was changed by someone else (it is at revision ${current}). Reload it and try again.`, current),
  assignmentExists: (id: string) => new ConflictError(`An audit assignment or sample with id "${id}" is already stored.`),
  assignmentOpen: (formId: string, childId: string) => new ConflictError(`An audit of child ${childId} on form "${formId}" is already open. Move its due date or cancel it instead.`),
  draftDeleted: () =>
    new DraftDeletedError('The draft this Idempotency-Key made has been deleted by its author, so it is not made again. To start a new record, use a new key.'),
  keyReused: () =>
    new ConflictError('This Idempotency-Key was already used for a different request. Use a new key for a new request.', 'idempotency-key-reused'),
  accountExists: (what: string) => new ConflictError(`An account with ${what} already exists.`),
  accountMissing: (id: string) => new NotFoundError(`There is no account "${id}".`),
  accountStale: (id: string, current: number) =>
    new StaleRevisionError(`Account "${id}" was changed by someone else (it is now at revision ${current}). Reload it and try again.`, current),
  lastAdmin: (username: string) =>
    new InvalidStateError(
      `"${username}" is the only administrator whose account is enabled. Changing their role or disabling them would leave nobody who can manage accounts: make another account an administrator first.`,
    ),
  tokenMissing: () => new NotFoundError('There is no such API token.'),
  connectorExists: (id: string) => new ConflictError(`A connector with id "${id}" already exists.`),
  connectorMissing: (id: string) => new NotFoundError(`There is no connector "${id}".`),
  connectorStale: (id: string, current: number) =>
    new StaleRevisionError(`Connector "${id}" was changed by someone else (it is now at revision ${current}). Reload it and make your change again.`, current),
  mappingExists: (connector: string, formId: string, v: number) =>
    new ConflictError(`The connector "${connector}" already has a mapping made for version ${v} of "${formId}".`),
  mappingMissing: (connector: string, formId: string, v: number) =>
    new NotFoundError(`The connector "${connector}" has no mapping made for version ${v} of "${formId}".`),
  mappingStale: (connector: string, formId: string, v: number, current: number) =>
    new StaleRevisionError(
      `The "${connector}" mapping for version ${v} of "${formId}" was changed by someone else (it is now at revision ${current}). Reload it and make your change again.`,
      current,
    ),
  cursorOrder: (madeFor: ListOrder) =>
    new InvalidRequestError(`This cursor continues a list in ${madeFor}-first order, so it cannot be used with the other order.`, [
      { pointer: '/cursor', message: `Ask with order=${madeFor}, or start again without a cursor.` },
    ]),
  fileMissing: (id: string) => new NotFoundError(`There is no file "${id}" that you can open.`),
  fileExists: (id: string) => new ConflictError(`A file with id "${id}" is already stored.`),
  outboxMissing: (id: string) => new NotFoundError(`There is no delivery "${id}".`),
  leaseLost: (id: string) => new InvalidStateError(`The lease on delivery "${id}" has expired or was taken by another worker.`),
  outboxState: (id: string, state: string) => new InvalidStateError(`Delivery "${id}" is ${state}, so it cannot be replayed${state === 'delivered' ? ' without force' : ''}.`),
};

const NEWEST = 'newest:';

/**
 * Cursor for id-ordered pages: opaque to callers, and carrying the order it was made for, so a
 * page is never continued the other way. Oldest-first cursors are the bare id, as before orders
 * existed, so a script paging through an upgrade carries on.
 */
export const cursor = {
  encode: (lastId: string, order: ListOrder = 'oldest') => Buffer.from(order === 'newest' ? NEWEST + lastId : lastId, 'utf8').toString('base64url'),
  decode: (c: string): { after: string; order: ListOrder } => {
    const text = Buffer.from(c, 'base64url').toString('utf8');
    return text.startsWith(NEWEST) ? { after: text.slice(NEWEST.length), order: 'newest' } : { after: text, order: 'oldest' };
  },
};

/** Where a page starts: after the cursor's id, in the page's order. Refuses a cursor made for the other order. */
export function pageStart(page: { cursor?: string | null; order?: ListOrder }): { order: ListOrder; after: string | null } {
  const order = page.order ?? 'oldest';
  if (!page.cursor) return { order, after: null };
  const c = cursor.decode(page.cursor);
  if (c.order !== order) throw refuse.cursorOrder(c.order);
  return { order, after: c.after };
}

/** All time comparisons in stores are on this one ISO form, so strings sort as times. */
export function isoTime(t: string): string {
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) throw new TypeError(`not a time: ${t}`);
  return new Date(ms).toISOString();
}
