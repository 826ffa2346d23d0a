/**
 * The engine's walk of a record's answers (engine/documents/answers.ts, for PDFs) says exactly
 * what the runtime's print view (runtime/renderers/summary/sections.ts over the record page's
 * authorView) says — the same headings, cards, questions and answers in the same words — for
 * every valid fixture of every shipped template. The two cannot share code (the runtime's field
 * kinds are React modules), so this holds them together.
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonSchema, UISchemaElement } from '@jsonforms/core';
import { answerBlocks, answerWords, dateTimeWords, type AnswerBlock } from '../../../engine/documents/answers.js';
import { summarise, type SummaryBlock } from '../../../runtime/renderers/summary/sections.js';
import { authorView } from '../../../runtime/review/sections.js';
import { loadFixture, loadTemplate, type Json } from '../../support/form-filler.js';

type Plain = { section: string; blocks: Plain[] } | { rows: Array<[string, string]> } | { group: string; cards: Array<{ title: string; rows: Array<[string, string]> }> };

function fromRuntime(blocks: SummaryBlock[]): Plain[] {
  return blocks.map((b) =>
    b.type === 'section' ? { section: b.heading, blocks: fromRuntime(b.blocks) } : b.type === 'list' ? { rows: b.rows.map((r) => [r.label, r.value] as [string, string]) } : { group: b.label, cards: b.cards.map((c) => ({ title: c.title, rows: c.rows.map((r) => [r.label, r.value] as [string, string]) })) },
  );
}

function fromEngine(blocks: AnswerBlock[]): Plain[] {
  return blocks.map((b) =>
    b.type === 'section' ? { section: b.heading, blocks: fromEngine(b.blocks) } : b.type === 'list' ? { rows: b.rows.map((r) => [r.label, r.value] as [string, string]) } : { group: b.label, cards: b.cards.map((c) => ({ title: c.title, rows: c.rows.map((r) => [r.label, r.value] as [string, string]) })) },
  );
}

const TEMPLATES = ['case-file-audit', 'case-supervision', 'reflective-supervision', 'return-to-work'];
const cases = TEMPLATES.flatMap((formId) =>
  readdirSync(new URL(`../../schemas/fixtures/${formId}/`, import.meta.url))
    .filter((f) => f.startsWith('valid-') || f.startsWith('draft-'))
    .map((f) => ({ formId, fixture: f.replace(/\.json$/, '') })),
);

describe('answers in words, as the print view shows them', () => {
  // The print view writes date-times in the browser's time; the council's is Europe/London.
  let tz: string | undefined;
  beforeAll(() => {
    tz = process.env.TZ;
    process.env.TZ = 'Europe/London';
  });
  afterAll(() => {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });

  it.each(cases)('$formId $fixture: the engine says what the runtime says', ({ formId, fixture }) => {
    const t = loadTemplate(formId);
    const data = loadFixture(formId, fixture);
    const ui = authorView(t.uischema as unknown as UISchemaElement, t.schema, data);
    const runtime = fromRuntime(summarise(t.schema as JsonSchema, ui, data));
    const engine = fromEngine(answerBlocks({ schema: t.schema, uischema: t.uischema as unknown as Json }, data));
    expect(engine).toEqual(runtime);
    expect(JSON.stringify(engine).length).toBeGreaterThan(200);
  });

  it('writes uploaded files by their names, one a line', () => {
    const schema = { type: 'array', 'x-files': { types: ['pdf'] }, items: { type: 'object' } };
    expect(answerWords([{ id: 'f1', name: 'fit note.pdf', size: 1, mediaType: 'application/pdf', sha256: 'a' }, { id: 'f2', name: 'letter.pdf', size: 1, mediaType: 'application/pdf', sha256: 'b' }], schema)).toBe('fit note.pdf\nletter.pdf');
    expect(answerWords([], schema)).toBe('');
  });

  it('writes date-times in the council’s time, summer and winter', () => {
    expect(dateTimeWords('2026-07-01T13:30:00Z')).toBe('1 July 2026 at 2:30pm');
    expect(dateTimeWords('2026-12-01T00:00:00Z')).toBe('1 December 2026 at midnight');
    expect(dateTimeWords('2026-12-01T')).toBe('2026-12-01T');
  });
});
