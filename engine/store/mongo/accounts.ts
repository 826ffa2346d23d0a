/**
 * Accounts, personal API tokens and browser sessions.
 *
 * Accounts and tokens are commits (see commits.ts): a create is the entity's first commit, an
 * account update or a token revoke the next one, each carrying its event. An account's create
 * commit also claims its username (a unique sparse index on `accountUsername`), so two creates
 * with one username cannot both be decided, in the same insert as the account itself. The claim
 * stays on the commit for good (usernames never change and accounts are never deleted); the
 * `usernames` lookup (`_id` = username) is relayed from it so a sign-in reads by `_id` only.
 *
 * Sessions carry no event, so they are plain documents keyed by their hash; the one change they
 * have is their idle expiry moving on, a lone field where a lost race costs seconds, not data.
 */
import { isEnabledAdmin, type Account, type ApiToken, type Session } from '../../accounts/model.js';
import { ConflictError } from '../../errors.js';
import type { AccountPatch } from '../contract.js';
import type { EventRecord } from '../events.js';
import { isoTime, refuse } from '../messages.js';
import { isDuplicateKey, type Collections } from './collections.js';
import { MAX_ATTEMPTS, type CommitLog } from './commits.js';
import { accountFromDoc, accountToDoc, applyPatch, logged, sessionFromDoc, sessionToDoc, tokenFromDoc, tokenToDoc } from './mapping.js';

const accountEntity = (id: string): string => `account:${id}`;
const tokenEntity = (hash: string): string => `token:${hash}`;

// messages.ts has no wording for these (a SHA-256 collision, or the same record inserted twice);
// the SQLite store uses the same words.
const tokenExists = () => new ConflictError('This API token is already stored.');
const sessionExists = () => new ConflictError('This session is already stored.');

export class Accounts {
  constructor(
    private readonly c: Collections,
    private readonly log: CommitLog,
  ) {}

  // Accounts

  async insertAccount(account: Account, event: EventRecord): Promise<void> {
    const entity = accountEntity(account.id);
    const won = await this.log.commit(
      {
        entity,
        rev: 1,
        view: 'accounts',
        state: accountToDoc(account, 1),
        relay: [
          ...logged(event),
          { to: 'usernames', doc: { _id: account.username, accountId: account.id } },
        ],
        claims: { accountUsername: account.username },
      },
      'account.inserted',
    );
    if (won) return;
    // Either the id's first commit or the username claim was taken.
    if (await this.log.get(entity, 1)) throw refuse.accountExists(`id "${account.id}"`);
    throw refuse.accountExists(`username "${account.username}"`);
  }

  async getAccount(id: string): Promise<Account | null> {
    const doc = await this.c.accounts.findOne({ _id: id });
    return doc ? accountFromDoc(doc) : null;
  }

  async getAccountByUsername(username: string): Promise<Account | null> {
    const claim = await this.c.usernames.findOne({ _id: username });
    return claim ? this.getAccount(claim.accountId) : null;
  }

  async listAccounts(): Promise<Account[]> {
    return (await this.c.accounts.find({}).sort({ username: 1 }).toArray()).map(accountFromDoc);
  }

