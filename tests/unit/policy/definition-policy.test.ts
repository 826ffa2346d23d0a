import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkDefinition } from '../../../engine/policy/index.js';
import type { JsonObject } from '../../../engine/forms/model.js';
import { sampleDefinition, varied } from '../../support/definitions.js';

type Def = ReturnType<typeof sampleDefinition>;
const props = (d: Def) => d.schema.properties as Record<string, JsonObject>;
const pointers = (d: unknown) => checkDefinition(d).violations.map((v) => v.pointer);

describe('definition policy: a sound definition', () => {
  it('passes with no violations and no notices when everything is explicit', () => {
    const r = checkDefinition(sampleDefinition());
    expect(r.violations).toEqual([]);
    expect(r.notices).toEqual([]);
    expect(r.storable).toBe(true);
  });

  it('fills in the promised defaults, says so at each place, and leaves the caller’s object alone', () => {
    const def = varied(sampleDefinition(), (d) => {
      delete d.schema.$schema;
      delete d.schema.additionalProperties;
      delete props(d).childId!.maxLength;
      delete props(d).summary!.maxLength;
      delete props(d).actions!.maxItems;
      delete (props(d).actions!.items as JsonObject).additionalProperties;
    });
    const before = JSON.stringify(def);
    const r = checkDefinition(def);
    expect(JSON.stringify(def)).toBe(before);
    expect(r.violations).toEqual([]);
    const s = r.normalized.schema as JsonObject & { properties: Record<string, JsonObject> };
    expect(s.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(s.additionalProperties).toBe(false);
    expect(s.properties.childId!.maxLength).toBe(1000);
    expect(s.properties.summary!.maxLength).toBe(10000); // long text (options.multi)
    expect(s.properties.actions!.maxItems).toBe(50);
    expect((s.properties.actions!.items as JsonObject).additionalProperties).toBe(false);
    expect(r.notices.map((n) => n.pointer)).toEqual([
      '/schema',
      '/schema/properties/childId/maxLength',
      '/schema/properties/summary/maxLength',
      '/schema/properties/actions/maxItems',
      '/schema',
    ]);
    expect(r.notices[1]!.message).toBe('"Child\'s ICS person ID" had no maximum length, so 1,000 characters has been applied.');
    expect(r.notices[2]!.message).toContain('10,000 characters');
    expect(r.notices[4]!.message).toContain('added to 2 objects');
  });

  it('notes a field no control shows', () => {
    const def = varied(sampleDefinition(), (d) => {
      props(d).hidden = { type: 'string', maxLength: 5 };
    });
    const r = checkDefinition(def);
    expect(r.violations).toEqual([]);
    expect(r.notices).toEqual([{ pointer: '/schema/properties/hidden', message: '"hidden" is not shown anywhere in the layout, so nobody can fill it in on screen.' }]);
  });
});

describe('definition policy: keywords outside the safe subset are refused with a pointer', () => {
  const cases: Array<[string, (d: Def) => void, string, RegExp]> = [
    ['patternProperties', (d) => (props(d).actions!.patternProperties = { '^x': { type: 'string' } }), '/schema/properties/actions/patternProperties', /field-name patterns/],
    ['$data', (d) => (props(d).score!.maximum = { $data: '1/other' } as never), '/schema/properties/score/maximum', /must be a number/],
    ['$id', (d) => (d.schema.$id = 'https://evil.example/schema'), '/schema/$id', /schema identifiers/],
    ['dependencies', (d) => (d.schema.dependencies = { concern: ['escalatedTo'] }), '/schema/dependencies', /dependencies between fields/],
    ['a remote $ref', (d) => (props(d).childId = { $ref: 'https://evil.example/id.json' }), '/schema/properties/childId/$ref', /references to other documents are not allowed/],
    ['a $ref outside definitions', (d) => (props(d).childId = { $ref: '#/properties/summary' }), '/schema/properties/childId/$ref', /like "#\/definitions\/action"/],
    ['a $ref to a missing definition', (d) => (props(d).childId = { $ref: '#/definitions/nothing' }), '/schema/properties/childId/$ref', /does not exist/],
    ['keywords beside $ref', (d) => {
      d.schema.definitions = { id: { type: 'string', maxLength: 5 } };
      props(d).childId = { $ref: '#/definitions/id', maxLength: 3 };
    }, '/schema/properties/childId/maxLength', /Beside "\$ref"/],
    ['a type list', (d) => (props(d).score!.type = ['integer', 'null']), '/schema/properties/score/type', /exactly one of these types/],
    ['a missing type', (d) => delete props(d).score!.type, '/schema/properties/score/type', /needs a type/],
    ['an unsupported format', (d) => (props(d).childId!.format = 'uri'), '/schema/properties/childId/format', /not supported/],
    ['additionalProperties other than false', (d) => (d.schema.additionalProperties = true), '/schema/additionalProperties', /can only be false/],
    ['a tuple of items', (d) => (props(d).actions!.items = [{ type: 'string' }]), '/schema/properties/actions/items', /same shape/],
    ['a wrong dialect', (d) => (d.schema.$schema = 'https://json-schema.org/draft/2020-12/schema'), '/schema/$schema', /draft-07/],
    ['definitions below the root', (d) => (props(d).actions!.definitions = {}), '/schema/properties/actions/definitions', /only allowed at the top/],
    ['a field declared only in a condition', (d) => {
      (d.schema.allOf as JsonObject[])[0]!.then = { properties: { sneaky: { type: 'string' } } };
    }, '/schema/allOf/0/then/properties/sneaky', /conditions cannot create fields/],
    ['required naming a field that does not exist', (d) => (d.schema.required = ['childId', 'ghost']), '/schema/required/1', /no such field/],
    ['min above max', (d) => (props(d).score!.minimum = 11), '/schema/properties/score/minimum', /more than the largest/],
    ['an earliest date on a number', (d) => (props(d).score!.formatMinimum = '2024-01-01'), '/schema/properties/score/formatMinimum', /Only a date \("format": "date"\) can have an earliest date; "Score" is not one/],
    ['a latest date on a date-time', (d) => (props(d).summary = { type: 'string', format: 'date-time', maxLength: 40, formatMaximum: '2024-01-01' }), '/schema/properties/summary/formatMaximum', /Only a date/],
    ['an earliest date that is not a day', (d) => (props(d).periodFrom!.formatMinimum = '2024-02-30'), '/schema/properties/periodFrom/formatMinimum', /earliest date of "Period from" must be a real day written YYYY-MM-DD/],
    ['a latest date that is a number', (d) => (props(d).periodFrom!.formatMaximum = 20240101), '/schema/properties/periodFrom/formatMaximum', /latest date of "Period from" must be a real day/],
    ['an earliest date after the latest', (d) => Object.assign(props(d).periodFrom!, { formatMinimum: '2025-01-01', formatMaximum: '2024-12-31' }), '/schema/properties/periodFrom/formatMinimum', /\(2025-01-01\) is after its latest date \(2024-12-31\), so no date could be entered/],
    ['a default of the wrong type', (d) => (props(d).score!.default = 'ten'), '/schema/properties/score/default', /not an integer/],
    ['two options with one code', (d) => ((props(d).caseType!.oneOf as JsonObject[])[2]!.const = 'CIN'), '/schema/properties/caseType/oneOf', /same code/],
  ];
  it.each(cases)('%s', (_name, change, pointer, message) => {
    const r = checkDefinition(varied(sampleDefinition(), change));
    const hit = r.violations.find((v) => v.pointer === pointer);
    expect(hit, JSON.stringify(r.violations)).toBeDefined();
    expect(hit!.message).toMatch(message);
  });
});

describe('definition policy: field names', () => {
  it.each([
    ['first-name', /starts with a letter and uses only letters, digits and underscores/],
    ['9lives', /starts with a letter/],
    ['a.b', /starts with a letter/],
    ['$where', /starts with a letter/],
    ['x'.repeat(65), /at most 64 characters/],
    ['constructor', /reserved/],
    ['toString', /reserved/],
    ['hasOwnProperty', /reserved/],
    ['prototype', /reserved/],
  ])('refuses %s', (name, message) => {
    const r = checkDefinition(varied(sampleDefinition(), (d) => (props(d)[name] = { type: 'string', maxLength: 5 })));
    const hit = r.violations.find((v) => v.pointer === `/schema/properties/${name}`);
    expect(hit, JSON.stringify(r.violations)).toBeDefined();
    expect(hit!.message).toMatch(message);
  });

  it('refuses __proto__ arriving in JSON text, and nothing is polluted', () => {
    const text = JSON.stringify(sampleDefinition()).replace('"childId":{', '"__proto__":{"type":"string","maxLength":5},"childId":{');
    const def = JSON.parse(text);
    expect(pointers(def)).toContain('/schema/properties/__proto__');
    expect(({} as JsonObject).type).toBeUndefined();
  });
});

describe('definition policy: size limits', () => {
  it('refuses a definition over 512 KiB without walking it', () => {
    const def = varied(sampleDefinition(), (d) => (props(d).childId!.description = 'x'.repeat(600 * 1024)));
    const r = checkDefinition(def);
    expect(r.storable).toBe(false);
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]!.message).toMatch(/at most 512 KiB/);
  });

  it('refuses JSON nested deeper than 64', () => {
    let deep: JsonObject = { type: 'string', maxLength: 1 };
    for (let i = 0; i < 70; i++) deep = { allOf: [deep] };
    const r = checkDefinition(varied(sampleDefinition(), (d) => (props(d).score = deep)));
    expect(r.storable).toBe(false);
    expect(r.violations[0]!.message).toMatch(/nested more than 64 levels/);
  });

  it('refuses more than 1,500 fields', () => {
    const many = Object.fromEntries(Array.from({ length: 1501 }, (_, i) => [`f${i}`, { type: 'boolean' }]));
    const r = checkDefinition({ schema: { type: 'object', properties: many }, uischema: { type: 'VerticalLayout', elements: [] } });
    expect(r.violations).toEqual([{ pointer: '/schema', message: 'The form has more than 1,500 fields; split it into smaller forms.' }]);
  });

  it('counts fields reused through definitions each time they are used', () => {
    const section = { type: 'object', properties: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`q${i}`, { type: 'boolean' }])) };
    const r = checkDefinition({
      schema: { type: 'object', definitions: { section }, properties: Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`s${i}`, { $ref: '#/definitions/section' }])) },
      uischema: { type: 'VerticalLayout', elements: [] },
    });
    expect(r.violations.map((v) => v.message)).toContain('The form has more than 1,500 fields; split it into smaller forms.');
  });

  it('refuses data nested more than 8 deep', () => {
    let node: JsonObject = { type: 'string', maxLength: 5 };
    for (let i = 0; i < 8; i++) node = { type: 'object', properties: { inner: node } };
    const r = checkDefinition({ schema: { type: 'object', properties: { outer: node } }, uischema: { type: 'VerticalLayout', elements: [] } });
    expect(r.violations.some((v) => /nested 9 deep/.test(v.message))).toBe(true);
  });

  it.each([
    ['enum of 301 values', (d: Def) => (props(d).caseType = { type: 'string', maxLength: 5, enum: Array.from({ length: 301 }, (_, i) => `c${i}`) }), /at most 300/],
    ['maxLength over 50,000', (d: Def) => (props(d).summary!.maxLength = 50_001), /at most 50,000|the most a field may allow is 50,000/],
    ['maxItems over 500', (d: Def) => (props(d).actions!.maxItems = 501), /the most a list may allow is 500/],
  ])('refuses %s', (_n, change, message) => {
    const r = checkDefinition(varied(sampleDefinition(), change));
    expect(r.violations.map((v) => v.message).join('\n')).toMatch(message);
  });
});

