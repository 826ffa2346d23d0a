/**
 * Single sign-on over HTTP (the domain is accounts/sso.ts):
 * - `GET /api/sso`: whether it is on, the button's words, and whether passwords are accepted;
 * - `GET /api/sso/start?returnTo=/path`: off to the provider (302), the sealed transaction in a
 *   short-lived HttpOnly SameSite=Lax cookie (it must come back on the provider's redirect);
 * - `GET /api/sso/callback`: back from the provider. Signed in: the session cookie (as
 *   `POST /api/session` sets it) and 302 to where the person was going. Refused: a page for people
 *   (400, 403 or 502), saying what happened and what to do, with a way to try again.
 * The callback takes whatever query parameters the provider adds, so it is mounted before the
 * check of documented query parameters.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Router, type Response } from 'express';
import { parse as parseCookies, serialize } from 'cookie';
import { safeReturnTo, TRANSACTION_COOKIE_PREFIX, type SingleSignOn, type SsoRefusal } from '../../accounts/sso.js';
import type { SessionPolicy } from '../../accounts/sessions.js';
import { CALLBACK_PATH } from '../../accounts/sso-settings.js';
import { SESSION_COOKIE, sessionCookie } from '../auth.js';
import { HttpProblem } from '../problems.js';

export interface SsoRouteOptions {
  secureCookies: boolean;
  sessions: SessionPolicy;
  localSignIn: boolean;
  /** The built web apps (for the refusal page's stylesheet); null when there are none. */
  webDir: string | null;
}

const notSetUp = () => new HttpProblem('not-found', 'Single sign-on is not set up on this service: sign in with your Caseforms username and password.');

/** `GET /api/sso` and `GET /api/sso/start` (after the documented-parameter check). */
export function ssoRoutes(sso: SingleSignOn | null, options: SsoRouteOptions): Router {
  const r = Router();
  r.get('/', (_req, res) => {
    res.json({ enabled: sso !== null, label: sso?.settings.label ?? null, localSignIn: options.localSignIn });
  });
  r.get('/start', async (req, res) => {
    if (!sso) throw notSetUp();
    const started = await sso.start(req.query.returnTo);
    if ('refusal' in started) return refusalPage(res, started.refusal, '/', options.webDir);
    res.append(
      'Set-Cookie',
      serialize(started.cookieName, started.cookieValue, { httpOnly: true, sameSite: 'lax', secure: options.secureCookies, path: CALLBACK_PATH, maxAge: started.maxAgeSeconds }),
    );
    res.redirect(302, started.url);
  });
  return r;
}

/** `GET /api/sso/callback` (before the documented-parameter check: providers add parameters of their own). */
export function ssoCallbackRoute(sso: SingleSignOn | null, options: SsoRouteOptions): Router {
  const r = Router();
  r.get('/callback', async (req, res) => {
    if (!sso) throw notSetUp();
    const cookies = parseCookies(req.get('cookie') ?? '');
    // Every transaction cookie this browser still holds goes: each is for one sign-in.
    for (const name of Object.keys(cookies)) {
      if (name.startsWith(TRANSACTION_COOKIE_PREFIX)) res.append('Set-Cookie', serialize(name, '', { httpOnly: true, sameSite: 'lax', secure: options.secureCookies, path: CALLBACK_PATH, maxAge: 0 }));
    }
    // The URL as the provider knows it (this service may be behind a proxy), with what it sent.
    const url = new URL(sso.settings.redirectUrl);
    url.search = new URL(req.originalUrl, 'http://x').search;
    const finished = await sso.finish(url, cookies, options.sessions, cookies[SESSION_COOKIE]);
    if (!finished.ok) return refusalPage(res, finished.refusal, '/', options.webDir);
    res.append('Set-Cookie', sessionCookie(finished.cookie, options.secureCookies, options.sessions));
    res.redirect(302, finished.returnTo);
  });
  return r;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const html = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** The runtime's stylesheet (its built page names it), so the page looks like the app. */
function stylesheetOf(webDir: string | null): string | null {
  if (!webDir) return null;
  try {
    const page = readFileSync(join(webDir, 'runtime', 'index.html'), 'utf8');
    return /<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/.exec(page)?.[1] ?? null;
  } catch {
    return null;
  }
}

/** The page for a refused sign-in: GOV.UK-styled, plain words, how to try again. */
export function refusalPage(res: Response, refusal: SsoRefusal, returnTo: string, webDir: string | null): void {
  const css = stylesheetOf(webDir);
  const again = `/api/sso/start?returnTo=${encodeURIComponent(safeReturnTo(returnTo))}`;
  const body = `<!doctype html>
<html lang="en-GB" class="govuk-template">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(refusal.title)} – Caseforms</title>
${css ? `<link rel="stylesheet" href="${html(css)}">` : ''}
</head>
<body class="govuk-template__body">
<a href="#main-content" class="govuk-skip-link">Skip to main content</a>
<header class="app-header" role="banner"><div class="govuk-width-container app-header__container"><a href="/" class="app-header__service">Caseforms</a></div></header>
<div class="govuk-width-container">
<main class="govuk-main-wrapper" id="main-content" role="main">
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<h1 class="govuk-heading-l">${html(refusal.title)}</h1>
<p class="govuk-body">${html(refusal.what)}</p>
<p class="govuk-body">${html(refusal.todo)}</p>
<div class="govuk-button-group">
<a href="${html(again)}" role="button" draggable="false" class="govuk-button" data-module="govuk-button">Try signing in again</a>
<a href="/sign-in" class="govuk-link">Go to the sign-in page</a>
</div>
${refusal.reference ? `<p class="govuk-body-s">If you contact your IT service desk, give them this reference: <strong>${html(refusal.reference)}</strong>.</p>` : ''}
</div></div>
</main>
</div>
</body>
</html>
`;
  res.status(refusal.status).type('html').setHeader('Cache-Control', 'no-store');
  res.send(body);
}
