/** Shared option lists: expanding references, the policy on them, comparing list versions, and the change analysis. */
import { describe, expect, it } from 'vitest';
import { DefinitionRejectedError } from '../../../engine/errors.js';
import { analyseChanges } from '../../../engine/forms/changes.js';
import { compareListOptions, expandOptionLists, optionsHash, type ListOption, type OptionListVersion } from '../../../engine/forms/option-lists.js';
import { checkDefinition } from '../../../engine/policy/index.js';

const OPTIONS: ListOption[] = [
  { code: 'WBRI', label: 'White British' },
  { code: 'WIRI', label: 'White Irish' },
];
const lists: Record<string, OptionListVersion[]> = {
  ethnicity: [1, 2].map((version) => {
    const options = version === 1 ? OPTIONS : [...OPTIONS, { code: 'OTH', label: 'Any other' }];
    return { listId: 'ethnicity', version, name: 'Ethnicity', description: '', team: 'qa', options, changeNote: '', hash: optionsHash(options), createdBy: 'u', createdAt: '2026-01-01T00:00:00.000Z' };
  }),
};
const lookup = async (id: string, version: number) => lists[id]?.find((v) => v.version === version) ?? null;

function definition(node: Record<string, unknown>) {
  return {
    schema: { type: 'object', properties: { ethnicity: { type: 'string', title: 'Ethnicity', ...node } } },
    uischema: { type: 'VerticalLayout', elements: [{ type: 'Control', scope: '#/properties/ethnicity' }] },
  };
}
type Expanded = { schema: { properties: { ethnicity: Record<string, unknown> } } };

describe('expanding shared lists into a definition', () => {
  it('replaces the node’s options (oneOf, enum, anyOf) with the list version’s, in list order, and leaves the input alone', async () => {
    const input = definition({ 'x-option-list': { id: 'ethnicity', version: 2 }, enum: ['STALE'], oneOf: [{ const: 'OLD', title: 'Old' }] });
    const out = (await expandOptionLists(input, lookup)) as Expanded;
    expect(out.schema.properties.ethnicity).toEqual({
      type: 'string',
      title: 'Ethnicity',
      'x-option-list': { id: 'ethnicity', version: 2 },
      oneOf: [
        { const: 'WBRI', title: 'White British' },
        { const: 'WIRI', title: 'White Irish' },
        { const: 'OTH', title: 'Any other' },
      ],
    });
    expect((input.schema.properties.ethnicity as Record<string, unknown>).enum).toEqual(['STALE']);
  });

  it('expands in list items and definitions too', async () => {
    const input = {
      schema: {
        type: 'object',
        definitions: { person: { type: 'object', properties: { ethnicity: { type: 'string', 'x-option-list': { id: 'ethnicity', version: 1 } } } } },
        properties: { others: { type: 'array', items: { type: 'string', 'x-option-list': { id: 'ethnicity', version: 1 } } } },
      },
      uischema: {},
    };
    const out = (await expandOptionLists(input, lookup)) as unknown as { schema: { definitions: { person: { properties: { ethnicity: { oneOf: unknown[] } } } }; properties: { others: { items: { oneOf: unknown[] } } } } };
    expect(out.schema.definitions.person.properties.ethnicity.oneOf).toHaveLength(2);
    expect(out.schema.properties.others.items.oneOf).toHaveLength(2);
  });

  it('refuses unknown lists and versions with the pointer of each reference', async () => {
    const input = { schema: { type: 'object', properties: { a: { type: 'string', 'x-option-list': { id: 'ethnicity', version: 7 } }, b: { type: 'string', 'x-option-list': { id: 'religion', version: 1 } } } }, uischema: {} };
    const err = await expandOptionLists(input, lookup).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DefinitionRejectedError);
    expect((err as DefinitionRejectedError).errors).toEqual([
      { pointer: '/schema/properties/a/x-option-list', message: 'The shared list "ethnicity" has no version 7.' },
      { pointer: '/schema/properties/b/x-option-list', message: 'There is no shared list "religion".' },
    ]);
  });
});

describe('the definition policy on shared list references', () => {
  const violations = (node: Record<string, unknown>) => checkDefinition(definition(node)).violations.map((v) => [v.pointer, v.message]);

  it('accepts a well-formed reference on a text choice', () => {
    expect(violations({ 'x-option-list': { id: 'ethnicity', version: 1 }, oneOf: [{ const: 'A', title: 'A' }] })).toEqual([]);
  });

  it('refuses a malformed reference, one on a field that is not text, and one inside a condition', () => {
    const at = '/schema/properties/ethnicity/x-option-list';
    expect(violations({ 'x-option-list': 'ethnicity' })).toEqual([[at, 'The shared list of "Ethnicity" must be given as { "id": "…", "version": 1 } and nothing else.']]);
    expect(violations({ 'x-option-list': { id: 'Ethnicity!', version: 1 } })[0]![1]).toMatch(/must be named by its id/);
    expect(violations({ 'x-option-list': { id: 'ethnicity', version: 1.5 } })[0]![1]).toMatch(/which version it uses/);
    expect(violations({ 'x-option-list': { id: 'ethnicity', version: 1 }, type: 'integer' })).toEqual([[at, expect.stringMatching(/^Only a choice question whose answers are text/)]]);
    const inCondition = checkDefinition({
      schema: { type: 'object', properties: { a: { type: 'string' } }, allOf: [{ properties: { a: { 'x-option-list': { id: 'ethnicity', version: 1 } } } }] },
      uischema: { type: 'VerticalLayout', elements: [{ type: 'Control', scope: '#/properties/a' }] },
    });
    expect(inCondition.violations.map((v) => v.pointer)).toEqual(['/schema/allOf/0/properties/a/x-option-list']);
  });
});

describe('comparing list versions', () => {
  it('lists removed options (breaking) first, then added and relabelled ones in the new order', () => {
    const changes = compareListOptions(OPTIONS, [{ code: 'OTH', label: 'Any other' }, { code: 'WBRI', label: 'White: British' }], 'Ethnicity');
    expect(changes.map((c) => [c.kind, c.code, c.breaking])).toEqual([
      ['option-removed', 'WIRI', true],
      ['option-added', 'OTH', false],
      ['option-label-changed', 'WBRI', false],
    ]);
    expect(compareListOptions(OPTIONS, OPTIONS, 'Ethnicity')).toEqual([]);
  });
});

describe('change analysis when a question’s list reference moves', () => {
  it('reports the move (not breaking) beside the option changes it brings', async () => {
    const from = await expandOptionLists(definition({ 'x-option-list': { id: 'ethnicity', version: 1 } }), lookup);
    const to = await expandOptionLists(definition({ 'x-option-list': { id: 'ethnicity', version: 2 } }), lookup);
    const changes = analyseChanges(from as never, to as never);
    expect(changes.map((c) => [c.kind, c.breaking])).toEqual([
      ['option-list-changed', false],
      ['option-added', false],
    ]);
    expect(changes[0]!.message).toBe('“Ethnicity” now uses version 2 of the shared list “ethnicity” (was version 1).');
    const written = definition({ oneOf: [{ const: 'WBRI', title: 'White British' }, { const: 'WIRI', title: 'White Irish' }] });
    expect(analyseChanges(from as never, written as never).map((c) => c.message)).toEqual(['“Ethnicity” no longer uses the shared list “ethnicity”; its options are now written for the question.']);
  });
});
