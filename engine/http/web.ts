/**
 * Serves the built web apps (Vite output in .build/web/<app>): the practitioners' runtime at `/`.
 * Hashed assets are cached for a year; the HTML never, so a new release is picked up at once.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
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
 * files it was built with — is a 404 that says so, not a failure of the server.
 */
const missingAsset: ErrorRequestHandler = (err, req, res, next) => {
  if ((err as { status?: unknown }).status !== 404) return next(err);
  sendProblem(res, 'not-found', `There is no file ${req.originalUrl}. If the page looks broken, reload it: a newer version of Caseforms may have been installed.`);
};

/** Anything else nobody serves (a path no page has, asked for other than as a page). */
export const nothingHere: RequestHandler = (req, res) => {
  sendProblem(res, 'not-found', `There is nothing at ${req.path}.`);
};

export function webRoutes(webDir: string): Router {
  const r = express.Router();
  // The designer, for analysts, at /designer/ (its own assets under /designer/assets).
  const designer = `${webDir}designer`;
  if (existsSync(designer)) {
    r.use('/designer/assets', express.static(`${designer}/assets`, { immutable: true, maxAge: '365d', index: false, fallthrough: false }), missingAsset);
    r.get(/^\/designer(\/.*)?$/, (req, res, next) => {
      if (!req.accepts('html')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(`${designer}/index.html`, { dotfiles: 'allow' });
    });
  }
  const app = `${webDir}runtime`;
  r.use(
    '/assets',
    express.static(`${app}/assets`, { immutable: true, maxAge: '365d', index: false, fallthrough: false }),
    missingAsset,
  );
  r.use(express.static(app, { index: false, maxAge: 0 }));
  // Every other page of the single-page app gets its HTML; the app routes on the client.
  r.get(/^\/(?!api\/|api$).*/, (req, res, next) => {
    if (!req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    // The app lives under .build, which send would otherwise refuse as a dot-folder.
    res.sendFile(`${app}/index.html`, { dotfiles: 'allow' });
  });
  return r;
}
