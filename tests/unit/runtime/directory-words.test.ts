/**
 * How the app writes the directory's people and values: a child as "Jordan Smith (C1)" in lists,
 * a date of birth as "2 March 2015" whatever the time zone, and the note at an answer filled in
 * from the directory, in a practitioner's words (no codes in brackets).
 */
import { describe, expect, it } from 'vitest';
import { PREFILL_SOURCES } from '../../../engine/forms/prefill.js';
import { prefilledNote } from '../../../runtime/form/carried.js';
import { dayText, subjectText } from '../../../runtime/directory/words.js';

describe('runtime: the directory in words', () => {
  it('names the child and the worker next to their ids, and keeps the id alone when the directory has no name', () => {
    expect(subjectText({ subject: { childId: 'C1' }, subjectNames: { child: 'Jordan Smith' } })).toBe('Child Jordan Smith (C1)');
    expect(subjectText({ subject: { childId: 'C9990002', episodeId: 'E1' } })).toBe('Child C9990002, Episode E1');
    expect(subjectText({ subject: { workerId: 'W2' }, subjectNames: { worker: 'Priya Practitioner' } })).toBe('Worker Priya Practitioner (W2)');
    expect(subjectText({ subject: {} })).toBe('—');
  });

  it('writes a date of birth as a day, not an instant', () => {
    expect(dayText('2015-03-02')).toBe('2 March 2015');
    expect(dayText('2006-12-31')).toBe('31 December 2006');
    // Date.UTC reads years 0 to 99 as 1900 to 1999: a stored 0012-05-06 was shown as 6 May 1912.
    expect(dayText('0012-05-06')).toBe('6 May 12');
  });

  it('says where a pre-filled answer came from, for every source, in words without brackets', () => {
    expect(prefilledNote('child.dateOfBirth')).toBe("Filled in from the ICS directory (the child's date of birth). Check it is right; you can change it.");
    expect(prefilledNote('child.legalStatus')).toBe("Filled in from the ICS directory (the child's legal status). Check it is right; you can change it.");
    expect(prefilledNote('child.allocatedWorkerId')).toBe("Filled in from the ICS directory (the child's allocated worker). Check it is right; you can change it.");
    for (const s of PREFILL_SOURCES) expect(prefilledNote(s.source)).toMatch(/^Filled in from the ICS directory \([a-z][^()]+[a-z]\)\. Check it is right; you can change it\.$/);
    expect(prefilledNote('child.unknown')).toBe('Filled in from the ICS directory. Check it is right; you can change it.');
  });
});

describe('runtime: the confirmation names the child', () => {
  it('says whose case record a record goes to, by name when the directory knows it', async () => {
    const { destination } = await import('../../../runtime/pages/RecordView.js');
    const record = { subject: { childId: 'C1' }, delivery: { toIcs: true, connectors: [] } } as never;
    expect(destination({ ...(record as object), subjectNames: { child: 'Jordan Smith' } } as never, 'case-record')).toBe('It will be added to the case record of Jordan Smith (C1) in the ICS.');
    expect(destination(record, 'case-record')).toBe('It will be added to the case record of child C1 in the ICS.');
  });
});
