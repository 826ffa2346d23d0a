/**
 * Analysts' patterns must never make validation hang. Every pattern must compile both as a
 * JavaScript RegExp (browsers run it) and in RE2. On the server a pattern runs natively only
 * when redos-detector proves it can match any input in at most a few ways (so a backtracking
 * engine cannot blow up on it); every other pattern runs on RE2 (linear time, no backtracking).
 */
import { RE2 } from 're2-wasm';
import { isSafe } from 'redos-detector';
import { LIMITS } from './limits.js';

/** Ambiguity redos-detector may find and still call the pattern safe for a backtracking engine. */
const MAX_SCORE = 10;

/** Why a pattern is not allowed, or null when it is fine. */
export function patternProblem(pattern: string): string | null {
  if (pattern.length > LIMITS.patternLength) return `The pattern is longer than ${LIMITS.patternLength} characters.`;
  try {
    new RE2(pattern, 'u');
  } catch (err) {
    const detail = (err as Error).message.replace(/^Invalid regular expression: /, '');
    return `The pattern cannot be used: ${detail}. Patterns may not use look-ahead, look-behind or back-references.`;
  }
  try {
    new RegExp(pattern, 'u');
  } catch (err) {
    return `The pattern cannot be used in a web browser: ${(err as Error).message}.`;
  }
  return null;
}

/** True when a backtracking engine runs `pattern` in linear time (proved, not guessed). */
export function backtrackingSafe(pattern: string): boolean {
  try {
    return isSafe(new RegExp(pattern, 'u'), { maxScore: MAX_SCORE }).safe;
  } catch {
    return false;
  }
}

/** The RegExp engine ajv uses for `pattern`: ajv calls it once per pattern, with the "u" flag. */
export function patternEngine(source: string, flags: string): { test(s: string): boolean } {
  const f = flags.includes('u') ? flags : flags + 'u';
  return backtrackingSafe(source) ? new RegExp(source, f) : new RE2(source, f);
}
patternEngine.code = 'patternEngine';
