/**
 * The runtime in headless Chromium against stock JSON Forms (vanilla renderers, the controlled
 * pattern from its documentation) on the same forms in the same run: time to interactive,
 * keystroke-to-next-frame latency (p95), characters lost when typing fast, JS heap; and the
 * runtime's initial JavaScript (gzip). The app runs with its service worker, as in a person's
 * browser; CASEFORMS_BENCH_SERVICE_WORKER=block measures it without (stock JSON Forms has none).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import express from 'express';
import { pino } from 'pino';
import { startServer } from '../../engine/http/server.js';
import { checkDefinition } from '../../engine/policy/index.js';
import { launchBrowser, type TestBrowser } from '../support/browser.js';
import { buildWebApps } from '../support/web.js';
import { generatedForm } from '../support/generated-form.js';
import { fmt, median, percentile } from './measure.js';
import { heapMiB, keystrokes, timeToInteractive } from './browser-measure.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Case {
  name: string;
  formId: string;
  definition: { schema: Record<string, unknown>; uischema: Record<string, unknown> };
  /** Inputs that must be on the page before it counts as interactive. */
  inputs: number;
  /** The text field typed into at a steady pace (latency), and the one typed into flat out (losses). */
  typeInto: string[];
  fastInto: string[];
  /** What is typed (within both fields' length limits). */
  text: string;
}

function initialJsGzipKiB(): number {
  const dir = join(root, '.build/web/runtime');
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  return files.reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, f)), { level: 9 }).length, 0) / 1024;
}


/**
 * For quick runs: RUNTIME_ROUNDS (default 3) rounds of each side; RUNTIME_CASES=500 (or `audit`,
 * comma-separated) measures only the cases whose name holds one of them.
 */
const rounds = Math.max(1, Number(process.env.RUNTIME_ROUNDS ?? 3) || 3);
const only = process.env.RUNTIME_CASES?.split(',').filter(Boolean);

