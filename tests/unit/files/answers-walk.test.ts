/**
 * Which answers name files (engine/files/answers.ts): found by walking the schema beside the
 * answers, at any depth a files question can sit (a section, a repeatable group's rows); a form
 * with no files question is not walked at all, and says so for every answer.
 */
import { describe, expect, it } from 'vitest';
import { filesInAnswers } from '../../../engine/files/answers.js';
import { FILES_KEY } from '../../../engine/files/model.js';

const files = { type: 'array', [FILES_KEY]: { maxFiles: 3 }, items: { type: 'object' } };
const file = (id: string) => ({ id, name: `${id}.pdf`, sha256: 'a'.repeat(64) });

describe('files named in the answers', () => {
  it('finds files questions in a section and in a repeatable group’s rows, with each item’s pointer', () => {
    const schema = {
      type: 'object',
      properties: {
        fitNote: files,
        meeting: { type: 'object', properties: { notes: { type: 'string' }, evidence: files } },
        visits: { type: 'array', items: { type: 'object', properties: { photos: files } } },
      },
    };
    const data = { fitNote: [file('f1')], meeting: { notes: 'x', evidence: [file('f2'), file('f3')] }, visits: [{ photos: [] }, { photos: [file('f4')] }] };
    expect(filesInAnswers(schema, data).map((f) => [f.pointer, f.question, f.id])).toEqual([
      ['/fitNote/0', '/fitNote', 'f1'],
      ['/meeting/evidence/0', '/meeting/evidence', 'f2'],
      ['/meeting/evidence/1', '/meeting/evidence', 'f3'],
      ['/visits/1/photos/0', '/visits/1/photos', 'f4'],
    ]);
    // The same schema object again (its answer kept from the first walk) still finds them.
    expect(filesInAnswers(schema, { fitNote: [file('f9')] }).map((f) => f.id)).toEqual(['f9']);
  });

  it('a form without a files question names none, whatever the answers look like', () => {
    const schema = { type: 'object', properties: { notes: { type: 'string' }, rows: { type: 'array', items: { type: 'object', properties: { when: { type: 'string' } } } } } };
    expect(filesInAnswers(schema, { notes: [file('f1')], rows: [{ when: [file('f2')] }] })).toEqual([]);
    expect(filesInAnswers(schema, { notes: 'x' })).toEqual([]);
  });
});
