/**
 * Filling in a Caseforms form in the practitioners' app as a person would, from a data object
 * (a fixture such as `tests/schemas/fixtures/<form-id>/valid-*.json`).
 *
 * The filler follows the app rather than driving it: it reads the step the app shows (its h1),
 * answers that step's questions in page order — so a question a display rule reveals is answered
 * after the answer that reveals it — adds repeatable rows with the group's add button and fills
 * each row, then presses the step's "Save and continue" button and waits for the next step.
 * It stops on "Check your answers". A step that refuses to move on fails with the error summary.
 *
 * Two ways of working:
 * - `pointer`: clicks, checks radios and boxes, fills text boxes, picks from dropdowns.
 * - `keyboard`: never clicks, never calls `.focus()` or `.fill()` on an element. It moves focus
 *   with Tab / Shift+Tab until the wanted element has it, types with the keyboard, chooses radios
 *   with the arrow keys and Space, ticks boxes with Space, moves through a dropdown with the arrow
 *   keys and presses buttons and links with Enter.
 *
 * Each field is found by the id the app gives it (`fieldId(path)` in runtime/form/paths.ts:
 * `f-` + the dot path with `.` → `--`) and answered by its kind, worked out from the schema the
 * way the renderer set picks it (runtime/renderers/kinds.ts).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { fieldId, getIn } from '../../runtime/form/paths.js';

// ---------------------------------------------------------------------------------------------
// Templates and fixtures

export type Json = Record<string, unknown>;

export interface Template {
  form: { id: string; title: string; referencePrefix?: string; subject?: Partial<Record<SubjectKey, string>> };
  schema: Json;
  uischema: UiElement;
}

export type SubjectKey = 'childId' | 'episodeId' | 'workerId';

export interface UiElement {
  type: string;
  label?: string;
  text?: string;
  scope?: string;
  elements?: UiElement[];
  options?: Record<string, unknown> & { detail?: UiElement };
  rule?: unknown;
}

const ROOT = new URL('../../', import.meta.url);

export function loadTemplate(formId: string): Template {
  return JSON.parse(readFileSync(new URL(`schemas/templates/${formId}.json`, ROOT), 'utf8')) as Template;
}

export function loadFixture(formId: string, name: string): Json {
  return JSON.parse(readFileSync(new URL(`tests/schemas/fixtures/${formId}/${name}.json`, ROOT), 'utf8')) as Json;
}

// The ids and paths the runtime gives fields: the tests find inputs the way the app names them.
export { fieldId, getIn } from '../../runtime/form/paths.js';

export function getAtPointer(data: unknown, pointer: string): unknown {
  return getIn(data, pointer.split('/').slice(1).join('.'));
}

// ---------------------------------------------------------------------------------------------
// The questions of a form, as the renderer set shows them

export type Kind = 'text' | 'long-text' | 'number' | 'date' | 'date-time' | 'time' | 'yes-no' | 'radios' | 'select' | 'checkboxes' | 'rows' | 'read-only' | 'files';

export interface Option {
  code: unknown;
  label: string;
}

/** One question: where its answer lives and how it is answered. */
export interface Question {
  /** Dot path of the answer, `support.phasedReturnPlan.0.week` inside a row. */
  path: string;
  /** Path relative to the row (or the root), for rows; same as `path` at the top. */
  scopePath: string;
  kind: Kind;
  label: string;
  schema: Json;
  ui: UiElement;
  options: Option[];
  /** For `rows`: the row's questions, with paths relative to the row. */
  row?: Question[];
  /** For `rows`: what one row is called ("Action"). */
  rowName?: string;
}

/** Up to this many options show as radios, unless `options.format` asks for `radio` or `select` (runtime/renderers/fields/radios.ts RADIO_LIMIT). */
const RADIO_LIMIT = 12;
const LONG_TEXT_FROM = 1000;

