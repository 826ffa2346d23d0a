/**
 * The designer in headless Chromium with a 300-field draft, against the same designer with a
 * 12-field draft in the same run (ratio = 300 ÷ 12; 1.0 would mean size costs nothing):
 * time until the editor is usable, keystroke-to-next-frame latency typing a question's label,
 * the frame after leaving the label box (when the change goes into the definition, the outline
 * and the undo history), and adding a question from the palette (click → its label box focused).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Page } from 'playwright-core';
import { startServer } from '../../engine/http/server.js';
import { launchBrowser, type TestBrowser } from '../support/browser.js';
import { generatedForm } from '../support/generated-form.js';
import { buildWebApps } from '../support/web.js';
import { fmt, median, percentile } from './measure.js';

interface Sizes {
  name: string;
  groups: number;
  perGroup: number;
  /** The question whose label is retyped (one in the middle of the form). */
  label: string;
}

const SIZES: Sizes[] = [
  { name: '12 fields', groups: 2, perGroup: 6, label: 'Section 2 question 3' },
  { name: '300 fields', groups: 15, perGroup: 20, label: 'Section 8 question 10' },
];
const ADDS = 8;
const TEXT = 'Date the child was last seen alone';

interface Sample {
  ready: number;
  keys: number[];
  leave: number[];
  adds: number[];
}

/** In the page (no named functions inside: tsx would wrap them in a helper the page lacks): records keydown → next frame, and palette click → new label box focused → next frame. */
async function instrument(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __keys: Array<[string, number]>; __adds: number[]; __click: number | null };
    w.__keys = [];
    w.__adds = [];
    w.__click = null;
    document.addEventListener(
      'keydown',
      (e) => {
        const t0 = e.timeStamp;
        requestAnimationFrame(() => setTimeout(() => w.__keys.push([e.key, performance.now() - t0]), 0));
      },
      true,
    );
    document.addEventListener(
      'click',
      (e) => {
        if ((e.target as Element).closest('.app-palette')) w.__click = e.timeStamp;
      },
      true,
    );
    document.addEventListener(
      'focusin',
      (e) => {
        const t0 = w.__click;
        if (t0 === null || !/^prop-.*-label$/.test((e.target as Element).id)) return;
        w.__click = null;
        requestAnimationFrame(() => setTimeout(() => w.__adds.push(performance.now() - t0), 0));
      },
      true,
    );
  });
}

async function measureOnce(page: Page, url: string, size: Sizes): Promise<Sample> {
  const fields = size.groups * size.perGroup;
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction((n) => document.querySelectorAll('.app-outline__select').length >= n, fields, { timeout: 60_000, polling: 'raf' }).catch(async (e) => {
    await page.screenshot({ path: '/tmp/bench-fail.png' });
    throw e;
  });
  const ready = await page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0))));
  await instrument(page);

  // Retype a question's label, then leave the box (Tab).
  await page.locator('.app-outline__select', { hasText: new RegExp(`^${size.label}[A-Z]`) }).first().click();
  const box = page.locator('input[id$="-label"]').first();
  await box.click();
  await box.press('ControlOrMeta+A');
  await page.keyboard.type(TEXT, { delay: 25 });
  await page.keyboard.press('Tab');
  await page.locator('.app-outline__select', { hasText: TEXT }).waitFor();
  await page.waitForTimeout(200);

  // Add questions from the palette, each after the last.
  for (let i = 0; i < ADDS; i++) {
    await page.locator('.app-palette button', { hasText: /^Short text$/ }).click();
    await page.waitForFunction((n) => (window as unknown as { __adds: number[] }).__adds.length > n, i);
  }
  // Let the autosave finish, so the next page does not race it.
  await page.waitForFunction(() => document.querySelector('.app-toolbar > p[role="status"]')?.textContent?.trim() === 'Draft saved', undefined, { timeout: 30_000 });
  const { keys, adds } = await page.evaluate(() => {
    const w = window as unknown as { __keys: Array<[string, number]>; __adds: number[] };
    return { keys: w.__keys, adds: w.__adds };
  });
  return {
    ready,
    keys: keys.filter(([k]) => k.length === 1).map(([, ms]) => ms),
    leave: keys.filter(([k]) => k === 'Tab').map(([, ms]) => ms),
    adds,
  };
}

