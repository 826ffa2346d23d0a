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
    expect(patternProblem('(?i)abc')).toMatch(/cannot be used in a web browser/);
  });

  it('accepts Unicode letter classes that both engines know', () => {
    expect(patternProblem('^\\p{L}[\\p{L} \'-]*$')).toBeNull();
    expect(patternEngine('^\\p{L}[\\p{L} \'-]*$', 'u').test('Siân O’Neill'.replace('’', "'"))).toBe(true);
  });
});
