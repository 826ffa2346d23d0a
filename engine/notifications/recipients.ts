/**
 * Who is told: a record's work-list keys (engine/review/keys.ts) resolved to the accounts that
 * hold them, and where to write to: the directory worker's work email of the account, else nowhere.
 */
import type { Account } from '../accounts/model.js';
import type { EngineContext } from '../context.js';
import { keysOf } from '../review/keys.js';

/** Accounts are few (see engine/actions/create.ts): one read of them all serves a round. */
export class AccountBook {
  private accounts: Account[] | null = null;

  constructor(private readonly ctx: EngineContext) {}

  async all(): Promise<Account[]> {
    this.accounts ??= await this.ctx.store.listAccounts();
    return this.accounts;
  }

  async get(id: string): Promise<Account | undefined> {
    return (await this.all()).find((a) => a.id === id);
  }

  /** Enabled accounts holding any of `keys`, less the excluded ones. */
  async holding(keys: readonly string[], excluded: readonly string[] = []): Promise<Account[]> {
    if (!keys.length) return [];
    const wanted = new Set(keys);
    const out = new Set(excluded);
    return (await this.all()).filter((a) => !a.disabled && !out.has(a.id) && keysOf(a).some((k) => wanted.has(k)));
  }
}

/** The account's work email from the directory, or null (no worker linked, or the worker has none). */
export async function addressOf(ctx: EngineContext, account: Pick<Account, 'workerId' | 'disabled'>): Promise<string | null> {
  if (account.disabled || !account.workerId) return null;
  const [worker] = await ctx.store.getWorkers([account.workerId]);
  if (!worker || !worker.active) return null;
  const email = worker.email?.trim();
  return email ? email : null;
}
