import { describe, expect, it } from 'vitest';
import { RE2 } from 're2-wasm';
import { isSafe } from 'redos-detector';
import { expandedSize, nativeSafe, patternEngine, patternProblem } from '../../../engine/policy/patterns.js';
import { EMAIL } from '../../../engine/validation/formats.js';

describe('pattern engines', () => {
  it('runs every pattern but the simplest shapes on RE2', () => {
    for (const p of ['^(a+)+$', '^([a-z]+\\s?)*$', '\\d+\\d+']) expect(patternEngine(p, 'u')).toBeInstanceOf(RE2);
  });

  // Issue 11, item 2: proving this safe for a backtracking engine took the event loop 10-22 s.
  it('judges and runs the patterns that froze the server, against answers built to make them backtrack', () => {
    for (const [p, answer] of [
      ['^(e|e)*(f|f)*$', 'e'.repeat(5000) + 'f'.repeat(5000) + '!'],
      ['^(a|a)*(b|b)*(c|c)*$', 'a'.repeat(3000) + 'b'.repeat(3000) + 'c'.repeat(3000) + '!'],
      ['^(a+)+$', 'a'.repeat(10_000) + '!'],
      ['^(\\w+\\s?)*$', 'word '.repeat(2000) + '!'],
    ] as const) {
      expect(patternProblem(p)).toBeNull();
      expect(patternEngine(p, 'u').test(answer)).toBe(false);
    }
  });

  // Our own fixed pattern, which runs on a backtracking engine; proved here, not on a request.
  it('the built-in email check is proved safe for a backtracking engine', () => {
    expect(isSafe(EMAIL, { maxScore: 10 }).safe).toBe(true);
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

  it('asking for the engine of the same pattern 30,000 times (30,000 validators compiled) shares one RE2', () => {
    const first = patternEngine('^(a+)+$', 'u');
    for (let i = 0; i < 30_000; i++) expect(patternEngine('^(a+)+$', 'u')).toBe(first);
    expect(first.test('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab')).toBe(false);
    expect(patternEngine('^(b+)+$', 'u').test('bbb')).toBe(true);
  });
});

describe('patterns whose counted repeats would make RE2 slow are refused (issue 11, item 2)', () => {
  it.each([
    ['(.*a){200}', 400],
    ['((a{10}){10}){10}', 1000],
    ['x{0,1000}', 1000],
  ])('%s writes out to %i parts: refused in words', (pattern, parts) => {
    expect(expandedSize(pattern)).toBe(parts);
    expect(patternProblem(pattern)).toMatch(/too complex to check quickly: .* has [0-9,]+ parts \(at most 100\)/);
  });

  it.each(['^[A-Z]{2}[0-9]{6}[A-D]$', '^P[0-9]{7}$', '^(e|e)*(f|f)*$', '^[A-Za-z][A-Za-z \'-]{0,79}$', '^(\\+44\\s?|0)[0-9 ]{9,12}$'])('an everyday pattern stays allowed: %s', (pattern) => {
    expect(expandedSize(pattern)).toBeLessThanOrEqual(100);
    expect(patternProblem(pattern)).toBeNull();
  });
});

describe('the simple shapes a backtracking engine runs in linear time use it; everything else RE2', () => {
  it.each(['^[A-Z]{1,3}[0-9]{1,12}$', '^P[0-9]{7}$', '^[A-Za-z \'-]+$', '^C[0-9]+$', '^\\d{2}/\\d{2}/\\d{4}$'])('%s runs natively', (pattern) => {
    expect(nativeSafe(pattern)).toBe(true);
    expect(patternEngine(pattern, 'u')).toBeInstanceOf(RegExp);
  });

  it.each([
    ['^(a+)+$', 'a group repeated'],
    ['^(e|e)*(f|f)*$', 'alternatives'],
    ['^\\d*\\d*$', 'two unbounded repeats'],
    ['[a-z]+$', 'not anchored at the start'],
    ['^a{1,50}b{1,50}$', 'bounded repeats with too many combinations (2,500)'],
    ['^(?=a)a+$', 'a look-ahead'],
    ['^(a)\\1+$', 'a back-reference'],
  ])('%s does not run natively (%s)', (pattern) => {
    expect(nativeSafe(pattern)).toBe(false);
    // (Look-arounds and back-references are refused by the policy: RE2 has none.)
    if (!/\(\?=|\\1/.test(pattern)) expect(patternEngine(pattern, 'u')).toBeInstanceOf(RE2);
  });

  it('a native-safe pattern answers as RE2 does, and in linear time on a long trap', () => {
    const samples = ['AB123', 'ab123', 'ABCD1', 'A', 'A1234567890123', 'Z9', ''];
    for (const pattern of ['^[A-Z]{1,3}[0-9]{1,12}$', '^[A-Za-z \'-]+$']) {
      const native = patternEngine(pattern, 'u');
      const re2 = new RE2(pattern, 'u');
      for (const s of samples) expect(native.test(s), `${pattern} on "${s}"`).toBe(re2.test(s));
    }
    // The worst a native-safe shape can do: one unbounded repeat and 100 combinations of bounded ones.
    const worst = patternEngine('^a*b{0,9}c{0,9}$', 'u');
    expect(worst).toBeInstanceOf(RegExp);
    expect(worst.test('a'.repeat(50_000) + 'b'.repeat(9) + 'x')).toBe(false);
  });
});
