/**
 * Why a pattern cannot be used, in words an analyst understands. Browsers and RE2 describe a
 * broken regular expression in their own jargon ("invalid perl operator: (?=", "Nothing to
 * repeat"); each known complaint is said here in plain words, with what to write instead. Plain
 * text only (no RE2, no DOM): the designer uses it as the server does.
 */

interface Reading {
  /** Matches the engine's message (after "Invalid regular expression: /…/u: "). */
  test: RegExp;
  words(detail: string): string;
}

export const LOOK_AROUND = 'Patterns cannot look ahead or behind ("(?=", "(?!", "(?<=", "(?<!"). Describe the whole answer from start to end instead.';
export const BACK_REFERENCE = 'Patterns cannot refer back to an earlier part of the answer ("\\1", "\\k<name>"). Write the part out again instead.';
const WRONG_WAY_ROUND = 'A count like {5,2} has its numbers the wrong way round: write the smaller first, like {2,5}.';
const TOO_MANY = 'A count in curly brackets can be at most 1,000, like {1,1000}.';

/** RE2's "invalid repetition size: {5,2}": the numbers the wrong way round (else one is over 1,000). */
function backwards(detail: string): boolean {
  const m = /\{(\d+),(\d+)\}/.exec(detail);
  return !!m && Number(m[1]) > Number(m[2]);
}

const READINGS: Reading[] = [
  { test: /^invalid perl operator: \(\?[=!]|^invalid perl operator: \(\?</, words: () => LOOK_AROUND },
  { test: /^invalid escape sequence: \\(?:[1-9]|k)/, words: () => BACK_REFERENCE },
  { test: /^(?:missing \)|Unterminated group)/i, words: () => 'A bracket "(" is opened but never closed with ")".' },
  { test: /^(?:unexpected \)|Unmatched '\)')/i, words: () => 'A closing bracket ")" has no "(" before it. To match the character itself, write \\).' },
  { test: /^(?:missing \]|Unterminated character class)/i, words: () => 'A list of characters "[" is never closed with "]".' },
  { test: /^(?:Range out of order in character class|invalid character class range: [^\\])/i, words: () => 'A range of characters runs backwards, like "z-a": write the lower one first, like a-z. To match a hyphen itself, put it first or last in the brackets.' },
  { test: /^numbers out of order in \{\} quantifier/i, words: () => WRONG_WAY_ROUND },
  { test: /^invalid repetition size: \{\d+,\d+\}/i, words: (d) => (backwards(d) ? WRONG_WAY_ROUND : TOO_MANY) },
  { test: /^invalid repetition size/i, words: () => TOO_MANY },
  { test: /^(?:Nothing to repeat|bad repetition operator)/i, words: () => '"*", "+", "?" or a count like {2} must follow something to repeat, and only once. To match the character itself, put \\ before it, like \\+.' },
  { test: /^(?:Incomplete quantifier|Lone quantifier brackets)/i, words: () => 'A curly bracket is out of place. A count needs its numbers, like {2} or {0,5}; to match "{" or "}" itself, write \\{ or \\}.' },
  { test: /^(?:\\ at end of pattern|trailing \\)/i, words: () => 'The pattern ends with a lone "\\". To match a backslash, write \\\\.' },
  { test: /^(?:Invalid property name|invalid character class range: \\p)/i, words: () => 'A character class "\\p{…}" names a kind of character that does not exist; use one like \\p{L} (letters) or \\p{N} (digits).' },
  { test: /^Invalid Unicode escape|^invalid escape sequence: \\x\{/i, words: () => 'A character written as \\u{…} is not a real character. Write characters as they are, or as \\u{41} up to \\u{10FFFF}.' },
  { test: /^(?:Invalid escape|invalid escape sequence)/i, words: (d) => `${quoteEscape(d)} is not a character a pattern knows. Use \\d (a digit), \\s (a space), \\w (a letter, digit or _), or \\ before a symbol to match the symbol itself, like \\. or \\-.` },
  { test: /^Invalid group|^invalid or unsupported Perl syntax|^invalid named capture group/i, words: () => 'A group starting "(?" is not one browsers understand. Use plain brackets (…), or (?:…) for a group that is not remembered.' },
  { test: /^Duplicate capture group name/i, words: () => 'Two groups have the same name; give each its own name, or use plain brackets.' },
  { test: /^invalid nested repetition operator/i, words: () => 'A repeat is repeated again, like (a*)*: repeat it once.' },
  { test: /^pattern too large/i, words: () => 'The pattern makes too many combinations for the server to run safely; use smaller counts in curly brackets.' },
];

/** `\Z` from "invalid escape sequence: \Z" (a browser's "Invalid escape" does not say which). */
function quoteEscape(detail: string): string {
  const m = /: (\\.)/.exec(detail);
  return m ? `"${m[1]}"` : 'A character after "\\"';
}

/**
 * The engine's own message about a pattern (a browser's RegExp or RE2's), in plain words; an
 * unknown complaint is passed on after a plain start, so nothing is hidden.
 */
export function patternWords(message: string): string {
  const detail = message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
  for (const r of READINGS) if (r.test.test(detail)) return r.words(detail);
  return `The pattern cannot be used: ${detail.replace(/\.$/, '')}.`;
}
