/** Who can sign in, what they may do, and how they prove who they are. */

export const ROLES = ['designer', 'practitioner', 'manager', 'integrator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Account {
  id: string;
  /** Sign-in name; unique and never changed. */
  username: string;
  displayName: string;
  role: Role;
  /** Team or department id (managers read their team's records). */
  team: string;
  /**
   * The person's ICS worker id (the directory's workers): what access by allocation, pre-fill
   * and single sign-on go by. Left out for accounts that are not a worker (a designer, an
   * integrator's service account).
   */
  workerId?: string;
  /**
   * Named groups the person belongs to (slugs such as `qa-moderators`): a review stage may be
   * acted on by a group's members. Set by administrators.
   */
  groups?: string[];
  /**
   * `scrypt$N$r$p$salt$hash` (base64url parts); never the password. Empty for an account that
   * only signs in through single sign-on (it has no password to check).
   */
  passwordHash: string;
  disabled: boolean;
  revision: number;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

/** Someone who can manage accounts now: an administrator whose account is enabled. */
export function isEnabledAdmin(a: Pick<Account, 'role' | 'disabled'>): boolean {
  return a.role === 'admin' && !a.disabled;
}

/** A personal API token. Only its SHA-256 is stored; the token itself is shown once. */
export interface ApiToken {
  /** Hex SHA-256 of the token. */
  hash: string;
  accountId: string;
  name: string;
  /** First characters of the token, to tell tokens apart in a list. */
  prefix: string;
  createdAt: string;
  expiresAt?: string;
  revokedAt?: string;
}

/**
 * A signed-in browser session. Only the SHA-256 of the cookie value is stored. It ends after a
 * time without activity (`expiresAt`, moved on by use) or at the end of its longest lifetime
 * (`absoluteExpiresAt`), whichever comes first (see sessions.ts).
 */
export interface Session {
  /** Hex SHA-256 of the session cookie's value. */
  hash: string;
  accountId: string;
  /** Sent back on every cookie-authenticated write (header X-CSRF-Token). */
  csrfToken: string;
  createdAt: string;
  /** When it ends unless used before then: never later than `absoluteExpiresAt`. */
  expiresAt: string;
  /** When it ends whatever happens. Sessions made before idle expiry existed have none: their `expiresAt` is both. */
  absoluteExpiresAt?: string;
  /** How the person signed in: left out for a password, `oidc` for single sign-on (see sso.ts). */
  via?: 'oidc';
  /**
   * Single sign-on only: the provider's ID token, sent back as `id_token_hint` when signing out
   * there too (RP-initiated logout). Never shown to anyone; it ends with the session.
   */
  idToken?: string;
}