function resolveRef(root: Json, schema: Json | undefined): Json | undefined {
  if (schema && typeof schema.$ref === 'string') {
    const name = schema.$ref.replace(/^#\/definitions\//, '');
    return resolveRef(root, (root.definitions as Json)[name] as Json);
  }
  return schema;
}

/** `#/properties/a/properties/b` against `schema` → the schema of b and its dot path `a.b`. */
function resolveScope(root: Json, schema: Json, scope: string): { schema: Json; path: string } {
  const parts = scope.replace(/^#\//, '').split('/');
  let s: Json | undefined = schema;
  const path: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    if (parts[i] !== 'properties') throw new Error(`Unexpected scope ${scope}`);
    const name = parts[i + 1]!;
    s = resolveRef(root, (resolveRef(root, s)?.properties as Json | undefined)?.[name] as Json | undefined);
    if (!s) throw new Error(`Scope ${scope} does not resolve`);
    path.push(name);
  }
  return { schema: s!, path: path.join('.') };
}

export function optionsOf(schema: Json | undefined): Option[] {
  if (!schema) return [];
  for (const list of [schema.oneOf, schema.anyOf]) {
    if (Array.isArray(list) && list.length && list.every((o) => o && typeof o === 'object' && 'const' in o)) {
      return (list as Json[]).map((o) => ({ code: o.const, label: typeof o.title === 'string' ? o.title : String(o.const) }));
    }
  }
  return Array.isArray(schema.enum) ? schema.enum.map((v) => ({ code: v, label: String(v) })) : [];
}

function kindOf(root: Json, schema: Json, ui: UiElement): Kind {
  const options = ui.options ?? {};
  if (schema.readOnly === true || options.readonly === true) {
    const items = resolveRef(root, schema.items as Json | undefined);
    if (!(schema.type === 'array' && items?.type === 'object')) return 'read-only';
  }
  // A files question (engine/files/model.ts): a list of objects, but files, not rows.
  if (schema.type === 'array' && 'x-files' in schema) return 'files';
  if (schema.type === 'array') {
    const items = resolveRef(root, schema.items as Json | undefined);
    if (items?.type === 'object' || items?.properties) return 'rows';
    if (optionsOf(items).length) return 'checkboxes';
  }
  if (schema.type === 'boolean') return 'yes-no';
  if (schema.type === 'string' && schema.format === 'date') return 'date';
  if (schema.type === 'string' && schema.format === 'date-time') return 'date-time';
  if (schema.type === 'string' && schema.format === 'time') return 'time';
  const list = optionsOf(schema);
  if (list.length) {
    if (options.format === 'select') return 'select';
    return list.length <= RADIO_LIMIT || options.format === 'radio' ? 'radios' : 'select';
  }
  if (schema.type === 'integer' || schema.type === 'number') return 'number';
  // The kind the analyst chose decides (engine/forms/chosen-kind.ts); without one, multi or a long limit.
  if (options.kind === 'long-text') return 'long-text';
  if (options.kind === 'short-text' || options.kind === 'person-id') return 'text';
  const long = options.multi === true || (typeof schema.maxLength === 'number' && schema.maxLength >= LONG_TEXT_FROM && options.multi === undefined);
  return long ? 'long-text' : 'text';
}

/** "Actions" → "Action" (runtime/renderers/array/rows.ts rowNameOf). */
function rowNameOf(items: Json | undefined, label: string): string {
  const title = typeof items?.title === 'string' ? items.title.trim() : '';
  if (title) return title;
  const l = label.trim() || 'Item';
  if (/[^s]s$/i.test(l)) return l.slice(0, -1);
  return `${l} item`;
}

function collect(root: Json, schema: Json, el: UiElement, base: string, out: Question[]): void {
  if (el.type === 'Control' && el.scope) {
    const { schema: s, path: rel } = resolveScope(root, schema, el.scope);
    const path = base ? `${base}.${rel}` : rel;
    const kind = kindOf(root, s, el);
    const label = typeof el.label === 'string' ? el.label : typeof s.title === 'string' ? s.title : rel;
    const q: Question = { path, scopePath: rel, kind, label, schema: s, ui: el, options: kind === 'checkboxes' ? optionsOf(resolveRef(root, s.items as Json)) : optionsOf(s) };
    if (kind === 'rows') {
      const items = resolveRef(root, s.items as Json)!;
      const detail: UiElement = el.options?.detail ?? { type: 'VerticalLayout', elements: Object.keys((items.properties as Json) ?? {}).map((p) => ({ type: 'Control', scope: `#/properties/${p}` })) };
      q.row = [];
      collect(root, items, detail, '', q.row);
      q.rowName = rowNameOf(items, label);
    }
    out.push(q);
    return;
  }
  for (const child of el.elements ?? []) collect(root, schema, child, base, out);
}

export interface StepModel {
  label: string;
  questions: Question[];
}

/** The form's steps (one per Category; a form without Categorization is one step) and their questions. */
export function stepsOf(template: Template): StepModel[] {
  const root = template.schema;
  const ui = template.uischema;
  const cats = ui.type === 'Categorization' ? (ui.elements ?? []) : [{ ...ui, label: template.form.title }];
  return cats.map((cat) => {
    const questions: Question[] = [];
    collect(root, root, { type: 'VerticalLayout', elements: cat.elements ?? [] }, '', questions);
    return { label: cat.label ?? 'Untitled step', questions };
  });
}

/** Every answered question in `data`, in form order; inside rows with `group.N.question` paths. */
export function answeredLeaves(template: Template, data: unknown): Array<Question & { value: unknown }> {
  const out: Array<Question & { value: unknown }> = [];
  const visit = (qs: Question[], base: string) => {
    for (const q of qs) {
      const path = base ? `${base}.${q.scopePath}` : q.path;
      const value = getIn(data, path);
      if (value === undefined) continue;
      if (q.kind === 'rows') {
        (value as unknown[]).forEach((_, i) => visit(q.row!, `${path}.${i}`));
        continue;
      }
      out.push({ ...q, path, value });
    }
  };
  for (const step of stepsOf(template)) visit(step.questions, '');
  return out;
}

/**
 * Paths (dot) of read-only answers present in `data` that nothing in the app fills in: no one can
 * type them. Calculated answers (`x-calculate`) are not among them: the app works them out.
 */
export function readOnlyPaths(template: Template, data: unknown): string[] {
  return answeredLeaves(template, data)
    .filter((q) => q.kind === 'read-only' && typeof q.schema['x-calculate'] !== 'string')
    .map((q) => q.path);
}

/** Paths (dot) of calculated answers (`x-calculate`) present in `data`. */
export function calculatedPaths(template: Template, data: unknown): string[] {
  return answeredLeaves(template, data)
    .filter((q) => typeof q.schema['x-calculate'] === 'string')
    .map((q) => q.path);
}

export function withoutPaths(data: Json, paths: string[]): Json {
  const copy = structuredClone(data);
  for (const p of paths) {
    const parts = p.split('.');
    const parent = getIn(copy, parts.slice(0, -1).join('.'));
    if (parent && typeof parent === 'object') delete (parent as Json)[parts[parts.length - 1]!];
  }
  return copy;
}

/**
 * `data` with every date-time answer written as the instant it names (`…Z` and `…+00:00` are the
 * same time): the app stores a date-time with the browser's offset, a fixture may use `Z`. A
 * value that names no instant (half entered) is left as it is.
 */
export function instantsNormalised(template: Template, data: Json): Json {
  const copy = structuredClone(data);
  for (const q of answeredLeaves(template, copy)) {
    if (q.kind !== 'date-time' || typeof q.value !== 'string') continue;
    const parts = q.path.split('.');
    const parent = getIn(copy, parts.slice(0, -1).join('.')) as Json;
    // A date and time still being entered (the date typed, not yet the time) is saved as typed;
    // it names no instant, so it stays as it is and compares unequal to the finished answer.
    const instant = new Date(q.value);
    if (!Number.isNaN(instant.getTime())) parent[parts[parts.length - 1]!] = instant.toISOString();
  }
  return copy;
}

// ---------------------------------------------------------------------------------------------
// How answers are typed and read back, the way a person in the UK types and reads them

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** The browser's time zone (tests/support/browser.ts launches Chromium in it). */
export const BROWSER_TIME_ZONE = 'Europe/London';

/** A stored date-time as the clock on the wall in the browser's time zone shows it. */
export function localParts(iso: string): { day: string; month: string; year: string; time: string } {
  const f = new Intl.DateTimeFormat('en-GB', { timeZone: BROWSER_TIME_ZONE, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const p = Object.fromEntries(f.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return { day: String(Number(p.day)), month: String(Number(p.month)), year: p.year!, time: `${p.hour}:${p.minute}` };
}

function dateParts(value: string): { day: string; month: string; year: string } {
  const [year, month, day] = value.split('-') as [string, string, string];
  return { day: String(Number(day)), month: String(Number(month)), year };
}

/** "14:30" → "2:30pm", "12:00" → "midday" (GOV.UK style). */
export function timeText(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  if (m === 0 && h === 0) return 'midnight';
  if (m === 0 && h === 12) return 'midday';
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${h12}${m ? `:${String(m).padStart(2, '0')}` : ''}${h < 12 ? 'am' : 'pm'}`;
}

/** What "Check your answers" and the record should show for an answer. */
export function displayText(q: Question, value: unknown): string {
  switch (q.kind) {
    case 'yes-no':
      return value === true ? 'Yes' : 'No';
    case 'radios':
    case 'select':
      return q.options.find((o) => o.code === value)!.label;
    case 'checkboxes':
      return (value as unknown[]).map((c) => q.options.find((o) => o.code === c)!.label).join('\n');
    case 'date': {
      const { day, month, year } = dateParts(value as string);
      return `${day} ${MONTHS[Number(month) - 1]} ${year}`;
    }
    case 'date-time': {
      const p = localParts(value as string);
      return `${p.day} ${MONTHS[Number(p.month) - 1]} ${p.year} at ${timeText(p.time)}`;
    }
    case 'time':
      return timeText(value as string);
    case 'files':
      return (value as Array<{ name: string }>).map((f) => f.name).join('\n');
    case 'number':
      return new Intl.NumberFormat('en-GB', { maximumFractionDigits: 20 }).format(value as number);
    default:
      return String(value);
  }
}

// ---------------------------------------------------------------------------------------------
// Moving around: pointer or keyboard

export type Mode = 'pointer' | 'keyboard';

/** A focus target: an element matching `css` (and, when given, whose text is `text`). */
export interface Target {
  css: string;
  text?: string | RegExp;
}

function describeTarget(t: Target): string {
  return t.text ? `${t.css} with text ${String(t.text)}` : t.css;
}

/**
 * Presses Tab (or Shift+Tab, when the target is above the focus) until the focused element is
 * the target, reading where focus is after each press. Fails after `max` presses.
 */
export async function tabTo(page: Page, target: Target, max = 400): Promise<void> {
  const text = target.text instanceof RegExp ? { source: target.text.source, flags: target.text.flags } : target.text;
  // Wait until the target exists (a display rule may be about to reveal it).
  await page.waitForFunction(findTarget, { css: target.css, text }, { timeout: 10_000 }).catch(() => {
    throw new Error(`Keyboard: ${describeTarget(target)} never appeared on the page (${page.url()})`);
  });
  let presses = 0;
  for (;;) {
    const where = await page.evaluate(({ css, text }) => {
      const textOf = (a: Element) => (a.textContent ?? '').replace(/\s+/g, ' ').trim();
      const matches = (a: Element) =>
        a.matches(css) && (text === undefined || (typeof text === 'string' ? textOf(a) === text : new RegExp(text.source, text.flags).test(textOf(a))));
      const el = Array.from(document.querySelectorAll(css)).find(matches);
      const active = document.activeElement;
      if (!el) return 'missing';
      if (active && active !== document.body && matches(active)) return 'here';
      if (!active || active === document.body) return 'forward';
      return active.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING ? 'forward' : 'backward';
    }, { css: target.css, text });
    if (where === 'here') return;
    if (presses++ >= max) {
      const active = await page.evaluate(() => {
        const a = document.activeElement;
        return a ? `${a.tagName.toLowerCase()}#${a.id} "${(a.textContent ?? '').trim().slice(0, 40)}"` : 'nothing';
      });
      throw new Error(`Keyboard: ${max} presses of Tab did not reach ${describeTarget(target)}; focus is on ${active} (${page.url()})`);
    }
    if (where === 'missing') {
      await page.waitForFunction(findTarget, { css: target.css, text }, { timeout: 10_000 });
      continue;
    }
    await page.keyboard.press(where === 'backward' ? 'Shift+Tab' : 'Tab');
  }
}