export async function benchDesigner(log: (line: string) => void): Promise<void> {
  await buildWebApps();
  const dataDir = mkdtempSync(join(tmpdir(), 'caseforms-bench-designer-'));
  const running = await startServer({ port: 0, host: '127.0.0.1', dataDir, store: { kind: 'sqlite', dataDir }, logLevel: 'silent', secureCookies: false }, pino({ level: 'silent' }));
  let browser: TestBrowser | undefined;
  try {
    const demo = JSON.parse(readFileSync(running.demoAccountsFile!, 'utf8')) as Array<{ role: string; username: string; password: string; token: string }>;
    const designer = demo.find((d) => d.role === 'designer')!;
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(running.url + path, { method, headers: { authorization: `Bearer ${designer.token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<unknown>;
    };
    let forms = 0;
    /** A fresh draft of the given size for each round, so every round starts alike. */
    const newDraft = async (size: Sizes) => {
      const id = `bench-designer-${forms++}`;
      await call('POST', '/api/forms', { id, title: `Designer bench ${size.name}`, category: 'other', team: 'bench' });
      await call('POST', `/api/forms/${id}/versions`, { ...generatedForm(size.groups, size.perGroup).definition, changeNote: 'bench' });
      return `${running.url}/designer/forms/${id}`;
    };

    browser = await launchBrowser();
    const signIn = await browser.newPage();
    await signIn.goto(`${running.url}/sign-in?next=/designer/`);
    await signIn.fill('#username', designer.username);
    await signIn.fill('#password', designer.password);
    await signIn.click('button[type=submit]');
    await signIn.waitForURL((u) => u.pathname === '/designer/');
    await signIn.close();

    const samples = new Map<string, Sample[]>(SIZES.map((s) => [s.name, []]));
    for (let round = 0; round < 4; round++) {
      for (const size of round % 2 ? [...SIZES].reverse() : SIZES) {
        const page = await browser.newPage();
        await page.setViewportSize({ width: 1400, height: 900 });
        const sample = await measureOnce(page, await newDraft(size), size);
        // The first round warms caches up (and the server's validators): it is not counted.
        if (round > 0) samples.get(size.name)!.push(sample);
        await page.close();
      }
    }

    const figures = SIZES.map((size) => {
      const s = samples.get(size.name)!;
      return {
        name: size.name,
        ready: median(s.map((x) => x.ready)),
        key: percentile(s.flatMap((x) => x.keys), 95),
        leave: percentile(s.flatMap((x) => x.leave), 95),
        add: percentile(s.flatMap((x) => x.adds), 95),
        addMedian: median(s.flatMap((x) => x.adds)),
      };
    });
    for (const f of figures) {
      log(`  ${f.name.padEnd(10)} editor usable: ${fmt(f.ready)} ms   keystroke p95: ${fmt(f.key, 1)} ms   leaving the label box p95: ${fmt(f.leave, 1)} ms   adding a question p95: ${fmt(f.add, 1)} ms (median ${fmt(f.addMedian, 1)} ms)`);
    }
    const [small, large] = figures as [(typeof figures)[0], (typeof figures)[0]];
    log(
      `  ratio 300 ÷ 12 fields: usable ${fmt(large.ready / small.ready, 2)}×, keystroke ${fmt(large.key / small.key, 2)}×, leaving the label box ${fmt(large.leave / small.leave, 2)}×, adding a question ${fmt(large.add / small.add, 2)}×   (goals with 300 fields: keystroke p95 < 50 ms, adding a question p95 < 200 ms)`,
    );
  } finally {
    await browser?.close();
    await running.close(1000);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
