/**
 * Named formats an analyst picks instead of writing a pattern: each is a real check (an NHS
 * number's check digit, HMRC's National Insurance prefixes), lenient about the spaces and case
 * people type, and each failure reads in the analyst's own words when they gave some
 * (`x-format-message`), else in words made from the label and an example.
 */
import { describe, expect, it } from 'vitest';
import { checkDefinition } from '../../../engine/policy/index.js';
import { Validators } from '../../../engine/validation/index.js';
import { NAMED_FORMATS, isIcsId, isNhsNumber, isNiNumber, isUkPhone, isUkPostcode } from '../../../engine/validation/named-formats.js';

describe('NHS number (modulus 11 check digit)', () => {
  it.each(['9434765919', '4505577104', '943 476 5919', '943-476-5919', ' 450 557 7104 '])('accepts %j', (n) => expect(isNhsNumber(n)).toBe(true));
  it.each([
    ['the last digit wrong', '9434765918'],
    ['two digits swapped', '9434765991'],
    ['nine digits', '943476591'],
    ['eleven digits', '94347659190'],
    ['a check digit that would be 10 (never issued)', '1000000010'],
    ['ten of one digit (a placeholder)', '0000000000'],
    ['letters', '943476591A'],
    ['far too long', '9'.repeat(5000)],
  ])('refuses %s', (_why, n) => expect(isNhsNumber(n)).toBe(false));
});

describe('UK postcode', () => {
  it.each(['SW1A 2AA', 'sw1a2aa', 'EC1A 1BB', 'W1A 0AX', 'M1 1AE', 'B33 8TH', 'CR2 6XH', 'DN55 1PT', 'GIR 0AA', 'SW1A  2AA'])('accepts %j', (p) => expect(isUkPostcode(p)).toBe(true));
  it.each([
    ['no inward code', 'SW1A'],
    ['a Q as the first letter', 'QW1 1AA'],
    ['a C in the inward code', 'SW1A 2AC'],
    ['digits only', '12345'],
    ['a US zip code', '90210-1234'],
  ])('refuses %s', (_why, p) => expect(isUkPostcode(p)).toBe(false));
});

describe('National Insurance number', () => {
  it.each(['AB 12 34 56 C', 'ab123456c', 'JG103759A', 'ce 123456 d'])('accepts %j', (n) => expect(isNiNumber(n)).toBe(true));
  it.each([
    ['HMRC’s own example, never issued (Q first)', 'QQ 12 34 56 C'],
    ['a prefix never issued', 'GB123456A'],
    ['a suffix other than A to D', 'AB123456E'],
    ['D as the first letter', 'DA123456A'],
    ['O as the second letter', 'AO123456A'],
    ['five digits', 'AB12345C'],
  ])('refuses %s', (_why, n) => expect(isNiNumber(n)).toBe(false));
});

describe('UK phone number', () => {
  it.each(['01632 960 001', '07700 900 982', '+44 808 157 0192', '+44 (0)20 7946 0000', '(01632) 960001', '0044 20 7946 0000', '0800 123 456', '020-7946-0000'])('accepts %j', (n) => expect(isUkPhone(n)).toBe(true));
  it.each([
    ['no leading 0', '1632 960 001'],
    ['too many digits', '0163296000123'],
    ['too few digits', '01632 960'],
    ['a US number', '+1 202 555 0100'],
    ['letters', '01632 ABC 001'],
  ])('refuses %s', (_why, n) => expect(isUkPhone(n)).toBe(false));
});

describe('ICS ids', () => {
  it('accepts ids as the ICS issues them, up to 20 characters', () => {
    for (const id of ['P1234567', 'W20931', '1048823', 'EP-2231/1']) expect(isIcsId(id)).toBe(true);
    for (const id of ['', ' P1234567', 'P 1234567', '-P1', 'P'.repeat(21)]) expect(isIcsId(id)).toBe(false);
  });

  it('every named format accepts its own example', () => {
    for (const f of NAMED_FORMATS) expect(f.validate(f.example), f.name).toBe(true);
  });
});

describe('named formats in a form', () => {
  const definition = {
    schema: {
      type: 'object',
      properties: {
        nhsNumber: { type: 'string', maxLength: 14, format: 'nhs-number', 'x-format-message': "Enter the child's NHS number, like 943 476 5919" },
        postcode: { type: 'string', maxLength: 12, format: 'uk-postcode' },
        niNumber: { type: 'string', maxLength: 16, format: 'ni-number' },
        phone: { type: 'string', maxLength: 24, format: 'uk-phone' },
        childId: { type: 'string', maxLength: 20, pattern: '^P[0-9]{7}$', 'x-format-message': "Enter the child's ICS person id, like P1234567" },
        contacts: {
          type: 'array',
          maxItems: 5,
          items: { type: 'object', title: 'Contact', properties: { phone: { type: 'string', maxLength: 24, format: 'uk-phone', 'x-format-message': 'Enter a UK phone number, like 07700 900 982' } } },
        },
      },
    },
    uischema: {
      type: 'VerticalLayout',
      elements: [
        ['nhsNumber', "Child's NHS number"],
        ['postcode', 'Postcode'],
        ['niNumber', 'National Insurance number'],
        ['phone', 'Phone number'],
        ['childId', "Child's ICS person id"],
        ['contacts', 'Contacts'],
      ].map(([name, label]) => ({ type: 'Control', scope: `#/properties/${name}`, label })),
    },
  };
  const checked = checkDefinition(definition);
  const version = { formId: 'named', version: 1, hash: 'h', ...checked.normalized };
  const v = new Validators();
  const errors = (data: object) => v.validate(version, data, 'submit').map(({ pointer, message }) => ({ pointer, message }));

  it('the definition passes the policy', () => {
    expect(checked.violations).toEqual([]);
  });

  it('right answers pass', () => {
    expect(errors({ nhsNumber: '943 476 5919', postcode: 'sw1a 2aa', niNumber: 'AB 12 34 56 C', phone: '07700 900 982', childId: 'P1234567', contacts: [{ phone: '+44 808 157 0192' }] })).toEqual([]);
  });

  it("a wrong answer gets the analyst's own message, with the row it is in", () => {
    expect(errors({ nhsNumber: '943 476 5918', childId: 'C12', contacts: [{ phone: '07700 900 982' }, { phone: '911' }] })).toEqual([
      { pointer: '/nhsNumber', message: "Enter the child's NHS number, like 943 476 5919" },
      { pointer: '/childId', message: "Enter the child's ICS person id, like P1234567" },
      { pointer: '/contacts/1/phone', message: 'Contacts, row 2: Enter a UK phone number, like 07700 900 982' },
    ]);
  });

  it('without a message of their own, the words come from the label and the format’s example', () => {
    expect(errors({ postcode: 'SW1A', niNumber: 'QQ 12 34 56 C', phone: '12345' })).toEqual([
      { pointer: '/postcode', message: 'Enter the postcode in the correct format, like SW1A 2AA.' },
      { pointer: '/niNumber', message: 'Enter the National Insurance number in the correct format, like AB 12 34 56 C.' },
      { pointer: '/phone', message: 'Enter the phone number in the correct format, like 01632 960 001.' },
    ]);
    const noMessage = structuredClone(definition);
    delete (noMessage.schema.properties.nhsNumber as Record<string, unknown>)['x-format-message'];
    const plain = { formId: 'named', version: 2, hash: 'h2', ...checkDefinition(noMessage).normalized };
    expect(v.validate(plain, { nhsNumber: '9434765918' }, 'submit').map((e) => e.message)).toEqual(["Child's NHS number must be a real NHS number, like 943 476 5919."]);
  });
});
