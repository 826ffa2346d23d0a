/**
 * Reading ICS extracts (issue 13): CSV and JSON Lines into a checked batch, or a report naming
 * every bad row by line in words an IT person can act on.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ExtractRejectedError, PATTERN_WORDS, readExtract, sizeInWords, type ExtractOptions } from '../../../engine/directory/import.js';
import { loadEngineSchema } from '../../../engine/validation/requests.js';
import { CHILDREN, WORKERS } from '../../support/directory.js';

const children = (mode: 'full' | 'delta' = 'full', format: 'csv' | 'jsonl' = 'csv'): ExtractOptions & { kind: 'children' } => ({ kind: 'children', mode, format });
const read = (text: string | string[], options: ExtractOptions) => readExtract(Array.isArray(text) ? text : [text], options);
const messages = (x: { problems: Array<{ message: string }> }) => x.problems.map((p) => p.message);
const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('CSV extracts', () => {
  it('reads the header as field names, lists at ;, booleans in their usual spellings and day-first dates', async () => {
    const x = await read(
      '\uFEFFid,name,dateOfBirth,restricted,allowedWorkerIds,legalStatus,team\r\n' +
        'C1,Jordan Smith,02/03/2015,Y,W1; W9,CIN,cin-north\r\n' +
        'C2,"Jones, Alex",2012-11-20,no,,CP,\r\n' +
        'C3,Robin,,1,,,\r\n',
      children(),
    );
    expect(x.problems).toEqual([]);
    expect(x.upserts).toEqual([
      { restricted: true, id: 'C1', name: 'Jordan Smith', dateOfBirth: '2015-03-02', allowedWorkerIds: ['W1', 'W9'], legalStatus: 'CIN', team: 'cin-north' },
      { restricted: false, id: 'C2', name: 'Jones, Alex', dateOfBirth: '2012-11-20', legalStatus: 'CP' },
      { restricted: true, id: 'C3', name: 'Robin' },
    ]);
    expect(x.rows).toBe(3);
  });

  it('fills workers’ active as true unless the extract says otherwise', async () => {
    const x = await read('id,name,active,email\nW1,Maria,,maria@council.example\nW8,Former,N,\n', { kind: 'workers', mode: 'full', format: 'csv' });
    expect(x.upserts).toEqual([
      { active: true, id: 'W1', name: 'Maria', email: 'maria@council.example' },
      { active: false, id: 'W8', name: 'Former' },
    ]);
  });

  it('reports every bad row by line and id, in words, and keeps none of the rows', async () => {
    const x = await read(
      'id,name,dateOfBirth,restricted,legalStatus\n' +
        'C1,Jordan,2015-03-02,no,CIN\n' +
        'C2,Alex,31/02/2015,maybe,XX\n' +
        'C1,Again,,,\n' +
        'bad id!,Robin,,,\n' +
        'C5,,,,\n' +
        'C6,Casey\n',
      children(),
    );
    expect(x.upserts).toEqual([]);
    expect(messages(x)).toEqual([
      'Line 3 (C2): dateOfBirth must be a real date like 2015-03-02 (or 02/03/2015).',
      'Line 3 (C2): legalStatus must be one of CIN, CP, CLA, CL, EH, NONE.',
      'Line 3 (C2): restricted must be true or false (yes, no, Y, N, 1 and 0 are read too).',
      'Line 4 (C1): C1 is also on line 2; an id may appear only once in a batch.',
      'Line 5 (bad id!): id must be an ICS id: 1 to 20 letters, digits, /, _ or -, starting with a letter or digit (like C1234567).',
      'Line 6 (C5): name is empty: every child needs one.',
      'Line 7 (C6): the row has 2 cells but the header has 5 columns; a cell with a comma in it must be in double quotes.',
    ]);
    expect(x.problems.map((p) => [p.line, p.pointer])).toEqual([
      [3, '/dateOfBirth'],
      [3, '/legalStatus'],
      [3, '/restricted'],
      [4, '/id'],
      [5, '/id'],
      [6, '/name'],
      [7, ''],
    ]);
  });

  it('refuses a header with unknown, doubled or missing columns, once, not on every row', async () => {
    const x = await read('id,fullName,id,dob\nC1,Jordan,C1,2015-03-02\nC2,Alex,C2,\n', children());
    expect(messages(x)).toEqual([
      '"fullName" is not a field of children; the header\'s names are id, name, dateOfBirth, allocatedWorkerId, team, legalStatus, restricted, allowedWorkerIds, mergedInto (exactly, in any order).',
      'the header has the column "id" twice.',
      '"dob" is not a field of children; the header\'s names are id, name, dateOfBirth, allocatedWorkerId, team, legalStatus, restricted, allowedWorkerIds, mergedInto (exactly, in any order).',
      'the header has no "name" column; every child needs one.',
    ].map((m) => `Line 1: ${m}`));
  });

  it('takes delete rows from the _action column in a delta batch, and refuses the column in a full one', async () => {
    const delta = await read('id,name,_action\nC1,Jordan,\nC2,,delete\nC3,,DELETE\n', children('delta'));
    expect(delta.problems).toEqual([]);
    expect(delta.upserts).toEqual([{ restricted: false, id: 'C1', name: 'Jordan' }]);
    expect(delta.deletes).toEqual(['C2', 'C3']);
    const odd = await read('id,name,_action\nC1,Jordan,remove\n', children('delta'));
    expect(messages(odd)).toEqual(['Line 2 (C1): _action must be delete, or left empty for a row to add or change.']);
    const full = await read('id,name,_action\nC1,Jordan,\n', children('full'));
    expect(messages(full)).toEqual(['Line 1: the _action column is only for delta batches; a full batch lists every child that should exist, and removes the others.']);
  });

  it('says where a quote left open stops the reading', async () => {
    const x = await read('id,name\nC1,Jordan\nC2,"Alex\nC3,Robin\n', children());
    expect(messages(x)).toEqual(['Line 3: a double quote opened in this row is never closed; nothing after it could be read, so later rows were not checked.']);
    expect(x.upserts).toEqual([]);
  });

  it('refuses an empty file and a full batch with no rows', async () => {
    expect(messages(await read('', children()))).toEqual(['Line 1: the file is empty; a CSV extract starts with a header row of field names (id,name,dateOfBirth,allocatedWorkerId,team,legalStatus,restricted,allowedWorkerIds,mergedInto).']);
    expect(messages(await read('id,name\n', children()))).toEqual(['Line 1: a full batch with no rows would remove every child; send at least one row (a delta batch can delete rows).']);
    expect((await read('id,name\n', children('delta'))).problems).toEqual([]);
  });
});

describe('JSON Lines extracts', () => {
  it('reads one object per line, skipping blank lines, in chunks split anywhere', async () => {
    const text = jsonl(CHILDREN) + '\n';
    const chunks = text.match(/[\s\S]{1,7}/g)!;
    const x = await readExtract(Readable.from(chunks.map((c) => Buffer.from(c))), children('full', 'jsonl'));
    expect(x.problems).toEqual([]);
    expect(x.upserts.map((c) => c.id)).toEqual(CHILDREN.map((c) => c.id));
    expect(x.rows).toBe(CHILDREN.length);
  });

  it('reads the test directory’s workers as they are', async () => {
    const x = await read(jsonl(WORKERS), { kind: 'workers', mode: 'full', format: 'jsonl' });
    expect(x.upserts).toEqual(WORKERS);
  });

  it('takes {"delete": id} lines in a delta batch only', async () => {
    const delta = await read(jsonl([{ id: 'C1', name: 'Jordan' }, { delete: 'C2' }]), children('delta', 'jsonl'));
    expect(delta.deletes).toEqual(['C2']);
    const full = await read(jsonl([{ id: 'C1', name: 'Jordan' }, { delete: 'C2' }]), children('full', 'jsonl'));
    expect(messages(full)).toEqual(['Line 2 (C2): a delete row is only allowed in a delta batch; a full batch lists every child that should exist, and removes the others.']);
    expect(full.problems[0]!.pointer).toBe('/delete');
  });

  it('reports lines that are not JSON objects, unknown fields, wrong types and rows that contradict each other', async () => {
    const x = await read(
      [
        '{"id": "C1", "name": "Jordan"}',
        '{"id": "C2", "name": "Alex"',
        '[1, 2]',
        '{"id": "C3", "name": "Robin", "nickname": "Rob", "restricted": "yes", "allowedWorkerIds": "W9"}',
        '{"id": "C4", "name": "Casey", "mergedInto": "C4"}',
        '{"delete": "C1"}',
        '{"delete": "C5", "name": "x"}',
        '{"id": 7, "name": "Seven"}',
        '{"id": "C8", "name": "Eight", "allowedWorkerIds": ["W1", "W1", "no good"]}',
      ].join('\n'),
      children('delta', 'jsonl'),
    );
    expect(messages(x)).toEqual([
      'Line 2: the line is not valid JSON; JSON Lines has one complete JSON object on each line.',
      'Line 3: the line must be a JSON object, like {"id": "C1234567", "name": "…"}.',
      'Line 4 (C3): "nickname" is not a field of children (the fields are id, name, dateOfBirth, allocatedWorkerId, team, legalStatus, restricted, allowedWorkerIds, mergedInto).',
      'Line 4 (C3): restricted must be true or false.',
      'Line 4 (C3): allowedWorkerIds must be a list of ICS worker ids, like ["W1", "W2"].',
      'Line 5 (C4): mergedInto is the child’s own id; a child cannot be merged into itself.',
      'Line 6 (C1): C1 is also on line 1; an id may appear only once in a batch.',
      'Line 7 (C5): a delete line has "delete" alone, like {"delete": "C1234567"} (it also has "name").',
      'Line 8: id must be text (in quotes).',
      'Line 9 (C8): each id in allowedWorkerIds must be an ICS id: 1 to 20 letters, digits, /, _ or -, starting with a letter or digit (like C1234567).',
      'Line 9 (C8): allowedWorkerIds names the same worker twice.',
    ]);
  });

  it('refuses a worker who is their own line manager, and bad emails and registrations', async () => {
    const x = await read(jsonl([{ id: 'W1', name: 'Maria', managerId: 'W1', email: 'not an email', sweRegistration: '123' }]), { kind: 'workers', mode: 'full', format: 'jsonl' });
    expect(messages(x)).toEqual([
      'Line 1 (W1): email must be an email address like name@council.example.',
      'Line 1 (W1): sweRegistration must be a Social Work England registration: SW and up to 8 digits (like SW123456).',
      'Line 1 (W1): managerId is the worker’s own id; a worker cannot be their own line manager.',
    ]);
  });
});

describe('limits and the report', () => {
  it('lists at most maxReported problems and counts the rest', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ id: `C${i}`, name: '' }));
    const x = await read(jsonl(rows), { ...children('full', 'jsonl'), limits: { maxReported: 10 } });
    expect(x.problems).toHaveLength(10);
    expect(x.unlisted).toBe(20);
    const err = new ExtractRejectedError(x);
    expect(err.message).toBe('The children batch was not applied: 30 problems in its rows; the first 10 problems are listed, 20 more are not. Nothing was changed; fix every row listed and send the whole batch again.');
    // As a request body's lines: 0-based line index, then the field.
    expect(err.errors[0]).toEqual({ pointer: '/0/name', message: 'Line 1 (C0): name must not be empty.' });
  });

  it('stops at too many rows, too many bytes, and reports a line too long', async () => {
    const many = await read(['id,name\n', 'C1,a\n'.repeat(10)], { ...children(), limits: { maxRows: 5 } });
    expect(many.tooLarge).toBe('The batch has more than 5 rows, the most one batch may have.');
    const big = await readExtract(Readable.from([Buffer.from('id,name\n'), Buffer.from('C1,a\n'.repeat(1000))]), { ...children(), limits: { maxBytes: 1024 } });
    expect(big.tooLarge).toBe('The batch is larger than 1 KB, the most one batch may be.');
    const long = await read(jsonl([{ id: 'C1', name: 'x'.repeat(300) }, { id: 'C2', name: 'Alex' }]), { ...children('full', 'jsonl'), limits: { maxLineBytes: 100 } });
    expect(messages(long)).toEqual(['Line 1: the line is longer than 100 bytes; JSON Lines has one child per line, and no child is that long.']);
    expect(sizeInWords(256 * 1024 * 1024)).toBe('256 MB');
  });

  it('fingerprints the bytes received', async () => {
    const text = jsonl(CHILDREN);
    const x = await read(text, children('full', 'jsonl'));
    expect(x.fingerprint).toBe(createHash('sha256').update(text).digest('hex'));
    expect(x.bytes).toBe(Buffer.byteLength(text));
  });

  it('has words for every id pattern the directory schemas use', () => {
    for (const name of ['child', 'worker', 'team'] as const) {
      const props = loadEngineSchema(name).properties as Record<string, { pattern?: string; items?: { pattern?: string } }>;
      for (const [field, s] of Object.entries(props)) {
        const pattern = s.pattern ?? s.items?.pattern;
        if (pattern) expect(PATTERN_WORDS[pattern], `${name}.${field}`).toBeDefined();
      }
    }
  });
});
