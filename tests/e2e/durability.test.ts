/**
 * Nothing a social worker types is lost, whatever happens to the page. On each shipped template
 * every question of a complete record is answered as a person would (the keystrokes before an
 * interruption typed key by key), and at 20 random moments the page is interrupted: reloaded at once after a keystroke, within
 * 100 ms, after half a second or two seconds, or its tab closed and the draft opened again in a
 * new one. After each interruption the box holds exactly what had been typed; at the end the
 * server's record is exactly the answers given. The moments come from a seeded generator: a
 * failure names its seed, and DURABILITY_SEED=<seed> replays it.
 */
import { isDeepStrictEqual } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { SAVE_RACED_BY_RELOAD, useE2E, type Tab } from '../support/e2e.js';
import {
  answer,
  checkAnswersMismatches,
  getIn,
  heading,
  instantsNormalised,
  loadFixture,
  loadTemplate,
  readOnlyPaths,
  stepsOf,
  waitForHeading,
  withoutPaths,
  fieldId,
  type Json,
  type Question,
} from '../support/form-filler.js';
import { seededRandom } from '../support/random.js';

const e2e = useE2E();

const INTERRUPTIONS = 20;
const KINDS = ['reload at once', 'reload within 100 ms', 'reload after 500 ms', 'reload after 2 s', 'close the tab and open the draft again'] as const;
type Interruption = (typeof KINDS)[number];

const CASES = [
  { formId: 'case-file-audit', fixture: 'valid-child-protection-with-conversation' },
  { formId: 'case-supervision', fixture: 'valid-ad-hoc-with-disagreement' },
  { formId: 'reflective-supervision', fixture: 'valid-held-newly-qualified' },
  { formId: 'return-to-work', fixture: 'valid-fit-note-phased-return' },
];

const TYPED = new Set(['text', 'long-text', 'number', 'time']);

/** The answers the start page fills in from the ids it asks for (not typed on the form's steps). */
function prefilled(subject: Record<string, string> | undefined, data: Json): { data: Json; subject: Record<string, string>; paths: Set<string> } {
  const out: Json = {};
  const ids: Record<string, string> = {};
  const paths = new Set<string>();
  for (const [key, pointer] of Object.entries(subject ?? {})) {
    const path = pointer.split('/').slice(1).join('.');
    const value = getIn(data, path);
    if (typeof value !== 'string') continue;
    ids[key] = value;
    paths.add(path);
    const parts = path.split('.');
    let node = out;
    for (const p of parts.slice(0, -1)) node = (node[p] ??= {}) as Json;
    node[parts.at(-1)!] = value;
  }
  return { data: out, subject: ids, paths };
}

beforeAll(async () => {
  await e2e.signInPractitioner();
});

