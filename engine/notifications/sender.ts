/**
 * Sending: leases due notifications (like the delivery outbox: a token, an expiry, an attempt
 * each), writes each through the council's SMTP server with nodemailer, and records what
 * happened. The Message-ID is made from the notification's id, so if a sender dies between the
 * server accepting a message and marking it sent, the copy sent again after the lease runs out
 * carries the same Message-ID, which mail systems and people can recognise as the same email.
 * Refusals the server says are temporary (4xx), and lost connections, are tried again with
 * backoff and jitter; a permanent refusal (5xx) or the last attempt makes it dead.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Transporter } from 'nodemailer';
import type { EngineContext } from '../context.js';
import { LeaseKeeper } from '../store/lease.js';
import { backoffMs } from '../sync/worker.js';
import type { Notification, NotificationOutcome } from './model.js';
import { addressOf } from './recipients.js';
import { emailText } from './words.js';

export interface SenderOptions {
  from: string;
  publicUrl: string;
  workerId?: string;
  leaseMs: number;
  batch: number;
  retry: { maxAttempts: number; baseMs: number; maxMs: number };
  logger?: Logger;
  random?: () => number;
}

/** `<hash@caseforms>`: the same for every attempt at one notification. */
export function messageIdOf(notificationId: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'caseforms.invalid';
  return `<${createHash('sha256').update(notificationId).digest('hex').slice(0, 40)}@${domain}>`;
}

/** What an SMTP failure means: try again later, or give up now. */
function judged(err: unknown): { permanent: boolean; reason: string } {
  const e = err as { responseCode?: number; code?: string; response?: string; message?: string };
  const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const reason = code ? `The mail server answered ${code}${e.response ? `: ${e.response.slice(0, 200)}` : ''}` : `Could not reach the mail server (${e.code ?? e.message ?? 'unknown error'})`;
  return { permanent: code !== undefined && code >= 500 && code < 600, reason };
}

export class Sender {
  readonly id: string;

  constructor(
    private readonly ctx: EngineContext,
    private readonly transport: Transporter,
    private readonly options: SenderOptions,
  ) {
    this.id = options.workerId ?? `mail:${process.pid}:${randomUUID().slice(0, 6)}`;
  }

  /** One round: claims a batch and sends it. Returns how many were handled. */
  async runOnce(signal?: AbortSignal): Promise<number> {
    const claimed = await this.ctx.store.claimNotifications({ workerId: this.id, leaseMs: this.options.leaseMs, now: this.ctx.now().toISOString(), limit: this.options.batch });
    if (!claimed.length) return 0;
    // The batch is sent one email at a time: its leases are renewed until each is recorded.
    const keeper = new LeaseKeeper({
      leaseMs: this.options.leaseMs,
      now: () => this.ctx.now(),
      renew: (id, token, until) => this.ctx.store.renewNotification(id, token, until),
      onLost: (id) => this.options.logger?.warn({ notification: id }, 'lease lost before sending; another sender has the email'),
      onError: (err, id) => this.options.logger?.error({ err, notification: id }, 'renewing a lease failed'),
    });
    keeper.hold(claimed);
    try {
      for (const n of claimed) {
        if (keeper.isLost(n.id)) continue;
        // Stopping: what is not in hand goes back to the queue at once (not after its lease).
        if (signal?.aborted) await this.record(n, { state: 'pending', error: 'The service stopped before sending it.', nextAttemptAt: this.ctx.now().toISOString() }, keeper);
        else await this.send(n, keeper);
      }
    } finally {
      await keeper.close();
    }
    return claimed.length;
  }

  private async send(n: Notification, keeper: LeaseKeeper): Promise<void> {
    const log = { notification: n.id, kind: n.kind, attempt: n.attempts };
    const account = await this.ctx.store.getAccount(n.accountId);
    const to = account ? await addressOf(this.ctx, account) : null;
    let outcome: NotificationOutcome;
    if (!to) {
      outcome = { state: 'skipped', reason: 'no-address', at: this.ctx.now().toISOString() };
      this.options.logger?.warn({ ...log, account: n.accountId }, 'not sent: the account has no work email in the directory');
    } else {
      try {
        await this.transport.sendMail({
          from: this.options.from,
          to,
          subject: n.title,
          text: emailText(n, this.options.publicUrl),
          messageId: messageIdOf(n.id, this.options.from),
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
        outcome = { state: 'sent', at: this.ctx.now().toISOString() };
        this.options.logger?.info(log, 'email sent');
      } catch (err) {
        const { permanent, reason } = judged(err);
        const now = this.ctx.now();
        if (permanent || n.attempts >= this.options.retry.maxAttempts) {
          const why = permanent ? reason : `Gave up after ${n.attempts} attempt${n.attempts === 1 ? '' : 's'}: ${reason}`;
          outcome = { state: 'dead', error: why, at: now.toISOString() };
          this.options.logger?.warn({ ...log, reason: why }, 'email not sent: gave up');
        } else {
          const next = new Date(now.getTime() + backoffMs(this.options.retry, n.attempts, this.options.random ?? Math.random)).toISOString();
          outcome = { state: 'pending', error: reason, nextAttemptAt: next };
          this.options.logger?.info({ ...log, reason, nextAttemptAt: next }, 'email will be tried again');
        }
      }
    }
    await this.record(n, outcome, keeper);
  }

  /** Records the outcome under the lease; a lost lease means another sender has it now. */
  private async record(n: Notification, outcome: NotificationOutcome, keeper: LeaseKeeper): Promise<void> {
    await keeper.release(n.id);
    if (keeper.isLost(n.id)) return;
    try {
      await this.ctx.store.settleNotification(n.id, n.leaseToken!, outcome);
    } catch (err) {
      if ((err as { type?: string }).type !== 'invalid-state') throw err;
      this.options.logger?.warn({ notification: n.id }, 'lease lost before the outcome was recorded; another sender has the email');
    }
  }
}
