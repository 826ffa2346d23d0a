/**
 * Serves the built web apps (Vite output in .build/web/<app>): the practitioners' runtime at `/`.
 * Hashed assets are cached for a year; the HTML never, so a new release is picked up at once.
 * The build writes `.br` and `.gz` copies beside the larger text files (runtime/build/precompress.ts):
 * a client that accepts one gets it, with the original's type and an ETag of its own.
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response, type Router } from 'express';
import { sendProblem } from './problems.js';

/** Where the built apps are: beside the compiled server (.build/web), or under .build when run from source. */
export function findWebDir(): string | null {
  for (const candidate of ['../../web/', '../../.build/web/']) {
    const dir = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(dir)) return dir;
  }
  return null;
}

/**
 * A hashed asset that is not there — most often a page from before a new release asking for the
 * files it was built with — is a 404 that says so, not a failure of the server. So is a name the
 * static handler refuses (403: one that would leave the folder): there is no such file to have.
 */
const missingAsset: ErrorRequestHandler = (err, req, res, next) => {
  const status = (err as { status?: unknown }).status;
  if (status !== 404 && status !== 403) return next(err);
  sendProblem(res, 'not-found', `There is no file ${req.originalUrl}. If the page looks broken, reload it: a newer version of Caseforms may have been installed.`);
};

/** Anything else nobody serves (a path no page has, asked for other than as a page). */
export const nothingHere: RequestHandler = (req, res) => {
  sendProblem(res, 'not-found', `There is nothing at ${req.path}.`);
};

/** The names the build may have compressed copies of (as runtime/build/precompress.ts makes them). */
const COMPRESSIBLE = /\.(js|mjs|css|svg|html|json)$/;

type Encoding = 'br' | 'gzip' | 'identity';
const COPY_OF: Record<Exclude<Encoding, 'identity'>, string> = { br: '.br', gzip: '.gz' };

/**
 * The encoding to send (RFC 9110 §12.5.3): brotli, else gzip, when the client gives it a non-zero
 * weight (by name or by `*`), unless the other has a higher one; identity when it says nothing.
 */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
    weights.set(name === 'x-gzip' ? 'gzip' : name, q ? Number(q[1]) || 0 : 1);
  }
  const weight = (e: string) => weights.get(e) ?? weights.get('*') ?? 0;
  const [br, gzip] = [weight('br'), weight('gzip')];
  if (br > 0 && br >= gzip) return 'br';
  if (gzip > 0) return 'gzip';
  return 'identity';
}

type Caching = { maxAge: number; immutable: boolean } | 'no-cache';

/**
 * Sends the compressed copy of `file` that the client accepts, if the build made one; false (and
 * nothing sent) otherwise. The caller has set `Vary: Accept-Encoding`. A 304 is decided by the
 * copy's own ETag, so a cache never gets one encoding's bytes for another's.
 */
async function sendCompressed(req: Request, res: Response, file: string, caching: Caching): Promise<boolean> {
  const encoding = chooseEncoding(req.get('accept-encoding'));
  if (encoding === 'identity') return false;
  const copy = file + COPY_OF[encoding];
  const [original, compressed] = await Promise.all([stat(file).catch(() => null), stat(copy).catch(() => null)]);
  if (!original?.isFile() || !compressed?.isFile()) return false;
  res.type(extname(file));
  res.setHeader('Content-Encoding', encoding);
  res.setHeader('ETag', `W/"${compressed.size.toString(16)}-${compressed.mtime.getTime().toString(16)}-${encoding}"`);
  if (caching === 'no-cache') res.setHeader('Cache-Control', 'no-cache');
  await new Promise<void>((resolve, reject) =>
    res.sendFile(copy, { dotfiles: 'allow', acceptRanges: false, ...(caching === 'no-cache' ? { cacheControl: false } : { maxAge: caching.maxAge, immutable: caching.immutable }) }, (err) =>
      // Once the answer has started, a failure is the client going away: nothing left to say.
      err && !res.headersSent ? reject(err) : resolve(),
    ),
  );
  return true;
}

const YEAR_MS = 365 * 24 * 3_600_000;

/** A folder of hashed assets: compressed copies when accepted, else the file; cached for a year; a missing one a 404 problem. */
function assets(dir: string): Router {
  const caching = { maxAge: YEAR_MS, immutable: true };
  const compressed: RequestHandler = async (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let name: string;
    try {
      name = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    if (!COMPRESSIBLE.test(name)) return next();
    res.vary('Accept-Encoding');
    // Anything that could step outside the folder is left to the static handler, which refuses it.
    if (name.includes('\0') || name.includes('\\') || name.split('/').includes('..')) return next();
    if (!(await sendCompressed(req, res, join(dir, name), caching))) next();
  };
  const r = express.Router();
  r.use(compressed, express.static(dir, { immutable: true, maxAge: YEAR_MS, index: false, fallthrough: false }), missingAsset);
  return r;
}

/** The app's page for every path of the single-page app (it routes on the client); never cached. */
async function sendPage(req: Request, res: Response, page: string): Promise<void> {
  res.vary('Accept-Encoding');
  if (await sendCompressed(req, res, page, 'no-cache')) return;
  res.setHeader('Cache-Control', 'no-cache');
  // The app lives under .build, which send would otherwise refuse as a dot-folder.
  res.sendFile(page, { dotfiles: 'allow' });
}

export function webRoutes(webDir: string): Router {
  const r = express.Router();
  // The designer, for analysts, at /designer/ (its own assets under /designer/assets).
  const designer = join(webDir, 'designer');
  if (existsSync(designer)) {
    r.use('/designer/assets', assets(`${designer}/assets`));
    r.get(/^\/designer(\/.*)?$/, async (req, res, next) => {
      if (!req.accepts('html')) return next();
      await sendPage(req, res, `${designer}/index.html`);
    });
  }
  const app = join(webDir, 'runtime');
  r.use('/assets', assets(`${app}/assets`));
  r.use(express.static(app, { index: false, maxAge: 0 }));
  // Every other page of the single-page app gets its HTML; the app routes on the client.
  r.get(/^\/(?!api\/|api$).*/, async (req, res, next) => {
    if (!req.accepts('html')) return next();
    res.setHeader('Link', earlyAnswers(req.path));
    await sendPage(req, res, `${app}/index.html`);
  });
  return r;
}

const RECORD_PAGE = /^\/records\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/;

/**
 * What the app will ask for first on this page (runtime/app/early.ts), for the browser to fetch
 * while the app's script is still loading: who is signed in, and on a record's page the record.
 */
function earlyAnswers(path: string): string {
  const links = ['</api/session>; rel=preload; as=fetch; crossorigin'];
  const record = RECORD_PAGE.exec(path);
  if (record) links.push(`</api/submissions/${record[1]}>; rel=preload; as=fetch; crossorigin`);
  return links.join(', ');
}
