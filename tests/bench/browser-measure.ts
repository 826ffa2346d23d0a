/** Measuring a page in headless Chromium: when it is usable, how fast it answers keys, its heap. */
import type { Page } from 'playwright-core';

/** Inputs present, then the first moment the main thread is free: when a user can start. */
export async function timeToInteractive(page: Page, url: string, inputs: number): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction((n) => document.querySelectorAll('input, textarea, select').length >= n, inputs, { timeout: 60_000, polling: 'raf' });
  return page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0))));
}

/** Types `text` with a short delay per key, recording keydown → next frame for each key. */
export async function keystrokes(page: Page, selector: string, text: string, delay = 25): Promise<number[]> {
  await page.evaluate(() => {
    const w = window as unknown as { __lat: number[] };
    w.__lat = [];
    document.addEventListener(
      'keydown',
      (e) => {
        const t0 = e.timeStamp;
        requestAnimationFrame(() => setTimeout(() => w.__lat.push(performance.now() - t0), 0));
      },
      true,
    );
  });
  await page.locator(selector).first().click();
  await page.keyboard.type(text, { delay });
  await page.waitForTimeout(300);
  return page.evaluate(() => (window as unknown as { __lat: number[] }).__lat);
}

export async function heapMiB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return usedSize / 1048576;
}
