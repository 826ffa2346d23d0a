/**
 * Driving the designer (/designer/) in a real browser the way an analyst does: by pointer or by
 * keyboard only (Tab to a control, Enter or Space to use it, type into it), reading what the
 * page shows rather than its internals.
 */
import type { Page } from 'playwright-core';
import { button, press, tabTo, typeInto, waitForHeading, type Mode } from './form-filler.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Signs in through the sign-in page, starting from the designer's address, and lands on "Forms". */
export async function signInToDesigner(page: Page, baseUrl: string, account: { username: string; password: string }, mode: Mode = 'pointer'): Promise<void> {
  await page.goto(`${baseUrl}/designer/`);
  await page.waitForURL(/\/sign-in\?next=/);
  await waitForHeading(page, 'Sign in');
  await typeInto(page, mode, '#username', account.username);
  await typeInto(page, mode, '#password', account.password);
  await press(page, mode, button('Sign in'));
  await page.waitForURL(/\/designer\/$/);
  await waitForHeading(page, 'Forms');
  await waitForNoLoading(page);
}

/** Signs in (at a laptop's size) and opens a form's editor at Build. */
export async function openEditor(page: Page, baseUrl: string, account: { username: string; password: string }, formId: string, mode: Mode = 'pointer'): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInToDesigner(page, baseUrl, account, mode);
  await page.goto(`${baseUrl}/designer/forms/${formId}`);
  await waitForHeading(page, 'Build');
  await waitForNoLoading(page);
}

export async function waitForNoLoading(page: Page): Promise<void> {
  await page.waitForFunction(() => !Array.from(document.querySelectorAll('main [role="status"]')).some((e) => e.textContent?.includes('Loading')));
}

/** The save status in the editor's toolbar ("Draft saved", "Saving…", "Not saved: …"). */
export async function saveState(page: Page): Promise<string> {
  return ((await page.locator('.app-toolbar > p[role="status"]').textContent()) ?? '').trim();
}

/** Waits until everything typed so far is saved on the server. */
export async function waitSaved(page: Page, timeout = 10_000): Promise<void> {
  await page.waitForFunction(() => document.querySelector('.app-toolbar > p[role="status"]')?.textContent?.trim() === 'Draft saved', undefined, { timeout }).catch(async () => {
    throw new Error(`The draft was not saved; the editor says "${await saveState(page)}"`);
  });
}

/** Presses a palette button ("Short text", "Section"…) and waits for the new item's label box to have focus. */
export async function addItem(page: Page, mode: Mode, what: string): Promise<void> {
  await press(page, mode, { css: '.app-palette button', text: what });
  await page.waitForFunction(() => {
    const a = document.activeElement;
    return a instanceof HTMLElement && /^prop-.*-label$/.test(a.id);
  });
}

/** Replaces the text in the focused box and leaves it (Tab), which hands the change on. */
export async function retypeFocused(page: Page, text: string): Promise<void> {
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
  await page.keyboard.press('Tab');
}

/** By keyboard: Tab to the box `css`, replace what it holds and leave it. */
export async function retypeAt(page: Page, css: string, text: string): Promise<void> {
  await tabTo(page, { css });
  await retypeFocused(page, text);
}

/** Adds an item and gives it its wording: what an analyst does most. */
export async function addLabelled(page: Page, mode: Mode, what: string, label: string): Promise<void> {
  await addItem(page, mode, what);
  await retypeFocused(page, label);
  await page.locator('section[aria-labelledby^="prop-"] h2').filter({ hasText: label }).waitFor();
}

/** The outline button of the item whose label starts with `label`. */
export function outlineItem(label: string) {
  return { css: '.app-outline__select', text: new RegExp(`^${escape(label)}`) };
}

/** Chooses an item in the outline; its properties panel opens. */
export async function selectItem(page: Page, mode: Mode, label: string): Promise<void> {
  await press(page, mode, outlineItem(label));
  await page.locator('section[aria-labelledby^="prop-"] h2').filter({ hasText: label }).first().waitFor();
}

/** The outline as the analyst reads it: one line per item, indented two spaces per level. */
export async function outlineText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const lines: string[] = [];
    const walk = (ol: Element, depth: number) => {
      for (const li of Array.from(ol.children)) {
        const b = li.querySelector(':scope > .app-outline__row .app-outline__select');
        const kind = b?.querySelector('.app-outline__kind')?.textContent ?? '';
        const label = (b?.textContent ?? '').slice(0, (b?.textContent ?? '').length - kind.length);
        lines.push(`${'  '.repeat(depth)}${label.trim()} (${kind.trim()})`);
        const inner = li.querySelector(':scope > ol');
        if (inner) walk(inner, depth + 1);
      }
    };
    const root = document.querySelector('.app-outline');
    if (root) walk(root, 0);
    return lines;
  });
}

/** A labelled control of the properties panel (by its label's exact text). */
export function panelControl(page: Page, label: string) {
  return page.locator('section[aria-labelledby^="prop-"]').getByLabel(label, { exact: true });
}

/** Types into a labelled box of the properties panel and leaves it. */
export async function setPanelText(page: Page, mode: Mode, label: string, text: string): Promise<void> {
  const box = panelControl(page, label);
  const id = await box.getAttribute('id');
  if (mode === 'pointer') {
    await box.fill(text);
    await box.blur();
    return;
  }
  await tabTo(page, { css: `#${id}` });
  await retypeFocused(page, text);
}

/** Ticks or unticks a labelled checkbox of the properties panel. */
export async function setPanelCheck(page: Page, mode: Mode, label: string, checked: boolean): Promise<void> {
  const box = panelControl(page, label);
  if ((await box.isChecked()) === checked) return;
  if (mode === 'pointer') return box.setChecked(checked);
  await tabTo(page, { css: `#${await box.getAttribute('id')}` });
  await page.keyboard.press('Space');
}

/** Chooses an option of a <select> by its visible text; by keyboard, with the arrow keys. */
export async function choose(page: Page, mode: Mode, css: string, optionText: string): Promise<void> {
  const select = page.locator(css);
  // Options may come from the server (the teams): wait for the one wanted.
  await select.locator('option', { hasText: optionText }).first().waitFor({ state: 'attached' });
  if (mode === 'pointer') {
    await select.selectOption({ label: optionText });
    return;
  }
  const options = await select.locator('option').allTextContents();
  const want = options.findIndex((o) => o.trim() === optionText);
  if (want < 0) throw new Error(`${css} has no option "${optionText}" (it has ${options.join(' | ')})`);
  await tabTo(page, { css });
  for (let i = 0; i < options.length && (await select.evaluate((s: HTMLSelectElement) => s.selectedIndex)) !== want; i++) {
    const now = await select.evaluate((s: HTMLSelectElement) => s.selectedIndex);
    await page.keyboard.press(now < want ? 'ArrowDown' : 'ArrowUp');
  }
}

/** Goes to one of the editor's views ("Build", "Preview and try it", …). */
export async function openView(page: Page, mode: Mode, name: string): Promise<void> {
  await press(page, mode, { css: 'nav[aria-label="Editor views"] button', text: name });
  await waitForHeading(page, name);
}

/** The texts of the problems the editor lists for the whole draft. */
export async function problemsListed(page: Page): Promise<string[]> {
  return (await page.locator('#problems-title + ul li').allTextContents()).map((t) => t.trim());
}