describe('definition policy: patterns', () => {
  it.each([
    ['(?=a)b', /cannot look ahead or behind/],
    ['(?<=a)b', /cannot look ahead or behind/],
    ['(a)\\1', /cannot refer back to an earlier part/],
    ['[unclosed', /A list of characters "\[" is never closed with "\]"/],
  ])('refuses %s, which RE2 cannot run', (pattern, message) => {
    const r = checkDefinition(varied(sampleDefinition(), (d) => (props(d).childId!.pattern = pattern)));
    const hit = r.violations.find((v) => v.pointer === '/schema/properties/childId/pattern');
    expect(hit).toBeDefined();
    expect(hit!.message).toMatch(message);
  });

  it('accepts a nested-quantifier pattern, because RE2 runs it in linear time', () => {
    expect(pointers(varied(sampleDefinition(), (d) => (props(d).childId!.pattern = '^(a+)+$')))).toEqual([]);
  });
});

describe('definition policy: UI schema', () => {
  const ui = (d: Def) => (d.uischema.elements as JsonObject[])[1]!.elements as JsonObject[];
  it.each([
    ['a control pointing at no field', (d: Def) => (ui(d)[0]!.scope = '#/properties/scroe'), '/uischema/elements/1/elements/0/scope', /does not exist/],
    ['a scope that is not a field path', (d: Def) => (ui(d)[0]!.scope = '#/definitions/x'), '/uischema/elements/1/elements/0/scope', /must name a field/],
    ['a rule depending on no field', (d: Def) => ((ui(d)[2]!.rule as JsonObject).condition = { scope: '#/properties/concren', schema: { const: true } }), '/uischema/elements/1/elements/2/rule/condition/scope', /does not exist/],
    ['a row control outside the row', (d: Def) => {
      const detail = ((ui(d)[4]!.options as JsonObject).detail as JsonObject).elements as JsonObject[];
      detail[0]!.scope = '#/properties/summary';
    }, '/uischema/elements/1/elements/4/options/detail/elements/0/scope', /does not exist/],
    ['an unknown element type', (d: Def) => (ui(d)[0]!.type = 'Script'), '/uischema/elements/1/elements/0/type', /Unknown layout element type/],
    ['an unknown element setting', (d: Def) => (ui(d)[0]!.onclick = 'alert(1)'), '/uischema/elements/1/elements/0/onclick', /has no setting "onclick"/],
    ['a step set holding a plain control', (d: Def) => (d.uischema.elements as JsonObject[]).push({ type: 'Control', scope: '#/properties/score' }), '/uischema/elements/2', /may only contain steps/],
    ['a row layout on a field that is not a list', (d: Def) => (ui(d)[0]!.options = { detail: { type: 'VerticalLayout', elements: [] } }), '/uischema/elements/1/elements/0/options/detail', /Only a repeating group/],
    ['a pattern in a rule condition', (d: Def) => ((ui(d)[2]!.rule as JsonObject).condition = { scope: '#/properties/childId', schema: { pattern: '^(a|aa)+$' } }), '/uischema/elements/1/elements/2/rule/condition/schema/pattern', /cannot test a pattern/],
    ['a hidable field that is always required', (d: Def) => (d.schema.required = ['childId', 'caseType', 'escalatedTo']), '/uischema/elements/1/elements/2/scope', /can be hidden by a display rule but is always required/],
    ['an unknown rule effect', (d: Def) => ((ui(d)[2]!.rule as JsonObject).effect = 'EXPLODE'), '/uischema/elements/1/elements/2/rule/effect', /SHOW, HIDE, ENABLE, DISABLE/],
  ])('refuses %s', (_n, change, pointer, message) => {
    const r = checkDefinition(varied(sampleDefinition(), change));
    const hit = r.violations.find((v) => v.pointer === pointer);
    expect(hit, JSON.stringify(r.violations)).toBeDefined();
    expect(hit!.message).toMatch(message);
  });

  it('refuses a required field inside a group a rule can hide', () => {
    const def = varied(sampleDefinition(), (d) => {
      d.schema.required = ['childId', 'caseType', 'score'];
      ui(d)[0] = { type: 'Group', label: 'Scoring', rule: { effect: 'HIDE', condition: { scope: '#/properties/concern', schema: { const: false } } }, elements: [ui(d)[0]!] };
    });
    expect(pointers(def)).toEqual(['/uischema/elements/1/elements/0/elements/0/scope']);
  });

  it('accepts OR/AND conditions over existing fields', () => {
    const def = varied(sampleDefinition(), (d) => {
      (ui(d)[2]!.rule as JsonObject).condition = {
        type: 'OR',
        conditions: [
          { scope: '#/properties/concern', schema: { const: true } },
          { type: 'AND', conditions: [{ scope: '#/properties/score', schema: { minimum: 8 } }, { scope: '#/properties/caseType', schema: { enum: ['CP', 'CLA'] } }] },
        ],
      };
    });
    expect(pointers(def)).toEqual([]);
  });
});

