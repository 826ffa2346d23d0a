/**
 * "Find a child": the directory's children matching what a person typed, as cards to confirm the
 * right one, and one child's card by id. Restricted children only for those who may read their
 * records; a child that is unknown or not readable is the same "not found", so the answer tells
 * nothing about who exists. Every search and every card read is in the event log (a search's
 * kind and count, never the words typed).
 */
import type { Account } from '../accounts/model.js';
import type { EngineContext } from '../context.js';
import { InvalidRequestError, NotFoundError } from '../errors.js';
import { newEvent } from '../store/events.js';
import { readerFor } from './access.js';
import { visibleCards, type ChildCard } from './cards.js';

import { parseChildQuery } from './search.js';

/** Whether `account` may start a record about a child: the same rule as reading its records (access.ts). */
async function mayStartAbout(ctx: EngineContext, account: Account): Promise<(childId: string) => boolean> {
  const reader = await readerFor(ctx, account);
  return (childId) => reader.mayCreate({ createdBy: account.id, ...(account.team ? { team: account.team } : {}), subject: { childId } });
}

/** How many more children than asked a search reads, so hiding restricted ones rarely leaves a page short. */
const RESTRICTED_SLACK = 10;

export async function findChildren(ctx: EngineContext, account: Account, q: string, limit: number): Promise<{ loaded: boolean; items: ChildCard[] }> {
  const parsed = parseChildQuery(q);
  if ('problem' in parsed) throw new InvalidRequestError(parsed.problem, [{ pointer: '/query/q', message: parsed.problem }]);
  const loaded = (await ctx.store.directoryCounts()).children > 0;
  const found = loaded && parsed.parts.length ? await ctx.store.searchChildren(parsed.search, limit + RESTRICTED_SLACK) : [];
  const items = (await visibleCards(ctx.store, await mayStartAbout(ctx, account), found)).slice(0, limit);
  await ctx.store.appendEvent(newEvent(ctx.now(), account.id, 'directory.searched', 'directory', 'children', { kinds: parsed.parts, count: items.length }));
  return { loaded, items };
}

export async function childCard(ctx: EngineContext, account: Account, id: string): Promise<ChildCard> {
  const [child] = await ctx.store.getChildren([id]);
  const [card] = child ? await visibleCards(ctx.store, await mayStartAbout(ctx, account), [child]) : [];
  await ctx.store.appendEvent(newEvent(ctx.now(), account.id, card ? 'directory.child-read' : 'directory.child-not-found', 'child', id));
  if (!card) throw new NotFoundError(`There is no child with ICS person id ${id} that you may see in the directory.`);
  return card;
}
