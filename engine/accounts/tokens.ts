/**
 * Personal API tokens: random, shown once, stored only as SHA-256. Every token ends: at the
 * lifetime asked for, else the default, never past the longest allowed; a token stored before
 * tokens had to end ends that long after it was made. A new password, disabling or re-enabling
 * an account revokes all of its tokens. Owners list and revoke their own; administrators anyone's.
 */
import type { EngineContext } from '../context.js';
import { InvalidRequestError, NotFoundError } from '../errors.js';
import { newEvent } from '../store/events.js';
import { checkInput } from '../validation/requests.js';
import type { Account, ApiToken } from './model.js';
import { hashSecret, newSecret } from './secrets.js';

export const TOKEN_PREFIX = 'cft';

export interface TokenPolicy {
  /** Days a token lasts when its maker does not say. */
  defaultDays: number;
  /** The most days a token may last; a longer one is refused. */
  maxDays: number;
}

export const DEFAULT_TOKEN_POLICY: TokenPolicy = { defaultDays: 90, maxDays: 366 };

const DAY_MS = 86_400_000;

/** Token metadata as its owner or an administrator sees it (never the hash). */
export type PublicToken = Omit<ApiToken, 'hash'> & { id: string };

export function publicToken(t: ApiToken): PublicToken {
  const { hash, ...rest } = t;
  return { id: hash.slice(0, 16), ...rest };
}

/** When a token stops working (tokens stored without an end: their making plus the longest lifetime). */
export function tokenExpiry(t: ApiToken, policy: TokenPolicy): string {
  return t.expiresAt ?? new Date(Date.parse(t.createdAt) + policy.maxDays * DAY_MS).toISOString();
}

/** The account behind a bearer token, if the token is live and the account enabled. */
export async function tokenAccount(ctx: EngineContext, token: string, policy: TokenPolicy = DEFAULT_TOKEN_POLICY): Promise<Account | null> {
  const t = await ctx.store.getToken(hashSecret(token));
  if (!t || t.revokedAt || tokenExpiry(t, policy) <= ctx.now().toISOString()) return null;
  const account = await ctx.store.getAccount(t.accountId);
  return account && !account.disabled ? account : null;
}

/** Creates a personal token for `account`; the token itself is in the result, once. */
export async function createToken(ctx: EngineContext, account: Account, input: unknown, policy: TokenPolicy = DEFAULT_TOKEN_POLICY): Promise<{ token: string; info: PublicToken }> {
  const i = checkInput('token-input', input, 'new token');
  const days = i.expiresInDays ?? policy.defaultDays;
  if (days > policy.maxDays) {
    throw new InvalidRequestError('The token would last too long.', [
      { pointer: '/expiresInDays', message: `A token can last at most ${policy.maxDays} days here; ask for ${policy.maxDays} or fewer and make a new one when it ends.` },
    ]);
  }
  const token = newSecret(TOKEN_PREFIX);
  const now = ctx.now();
  const record: ApiToken = {
    hash: hashSecret(token),
    accountId: account.id,
    name: i.name.trim(),
    prefix: token.slice(0, 10),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + days * DAY_MS).toISOString(),
  };
  await ctx.store.insertToken(record, newEvent(now, account.id, 'token.created', 'account', account.id, { name: record.name, prefix: record.prefix }));
  return { token, info: publicToken(record) };
}

export async function listTokens(ctx: EngineContext, accountId: string): Promise<PublicToken[]> {
  return (await ctx.store.listTokens(accountId)).map(publicToken);
}

/**
 * Revokes one of an account's tokens, named by its public id, for `actor` (the owner, or an
 * administrator). `notFound` is what the caller is told when the account has no such token.
 */
export async function revokeToken(ctx: EngineContext, actor: { id: string }, accountId: string, publicId: string, notFound: string): Promise<PublicToken> {
  const found = publicId.length === 16 ? (await ctx.store.listTokens(accountId)).find((t) => t.hash.startsWith(publicId)) : undefined;
  if (!found) throw new NotFoundError(notFound);
  const revoked = await ctx.store.revokeToken(found.hash, ctx.now().toISOString(), newEvent(ctx.now(), actor.id, 'token.revoked', 'account', accountId, { prefix: found.prefix }));
  return publicToken(revoked);
}

/** Revokes every live token of the account (its password changed, or it was disabled or enabled). */
export async function revokeTokensOf(ctx: EngineContext, actor: { id: string }, accountId: string, reason: string): Promise<void> {
  for (const t of await ctx.store.listTokens(accountId)) {
    if (t.revokedAt) continue;
    await ctx.store.revokeToken(t.hash, ctx.now().toISOString(), newEvent(ctx.now(), actor.id, 'token.revoked', 'account', accountId, { prefix: t.prefix, reason }));
  }
}
