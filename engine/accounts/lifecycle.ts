/**
 * Accounts, sign-in and personal API tokens (browser sessions: sessions.ts). Secrets are random, shown once, and
 * stored only as SHA-256 (tokens, sessions) or scrypt (passwords).
 */
import { randomBytes } from 'node:crypto';
import type { EngineContext } from '../context.js';
import { InvalidRequestError, NotFoundError } from '../errors.js';
import { newId } from '../ids.js';
import { newEvent } from '../store/events.js';
import { checkInput } from '../validation/requests.js';
import type { Account, ApiToken, Role } from './model.js';
import { UNUSABLE_HASH, hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { hashSecret, newSecret } from './secrets.js';

export const TOKEN_PREFIX = 'cft';

/** An account as others may see it: never its password hash. */
export type PublicAccount = Omit<Account, 'passwordHash'>;

export function publicAccount(a: Account): PublicAccount {
  const { passwordHash: _h, ...rest } = a;
  return rest;
}

/** Token metadata as its owner sees it (never the hash). */
export type PublicToken = Omit<ApiToken, 'hash'> & { id: string };

export function publicToken(t: ApiToken): PublicToken {
  const { hash, ...rest } = t;
  return { id: hash.slice(0, 16), ...rest };
}

function checkPassword(password: string, pointer = '/password'): void {
  const problem = passwordProblem(password);
  if (problem) throw new InvalidRequestError('The password is not acceptable.', [{ pointer, message: problem }]);
}

export async function createAccount(ctx: EngineContext, actor: { id: string }, input: unknown): Promise<PublicAccount> {
  const i = checkInput('account-input', input, 'new account');
  checkPassword(i.password);
  const now = ctx.now().toISOString();
  const account: Account = {
    id: newId(),
    username: i.username,
    displayName: i.displayName.trim(),
    role: i.role,
    team: i.team,
    passwordHash: await hashPassword(i.password),
    disabled: false,
    revision: 1,
    createdBy: actor.id,
    createdAt: now,
    updatedBy: actor.id,
    updatedAt: now,
  };
  await ctx.store.insertAccount(account, newEvent(ctx.now(), actor.id, 'account.created', 'account', account.id, { username: account.username, role: account.role }));
  return publicAccount(account);
}

export async function updateAccount(ctx: EngineContext, actor: { id: string }, id: string, expectedRevision: number, input: unknown): Promise<PublicAccount> {
  const i = checkInput('account-update', input, 'account change');
  if (i.password !== undefined) checkPassword(i.password);
  const now = ctx.now();
  const { password, ...rest } = i;
  // A new password or a disabled account ends every session: before the change (fails safe if
  // it is interrupted) and after it (a sign-in with the old password in between).
  const endsSessions = password !== undefined || i.disabled === true;
  if (endsSessions) await ctx.store.deleteSessionsOf(id);
  const updated = await ctx.store.updateAccount(
    id,
    expectedRevision,
    { ...rest, ...(password !== undefined ? { passwordHash: await hashPassword(password) } : {}), updatedBy: actor.id, updatedAt: now.toISOString() },
    newEvent(now, actor.id, 'account.updated', 'account', id, { changed: Object.keys(i).sort() }),
  );
  if (endsSessions) await ctx.store.deleteSessionsOf(id);
  return publicAccount(updated);
}

export async function getAccount(ctx: EngineContext, id: string): Promise<Account> {
  const a = await ctx.store.getAccount(id);
  if (!a) throw new NotFoundError(`There is no account "${id}".`);
  return a;
}

/** Checks a username and password; null (after the same work) when either is wrong or the account is disabled. */
export async function checkCredentials(ctx: EngineContext, input: unknown): Promise<Account | null> {
  const i = checkInput('sign-in', input, 'sign-in');
  const account = await ctx.store.getAccountByUsername(i.username.trim().toLowerCase());
  const ok = await verifyPassword(i.password, account?.passwordHash ?? UNUSABLE_HASH);
  return ok && account && !account.disabled ? account : null;
}

/** The account behind a bearer token, if the token is live and the account enabled. */
export async function tokenAccount(ctx: EngineContext, token: string): Promise<Account | null> {
  const t = await ctx.store.getToken(hashSecret(token));
  if (!t || t.revokedAt || (t.expiresAt && t.expiresAt <= ctx.now().toISOString())) return null;
  const account = await ctx.store.getAccount(t.accountId);
  return account && !account.disabled ? account : null;
}

/** Creates a personal token for `account`; the token itself is in the result, once. */
export async function createToken(ctx: EngineContext, account: Account, input: unknown): Promise<{ token: string; info: PublicToken }> {
  const i = checkInput('token-input', input, 'new token');
  const token = newSecret(TOKEN_PREFIX);
  const now = ctx.now();
  const record: ApiToken = {
    hash: hashSecret(token),
    accountId: account.id,
    name: i.name.trim(),
    prefix: token.slice(0, 10),
    createdAt: now.toISOString(),
    ...(i.expiresInDays ? { expiresAt: new Date(now.getTime() + i.expiresInDays * 86_400_000).toISOString() } : {}),
  };
  await ctx.store.insertToken(record, newEvent(now, account.id, 'token.created', 'account', account.id, { name: record.name, prefix: record.prefix }));
  return { token, info: publicToken(record) };
}

export async function listTokens(ctx: EngineContext, account: Account): Promise<PublicToken[]> {
  return (await ctx.store.listTokens(account.id)).map(publicToken);
}

/** Revokes one of the account's own tokens, named by its public id. */
export async function revokeToken(ctx: EngineContext, account: Account, publicId: string): Promise<PublicToken> {
  const mine = (await ctx.store.listTokens(account.id)).find((t) => t.hash.startsWith(publicId) && publicId.length === 16);
  if (!mine) throw new NotFoundError('You have no API token with that id.');
  const revoked = await ctx.store.revokeToken(mine.hash, ctx.now().toISOString(), newEvent(ctx.now(), account.id, 'token.revoked', 'account', account.id, { prefix: mine.prefix }));
  return publicToken(revoked);
}

export interface DemoAccount {
  username: string;
  role: Role;
  password: string;
  token: string;
}

const DEMO: Array<{ username: string; displayName: string; role: Role; team: string }> = [
  { username: 'dana.designer', displayName: 'Dana (business analyst)', role: 'designer', team: 'business-systems' },
  { username: 'pat.practitioner', displayName: 'Pat (social worker)', role: 'practitioner', team: 'children-in-need-north' },
  { username: 'mo.manager', displayName: 'Mo (team manager)', role: 'manager', team: 'children-in-need-north' },
  { username: 'ira.integrator', displayName: 'Ira (IT integrator)', role: 'integrator', team: 'it-integration' },
  { username: 'ada.admin', displayName: 'Ada (administrator)', role: 'admin', team: 'it-integration' },
];

/**
 * On a store with no accounts, creates one demo account per role with a random password and
 * token. Returns them (to be written once to a private file), or null when accounts exist.
 */
export async function seedDemoAccounts(ctx: EngineContext): Promise<DemoAccount[] | null> {
  if ((await ctx.store.listAccounts()).length > 0) return null;
  const out: DemoAccount[] = [];
  for (const d of DEMO) {
    const password = randomBytes(15).toString('base64url');
    const created = await createAccount(ctx, { id: 'system' }, { ...d, password });
    const account = (await ctx.store.getAccount(created.id))!;
    const { token } = await createToken(ctx, account, { name: 'demo token' });
    out.push({ username: d.username, role: d.role, password, token });
  }
  return out;
}