describe('definition policy: cross-field rules', () => {
  it.each([
    ['an unknown operator', (d: Def) => ((d.schema['x-compare'] as JsonObject[])[0]!.op = '=>'), '/schema/x-compare/0/op', /one of/],
    ['a field that does not exist', (d: Def) => ((d.schema['x-compare'] as JsonObject[])[0]!.field = '/periodTill'), '/schema/x-compare/0/field', /must point at a field/],
    ['a date compared with a number', (d: Def) => ((d.schema['x-compare'] as JsonObject[])[0]!.other = '/score'), '/schema/x-compare/0', /both must be numbers, or both dates/],
    ['"now" against a number', (d: Def) => (d.schema['x-compare'] = [{ field: '/score', op: '<=', other: 'now' }]), '/schema/x-compare/0/other', /Only a date/],
    ['a row\'s field against a number', (d: Def) => (d.schema['x-compare'] = [{ field: '/actions/*/dueDate', op: '>', other: '/score' }]), '/schema/x-compare/0', /both must be numbers, or both dates/],
    ['"other" in the rows of a group', (d: Def) => (d.schema['x-compare'] = [{ field: '/periodTo', op: '<', other: '/actions/*/dueDate' }]), '/schema/x-compare/0/other', /not into the rows of a repeating group/],
    ['a "*" on something that is not a list', (d: Def) => (d.schema['x-compare'] = [{ field: '/summary/*', op: '>', other: '/periodFrom' }]), '/schema/x-compare/0/field', /in each row of a repeating group/],
    ['the rows themselves', (d: Def) => (d.schema['x-compare'] = [{ field: '/actions/*', op: '>', other: '/periodFrom' }]), '/schema/x-compare/0/field', /must point at a field/],
  ])('refuses %s', (_n, change, pointer, message) => {
    const r = checkDefinition(varied(sampleDefinition(), change));
    const hit = r.violations.find((v) => v.pointer === pointer);
    expect(hit, JSON.stringify(r.violations)).toBeDefined();
    expect(hit!.message).toMatch(message);
  });
});

