/** Mappings as pure logic: checking against a version, what breaks at publish, applying, backoff. */
import { describe, expect, it } from 'vitest';
import { formFields } from '../../../engine/forms/fields.js';
import { applyMapping, breakingChanges, mappingFor, mappingProblems } from '../../../engine/sync/mapping.js';
import type { Mapping, MappingRule } from '../../../engine/sync/model.js';
import { backoffMs } from '../../../engine/sync/worker.js';
import { VISIT_MAPPING, VISIT_SCHEMA, VISIT_UISCHEMA } from '../../support/sync.js';

const v1 = { schema: VISIT_SCHEMA, uischema: VISIT_UISCHEMA };
const rules = VISIT_MAPPING.fields as MappingRule[];
const fields = formFields(v1);

describe('a mapping against a form version', () => {
  it('accepts one that fits', () => {
    expect(mappingProblems(rules, v1, 'Version 1')).toEqual([]);
  });

  it('points at each question that is missing or of the wrong kind, and at clashing ICS names', () => {
    const problems = mappingProblems(
      [
        { target: 'A', from: '/nope' },
        { target: 'B', from: '/seenAlone', as: 'date' },
        { target: 'B', value: 1 },
        { target: 'C', join: [{ heading: 'H', from: '/visitDate' }] },
        { target: 'D', from: '/visitDate', items: [{ target: 'E', from: '/x' }] },
        { target: 'F', from: '/actions', items: [{ target: 'G', from: '/nothing' }, { target: 'H', from: '/dueDate', as: 'flag' }] },
      ],
      v1,
      'Version 1',
    );
    expect(problems.map((p) => p.pointer)).toEqual(['/fields/2/target', '/fields/0/from', '/fields/1/from', '/fields/3/join/0/from', '/fields/4/from', '/fields/4/items/0/from', '/fields/5/items/0/from', '/fields/5/items/1/from']);
    expect(problems[2]!.message).toBe('The ICS field “B” formats a date, and “Was the child seen alone?” is a yes/no answer.');
  });

  it('at publish, names the mapping and each question removed or changed in kind; a label change is fine', () => {
    const mapping: Mapping = { connector: 'ics', formId: 'home-visit', version: 1, fields: rules, revision: 1, updatedBy: 'u', updatedAt: '' };
    const { seenAlone: _s, ...rest } = VISIT_SCHEMA.properties;
    const next = { schema: { ...VISIT_SCHEMA, properties: { ...rest, childName: { type: 'string', title: 'Name', maxLength: 10 }, visitType: { type: 'string', title: 'Type', maxLength: 20 } } }, uischema: VISIT_UISCHEMA };
    const problems = breakingChanges(mapping, v1, next, 2);
    expect(problems.map((p) => p.pointer)).toEqual(['/seenAlone', '/visitType']);
    expect(problems[0]!.message).toMatch(/^Version 2 removes “Was the child seen alone\?”, which the “ics” mapping \(made for version 1\) sends as “SEEN_ALONE”/);
    expect(problems[1]!.message).toMatch(/changes “Type of visit” from a choice to text/);
  });

  it('the mapping for a version is the one made for the highest version not above it', () => {
    const ms = [{ version: 1 }, { version: 3 }];
    expect(mappingFor(ms, 1)).toEqual({ version: 1 });
    expect(mappingFor(ms, 2)).toEqual({ version: 1 });
    expect(mappingFor(ms, 5)).toEqual({ version: 3 });
    expect(mappingFor([{ version: 2 }], 1)).toBeNull();
  });
});

describe('applying a mapping', () => {
  it('leaves unanswered questions null, joins only what was answered, and maps every row', () => {
    const out = applyMapping(rules, { visitDate: '2026-01-02', seenAlone: false, visitType: 'HV-ANN', analysis: '  Settled.  ', actions: [{ action: 'A' }, { dueDate: '2026-02-03' }] }, { dateFormat: 'DD/MM/YYYY', fields });
    expect(out).toEqual({
      RECORD_TYPE: 'HOME_VISIT',
      CHILD_NAME: null,
      VISIT_DATE: '02/01/2026',
      SEEN_ALONE: 'N',
      VISIT_TYPE: 'HV-ANN',
      VISIT_TYPE_TEXT: 'Announced',
      CASE_NOTE: 'Analysis\nSettled.',
      ACTIONS: [
        { TEXT: 'A', DUE: null },
        { TEXT: null, DUE: '03/02/2026' },
      ],
    });
  });

  it('keeps ISO dates for an ISO connector, uses custom flag values, and writes booleans and lists as words', () => {
    const out = applyMapping(
      [
        { target: 'D', from: '/visitDate', as: 'date' },
        { target: 'F', from: '/seenAlone', as: 'flag', flag: { yes: 'true', no: 'false' } },
        { target: 'T', from: '/seenAlone', as: 'text' },
        { target: 'J', join: [{ heading: 'Seen alone', from: '/seenAlone' }] },
        { target: 'N', join: [{ heading: 'Nothing', from: '/observations' }] },
      ],
      { visitDate: '2026-01-02', seenAlone: true },
      { dateFormat: 'YYYY-MM-DD', fields },
    );
    expect(out).toEqual({ D: '2026-01-02', F: 'true', T: 'Yes', J: 'Seen alone\nYes', N: null });
  });
});

describe('backoff', () => {
  const policy = { maxAttempts: 10, baseMs: 1000, maxMs: 60_000 };
  it('waits a random time up to base × 2^(attempt − 1), never above the cap', () => {
    expect(backoffMs(policy, 1, () => 0.999)).toBe(999);
    expect(backoffMs(policy, 3, () => 0.5)).toBe(2000);
    expect(backoffMs(policy, 30, () => 0.999)).toBe(59_940);
    expect(backoffMs(policy, 4, () => 0)).toBe(0);
  });
  it("waits at least as long as the receiver's Retry-After", () => {
    expect(backoffMs(policy, 1, () => 0.5, 30_000)).toBe(30_000);
    expect(backoffMs(policy, 8, () => 0.999, 1_000)).toBe(59_940);
  });
});
