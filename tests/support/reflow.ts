/** WCAG 1.4.10 Reflow in a real browser: whether a page scrolls sideways at its current width, and what sticks out. */
import type { Page } from 'playwright-core';

/** The page scrolls sideways at its current width: the elements that stick out, for the message. */
export async function sideways(page: Page): Promise<{ scrollWidth: number; clientWidth: number; wide: string[] }> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const wide = Array.from(document.querySelectorAll('body *'))
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.right > root.clientWidth + 0.5 && getComputedStyle(el).position !== 'absolute';
      })
      .slice(0, 8)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')} (right edge ${Math.round(el.getBoundingClientRect().right)}px)`);
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
  });
}
