/**
 * Single sign-on's settings, from the environment (checked with the rest of the configuration at
 * start, engine/http/config.ts). The client secret is read from the environment only, never stored.
 */
import { ROLES, type Role } from './model.js';

export interface SsoSettings {
  /** The OpenID provider's issuer identifier (its discovery document is under it). */
  issuer: string;
  clientId: string;
  /** Absent for a public client (PKCE only). */
  clientSecret?: string;
  /** Space-separated; always includes `openid`. */
  scopes: string;
  /** The claim naming the worker: an ICS worker id, or (a value with "@") the worker's work email. */
  workerClaim: string;
  /** Roles from the provider's groups, first match wins; absent: from the directory (line managers are managers). */
  roleGroups?: { claim: string; map: Array<{ role: Role; group: string }> };
  /** The callback as registered at the provider (path /api/sso/callback). */
  redirectUrl: string;
  /** Where the provider sends people after signing out (registered at the provider). */
  postLogoutUrl: string;
  /** The sign-in button's words. */
  label: string;
}

export interface SignInSettings {
  /** Username and password sign-in for accounts that have a password (administrators always). */
  local: boolean;
  sso: SsoSettings | null;
}

export const LOCAL_ONLY: SignInSettings = { local: true, sso: null };

export const DEFAULT_SSO_LABEL = 'Sign in with your council account';
export const CALLBACK_PATH = '/api/sso/callback';
export const SIGNED_OUT_PATH = '/signed-out';

/** The settings, their defaults and meanings (part of config.ts's table, and the README's). */
export const SSO_SETTINGS = [
  ['CASEFORMS_OIDC_ISSUER', '(unset)', 'The OpenID Connect provider’s issuer URL (https; http only on this computer). Setting it turns single sign-on on.'],
  ['CASEFORMS_OIDC_CLIENT_ID', '(unset)', 'Caseforms’ client id at the provider (needed with the issuer).'],
  ['CASEFORMS_OIDC_CLIENT_SECRET', '(unset)', 'Its client secret (client_secret_basic); never stored. Unset: a public client, with PKCE only.'],
  ['CASEFORMS_OIDC_SCOPES', 'openid email profile', 'Scopes asked for (must include openid).'],
  ['CASEFORMS_OIDC_WORKER_CLAIM', 'email', 'The claim naming the person: an ICS worker id (e.g. employee_id), or a work email (a value with "@", matched to the directory’s worker email).'],
  [
    'CASEFORMS_OIDC_ROLE_GROUPS',
    '(unset)',
    'Roles from groups, e.g. designer=cf-designers,manager=cf-managers,practitioner=cf-practitioners; the first that matches wins. Unset: from the directory (a line manager is a manager, anyone else a practitioner).',
  ],
  ['CASEFORMS_OIDC_ROLE_CLAIM', 'groups', 'The claim holding the person’s groups (with CASEFORMS_OIDC_ROLE_GROUPS).'],
  ['CASEFORMS_OIDC_REDIRECT_URL', '(unset)', 'The callback URL as registered at the provider: https://<this service>/api/sso/callback.'],
  ['CASEFORMS_OIDC_POST_LOGOUT_URL', '<origin of the redirect URL>/signed-out', 'Where the provider sends people after signing out (register it at the provider).'],
  ['CASEFORMS_OIDC_LABEL', DEFAULT_SSO_LABEL, 'The sign-in button’s words.'],
  ['CASEFORMS_LOCAL_SIGNIN', 'true', 'Accept usernames and passwords of local accounts; false with single sign-on leaves only administrators’ local accounts (break-glass).'],
] as const;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A URL the service may talk to or send people to: https, or http on this computer only. */
function urlProblem(name: string, value: string, path?: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${name} must be an absolute URL (got "${value}").`;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return `${name} must be an https:// URL (http:// only for 127.0.0.1 or localhost; got "${value}").`;
  if (url.username || url.password || url.hash) return `${name} must not hold a user name, password or #fragment.`;
  if (path !== undefined && url.pathname !== path) return `${name} must end in ${path}, the path Caseforms answers the provider on (got "${url.pathname}").`;
  return null;
}

