/**
 * The web apps' files as the real server sends them, from a real build of both apps (the run's
 * own, which the browser tests use too and nothing rewrites; tests/support/web.ts):
 * compressed copies made at build time, chosen by Accept-Encoding, with the original's type,
 * Vary, a year's immutable cache for hashed files and an ETag per encoding; the page never cached.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../engine/http/app.js';
import { chooseEncoding } from '../../engine/http/web.js';
import { MIN_BYTES } from '../../runtime/build/precompress.js';
import { startTestServer, type TestServer } from '../support/api.js';
import { buildWebApps } from '../support/web.js';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

describe('the web apps’ files, compressed', () => {
  let srv: TestServer;
  let webDir: string;
  let base: string;
  let close: () => Promise<void>;
  /** The runtime's and the designer's main script and stylesheet, as the pages name them. */
  let runtimeJs: string;
  let runtimeCss: string;
  let designerJs: string;

  beforeAll(async () => {
    webDir = (await buildWebApps()).webDir;
    srv = await startTestServer('sqlite');
    const server = createApp(srv.running.ctx, pino({ level: 'silent' }), { secureCookies: false, webDir }).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((r) => server.close(() => r()));
    const page = readFileSync(join(webDir, 'runtime', 'index.html'), 'utf8');
    runtimeJs = /src="(\/assets\/[^"]+\.js)"/.exec(page)![1]!;
    runtimeCss = /href="(\/assets\/[^"]+\.css)"/.exec(page)![1]!;
    designerJs = /src="(\/designer\/assets\/[^"]+\.js)"/.exec(readFileSync(join(webDir, 'designer', 'index.html'), 'utf8'))![1]!;
  }, 300_000);
  afterAll(async () => {
    await close?.();
    await srv?.close();
  });

  /** A GET (or HEAD) as bytes on the wire: nothing decompressed on the way. */
  function raw(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
    return new Promise((resolve, reject) => {
      // The path as given: a URL object would resolve `%2e%2e` before it is sent.
      const { hostname, port } = new URL(base);
      const req = request({ hostname, port, path, method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
  }
  const file = (path: string) => readFileSync(join(webDir, path.startsWith('/designer/') ? 'designer' : 'runtime', path.replace(/^\/designer/, '')));

  it('the build writes .br and .gz beside each script and stylesheet over 1 KiB, of both apps; not beside source maps or the small page', () => {
    for (const app of ['runtime', 'designer']) {
      const names = readdirSync(join(webDir, app, 'assets'));
      const texts = names.filter((n) => /\.(js|css)$/.test(n));
      const big = texts.filter((n) => statSync(join(webDir, app, 'assets', n)).size >= MIN_BYTES);
      expect(big.length).toBeGreaterThanOrEqual(2);
      for (const n of big) expect(names, `${app}/${n}`).toEqual(expect.arrayContaining([`${n}.br`, `${n}.gz`]));
      // Smaller ones are sent as they are (compressing a few hundred bytes saves nothing worth a file).
      for (const n of texts.filter((t) => !big.includes(t))) expect(names.filter((m) => m.startsWith(`${n}.`) && !m.endsWith('.map')), `${app}/${n}`).toEqual([]);
      expect(names.filter((n) => /\.map\.(br|gz)$/.test(n))).toEqual([]);
      expect(readdirSync(join(webDir, app)).filter((n) => n.startsWith('index.html.'))).toEqual([]);
    }
  });

  it('sends brotli when asked, gzip when only gzip is, the file itself otherwise: the same script each time, with its type, Vary and a year’s immutable cache', async () => {
    const original = file(runtimeJs);
    const plain = await raw(runtimeJs);
    const br = await raw(runtimeJs, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    const gz = await raw(runtimeJs, { 'accept-encoding': 'gzip, deflate' });
    for (const r of [plain, br, gz]) {
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toMatch(/^text\/javascript; charset=utf-8$/);
      expect(r.headers.vary).toMatch(/Accept-Encoding/i);
      expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(Number(r.headers['content-length'])).toBe(r.body.length);
    }
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(original)).toBe(true);
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).equals(original)).toBe(true);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(original)).toBe(true);
    // Much less to send: brotli at most a third of the script, gzip less than brotli saves.
    expect(br.body.length).toBeLessThan(original.length / 3);
    expect(gz.body.length).toBeLessThan(original.length / 3);
    expect(br.body.length).toBeLessThan(gz.body.length);
    console.info(`runtime main script ${runtimeJs}: ${original.length} bytes as is, ${br.body.length} brotli, ${gz.body.length} gzip`);

    const css = await raw(runtimeCss, { 'accept-encoding': 'br' });
    expect([css.headers['content-encoding'], css.headers['content-type']]).toEqual(['br', 'text/css; charset=utf-8']);
    expect(brotliDecompressSync(css.body).equals(file(runtimeCss))).toBe(true);
    const designer = await raw(designerJs, { 'accept-encoding': 'gzip;q=1.0, br;q=0.9' });
    expect(designer.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(designer.body).equals(file(designerJs))).toBe(true);
  });

  it('honours what the client weighs: refusals, preferences, identity and *', async () => {
    const encodingFor = async (accept: string) => (await raw(runtimeJs, { 'accept-encoding': accept })).headers['content-encoding'] ?? 'identity';
    expect(await encodingFor('br;q=0, gzip')).toBe('gzip');
    expect(await encodingFor('gzip;q=0, br;q=0')).toBe('identity');
    expect(await encodingFor('identity')).toBe('identity');
    expect(await encodingFor('*')).toBe('br');
    expect(await encodingFor('*;q=0, identity')).toBe('identity');
    expect(await encodingFor('x-gzip')).toBe('gzip');
    expect(chooseEncoding(undefined)).toBe('identity');
    expect(chooseEncoding('br;q=0.4, gzip;q=0.5')).toBe('gzip');
    expect(chooseEncoding('BR, GZIP')).toBe('br');
  });

  it('each encoding has its own ETag, and a 304 only for the same encoding', async () => {
    const tags: Record<string, string> = {};
    for (const accept of ['br', 'gzip', 'identity']) tags[accept] = String((await raw(runtimeJs, { 'accept-encoding': accept })).headers.etag);
    expect(new Set(Object.values(tags)).size).toBe(3);
    for (const accept of ['br', 'gzip', 'identity']) {
      const again = await raw(runtimeJs, { 'accept-encoding': accept, 'if-none-match': tags[accept]! });
      expect(again.status, accept).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.headers.vary).toMatch(/Accept-Encoding/i);
    }
    // A cache holding the brotli copy, asking for gzip now, gets gzip in full.
    const switched = await raw(runtimeJs, { 'accept-encoding': 'gzip', 'if-none-match': tags.br! });
    expect([switched.status, switched.headers['content-encoding']]).toEqual([200, 'gzip']);
    const head = await raw(runtimeJs, { 'accept-encoding': 'br' }, 'HEAD');
    expect([head.status, head.headers['content-encoding'], head.body.length]).toEqual([200, 'br', 0]);
    expect(Number(head.headers['content-length'])).toBe(file(`${runtimeJs}.br`).length);
  });

  it('the page is never cached; a missing asset or a path out of the folder is a 404 problem, however asked', async () => {
    const page = await raw('/records/123', { accept: 'text/html', 'accept-encoding': 'br, gzip' });
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body.toString('utf8')).toContain(runtimeJs);
    for (const path of ['/assets/index-gone.js', '/designer/assets/index-gone.css', '/assets/..%2f..%2findex.html', '/assets/%2e%2e/index.html']) {
      const res = await raw(path, { 'accept-encoding': 'br, gzip' });
      expect(res.status, path).toBe(404);
      expect(res.headers['content-type'], path).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(res.body.toString('utf8'))).toMatchObject({ type: '/api/problems/not-found', detail: expect.stringMatching(/There is no file/) });
    }
  });

  it('the page names what the app will ask first, for the browser to fetch as it loads: the session, and on a record’s page that record', async () => {
    const id = '01a24b4c-d706-7573-a655-2ef67656f5ff';
    const session = '</api/session>; rel=preload; as=fetch; crossorigin';
    const record = await raw(`/records/${id}`, { accept: 'text/html', 'accept-encoding': 'br' });
    expect(record.headers['link']).toBe(`${session}, </api/submissions/${id}>; rel=preload; as=fetch; crossorigin`);
    expect((await raw('/', { accept: 'text/html' })).headers['link']).toBe(session);
    expect((await raw(`/records/${id}/print`, { accept: 'text/html' })).headers['link']).toBe(session);
    // Only a record id goes into the header: anything else in the address is left out of it.
    for (const path of ['/records/123', `/records/${id.toUpperCase()}`, `/records/${id}%0d%0aSet-Cookie:%20x=1`, `/records/${id}%3E;%20rel=preload`]) {
      const res = await raw(path, { accept: 'text/html' });
      expect(res.status, path).toBe(200);
      expect(res.headers['link'], path).toBe(session);
      expect(res.headers['set-cookie'], path).toBeUndefined();
    }
    // The designer's pages and the API are not the runtime's page.
    expect((await raw('/designer/', { accept: 'text/html' })).headers['link']).toBeUndefined();
    expect((await raw('/api/session', { accept: 'application/json' })).headers['link']).toBeUndefined();
  });
});