describe('typed answers survive reloads and closed tabs', () => {
  for (const c of CASES) {
    const seed = Number(process.env.DURABILITY_SEED ?? 0) || [...c.formId].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7);
    it(`${c.formId}: every question answered through ${INTERRUPTIONS} interruptions, nothing lost (seed ${seed})`, { timeout: 300_000 }, async () => {
      const template = loadTemplate(c.formId);
      const fixture = loadFixture(c.formId, c.fixture);
      const start = prefilled(template.form.subject, fixture);
      const id = await e2e.createDraft(c.formId, start.data, start.subject);
      const url = `${e2e.url}/records/${id}`;
      const rnd = seededRandom(seed);

      // Every answer to give, in form order, and the moments to interrupt (some events twice).
      const events = stepsOf(template).flatMap((step) =>
        step.questions.filter((q) => q.kind !== 'read-only' && !start.paths.has(q.path) && getIn(fixture, q.path) !== undefined).map((q) => ({ step: step.label, q })),
      );
      const plan = new Map<number, Interruption[]>();
      const kinds = Array.from({ length: INTERRUPTIONS }, (_, i) => KINDS[i % KINDS.length]!).sort(() => rnd() - 0.5);
      for (const kind of kinds) {
        const at = Math.floor(rnd() * events.length);
        plan.set(at, [...(plan.get(at) ?? []), kind]);
      }

      let tab: Tab = await e2e.open({ expectedHttpErrors: [SAVE_RACED_BY_RELOAD] });
      const page = () => tab.page;
      await page().goto(url);
      await page().locator('.app-save-status').waitFor();
      const log: string[] = [];

      async function interrupt(kind: Interruption): Promise<void> {
        log.push(kind);
        if (kind === 'close the tab and open the draft again') {
          await page().close();
          tab = await e2e.open({ expectedHttpErrors: [SAVE_RACED_BY_RELOAD] });
          await page().goto(url);
        } else {
          const wait = kind === 'reload within 100 ms' ? Math.floor(rnd() * 100) : kind === 'reload after 500 ms' ? 500 : kind === 'reload after 2 s' ? 2000 : 0;
          if (wait) await page().waitForTimeout(wait);
          await page().reload();
        }
        await page().locator('.app-save-status').waitFor();
      }

      async function onStep(label: string): Promise<void> {
        if ((await heading(page())) === label) return;
        await page().getByRole('navigation', { name: 'Form sections' }).getByRole('link', { name: label, exact: true }).click();
        await waitForHeading(page(), label);
      }

      /** Types `text` into the box at `path` key by key, interrupted after `split` characters if asked. */
      async function typeKeys(q: Question, text: string, interruptions: Interruption[]): Promise<void> {
        const css = `#${fieldId(q.path)}`;
        if (!interruptions.length) return page().locator(css).fill(text);
        const split = 1 + Math.floor(rnd() * Math.max(1, text.length - 1));
        // The last keystrokes before the interruption are real key presses, one by one.
        const keyed = Math.max(0, split - 12);
        if (keyed) await page().locator(css).fill(text.slice(0, keyed));
        await page().locator(css).focus();
        await page().keyboard.press('ControlOrMeta+End');
        await page().keyboard.type(text.slice(keyed, split));
        for (const kind of interruptions) {
          await interrupt(kind);
          await onStep(events.find((e) => e.q === q)!.step);
          const shown = await page().locator(css).inputValue();
          expect(shown, `"${q.label}" after "${kind}" (${log.length} so far), typed "${text.slice(0, split)}"`).toBe(text.slice(0, split));
        }
        if (split < text.length) {
          await page().locator(css).focus();
          await page().keyboard.press('ControlOrMeta+End');
          await page().keyboard.type(text.slice(split));
        }
      }

      for (const [i, { step, q }] of events.entries()) {
        await onStep(step);
        const value = getIn(fixture, q.path);
        const interruptions = plan.get(i) ?? [];
        if (TYPED.has(q.kind)) {
          await typeKeys(q, String(value), interruptions);
        } else {
          await answer(page(), 'pointer', q, q.path, value);
          for (const kind of interruptions) await interrupt(kind);
        }
      }
      expect(log.length).toBe(INTERRUPTIONS);
      expect(new Set(log).size, 'every kind of interruption happened').toBe(KINDS.length);

      const readOnly = readOnlyPaths(template, fixture);
      const expected = instantsNormalised(template, withoutPaths(fixture, readOnly));
      const { submission } = await e2e
        .waitForStored(id, (s) => isDeepStrictEqual(instantsNormalised(template, s.data), expected), { timeoutMs: 15_000 })
        .catch(async () => ({ submission: await e2e.stored(id) }));
      expect(instantsNormalised(template, submission.data), `the server's record after: ${log.join(', ')}`).toEqual(expected);

      // And the person reads back exactly what they gave.
      await page().getByRole('navigation', { name: 'Form sections' }).getByRole('link', { name: 'Check your answers' }).click();
      await waitForHeading(page(), 'Check your answers');
      expect(await checkAnswersMismatches(page(), template, fixture)).toEqual([]);
    });
  }
});