/** Parses `role=group,role=group`; problems in words. */
export function parseRoleGroups(text: string, problems: string[]): Array<{ role: Role; group: string }> {
  const map: Array<{ role: Role; group: string }> = [];
  for (const entry of text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const eq = entry.indexOf('=');
    const role = entry.slice(0, eq).trim();
    const group = entry.slice(eq + 1).trim();
    if (eq < 0 || !group) problems.push(`CASEFORMS_OIDC_ROLE_GROUPS: "${entry}" must be role=group (e.g. manager=cf-managers).`);
    else if (!(ROLES as readonly string[]).includes(role)) problems.push(`CASEFORMS_OIDC_ROLE_GROUPS: "${role}" is not a role; roles are ${ROLES.join(', ')}.`);
    else map.push({ role: role as Role, group });
  }
  if (text.trim() && !map.length && !problems.length) problems.push('CASEFORMS_OIDC_ROLE_GROUPS names no group.');
  return map;
}

/** Reads the settings (`text(name)`: the trimmed value, '' when unset); adds what is wrong to `problems`. */
export function readSsoSettings(text: (name: string) => string, local: boolean, problems: string[]): SignInSettings {
  const issuer = text('CASEFORMS_OIDC_ISSUER');
  if (!issuer) {
    const stray = SSO_SETTINGS.map(([name]) => name).filter((n) => n.startsWith('CASEFORMS_OIDC_') && text(n));
    if (stray.length)
      problems.push(
        `${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'} set but CASEFORMS_OIDC_ISSUER is not: set the issuer to turn single sign-on on, or remove ${stray.length === 1 ? 'it' : 'them'}.`,
      );
    if (!local) problems.push('CASEFORMS_LOCAL_SIGNIN=false needs single sign-on (CASEFORMS_OIDC_ISSUER): otherwise only administrators could sign in.');
    return { local, sso: null };
  }
  const before = problems.length;
  const issuerProblem = urlProblem('CASEFORMS_OIDC_ISSUER', issuer);
  if (issuerProblem) problems.push(issuerProblem);
  const clientId = text('CASEFORMS_OIDC_CLIENT_ID');
  if (!clientId) problems.push('CASEFORMS_OIDC_CLIENT_ID must be set with CASEFORMS_OIDC_ISSUER (the client id the provider gave Caseforms).');
  const scopes = (text('CASEFORMS_OIDC_SCOPES') || 'openid email profile').split(/\s+/).filter(Boolean);
  if (!scopes.includes('openid')) problems.push(`CASEFORMS_OIDC_SCOPES must include openid (got "${scopes.join(' ')}").`);
  const workerClaim = text('CASEFORMS_OIDC_WORKER_CLAIM') || 'email';
  if (!/^[A-Za-z0-9_:.\/-]{1,100}$/.test(workerClaim)) problems.push(`CASEFORMS_OIDC_WORKER_CLAIM must be a claim name (got "${workerClaim}").`);
  const groupsText = text('CASEFORMS_OIDC_ROLE_GROUPS');
  const roleClaim = text('CASEFORMS_OIDC_ROLE_CLAIM');
  if (roleClaim && !groupsText) problems.push('CASEFORMS_OIDC_ROLE_CLAIM is set but CASEFORMS_OIDC_ROLE_GROUPS is not: say which group gives which role (e.g. manager=cf-managers).');
  const map = groupsText ? parseRoleGroups(groupsText, problems) : [];
  const redirectUrl = text('CASEFORMS_OIDC_REDIRECT_URL');
  if (!redirectUrl) problems.push(`CASEFORMS_OIDC_REDIRECT_URL must be set with CASEFORMS_OIDC_ISSUER: this service's address followed by ${CALLBACK_PATH}, as registered at the provider.`);
  else {
    const p = urlProblem('CASEFORMS_OIDC_REDIRECT_URL', redirectUrl, CALLBACK_PATH);
    if (p) problems.push(p);
  }
  let postLogoutUrl = text('CASEFORMS_OIDC_POST_LOGOUT_URL');
  if (postLogoutUrl) {
    const p = urlProblem('CASEFORMS_OIDC_POST_LOGOUT_URL', postLogoutUrl);
    if (p) problems.push(p);
  } else if (redirectUrl && !problems.some((p) => p.startsWith('CASEFORMS_OIDC_REDIRECT_URL'))) postLogoutUrl = new URL(SIGNED_OUT_PATH, redirectUrl).href;
  const secret = text('CASEFORMS_OIDC_CLIENT_SECRET');
  if (problems.length > before) return { local, sso: null };
  return {
    local,
    sso: {
      issuer,
      clientId,
      ...(secret ? { clientSecret: secret } : {}),
      scopes: scopes.join(' '),
      workerClaim,
      ...(map.length ? { roleGroups: { claim: roleClaim || 'groups', map } } : {}),
      redirectUrl,
      postLogoutUrl,
      label: text('CASEFORMS_OIDC_LABEL') || DEFAULT_SSO_LABEL,
    },
  };
}