describe('definition policy: cross-field rules across a repeating group', () => {
  it('accepts a row\'s field compared with an answer outside its group', () => {
    const def = varied(sampleDefinition(), (d) => (d.schema['x-compare'] = [{ field: '/actions/*/dueDate', op: '>', other: '/periodFrom' }]));
    expect(checkDefinition(def).violations).toEqual([]);
  });

  it('refuses a field more than two repeating groups deep', () => {
    const level = (inner: JsonObject): JsonObject => ({ type: 'array', maxItems: 5, items: { type: 'object', additionalProperties: false, properties: { rows: inner } } });
    const deep = level(level({ type: 'array', maxItems: 5, items: { type: 'object', additionalProperties: false, properties: { on: { type: 'string', format: 'date', maxLength: 10 } } } }));
    const def = varied(sampleDefinition(), (d) => {
      props(d).plans = deep;
      d.schema['x-compare'] = [{ field: '/plans/*/rows/*/rows/*/on', op: '>', other: '/periodFrom' }];
    });
    const hit = checkDefinition(def).violations.find((v) => v.pointer === '/schema/x-compare/0/field');
    expect(hit?.message).toMatch(/at most 2 repeating groups/);
    const two = varied(def, (d) => (d.schema['x-compare'] = [{ field: '/plans/*/rows/*/rows', op: '!=', other: '/periodFrom' }]));
    expect(checkDefinition(two).violations.find((v) => v.pointer === '/schema/x-compare/0/field')).toBeUndefined();
  });
});

