/**
 * The record list: a page of the records a reader may read, filtered by the store with the
 * reader's reach (directory/access.ts), never by reading everything and leaving out the rest here.
 * Every list is in the event log: what was asked, how many came back, and the size of the reach.
 */
import type { EngineContext } from '../context.js';
import type { Reader } from '../directory/access.js';
import type { Page, SubmissionQuery } from '../store/contract.js';
import { newEvent } from '../store/events.js';
import type { Submission } from './model.js';

export async function listReadable(ctx: EngineContext, reader: Reader, query: SubmissionQuery, page: Page): Promise<{ items: Submission[]; next: string | null }> {
  const within = reader.narrow(query);
  const result = within ? await ctx.store.listSubmissions(within, page) : { items: [], next: null };
  const reach = reader.reach;
  const scope = reach.kind === 'some' ? { children: reach.children.size, hidden: reach.hidden.size, ...(reach.truncated ? { truncated: true } : {}) } : reach.kind;
  await ctx.store.appendEvent(newEvent(ctx.now(), reader.account.id, 'submissions.listed', 'submission', '*', { query, order: page.order ?? 'oldest', count: result.items.length, reach: scope }));
  return result;
}
