/**
 * The daily round, at the digest hour (Europe/London, by the engine's clock): reminders for open
 * actions due within N working days or overdue, and for records waiting past their stage's due
 * date; then each digest person's one email of what was held for them. Ids carry the due date
 * (`action-due:<action>:<dueOn>:<account>`) or the day (`digest:<account>:<date>`), so running the
 * round twice, in one process or two, changes nothing the second time.
 */
import type { EngineContext } from '../context.js';
import { addWorkingDays, dateOf, dayNumber } from '../forms/calculations/dates.js';
import { londonToday } from '../forms/calculations/evaluate.js';
import type { DigestItem, Notification } from './model.js';
import { signOffDrafts } from './produce.js';
import { enqueue, type Draft } from './queue.js';
import { AccountBook } from './recipients.js';
import { titles } from './words.js';

export const DAILY_CURSOR = 'daily';

const HOUR = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', hourCycle: 'h23' });

/** The hour of the day in London (0-23). */
export function londonHour(now: Date): number {
  return Number(HOUR.format(now));
}

export interface DailyOptions {
  /** Remind this many working days before an action is due. */
  dueSoonDays: number;
}

async function actionReminders(ctx: EngineContext, today: string, options: DailyOptions): Promise<Draft[]> {
  const last = addWorkingDays(today, options.dueSoonDays);
  const dueBefore = dateOf(dayNumber(last)! + 1)!;
  const out: Draft[] = [];
  let after: string | undefined;
  do {
    const page = await ctx.store.listActions({ status: 'open', dueBefore }, { limit: 500, ...(after ? { after } : {}) });
    for (const a of page.items) {
      if (!a.ownerAccountId) continue;
      const overdue = a.dueOn < today;
      out.push({
        id: `${overdue ? 'action-overdue' : 'action-due'}:${a.id}:${a.dueOn}:${a.ownerAccountId}`,
        kind: overdue ? 'overdue' : 'due-soon',
        accountId: a.ownerAccountId,
        title: overdue ? titles.actionOverdue(a.reference, a.dueOn) : titles.actionDueSoon(a.reference, a.dueOn),
        path: `/actions/${a.id}`,
        ...(a.reference ? { reference: a.reference } : {}),
      });
    }
    after = page.next ?? undefined;
  } while (after);
  return out;
}

/** Records waiting past their stage's due date (the queue is soonest due first: stop at today). */
async function recordReminders(ctx: EngineContext, book: AccountBook, today: string): Promise<Draft[]> {
  const out: Draft[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await ctx.store.listReviewQueue({ state: 'waiting' }, { limit: 200, ...(after ? { after } : {}) });
    for (const s of page.items) {
      const due = s.review?.dueOn;
      if (!due || due >= today) return out;
      out.push(...(await signOffDrafts(book, s, [], 'overdue')));
    }
    if (!page.next) return out;
    after = page.next;
  }
}

/** One digest per person with held notifications; those it carries are marked, the rest wait for tomorrow. */
async function digests(ctx: EngineContext, today: string): Promise<number> {
  const held = new Map<string, Notification[]>();
  let after: string | undefined;
  for (;;) {
    const page = await ctx.store.listNotifications({ state: 'held', limit: 1000, ...(after ? { after } : {}) });
    for (const n of page) held.set(n.accountId, [...(held.get(n.accountId) ?? []), n]);
    if (page.length < 1000) break;
    after = page.at(-1)!.id;
  }
  let made = 0;
  for (const [accountId, items] of held) {
    const id = `digest:${accountId}:${today}`;
    const lines: DigestItem[] = items.map((n) => ({ id: n.id, kind: n.kind, title: n.title, path: n.path }));
    // A digest is sent whatever the person's choice now (they chose digest when these were held).
    made += (await ctx.store.insertNotifications([{ id, kind: 'digest', accountId, title: titles.digest(today, lines.length), path: '/', items: lines, state: 'pending', attempts: 0, nextAttemptAt: ctx.now().toISOString(), createdAt: ctx.now().toISOString() }])).length;
    // The stored digest's own lines: a second run of the day marks only what the first one carried.
    const stored = await ctx.store.getNotification(id);
    if (stored?.items) await ctx.store.markDigested(stored.items.map((i) => i.id), id);
  }
  return made;
}

/** The whole daily round for `today`. */
export async function runDaily(ctx: EngineContext, options: DailyOptions): Promise<{ reminders: number; digests: number }> {
  const today = londonToday(ctx.now());
  const book = new AccountBook(ctx);
  const drafts = [...(await actionReminders(ctx, today, options)), ...(await recordReminders(ctx, book, today))];
  const reminders = (await enqueue(ctx, drafts)).length;
  return { reminders, digests: await digests(ctx, today) };
}

/**
 * Runs the daily round when it is due: at or after the digest hour, and not yet today. The
 * day is recorded by compare-and-set only after the round, so a crash means it runs again.
 */
export async function dailyIfDue(ctx: EngineContext, options: DailyOptions & { hour: number }): Promise<boolean> {
  const now = ctx.now();
  const today = londonToday(now);
  if (londonHour(now) < options.hour) return false;
  const last = await ctx.store.getNotificationCursor(DAILY_CURSOR);
  if (last !== null && last >= today) return false;
  await runDaily(ctx, options);
  await ctx.store.advanceNotificationCursor(DAILY_CURSOR, last, today);
  return true;
}
