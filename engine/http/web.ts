/**
 * Serves the built web apps (Vite output in .build/web/<app>): the practitioners' runtime at `/`.
 * Hashed assets are cached for a year; the HTML never, so a new release is picked up at once.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';

/** Where the built apps are: beside the compiled server (.build/web), or under .build when run from source. */
export function findWebDir(): string | null {
  for (const candidate of ['../../web/', '../../.build/web/']) {
    const dir = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(dir)) return dir;
  }
  return null;
}

export function webRoutes(webDir: string): Router {
  const r = express.Router();
  // The designer, for analysts, at /designer/ (its own assets under /designer/assets).
  const designer = `${webDir}designer`;
  if (existsSync(designer)) {
    r.use('/designer/assets', express.static(`${designer}/assets`, { immutable: true, maxAge: '365d', index: false, fallthrough: false }));
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
