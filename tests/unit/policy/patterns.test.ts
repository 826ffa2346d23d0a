import { describe, expect, it } from 'vitest';
import { RE2 } from 're2-wasm';
import { backtrackingSafe, patternEngine, patternProblem } from '../../../engine/policy/patterns.js';
import { EMAIL } from '../../../engine/validation/formats.js';

describe('pattern engines', () => {
  it('runs a pattern proved unambiguous natively, and anything else on RE2', () => {
    expect(patternEngine('^SW[0-9]{1,10}$', 'u')).toBeInstanceOf(RegExp);
    expect(patternEngine('^(a+)+$', 'u')).toBeInstanceOf(RE2);
    expect(patternEngine('^([a-z]+\\s?)*$', 'u')).toBeInstanceOf(RE2);
    expect(patternEngine('\\d+\\d+', 'u')).toBeInstanceOf(RE2);
  });

  it('the built-in email check is proved safe for a backtracking engine', () => {
    expect(backtrackingSafe(EMAIL.source)).toBe(true);
  });

  it('refuses a pattern RE2 accepts but browsers cannot run', () => {
    expect(patternProblem('(?i)abc')).toMatch(/not one browsers understand/);
  });

  it('accepts Unicode letter classes that both engines know', () => {
    expect(patternProblem('^\\p{L}[\\p{L} \'-]*$')).toBeNull();
    expect(patternEngine('^\\p{L}[\\p{L} \'-]*$', 'u').test('Siân O’Neill'.replace('’', "'"))).toBe(true);
  });
});

describe('RE2 memory (re2-wasm never frees a compiled pattern by itself)', () => {
  // Before the fix, about 10,400 checks in one process exhausted RE2's WebAssembly heap and every
  // pattern was refused from then on ("abort(OOM)"). 30,000 of each kind is well past that.
  // 30,000 real RE2 compilations: about 7 s alone, twice that beside the other suites.
  it('checking 30,000 different patterns leaves RE2 able to compile the next one', { timeout: 120_000 }, () => {
    for (let i = 0; i < 30_000; i++) expect(patternProblem(`^[A-Z]{2}${i}[0-9]{1,6}$`)).toBeNull();
    expect(patternProblem('^(?=a)b$')).toMatch(/cannot look ahead/);
    expect(patternProblem('^[0-9]{3}$')).toBeNull();
  });

  it('checking the same pattern RE2 refuses 30,000 times does not use RE2 up', () => {
    for (let i = 0; i < 30_000; i++) expect(patternProblem('^(?=a)b$')).toMatch(/cannot look ahead/);
    expect(patternProblem('^[A-Z]{3}$')).toBeNull();
  });

  it('asking for the engine of the same unsafe pattern 30,000 times (30,000 validators compiled) proves it once and shares one RE2', () => {
    const first = patternEngine('^(a+)+$', 'u');
    for (let i = 0; i < 30_000; i++) expect(patternEngine('^(a+)+$', 'u')).toBe(first);
    expect(first.test('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab')).toBe(false);
    expect(patternEngine('^(b+)+$', 'u').test('bbb')).toBe(true);
  });
});