export async function benchRuntime(log: (line: string) => void): Promise<void> {
  await buildWebApps();
  execFileSync('npx', ['vite', 'build', '--config', 'tests/bench/stock/vite.config.ts', '--logLevel', 'error'], { cwd: root, stdio: 'inherit' });
  const dataDir = mkdtempSync(join(tmpdir(), 'caseforms-bench-ui-'));
  const running = await startServer({ port: 0, host: '127.0.0.1', dataDir, store: { kind: 'sqlite', dataDir }, logLevel: 'silent', secureCookies: false }, pino({ level: 'silent' }));
  let stock: Server | undefined;
  let browser: TestBrowser | undefined;
  try {
    const demo = JSON.parse(readFileSync(running.demoAccountsFile!, 'utf8')) as Array<{ role: string; username: string; password: string; token: string }>;
    const as = (role: string) => demo.find((d) => d.role === role)!;
    const call = async (role: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(running.url + path, { method, headers: { authorization: `Bearer ${as(role).token}`, 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<any>;
    };

    const g = generatedForm(25, 20);
    await call('designer', 'POST', '/api/forms', { id: 'bench-500', title: 'Generated 500-field form', category: 'other', team: 'bench' });
    await call('designer', 'POST', '/api/forms/bench-500/versions', { ...g.definition, changeNote: 'bench' });
    await call('designer', 'POST', '/api/forms/bench-500/versions/1/publish');
    const auditVersion = await call('practitioner', 'GET', '/api/forms/case-file-audit/versions/1');
    let drafts = 0;
    /** A fresh draft for each page load, so every round starts from empty answers. */
    const newDraft = async (formId: string) => (await call('practitioner', 'POST', '/api/submissions', { formId, data: {}, status: 'draft' }, { 'idempotency-key': `"bench-${drafts++}"` })).id as string;

    const cases: Case[] = [
      { name: 'generated 500 fields', formId: 'bench-500', definition: checkDefinition(g.definition).normalized as Case['definition'], inputs: 500, typeInto: ['s12', 'q0'], fastInto: ['s12', 'q7'], text: 'Seen at home; bedroom checked, mum present 123' },
      { name: 'case-file audit', formId: 'case-file-audit', definition: { schema: auditVersion.schema, uischema: auditVersion.uischema }, inputs: 10, typeInto: ['header', 'teamManagerId'], fastInto: ['header', 'allocatedWorkerId'], text: 'W0042 N-team 7' },
    ].filter((c) => !only || only.some((o) => c.name.includes(o)));

    // Stock JSON Forms: its built page plus the form it is to show.
    let current: Case['definition'] = cases[0]!.definition;
    const app = express();
    app.get('/form.json', (_req, res) => void res.json(current));
    // The floor: one plain input and no script but the measuring one, so keydown → next frame is the frame's own wait.
    app.get('/bare', (_req, res) => void res.type('html').send('<!doctype html><html lang="en"><title>Bare input</title><label for="bare">Note</label><input id="bare">'));
    app.use(express.static(join(root, '.build/web/stock-bench')));
    stock = await new Promise<Server>((resolve) => {
      const s = createServer(app).listen(0, '127.0.0.1', () => resolve(s));
    });
    const stockUrl = `http://127.0.0.1:${(stock.address() as AddressInfo).port}/`;

    browser = await launchBrowser({ serviceWorkers: process.env.CASEFORMS_BENCH_SERVICE_WORKER === 'block' ? 'block' : 'allow' });
    // Sign in once; the session cookie serves every page of ours.
    const signIn = await browser.newPage();
    await signIn.goto(`${running.url}/sign-in`);
    await signIn.fill('#username', as('practitioner').username);
    await signIn.fill('#password', as('practitioner').password);
    await signIn.click('button[type=submit]');
    await signIn.waitForSelector('text=Start a form');
    await signIn.close();

    log(`  runtime initial JavaScript: ${fmt(initialJsGzipKiB())} KiB gzip (goal < 250)`);
    const floorKeys: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const page = await browser.newPage();
      await page.goto(`${stockUrl}bare`);
      floorKeys.push(...(await keystrokes(page, '#bare', `${cases[0]?.text ?? 'Seen at home; bedroom checked'} ${round}`)));
      await page.close();
    }
    log(`  keystroke p95 on a bare input (the frame's own wait, the least any page can show): ${fmt(percentile(floorKeys, 95), 1)} ms`);
    for (const c of cases) {
      current = c.definition;
      const oursTti: number[] = [];
      const stockTti: number[] = [];
      const oursKeys: number[] = [];
      const stockKeys: number[] = [];
      let oursHeap = 0;
      let stockHeap = 0;
      let stockLost = 0;
      let oursLost = 0;
      const typed = c.fastInto.join('/');
      for (let round = 0; round < rounds; round++) {
        for (const side of round % 2 ? (['stock', 'ours'] as const) : (['ours', 'stock'] as const)) {
          const page = await browser.newPage();
          const text = `${c.text} ${round}`;
          if (side === 'ours') {
            const id = await newDraft(c.formId);
            oursTti.push(await timeToInteractive(page, `${running.url}/records/${id}`, c.inputs));
            oursKeys.push(...(await keystrokes(page, `#f-${c.typeInto.join('--')}`, text)));
            if (round === 0) oursHeap = await heapMiB(page);
            // Then as fast as keys can go, into another field: what reaches the server?
            await keystrokes(page, `#f-${c.fastInto.join('--')}`, text, 0);
            await page.waitForTimeout(2500);
            const stored = await running.ctx.store.getSubmission(id);
            const value = c.fastInto.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], stored?.data);
            oursLost += text.length - String(value ?? '').length;
          } else {
            stockTti.push(await timeToInteractive(page, stockUrl, c.inputs));
            const selector = `input[id="#/properties/${c.typeInto.join('/properties/')}-input"]`;
            stockKeys.push(...(await keystrokes(page, selector, text)));
            if (round === 0) stockHeap = await heapMiB(page);
            await keystrokes(page, `input[id="#/properties/${c.fastInto.join('/properties/')}-input"]`, text, 0);
            await page.waitForTimeout(500);
            const value = await page.evaluate((path) => path.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], (window as unknown as { stockData: () => unknown }).stockData()), c.fastInto);
            stockLost += text.length - String(value ?? '').length;
          }
          await page.close();
        }
      }
      const [ot, st] = [median(oursTti), median(stockTti)];
      const [ok, sk] = [percentile(oursKeys, 95), percentile(stockKeys, 95)];
      log(
        `  ${c.name.padEnd(21)} interactive: ours ${fmt(ot)} ms, stock ${fmt(st)} ms (ratio ${fmt(ot / st, 2)}×)   keystroke p95: ours ${fmt(ok, 1)} ms, stock ${fmt(sk, 1)} ms (ratio ${fmt(ok / sk, 2)}×)   characters lost typing flat out into ${typed} (${rounds * (c.text.length + 2)} in all): ours ${oursLost}, stock ${stockLost}   JS heap: ours ${fmt(oursHeap, 1)} MiB, stock ${fmt(stockHeap, 1)} MiB`,
      );
    }
  } finally {
    await browser?.close();
    stock?.close();
    await running.close(1000);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
