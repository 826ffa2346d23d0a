/**
 * Analysts' patterns must never make validation hang. Every pattern must compile both as a
 * JavaScript RegExp (browsers run it) and in RE2. On the server a pattern runs natively only
 * when redos-detector proves it can match any input in at most a few ways (so a backtracking
 * engine cannot blow up on it); every other pattern runs on RE2 (linear time, no backtracking).
 */
import { LRUCache } from 'lru-cache';
import { isSafe } from 'redos-detector';
import { LIMITS } from './limits.js';
import { patternWords } from './pattern-words.js';
import { re2Problem, sharedRE2 } from './re2.js';

/** Ambiguity redos-detector may find and still call the pattern safe for a backtracking engine. */
const MAX_SCORE = 10;

/** Verdicts already reached (a pattern RE2 refuses costs WebAssembly memory each time it is tried). */
const verdicts = new LRUCache<string, { problem: string | null }>({ max: 10_000 });

/** Why a pattern is not allowed, or null when it is fine. */
export function patternProblem(pattern: string): string | null {
  if (pattern.length > LIMITS.patternLength) return `The pattern is longer than ${LIMITS.patternLength} characters.`;
  let verdict = verdicts.get(pattern);
  if (!verdict) {
    verdict = { problem: judgePattern(pattern) };
    verdicts.set(pattern, verdict);
  }
  return verdict.problem;
}

function judgePattern(pattern: string): string | null {
  // The browser's engine first: what it refuses never reaches RE2's heap.
  try {
    new RegExp(pattern, 'u');
  } catch (err) {
    return patternWords((err as Error).message);
  }
  const problem = re2Problem(pattern);
  return problem === null ? null : patternWords(problem);
}

/**
 * Proofs already made. A proof costs redos-detector from about a millisecond to 100 ms and up to
 * 15 MB, which it lets go only once the event loop has turned (it frees through a
 * FinalizationRegistry): each distinct pattern is proved once.
 */
const proofs = new LRUCache<string, { safe: boolean }>({ max: 10_000 });

/** True when a backtracking engine runs `pattern` in linear time (proved, not guessed). */
export function backtrackingSafe(pattern: string): boolean {
  let proof = proofs.get(pattern);
  if (!proof) {
    proof = { safe: prove(pattern) };
    proofs.set(pattern, proof);
  }
  return proof.safe;
}

function prove(pattern: string): boolean {
  try {
    return isSafe(new RegExp(pattern, 'u'), { maxScore: MAX_SCORE }).safe;
  } catch {
    return false;
  }
}

/** The RegExp engine ajv uses for `pattern`: ajv calls it once per pattern, with the "u" flag. */
export function patternEngine(source: string, flags: string): { test(s: string): boolean } {
  const f = flags.includes('u') ? flags : flags + 'u';
  return backtrackingSafe(source) ? new RegExp(source, f) : sharedRE2(source, f);
}
patternEngine.code = 'patternEngine';
