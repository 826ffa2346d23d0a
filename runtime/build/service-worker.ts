/**
 * The practitioners' app opens with the connection gone. A Vite plugin (build only) writes
 * `sw.js` beside the app's page: a service worker that keeps this release's page and every one of
 * its hashed files (including the pages loaded when first opened) on the device, so reloading a
 * record while offline opens the app — and the record from this device's copy — rather than the
 * browser's error page.
 *
 * - Pages: the network first, always (a new release is seen at once); this release's page only
 *   when the service cannot be reached.
 * - Hashed files (`/assets/…`): this release's copy, else the network.
 * - The API, the designer and anything from elsewhere: never touched, never kept.
 * - A new release's worker takes over at once and drops the last release's files.
 */
import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

/** The caches this worker makes are named so; one per release. */
export const CACHE_PREFIX = 'caseforms-app-';

// The service worker's own world, as far as it is used (the DOM library has no types for it).
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
/** Chromium's static routing (ServiceWorker static routing API): requests the worker is never woken for. */
interface InstallEvent extends ExtendableEvent {
  addRoutes?(rules: Array<{ condition: { urlPattern: string } | { requestMode: 'navigate' }; source: 'network' | 'race-network-and-fetch-handler' }>): Promise<void>;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  /** The page asked for by the browser while the worker was starting (navigation preload), when enabled. */
  preloadResponse?: Promise<Response | undefined>;
  respondWith(r: Promise<Response> | Response): void;
}
interface WorkerScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  registration?: { navigationPreload?: { enable(): Promise<void> } };
  addEventListener(type: 'install', fn: (e: InstallEvent) => void): void;
  addEventListener(type: 'activate', fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEvent) => void): void;
}

/**
 * The worker itself. It runs in the browser as written here (its text is put in sw.js with the
 * release's file list), so it uses nothing from outside its own body.
 */
function worker(files: string[], cacheName: string, prefix: string): void {
  const scope = self as unknown as WorkerScope;
  const PAGE = '/index.html';

  scope.addEventListener('install', (event) => {
    // Where the browser can be told so (static routing): the API and the designer go straight
    // to the network, never waking the worker (which would only pass them on); a page is asked
    // of the network at once, raced against the worker (whose answer is the network's too, or
    // this release's page when the network fails), so the worker's start-up costs no wait.
    const routed = event.addRoutes?.([
      { condition: { urlPattern: '/api/*' }, source: 'network' },
      { condition: { urlPattern: '/designer/*' }, source: 'network' },
      { condition: { requestMode: 'navigate' }, source: 'race-network-and-fetch-handler' },
    ]).catch(() => {});
    event.waitUntil(
      (async () => {
        await routed;
        const cache = await caches.open(cacheName);
        // All or nothing: a release half kept would open offline without some of its pages.
        await cache.addAll([PAGE, ...files]);
        await scope.skipWaiting();
      })(),
    );
  });

  scope.addEventListener('activate', (event) => {
    event.waitUntil(
      (async () => {
        for (const name of await caches.keys()) if (name.startsWith(prefix) && name !== cacheName) await caches.delete(name);
        // A page is asked for while the worker starts, not after: the worker costs no wait online.
        await scope.registration?.navigationPreload?.enable().catch(() => {});
        await scope.clients.claim();
      })(),
    );
  });

  scope.addEventListener('fetch', (event) => {
    const request = event.request;
    if (request.method !== 'GET') return;
    const url = new URL(request.url);
    if (url.origin !== scope.location.origin) return;
    const path = url.pathname;
    if (path === '/api' || path.startsWith('/api/') || path === '/designer' || path.startsWith('/designer/')) return;
    if (request.mode === 'navigate') {
      event.respondWith(
        (async () => {
          try {
            return (await event.preloadResponse) ?? (await fetch(request));
          } catch (error) {
            const page = await caches.match(PAGE, { cacheName });
            if (page) return page;
            throw error;
          }
        })(),
      );
      return;
    }
    if (path.startsWith('/assets/')) event.respondWith(caches.match(request, { cacheName }).then((kept) => kept ?? fetch(request)));
  });
}

/** The text of sw.js for a release made of `files` (paths from the site's root). */
export function serviceWorkerSource(files: readonly string[], release: string): string {
  return `// Caseforms' service worker for release ${release} (runtime/build/service-worker.ts).\n(${worker.toString()})(${JSON.stringify(files)}, ${JSON.stringify(CACHE_PREFIX + release)}, ${JSON.stringify(CACHE_PREFIX)});\n`;
}

/** What a release keeps on the device: its scripts, styles, fonts and images; never source maps. */
export function keptFiles(bundleNames: readonly string[]): string[] {
  return bundleNames
    .filter((name) => name.startsWith('assets/') && !name.endsWith('.map'))
    .map((name) => `/${name}`)
    .sort();
}

export function serviceWorker(): Plugin {
  return {
    name: 'caseforms:service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = keptFiles(Object.keys(bundle));
      // The release is named by what it is made of: the same build gives the same worker.
      const release = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 16);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: serviceWorkerSource(files, release) });
    },
  };
}
