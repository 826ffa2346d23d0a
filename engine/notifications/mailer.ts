/**
 * Email notifications running in the server process, like the delivery worker: one loop that
 * reads new events into notifications, runs the daily round when it is due, and sends what is
 * due. Any number of processes may run it against one store (leases, compare-and-set cursors,
 * deterministic ids). Without an SMTP server configured nothing is produced or sent.
 */
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { EngineContext } from '../context.js';
import { PollLoop } from '../poll-loop.js';
import { DEFAULT_LEASE_MS } from '../store/lease.js';
import { dailyIfDue, runDaily } from './daily.js';
import { EVENT_CURSOR, idFloor, produceOnce } from './produce.js';
import { Sender } from './sender.js';

export interface MailConfig {
  /** smtp://user:pass@host:port or smtps://… */
  smtpUrl: string;
  from: string;
  /** The service's address as people reach it, for links (no trailing slash). */
  publicUrl: string;
  /** Hour of the day (Europe/London) of the daily round: reminders and digests. */
  digestHour: number;
  /** Remind this many working days before an action is due. */
  dueSoonDays: number;
  pollMs?: number;
  leaseMs?: number;
  batch?: number;
  retry?: { maxAttempts: number; baseMs: number; maxMs: number };
  /** Events younger than this wait for the next round (see produce.ts). */
  settleMs?: number;
}

export const DEFAULT_MAIL = { digestHour: 7, dueSoonDays: 3, pollMs: 2_000, leaseMs: DEFAULT_LEASE_MS, batch: 20, retry: { maxAttempts: 8, baseMs: 30_000, maxMs: 30 * 60_000 }, settleMs: 10_000 } as const;

export class Mailer {
  private readonly sender: Sender;
  private readonly transport: Transporter;
  private readonly rounds: PollLoop;

  constructor(
    private readonly ctx: EngineContext,
    private readonly config: MailConfig,
    private readonly logger?: Logger,
  ) {
    this.transport = nodemailer.createTransport(config.smtpUrl);
    this.sender = new Sender(ctx, this.transport, {
      from: config.from,
      publicUrl: config.publicUrl,
      leaseMs: config.leaseMs ?? DEFAULT_MAIL.leaseMs,
      batch: config.batch ?? DEFAULT_MAIL.batch,
      retry: config.retry ?? DEFAULT_MAIL.retry,
      ...(logger ? { logger } : {}),
    });
    this.rounds = new PollLoop(() => this.runOnce(), { pollMs: config.pollMs ?? DEFAULT_MAIL.pollMs, onError: (err) => logger?.error({ err }, 'email round failed') });
  }

  /**
   * Before the first start on a store: the event cursor is set to now, so turning email on never
   * mails people about the past, and nothing that happens from here on is missed.
   */
  async prepare(): Promise<void> {
    if ((await this.ctx.store.getNotificationCursor(EVENT_CURSOR)) === null) await this.ctx.store.advanceNotificationCursor(EVENT_CURSOR, null, idFloor(Date.now()));
  }

  /** One round of everything: new events, the daily round if due, sending. Returns how much it did. */
  async runOnce(): Promise<number> {
    let done = 0;
    for (;;) {
      const p = await produceOnce(this.ctx, { settleMs: this.config.settleMs ?? DEFAULT_MAIL.settleMs });
      done += p.queued;
      if (p.events === 0) break;
    }
    if (await dailyIfDue(this.ctx, { hour: this.config.digestHour, dueSoonDays: this.config.dueSoonDays })) done++;
    done += await this.sender.runOnce(this.rounds.signal);
    return done;
  }

  /** The daily round now, whatever the hour or whether it ran today (operators and tests). */
  runDaily(): Promise<{ reminders: number; digests: number }> {
    return runDaily(this.ctx, { dueSoonDays: this.config.dueSoonDays });
  }

  start(): void {
    this.rounds.start();
  }

  wake(): void {
    this.rounds.wake();
  }

  /** Stops after the email in hand (the rest of a claimed batch goes back to the queue at once). */
  async stop(): Promise<void> {
    await this.rounds.stop();
    this.transport.close();
  }
}
