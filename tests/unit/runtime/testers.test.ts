/**
 * The renderer set hands each tester a question's schema resolved once (runtime/renderers/
 * testers.ts) instead of letting every tester resolve the scope itself: every tester must rank
 * every question exactly as it does when asked the usual way, so JSON Forms picks the same
 * renderer. Checked on every template, the generated long form and one question of each kind the
 * designer offers, repeatable groups' rows included.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { Resolve, type JsonSchema, type UISchemaElement } from '@jsonforms/core';
import { describe, expect, it } from 'vitest';
import * as M from '../../../designer/model/index.js';
import { fieldKinds, renderers } from '../../../runtime/renderers/index.js';
import { itemsOf } from '../../../runtime/renderers/options.js';
import { detailOf } from '../../../runtime/renderers/array/rows.js';
import { generatedForm } from '../../support/generated-form.js';

type Element = UISchemaElement & { scope?: string; elements?: Element[] };

/** Every control with the schema JSON Forms dispatches it against (a row's items schema inside a repeatable group). */
function controls(el: Element, schema: JsonSchema, root: JsonSchema, out: Array<[Element, JsonSchema]>): void {
  if (el.type === 'Control' && el.scope) {
    out.push([el, schema]);
    const own = Resolve.schema(schema, el.scope, root);
    const items = own?.type === 'array' ? itemsOf(own, root) : undefined;
    if (items?.type === 'object') controls(detailOf(el, items) as Element, items, root, out);
  }
  for (const child of el.elements ?? []) controls(child, schema, root, out);
}

const templates = readdirSync('schemas/templates').map((f) => [f, JSON.parse(readFileSync(`schemas/templates/${f}`, 'utf8'))] as const);
const kinds: M.PaletteKind[] = ['short-text', 'long-text', 'number', 'date', 'date-time', 'time', 'yes-no', 'single-choice', 'multiple-choice', 'email', 'person-id', 'calculated', 'files', 'repeatable-group'];
let palette = M.emptyDefinition();
for (const [i, kind] of kinds.entries()) palette = M.addField(palette, '', i, kind, `Question ${i + 1}`).definition;

const forms: Array<[string, { schema: JsonSchema; uischema: UISchemaElement }]> = [
  ...templates.map(([name, t]) => [name, t] as [string, { schema: JsonSchema; uischema: UISchemaElement }]),
  ['generated 500 fields', generatedForm(25, 20).definition as never],
  ['every kind the designer offers', palette as never],
];

describe('renderer testers given the resolved schema rank every question as JSON Forms asks them', () => {
  for (const [name, form] of forms) {
    it(name, () => {
      const found: Array<[Element, JsonSchema]> = [];
      controls(form.uischema as Element, form.schema, form.schema, found);
      expect(found.length).toBeGreaterThan(kinds.length - 3);
      const context = { rootSchema: form.schema, config: undefined };
      for (const [el, schema] of found) {
        const asked = renderers.slice(0, fieldKinds.length).map((r) => r.tester(el, schema, context));
        const usual = fieldKinds.map((k) => k.tester(el, schema, context));
        expect({ scope: el.scope, ranks: asked }).toEqual({ scope: el.scope, ranks: usual });
        // Asked twice (remembered), the same again.
        expect(renderers.slice(0, fieldKinds.length).map((r) => r.tester(el, schema, context))).toEqual(usual);
      }
    });
  }
});
