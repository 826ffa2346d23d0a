/**
 * Accounts and sign-in (browser sessions: sessions.ts; API tokens: tokens.ts). Passwords are
 * stored only as scrypt.
 */
import { randomBytes } from 'node:crypto';
import type { EngineContext } from '../context.js';
import { ConflictError, InvalidRequestError, NotFoundError } from '../errors.js';
import { newId } from '../ids.js';
import { newEvent } from '../store/events.js';
import { refuse } from '../store/messages.js';
import { checkInput } from '../validation/requests.js';
import { isEnabledAdmin, type Account, type Role } from './model.js';
import { UNUSABLE_HASH, hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { DEFAULT_TOKEN_POLICY, createToken, revokeTokensOf, type TokenPolicy } from './tokens.js';
import { workerRefusal } from './worker-standing.js';

/** An account as others may see it: never its password hash. */
export type PublicAccount = Omit<Account, 'passwordHash'>;

export function publicAccount(a: Account): PublicAccount {
  const { passwordHash: _h, ...rest } = a;
  return rest;
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
    ...(i.workerId !== undefined ? { workerId: i.workerId } : {}),
    ...(i.groups?.length ? { groups: i.groups } : {}),
    passwordHash: await hashPassword(i.password),
    disabled: false,
    revision: 1,
    createdBy: actor.id,
    createdAt: now,
    updatedBy: actor.id,
    updatedAt: now,
  };
  await ctx.store.insertAccount(account, newEvent(ctx.now(), actor.id, 'account.created', 'account', account.id, { username: account.username, role: account.role, ...(account.workerId ? { workerId: account.workerId } : {}) }));
  return publicAccount(account);
}

export async function updateAccount(ctx: EngineContext, actor: { id: string }, id: string, expectedRevision: number, input: unknown): Promise<PublicAccount> {
  const i = checkInput('account-update', input, 'account change');
  if (i.password !== undefined) checkPassword(i.password);
  const now = ctx.now();
  // workerId null unlinks the account from its worker (the stores drop a member set to undefined).
  const { password, workerId, ...others } = i;
  const rest = { ...others, ...(workerId !== undefined ? { workerId: workerId ?? undefined } : {}) };
  const before = await getAccount(ctx, id);
  if (before.revision !== expectedRevision) throw refuse.accountStale(id, before.revision);
  // Refused before any session or token is ended; the store checks again as it writes, so two
  // administrators demoting each other at once cannot both succeed.
  if (isEnabledAdmin(before) && !isEnabledAdmin({ role: i.role ?? before.role, disabled: i.disabled ?? before.disabled })) {
    if (!(await ctx.store.listAccounts()).some((a) => a.id !== id && isEnabledAdmin(a))) throw refuse.lastAdmin(before.username);
  }
  // A new password or a disabled account ends every session: before the change (fails safe if
  // it is interrupted) and after it (a sign-in with the old password in between). It also
  // revokes every API token, as does enabling a disabled account (whatever it held is not revived).
  const endsSessions = password !== undefined || i.disabled === true;
  const tokensEnd = endsSessions ? (password !== undefined ? 'password changed' : 'account disabled') : i.disabled === false && before.disabled ? 'account enabled again' : null;
  if (endsSessions) await ctx.store.deleteSessionsOf(id);
  if (tokensEnd) await revokeTokensOf(ctx, actor, id, tokensEnd);
  const updated = await ctx.store.updateAccount(
    id,
    expectedRevision,
    { ...rest, ...(password !== undefined ? { passwordHash: await hashPassword(password) } : {}), updatedBy: actor.id, updatedAt: now.toISOString() },
    newEvent(now, actor.id, 'account.updated', 'account', id, { changed: Object.keys(i).sort() }),
  );
  if (endsSessions) await ctx.store.deleteSessionsOf(id);
  if (tokensEnd) await revokeTokensOf(ctx, actor, id, tokensEnd);
  return publicAccount(updated);
}

export async function getAccount(ctx: EngineContext, id: string): Promise<Account> {
  const a = await ctx.store.getAccount(id);
  if (!a) throw new NotFoundError(`There is no account "${id}".`);
  return a;
}

/** Whether an account's ICS worker is in the directory now (it need not be: the directory may load later). */
export interface WorkerLink {
  found: boolean;
  name?: string;
  team?: string;
  /** False when the directory says the worker has left. */
  active?: boolean;
}

/** An account as an administrator reads it: with whether its worker id is in the directory. */
export async function accountWithWorker(ctx: EngineContext, a: Account): Promise<PublicAccount & { worker?: WorkerLink }> {
  if (!a.workerId) return publicAccount(a);
  const [w] = await ctx.store.getWorkers([a.workerId]);
  return { ...publicAccount(a), worker: w ? { found: true, name: w.name, ...(w.team ? { team: w.team } : {}), active: w.active } : { found: false } };
}

/** The name a sign-in looks up: what was typed, without surrounding space, in lower case. */
export function signInName(typed: string): string {
  return typed.trim().toLowerCase();
}

/**
 * Checks a username and password; null (after the same work) when either is wrong, the account is
 * disabled, or it has no password (it signs in only through single sign-on).
 */
export async function checkCredentials(ctx: EngineContext, input: unknown): Promise<Account | null> {
  const i = checkInput('sign-in', input, 'sign-in');
  const account = await ctx.store.getAccountByUsername(signInName(i.username));
  const ok = await verifyPassword(i.password, account?.passwordHash || UNUSABLE_HASH);
  return ok && account && account.passwordHash && !account.disabled ? account : null;
}

/**
 * A password sign-in: the account, or why it is refused in the person's words (null: the username
 * or password is wrong). With local sign-in off (single sign-on only), only administrators' local
 * accounts may still sign in with a password (break-glass); an account linked to a worker the ICS
 * directory no longer lists as active cannot sign in at all.
 */
export async function passwordSignIn(ctx: EngineContext, input: unknown, policy: { local: boolean }): Promise<{ account: Account } | { refused: string } | null> {
  const account = await checkCredentials(ctx, input);
  if (!account) return null;
  if (!policy.local && account.role !== 'admin') {
    return { refused: 'Usernames and passwords are only for administrators here: sign in with your council account instead.' };
  }
  const worker = await workerRefusal(ctx, account);
  return worker ? { refused: worker } : { account };
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
 * Several processes starting at once on one empty store: the first account's username is the
 * claim (a unique insert in both stores), so exactly one of them creates the accounts and knows
 * their passwords; the others get null.
 */
export async function seedDemoAccounts(ctx: EngineContext, tokens: TokenPolicy = DEFAULT_TOKEN_POLICY): Promise<DemoAccount[] | null> {
  if ((await ctx.store.listAccounts()).length > 0) return null;
  const out: DemoAccount[] = [];
  for (const d of DEMO) {
    const password = randomBytes(15).toString('base64url');
    let created: PublicAccount;
    try {
      created = await createAccount(ctx, { id: 'system' }, { ...d, password });
    } catch (err) {
      if (err instanceof ConflictError && out.length === 0) return null;
      throw err;
    }
    const account = (await ctx.store.getAccount(created.id))!;
    const { token } = await createToken(ctx, account, { name: 'demo token' }, tokens);
    out.push({ username: d.username, role: d.role, password, token });
  }
  return out;
}