describe('definition policy: references', () => {
  it('follows definitions and refuses a cycle', () => {
    const r = checkDefinition({
      schema: {
        type: 'object',
        definitions: { person: { type: 'object', properties: { name: { type: 'string', maxLength: 5 }, parent: { $ref: '#/definitions/person' } } } },
        properties: { child: { $ref: '#/definitions/person' } },
      },
      uischema: { type: 'VerticalLayout', elements: [] },
    });
    expect(r.violations.map((v) => [v.pointer, v.message])).toEqual([
      ['/schema/definitions/person/properties/parent/$ref', 'The definition "person" refers back to itself, which would make an endless form.'],
    ]);
  });
});

describe('definition policy: never throws on hostile input', () => {
  it.each([null, 42, 'schema', [], {}, { schema: [], uischema: {} }, { schema: {}, uischema: null }])('%j gets violations, not an exception', (input) => {
    const r = checkDefinition(input);
    expect(r.violations.length).toBeGreaterThan(0);
  });

  it('any JSON at all: violations or a pass, never an exception', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.jsonValue({ maxDepth: 6 }), (schema, uischema) => {
        const r = checkDefinition({ schema, uischema });
        expect(Array.isArray(r.violations)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('schema-shaped noise: never an exception', () => {
    const keyword = fc.constantFrom('type', 'properties', 'items', 'required', '$ref', 'allOf', 'oneOf', 'if', 'then', 'enum', 'const', 'pattern', 'x-compare', 'maxLength', 'format', 'definitions', 'additionalProperties', 'not');
    const node: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 2 }), fc.dictionary(keyword, tie('node'), { maxKeys: 5 }), fc.array(tie('node'), { maxLength: 3 })),
    })).node;
    fc.assert(fc.property(node, node, (schema, uischema) => void checkDefinition({ schema: { type: 'object', properties: { a: schema } }, uischema })), { numRuns: 400 });
  });
});