  /**
   * A compare-and-set change (as CommitLog.change). A change that leaves one fewer enabled
   * administrator also claims the next admin step, after settling the last one taken and finding
   * another enabled administrator: two administrators demoting each other at once both want the
   * same step, so only one change is decided, and the other is decided again on what it left.
   */
  async updateAccount(id: string, expectedRevision: number, patch: AccountPatch, event: EventRecord): Promise<Account> {
    const entity = accountEntity(id);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const doc = await this.c.accounts.findOne({ _id: id });
      if (!doc) throw refuse.accountMissing(id);
      const cur = accountFromDoc(doc);
      if (cur.revision !== expectedRevision) throw refuse.accountStale(id, cur.revision);
      // The id and username are kept whatever the patch holds at run time.
      const next = applyPatch<Account>(cur, { ...patch, id: cur.id, username: cur.username, revision: cur.revision + 1 });
      let claims = {};
      if (isEnabledAdmin(cur) && !isEnabledAdmin(next)) {
        const step = await this.lastAdminStep();
        const others = (await this.c.accounts.find({ role: 'admin' }).toArray()).map(accountFromDoc);
        if (!others.some((a) => a.id !== id && isEnabledAdmin(a))) throw refuse.lastAdmin(cur.username);
        claims = { adminStep: step + 1 };
      }
      const rev = doc.rev + 1;
      if (await this.log.commit({ entity, rev, view: 'accounts', state: accountToDoc(next, rev), relay: logged(event), claims }, 'account.updated')) return next;
      // Someone else changed this account, or took the admin step, first: read again.
      await this.log.settle(entity, rev);
    }
    throw new Error(`MongoDB store: could not change account ${id} after ${MAX_ATTEMPTS} attempts.`);
  }

  /** The last admin step taken (0 for none), its change rolled forward so the accounts read next include it. */
  private async lastAdminStep(): Promise<number> {
    const [top] = await this.c.commits.find({ adminStep: { $exists: true } }).sort({ adminStep: -1 }).limit(1).toArray();
    if (!top) return 0;
    await this.log.rollForward(top);
    return top.adminStep!;
  }

  // API tokens

  async insertToken(token: ApiToken, event: EventRecord): Promise<void> {
    const won = await this.log.commit(
      { entity: tokenEntity(token.hash), rev: 1, view: 'tokens', state: tokenToDoc(token, 1), relay: logged(event) },
      'token.inserted',
    );
    if (!won) throw tokenExists();
  }

  async getToken(hash: string): Promise<ApiToken | null> {
    const doc = await this.c.tokens.findOne({ _id: hash });
    return doc ? tokenFromDoc(doc) : null;
  }

  async listTokens(accountId: string): Promise<ApiToken[]> {
    return (await this.c.tokens.find({ accountId }).sort({ createdKey: -1, _id: -1 }).toArray()).map(tokenFromDoc);
  }

  async revokeToken(hash: string, at: string, event: EventRecord): Promise<ApiToken> {
    const entity = tokenEntity(hash);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const doc = await this.c.tokens.findOne({ _id: hash });
      if (!doc) throw refuse.tokenMissing();
      const cur = tokenFromDoc(doc);
      // Already revoked: nothing changes, so there is nothing to log either.
      if (cur.revokedAt !== undefined) return cur;
      const state = tokenToDoc(applyPatch(cur, { revokedAt: at }), doc.rev + 1);
      const won = await this.log.commit(
        { entity, rev: doc.rev + 1, view: 'tokens', state, relay: logged(event) },
        'token.revoked',
      );
      if (won) return tokenFromDoc(state);
      // Revoked by someone else just now: read again (and keep their time).
      await this.log.settle(entity, doc.rev + 1);
    }
    throw new Error(`MongoDB store: could not revoke an API token after ${MAX_ATTEMPTS} attempts.`);
  }

  // Sessions

  async insertSession(session: Session): Promise<void> {
    try {
      await this.c.sessions.insertOne(sessionToDoc(session));
    } catch (err) {
      if (isDuplicateKey(err)) throw sessionExists();
      throw err;
    }
  }

  async getSession(hash: string): Promise<Session | null> {
    const doc = await this.c.sessions.findOne({ _id: hash });
    return doc ? sessionFromDoc(doc) : null;
  }

  async touchSession(hash: string, expiresAt: string): Promise<void> {
    const at = isoTime(expiresAt);
    // An update, never an upsert: a session deleted meanwhile (signed out) stays deleted. On
    // FerretDB the condition is not atomic; two uses at once can at worst keep the earlier time.
    await this.c.sessions.updateOne({ _id: hash, expiresAt: { $lt: at } }, { $set: { expiresAt: at } });
  }

  async deleteSession(hash: string): Promise<void> {
    await this.c.sessions.deleteOne({ _id: hash });
  }

  async deleteSessionsOf(accountId: string): Promise<void> {
    await this.c.sessions.deleteMany({ accountId });
  }
}