/** In the page: the first element matching the target (kept free of closures: it is serialised). */
function findTarget(arg: { css: string; text?: unknown }): Element | null {
  const all = Array.from(document.querySelectorAll(arg.css));
  if (arg.text === undefined) return all[0] ?? null;
  const t = arg.text;
  return (
    all.find((a) => {
      const s = (a.textContent ?? '').replace(/\s+/g, ' ').trim();
      return typeof t === 'string' ? s === t : new RegExp((t as { source: string }).source, (t as { flags: string }).flags).test(s);
    }) ?? null
  );
}

/** Presses a button (or follows a link): a click, or Tab to it and Enter. */
export async function press(page: Page, mode: Mode, target: Target): Promise<void> {
  if (mode === 'keyboard') {
    await tabTo(page, target);
    await page.keyboard.press('Enter');
    return;
  }
  const loc = page.locator(target.css);
  // A string names the element exactly (a link "Case-file audit", not "Continue Case-file audit, …").
  const text = typeof target.text === 'string' ? new RegExp(`^\\s*${target.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) : target.text;
  await (text === undefined ? loc.first() : loc.filter({ hasText: text }).first()).click();
}

export const button = (name: string | RegExp): Target => ({ css: 'button', text: name });

/** Types `text` into the text box `css` (replacing what it holds). */
export async function typeInto(page: Page, mode: Mode, css: string, text: string): Promise<void> {
  const box = page.locator(css);
  if (mode === 'pointer') {
    await box.fill(text);
    return;
  }
  if ((await box.inputValue()) === text) return;
  await tabTo(page, { css });
  if ((await box.inputValue()) !== '') {
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Backspace');
  }
  await page.keyboard.type(text);
}

/** Chooses the radio with `value` in the group `name` (radios and yes/no questions). */
async function chooseRadio(page: Page, mode: Mode, name: string, value: string): Promise<void> {
  const group = `input[type="radio"][name="${name}"]`;
  const wanted = page.locator(`${group}[value="${value}"]`);
  if (mode === 'pointer') {
    await wanted.check();
    return;
  }
  // Tab lands on the group's checked radio (or its first); the arrow keys move and choose.
  await tabTo(page, { css: group });
  const count = await page.locator(group).count();
  for (let i = 0; i <= count; i++) {
    const focused = await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value);
    if (focused === value) break;
    await page.keyboard.press('ArrowDown');
  }
  if (!(await wanted.isChecked())) await page.keyboard.press('Space');
  if (!(await wanted.isChecked())) throw new Error(`Keyboard: could not choose ${value} in ${name}`);
}

async function setCheckbox(page: Page, mode: Mode, css: string, on: boolean): Promise<void> {
  const box = page.locator(css);
  if ((await box.isChecked()) === on) return;
  if (mode === 'pointer') {
    await box.setChecked(on);
    return;
  }
  await tabTo(page, { css });
  await page.keyboard.press('Space');
  if ((await box.isChecked()) !== on) throw new Error(`Keyboard: Space did not ${on ? 'tick' : 'untick'} ${css}`);
}

async function chooseFromList(page: Page, mode: Mode, id: string, label: string): Promise<void> {
  const select = page.locator(`#${id}`);
  if (mode === 'pointer') {
    await select.selectOption({ label });
    return;
  }
  await tabTo(page, { css: `#${id}` });
  const labels = await select.locator('option').allInnerTexts();
  const want = labels.findIndex((l) => l.trim() === label);
  if (want < 0) throw new Error(`No option "${label}" in #${id}`);
  for (let i = 0; i < labels.length + 1; i++) {
    const at = await select.evaluate((s: HTMLSelectElement) => s.selectedIndex);
    if (at === want) return;
    await page.keyboard.press(at < want ? 'ArrowDown' : 'ArrowUp');
  }
  throw new Error(`Keyboard: the arrow keys did not reach "${label}" in #${id}`);
}

// ---------------------------------------------------------------------------------------------
// Answering questions

/** Answers one question (at `path`, inside a row when it is in one) the way `mode` works. */
export async function answer(page: Page, mode: Mode, q: Question, path: string, value: unknown): Promise<void> {
  const id = fieldId(path);
  switch (q.kind) {
    case 'read-only':
      return;
    case 'files':
      // Files are chosen from disk: a test uploads them itself (see tests/e2e/file-upload.test.ts).
      throw new Error(`${path} is a files question: upload its files in the test, not from the data`);
    case 'text':
    case 'long-text':
    case 'time':
      return typeInto(page, mode, `#${id}`, String(value));
    case 'number':
      return typeInto(page, mode, `#${id}`, String(value));
    case 'date': {
      const p = dateParts(value as string);
      await typeInto(page, mode, `#${id}`, p.day);
      await typeInto(page, mode, `#${id}-month`, p.month);
      await typeInto(page, mode, `#${id}-year`, p.year);
      return;
    }
    case 'date-time': {
      const p = localParts(value as string);
      await typeInto(page, mode, `#${id}`, p.day);
      await typeInto(page, mode, `#${id}-month`, p.month);
      await typeInto(page, mode, `#${id}-year`, p.year);
      await typeInto(page, mode, `#${id}-time`, p.time);
      return;
    }
    case 'yes-no':
      return chooseRadio(page, mode, path, value === true ? 'yes' : 'no');
    case 'radios':
      return chooseRadio(page, mode, path, String(value));
    case 'select':
      return chooseFromList(page, mode, id, q.options.find((o) => o.code === value)!.label);
    case 'checkboxes': {
      const chosen = value as unknown[];
      for (let i = 0; i < q.options.length; i++) {
        const o = q.options[i]!;
        await setCheckbox(page, mode, `#${i === 0 ? id : `${id}-${i}`}`, chosen.includes(o.code));
      }
      return;
    }
    case 'rows': {
      const rows = value as Json[];
      for (let i = 0; i < rows.length; i++) {
        const rowPath = `${path}.${i}`;
        if ((await page.locator(`#${fieldId(rowPath)}`).count()) === 0) {
          // "Add a …" / "Add another …": the group's button takes the group's id.
          await press(page, mode, { css: `button#${id}` });
          await page.locator(`#${fieldId(rowPath)}`).waitFor();
        }
        for (const rq of q.row!) {
          const v = rows[i]![rq.scopePath];
          if (v !== undefined) await answer(page, mode, rq, `${rowPath}.${rq.scopePath}`, v);
        }
      }
      return;
    }
  }
}

export interface FillOptions {
  mode?: Mode;
  /**
   * Called at each page state the filler brings about (a step as it opens, then with its answers
   * in), e.g. to run axe. `label` says which.
   */
  onState?: (label: string) => Promise<void>;
}

/** The h1 of the page (the step's label, or "Check your answers"). */
export async function heading(page: Page): Promise<string> {
  return ((await page.locator('main h1').first().textContent()) ?? '').trim();
}

/** Waits until the h1 says `text` (and the app has moved focus to it, when `focused`). */
export async function waitForHeading(page: Page, text: string, options: { focused?: boolean } = {}): Promise<void> {
  await page.waitForFunction(
    ({ text, focused }) => {
      const h = document.querySelector('main h1');
      return h?.textContent?.trim() === text && (!focused || document.activeElement === h);
    },
    { text, focused: options.focused ?? false },
  );
}

/**
 * The top-level sections only a review stage's actor fills (`x-review` stages' `section`): the
 * author never answers them, whether or not the app shows their step to the author.
 */
export function stageSectionsOf(template: Template): Set<string> {
  const review = template.schema['x-review'] as { stages?: Array<{ section?: string }> } | undefined;
  return new Set((review?.stages ?? []).map((st) => st.section).filter((x): x is string => typeof x === 'string'));
}

/** The dot paths of the answers that show who a record is about (the form's `subject` pointers). */
function subjectPathsOf(template: Template): Set<string> {
  return new Set(Object.values(template.form.subject ?? {}).filter((p): p is string => Boolean(p)).map((p) => p.slice(1).split('/').join('.')));
}

/**
 * Fills every step from `data`, pressing "Save and continue" on each, and stops on "Check your
 * answers". Starts on whatever step the app shows. Questions in a review stage's section are left
 * alone: they are not the author's to answer.
 */
export async function fillForm(page: Page, template: Template, data: Json, options: FillOptions = {}): Promise<void> {
  const mode = options.mode ?? 'pointer';
  const steps = stepsOf(template);
  const stageOnly = stageSectionsOf(template);
  // The answers that show who the record is about: shown, not typed in, once it was started about someone.
  const subjectPaths = subjectPathsOf(template);
  await page.locator('main h1').first().waitFor();
  const seen = new Set<string>();
  for (;;) {
    const title = await heading(page);
    if (title === 'Check your answers') return;
    const step = steps.find((s) => s.label === title);
    if (!step) throw new Error(`The app shows "${title}", which is not a step of ${template.form.id}`);
    if (seen.has(title)) throw new Error(`The app came back to the step "${title}"`);
    seen.add(title);
    await options.onState?.(`${template.form.id}: step "${title}" as it opens`);
    for (const q of step.questions) {
      if (stageOnly.has(q.path.split('.')[0]!)) continue;
      if (subjectPaths.has(q.path) && (await page.locator(`input#${fieldId(q.path)}, textarea#${fieldId(q.path)}`).count()) === 0) continue;
      const value = getIn(data, q.path);
      if (value !== undefined) await answer(page, mode, q, q.path, value);
    }
    await options.onState?.(`${template.form.id}: step "${title}" answered`);
    await press(page, mode, button(/^Save and (continue|check your answers)$/));
    // The next step (focus on its heading), or this one again with the problems listed.
    const moved = await page
      .waitForFunction(
        (prev) => {
          const h = document.querySelector('main h1');
          if (document.querySelector('.govuk-error-summary')) return 'errors';
          return h && h.textContent?.trim() !== prev && document.activeElement === h ? 'moved' : false;
        },
        title,
      )
      .then((h) => h.jsonValue());
    if (moved === 'errors') {
      const summary = await page.locator('.govuk-error-summary').innerText();
      throw new Error(`"Save and continue" on the step "${title}" did not move on:\n${summary}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Reading answers back

export interface ShownAnswer {
  question: string;
  answer: string;
}

/** The question/answer rows of the answers' summary (not the record's status and subject list). */
export async function shownAnswers(page: Page): Promise<ShownAnswer[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('main dl.govuk-summary-list'))
      // Not the record's own facts (status, ids), which come first on a record's page.
      .filter((dl) => dl.querySelector('.govuk-summary-list__key')?.textContent?.trim() !== 'Status')
      .flatMap((dl) => Array.from(dl.querySelectorAll(':scope > .govuk-summary-list__row')))
      .map((row) => ({
        question: (row.querySelector('.govuk-summary-list__key') as HTMLElement).innerText.trim(),
        answer: (row.querySelector('.govuk-summary-list__value') as HTMLElement).innerText.trim(),
      })),
  );
}

/**
 * On "Check your answers": for every answer in `data`, the row its "Change" link belongs to shows
 * it as a person reads it. Returns the mismatches (empty when all is right).
 */
export async function checkAnswersMismatches(page: Page, template: Template, data: Json): Promise<string[]> {
  const problems: string[] = [];
  const subjectPaths = subjectPathsOf(template);
  for (const q of answeredLeaves(template, data)) {
    if (q.kind === 'read-only') continue;
    const want = displayText(q, q.value);
    // Who the record is about was chosen at the start: shown, with nothing to change it by.
    if (subjectPaths.has(q.path)) {
      if (!(await shownAnswers(page)).some((a) => a.answer === want)) problems.push(`${q.path}: ${JSON.stringify(want)} not shown`);
      if ((await page.locator(`main a[href="#${fieldId(q.path)}"]`).count()) !== 0) problems.push(`${q.path}: a "Change" link for who the record is about`);
      continue;
    }
    const link = page.locator(`main a[href="#${fieldId(q.path)}"]`);
    if ((await link.count()) !== 1) {
      problems.push(`${q.path}: ${await link.count()} "Change" links`);
      continue;
    }
    const shown = (await link.locator('xpath=ancestor::div[contains(@class,"govuk-summary-list__row")][1]').locator('.govuk-summary-list__value').innerText()).trim();
    if (shown !== want) problems.push(`${q.path}: shows ${JSON.stringify(shown)}, expected ${JSON.stringify(want)}`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Signing in and starting a form

export async function signIn(page: Page, baseUrl: string, account: { username: string; password: string }, mode: Mode = 'pointer'): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.waitForURL(/\/sign-in/);
  await waitForHeading(page, 'Sign in');
  await typeInto(page, mode, '#username', account.username);
  await typeInto(page, mode, '#password', account.password);
  await press(page, mode, button('Sign in'));
  await waitForHeading(page, 'Your forms');
  await waitForLoaded(page);
}

/** Waits until the page has loaded what it shows (no "Loading…" left in main). */
export async function waitForLoaded(page: Page): Promise<void> {
  await page.waitForFunction(() => !Array.from(document.querySelectorAll('main [role="status"]')).some((e) => e.textContent?.includes('Loading')));
}

/**
 * From the home page: follows the form's link, gives the ids the start page asks for (taken from
 * `data` where the form pre-fills them), presses "Start now" and waits for the first step.
 * Returns the new record's id.
 */
export async function startForm(page: Page, template: Template, data: Json, mode: Mode = 'pointer', onState?: (label: string) => Promise<void>): Promise<string> {
  await waitForHeading(page, 'Your forms');
  await page.locator('main a', { hasText: template.form.title }).first().waitFor();
  await press(page, mode, { css: 'main a', text: template.form.title });
  await waitForHeading(page, template.form.title);
  await onState?.(`${template.form.id}: start page`);
  for (const [key, pointer] of Object.entries(template.form.subject ?? {})) {
    const value = pointer ? getAtPointer(data, pointer) : undefined;
    if (typeof value !== 'string') throw new Error(`The start page asks for ${key}, which ${template.form.id}'s data does not give (at ${pointer})`);
    await typeInto(page, mode, `#subject-${key}`, value);
  }
  await press(page, mode, button('Start now'));
  await page.waitForURL(/\/records\/[^/?]+$/);
  await page.locator('.app-save-status').waitFor();
  return new URL(page.url()).pathname.split('/').pop()!;
}
