/** Putting notifications in the queue, each as its person chose: at once, for the digest, or not at all. */
import type { EngineContext } from '../context.js';
import { DEFAULT_CHOICE, newNotification, type Notification } from './model.js';

export type Draft = Pick<Notification, 'id' | 'kind' | 'accountId' | 'title' | 'path'> & Partial<Pick<Notification, 'reference' | 'items'>>;

/** Inserts those not made before (ids are deterministic); returns the ones new now. */
export async function enqueue(ctx: EngineContext, drafts: Draft[]): Promise<Notification[]> {
  if (!drafts.length) return [];
  const choices = await ctx.store.getDeliveryChoices([...new Set(drafts.map((d) => d.accountId))]);
  const at = ctx.now().toISOString();
  return ctx.store.insertNotifications(drafts.map((d) => newNotification(d, choices.get(d.accountId) ?? DEFAULT_CHOICE, at)));
}
