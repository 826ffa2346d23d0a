/**
 * A pattern the server cannot use is refused in plain words, whichever engine (a browser's or
 * RE2) found the fault: no "invalid perl operator", "Nothing to repeat" or "/…/u:" reaches an
 * analyst, and each sentence says what to write instead.
 */
import { describe, expect, it } from 'vitest';
import { patternProblem } from '../../../engine/policy/patterns.js';
import { patternWords } from '../../../engine/policy/pattern-words.js';

const JARGON = /perl|repetition operator|quantifier|escape sequence|Invalid regular expression|\/u:|character class range|Unterminated|Unmatched/i;

describe('patterns refused in plain words', () => {
  it.each([
    ['(?=a)b', /cannot look ahead or behind/],
    ['^(?!x)', /cannot look ahead or behind/],
    ['(?<=a)b', /cannot look ahead or behind/],
    ['(a)\\1', /cannot refer back to an earlier part/],
    ['(?<n>a)\\k<n>', /cannot refer back to an earlier part/],
    ['^(P[0-9]+$', /"\(" is opened but never closed/],
    ['^P)[0-9]+$', /closing bracket "\)" has no "\("/],
    ['^[A-Z0-9+$', /"\[" is never closed with "\]"/],
    ['^[z-a]$', /runs backwards, like "z-a"/],
    ['^a{5,2}$', /numbers the wrong way round/],
    ['^a{1001}$', /too complex to check quickly.*1,003 parts/],
    ['^a**$', /must follow something to repeat/],
    ['^+44', /must follow something to repeat/],
    ['^a{,5}$', /curly bracket is out of place/],
    ['^[0-9]+\\', /ends with a lone "\\"/],
    ['^\\p{Foo}$', /names a kind of character that does not exist/],
    ['^\\Z$', /is not a character a pattern knows/],
    ['(?i)abc', /not one browsers understand/],
    ['(?<n>a)(?<n>b)', /Two groups have the same name/],
  ])('%s', (pattern, words) => {
    const problem = patternProblem(pattern);
    expect(problem).toMatch(words);
    expect(problem).not.toMatch(JARGON);
  });

  it('RE2’s own wording of the same faults reads the same', () => {
    expect(patternWords('Invalid regular expression: /(/u: missing ): (')).toMatch(/opened but never closed/);
    expect(patternWords('Invalid regular expression: /a{2,1}/u: invalid repetition size: {2,1}')).toMatch(/wrong way round/);
    expect(patternWords('Invalid regular expression: /\\Z/u: invalid escape sequence: \\Z')).toMatch(/^"\\Z" is not a character a pattern knows/);
  });

  it('an unknown complaint is passed on after a plain start, never hidden', () => {
    expect(patternWords('Invalid regular expression: /x/u: something new')).toBe('The pattern cannot be used: something new.');
  });
});
