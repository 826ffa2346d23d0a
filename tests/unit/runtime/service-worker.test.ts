/**
 * The practitioners' app's service worker (runtime/build/service-worker.ts), run as the browser
 * would run sw.js, against stand-ins for the cache and the network: what it keeps, what it
 * answers from the device, and what it never touches. tests/e2e/offline-start.test.ts runs it in
 * Chromium with the connection cut.
 */
import { describe, expect, it } from 'vitest';
import { CACHE_PREFIX, keptFiles, serviceWorkerSource } from '../../../runtime/build/service-worker.js';

const ORIGIN = 'https://caseforms.council.example';
type Handler = (event: any) => void;

/** sw.js run in a stand-in of the worker's world; `online` says whether the network answers. */
function run(files: string[], release = 'r2') {
  const handlers = new Map<string, Handler>();
  const stores = new Map<string, Map<string, string>>();
  const fetched: string[] = [];
  const state = { online: true, claimed: false, skipped: false, preload: false, routes: [] as unknown[] };
  const keyOf = (r: string | { url: string }) => new URL(typeof r === 'string' ? r : r.url, ORIGIN).pathname;
  const network = async (r: string | { url: string }) => {
    fetched.push(keyOf(r));
    if (!state.online) throw new TypeError('Failed to fetch');
    return `network:${keyOf(r)}`;
  };
  const caches = {
    async open(name: string) {
      const store = stores.get(name) ?? new Map<string, string>();
      stores.set(name, store);
      return {
        async addAll(urls: string[]) {
          const got = await Promise.all(urls.map((u) => network(u)));
          urls.forEach((u, i) => store.set(keyOf(u), got[i]!));
        },
      };
    },
    keys: async () => [...stores.keys()],
    delete: async (name: string) => stores.delete(name),
    match: async (r: string | { url: string }, o: { cacheName: string }) => stores.get(o.cacheName)?.get(keyOf(r)),
  };
  const scope = {
    location: { origin: ORIGIN },
    skipWaiting: async () => void (state.skipped = true),
    clients: { claim: async () => void (state.claimed = true) },
    registration: { navigationPreload: { enable: async () => void (state.preload = true) } },
    addEventListener: (type: string, fn: Handler) => handlers.set(type, fn),
  };
  new Function('self', 'caches', 'fetch', serviceWorkerSource(files, release))(scope, caches, network);
  const lifecycle = async (type: 'install' | 'activate') => {
    let done: Promise<unknown> = Promise.resolve();
    handlers.get(type)!({ waitUntil: (p: Promise<unknown>) => (done = p), addRoutes: async (rules: unknown[]) => void state.routes.push(...rules) });
    await done;
  };
  /** What the worker answers for a request: undefined when it leaves it to the browser. */
  const request = async (path: string, init: { method?: string; mode?: string; origin?: string; preload?: Promise<unknown> } = {}) => {
    let answer: Promise<unknown> | undefined;
    handlers.get('fetch')!({ request: { url: `${init.origin ?? ORIGIN}${path}`, method: init.method ?? 'GET', mode: init.mode ?? 'cors' }, preloadResponse: init.preload, respondWith: (p: Promise<unknown>) => (answer = p) });
    return answer;
  };
  return { stores, fetched, state, lifecycle, request };
}

describe('what a release keeps on the device', () => {
  it('is its hashed files, never source maps nor anything outside assets/', () => {
    expect(keptFiles(['index.html', 'sw.js', 'assets/index-a1.js', 'assets/index-a1.js.map', 'assets/index-b2.css', 'assets/DashboardPage-c3.js'])).toEqual(['/assets/DashboardPage-c3.js', '/assets/index-a1.js', '/assets/index-b2.css']);
  });

  it('installing keeps the page and every file, then takes over at once; a new release drops the last one\'s files only', async () => {
    const sw = run(['/assets/index-a1.js', '/assets/AuditPage-d4.js']);
    sw.stores.set(`${CACHE_PREFIX}r1`, new Map([['/assets/index-old.js', 'old']]));
    sw.stores.set('someone-elses-cache', new Map());
    await sw.lifecycle('install');
    expect([...sw.stores.get(`${CACHE_PREFIX}r2`)!.keys()].sort()).toEqual(['/assets/AuditPage-d4.js', '/assets/index-a1.js', '/index.html']);
    expect(sw.state.skipped).toBe(true);
    await sw.lifecycle('activate');
    expect([...sw.stores.keys()].sort()).toEqual([`${CACHE_PREFIX}r2`, 'someone-elses-cache']);
    expect(sw.state.claimed).toBe(true);
    // Pages are asked for while the worker starts, and raced against it (the network's answer
    // first when it comes first); the API and the designer never wake it.
    expect(sw.state.preload).toBe(true);
    expect(sw.state.routes).toEqual([
      { condition: { urlPattern: '/api/*' }, source: 'network' },
      { condition: { urlPattern: '/designer/*' }, source: 'network' },
      { condition: { requestMode: 'navigate' }, source: 'race-network-and-fetch-handler' },
    ]);
  });

  it('a file that cannot be fetched fails the install: no release is kept half', async () => {
    const sw = run(['/assets/index-a1.js']);
    sw.state.online = false;
    await expect(sw.lifecycle('install')).rejects.toThrow();
    expect(sw.state.skipped).toBe(false);
  });
});

describe('what it answers', () => {
  it('leaves the API, the designer, writes and other sites to the network, untouched and never kept', async () => {
    const sw = run(['/assets/index-a1.js']);
    await sw.lifecycle('install');
    for (const [path, init] of [
      ['/api/session', {}],
      ['/api/submissions/x', { mode: 'navigate' }],
      ['/api', {}],
      ['/designer/', { mode: 'navigate' }],
      ['/designer/assets/index-z.js', {}],
      ['/assets/index-a1.js', { method: 'POST' }],
      ['/assets/index-a1.js', { origin: 'https://elsewhere.example' }],
    ] as const) expect(await sw.request(path, init), `${path} ${JSON.stringify(init)}`).toBeUndefined();
  });

  it('pages: from the network when it answers (a new release is seen at once), else this release\'s page', async () => {
    const sw = run(['/assets/index-a1.js']);
    await sw.lifecycle('install');
    expect(await sw.request('/records/abc', { mode: 'navigate' })).toBe('network:/records/abc');
    // With navigation preload, the page the browser already asked for.
    expect(await sw.request('/records/abc', { mode: 'navigate', preload: Promise.resolve('preloaded:/records/abc') })).toBe('preloaded:/records/abc');
    sw.state.online = false;
    expect(await sw.request('/records/abc', { mode: 'navigate' })).toBe('network:/index.html');
    expect(await sw.request('/records/abc', { mode: 'navigate', preload: Promise.reject(new TypeError('Failed to fetch')) })).toBe('network:/index.html');
  });

  it('pages offline with nothing kept: the browser\'s own failure, as without a worker', async () => {
    const sw = run([]);
    sw.state.online = false;
    await expect(sw.request('/', { mode: 'navigate' })).rejects.toThrow('Failed to fetch');
  });

  it('hashed files: this release\'s copy without asking the network; one it does not have, from the network', async () => {
    const sw = run(['/assets/index-a1.js']);
    await sw.lifecycle('install');
    sw.fetched.length = 0;
    expect(await sw.request('/assets/index-a1.js')).toBe('network:/assets/index-a1.js');
    expect(sw.fetched).toEqual([]);
    expect(await sw.request('/assets/new-e5.js')).toBe('network:/assets/new-e5.js');
    expect(sw.fetched).toEqual(['/assets/new-e5.js']);
  });
});
