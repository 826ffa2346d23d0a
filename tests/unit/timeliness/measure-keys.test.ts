/** The measured answers a completed record's stamp carries: keys any store takes as a field name, each giving its pointer back. */
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../engine/forms/model.js';
import { measureField, measureKey, measurePointer, measuredPointers, stampMeasures, withMeasures } from '../../../engine/timeliness/measure-keys.js';
import { SAFE_FIELD, type Timeliness } from '../../../engine/timeliness/model.js';
import { timelinessOf } from '../../../engine/timeliness/schedule.js';
import { loadTemplates } from '../../../engine/forms/templates.js';

describe('measure keys', () => {
  it('writes a pointer as a name of letters, digits and underscores that gives the pointer back', () => {
    expect(measureKey('/overall/grade')).toBe('overall__grade');
    expect(measureKey('/domains/childSeen/grade')).toBe('domains__childSeen__grade');
    const odd = ['/trigger_met/x', '/a-b/c.d', '/2nd/q1', '/a/$ne', '/é/ü', '/a__b', '/a/_', '/x~1y', '/a//b'];
    for (const pointer of [...odd, '/overall/grade', '/triggers/triggerMet']) {
      const key = measureKey(pointer)!;
      expect(key, pointer).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
      // A MongoDB field name (no dot, no leading $) and a part of a tally field.
      expect(SAFE_FIELD.test(`timeliness.measures.${key}`), pointer).toBe(true);
      expect(measurePointer(key), pointer).toBe(pointer);
    }
    expect(new Set(odd.map(measureKey)).size).toBe(odd.length);
    expect(measureKey('/a_/b')).not.toBe(measureKey('/a/_b'));
  });

  it('has no key for what is not a pointer or would be over 64 characters, and no pointer for what is not a key', () => {
    expect(measureKey('')).toBeUndefined();
    expect(measureKey('/')).toBeUndefined();
    expect(measureKey('overall/grade')).toBeUndefined();
    expect(measureKey(`/${'a'.repeat(65)}`)).toBeUndefined();
    expect(measureKey(`/${'a'.repeat(64)}`)).toBe('a'.repeat(64));
    expect(measurePointer('a_zz')).toBeUndefined();
    expect(measurePointer('a.b')).toBeUndefined();
    expect(measurePointer('_0041b')).toBeUndefined(); // a letter written escaped is not how a key writes it
  });

  it('counts an answer from the stamp, or (no key) from the answers themselves', () => {
    expect(measureField('/overall/grade')).toBe('timeliness.measures.overall__grade');
    expect(measureField(`/${'a'.repeat(40)}/${'b'.repeat(40)}`)).toBe(`data.${'a'.repeat(40)}.${'b'.repeat(40)}`);
  });
});

describe('the stamp’s measures', () => {
  const audit = loadTemplates().find((t) => t.form.id === 'case-file-audit')!.schema as JsonObject;

  it('names every charted answer and the agreement pair once', () => {
    const pointers = measuredPointers(audit['x-measures'] as never);
    expect(pointers).toHaveLength(14);
    expect(pointers).toContain('/overall/grade');
    expect(pointers.at(-1)).toBe('/moderation/moderatedGrade');
    expect(measuredPointers({ answers: [{ field: '/a/b' }], agreement: { first: '/a/b', second: '/c/d' } })).toEqual(['/a/b', '/c/d']);
    expect(measuredPointers(undefined)).toEqual([]);
  });

  it('holds each measured answer that is a text, number or yes/no, else null; nothing when the form measures nothing', () => {
    const data = { overall: { grade: 'GOOD' }, moderation: { moderatedGrade: ['GOOD'] }, domains: { risk: { grade: 'RI' } } };
    const measures = stampMeasures(audit, data)!;
    expect(Object.keys(measures)).toHaveLength(14);
    expect(measures).toMatchObject({ overall__grade: 'GOOD', domains__risk__grade: 'RI', domains__impact__grade: null, moderation__moderatedGrade: null });
    expect(stampMeasures({ type: 'object' }, data)).toBeUndefined();
    const stamp = timelinessOf(audit, { data, createdAt: '2026-03-02T10:00:00Z' }, new Date('2026-03-04T10:00:00Z'));
    expect(stamp).toEqual({ doneOn: '2026-03-04', month: '2026-03', completedAt: '2026-03-04T10:00:00.000Z', daysToComplete: 2, measures });
  });

  it('fills in only what a stamp lacks, keeping what it has; nothing for a record not stamped or lacking nothing', () => {
    const stamp: Timeliness = { doneOn: '2026-03-04', month: '2026-03', completedAt: '2026-03-04T10:00:00.000Z', daysToComplete: 2 };
    const data = { overall: { grade: 'GOOD' }, flag: true };
    expect(withMeasures({ data, timeliness: stamp }, ['/overall/grade', '/flag'])!.timeliness!.measures).toEqual({ overall__grade: 'GOOD', flag: true });
    expect(withMeasures({ data, timeliness: { ...stamp, measures: { overall__grade: 'RI' } } }, ['/overall/grade', '/flag'])!.timeliness!.measures).toEqual({ overall__grade: 'RI', flag: true });
    expect(withMeasures({ data, timeliness: { ...stamp, measures: { overall__grade: null } } }, ['/overall/grade'])).toBeNull();
    expect(withMeasures({ data }, ['/overall/grade'])).toBeNull();
  });
});