describe('definition policy: values and options that could never be used (issue 11, item 15)', () => {
  const ui = (d: Def) => ((d.uischema.elements as JsonObject[])[0]!.elements as JsonObject[]);
  const violation = (d: Def, pointer: string) => checkDefinition(d).violations.find((v) => v.pointer === pointer)?.message;

  it('a default must fit its field: not longer than its maximum length, inside its range, one of its options', () => {
    expect(violation(varied(sampleDefinition(), (d) => void (props(d).childId!.default = 'x'.repeat(100_000))), '/schema/properties/childId/default')).toMatch(/longer than 2,000 characters/);
    expect(violation(varied(sampleDefinition(), (d) => void (props(d).escalatedTo!.maxLength = 5, props(d).escalatedTo!.default = 'Team manager')), '/schema/properties/escalatedTo/default')).toBe(
      'The default value of "Escalated to" is 12 characters long; the field allows 5.',
    );
    expect(violation(varied(sampleDefinition(), (d) => void (props(d).score!.default = 11)), '/schema/properties/score/default')).toMatch(/above the highest value/);
    expect(violation(varied(sampleDefinition(), (d) => void (props(d).caseType!.default = 'XYZ')), '/schema/properties/caseType/default')).toMatch(/not one of its options/);
    expect(pointers(varied(sampleDefinition(), (d) => void (props(d).caseType!.default = 'CP', props(d).score!.default = 3)))).toEqual([]);
  });

  it('examples are few, and each fits the field', () => {
    const many = varied(sampleDefinition(), (d) => void (props(d).escalatedTo!.examples = Array.from({ length: 20_000 }, (_, i) => `e${i}`)));
    expect(violation(many, '/schema/properties/escalatedTo/examples')).toBe('"Escalated to" has 20,000 examples; at most 10 are allowed.');
    const wrong = varied(sampleDefinition(), (d) => void (props(d).score!.examples = [3, 'three']));
    expect(violation(wrong, '/schema/properties/score/examples/1')).toBe('Example 2 of "Score" is not an integer.');
  });

  it('a step (multipleOf) is a sensible number, not 1e-320', () => {
    expect(violation(varied(sampleDefinition(), (d) => void (props(d).score!.multipleOf = 1e-320)), '/schema/properties/score/multipleOf')).toMatch(/must be a number from 0.000001 to 1,000,000,000/);
    expect(pointers(varied(sampleDefinition(), (d) => void (props(d).score!.multipleOf = 0.5)))).toEqual([]);
  });

  it.each([
    ['readonly', 'yes', 'must be true or false'],
    ['trim', 1, 'must be true or false'],
    ['hint', { text: 'x' }, 'must be text'],
    ['placeholder', 'x'.repeat(3000), 'longer than 2,000 characters'],
    ['autocomplete', 'name"><script>', 'HTML autocomplete token'],
    ['rows', 1000, 'whole number from 1 to 50'],
  ])('a control option of the wrong type is refused: %s = %j', (key, value, words) => {
    const d = varied(sampleDefinition(), (x) => void (ui(x)[0]!.options = { [key]: value }));
    expect(violation(d, `/uischema/elements/0/elements/0/options/${key}`)).toContain(words);
  });
});
