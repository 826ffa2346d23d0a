/**
 * Analysts' patterns must never make validation hang. Every pattern must compile both as a
 * JavaScript RegExp (it stays valid JSON Schema for anyone who reads the definition) and in RE2;
 * the server runs every pattern on RE2 (linear time, no backtracking). No browser runs an
 * analyst's pattern: the runtime leaves validation to the server and display rules cannot test
 * a pattern (policy/schema.ts).
 */
import { LRUCache } from 'lru-cache';
import regjsparser, { type AstNode } from 'regjsparser';
import { LIMITS } from './limits.js';
import { patternWords } from './pattern-words.js';
import { re2Problem, sharedRE2 } from './re2.js';

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
  const size = expandedSize(pattern);
  if (size > LIMITS.patternSize) {
    return `The pattern is too complex to check quickly: with its counted repeats written out it has ${size.toLocaleString('en-GB')} parts (at most ${LIMITS.patternSize}). Use fewer or smaller repeats such as {3}.`;
  }
  const problem = re2Problem(pattern);
  return problem === null ? null : patternWords(problem);
}

/**
 * How big a pattern is once RE2 has written out its counted repeats (`(.*a){200}` is 200 copies
 * of its group): RE2's time is linear in the answer's length times this, so a small pattern with
 * large nested counts could still take seconds over a long answer. `*`, `+` and `?` cost nothing
 * extra. Patterns the parser cannot read are left to RegExp and RE2 to refuse.
 */
export function expandedSize(pattern: string): number {
  let ast: AstNode<{ namedGroups: true; unicodePropertyEscape: true; lookbehind: true }>;
  try {
    ast = regjsparser.parse(pattern, 'u', { namedGroups: true, unicodePropertyEscape: true, lookbehind: true });
  } catch {
    return 0;
  }
  const size = (node: AstNode<{ namedGroups: true; unicodePropertyEscape: true; lookbehind: true }>): number => {
    switch (node.type) {
      case 'alternative':
      case 'disjunction':
      case 'group':
        return Math.max(1, node.body.reduce((n, child) => n + size(child), 0));
      case 'quantifier': {
        const copies = Math.max(1, node.min, node.max ?? node.min);
        return Math.min(Number.MAX_SAFE_INTEGER, copies * size(node.body[0]));
      }
      default:
        return 1;
    }
  };
  return size(ast);
}

/** Most combinations of lengths the bounded repeats of a native-safe pattern may offer (see `nativeSafe`). */
const NATIVE_CHOICES = 100;

type Parsed = AstNode<{ namedGroups: true; unicodePropertyEscape: true; lookbehind: true }>;
const ONE_CHARACTER: ReadonlySet<string> = new Set(['value', 'characterClass', 'characterClassEscape', 'dot', 'unicodePropertyEscape']);

/**
 * True only for patterns of a shape a backtracking engine runs in time linear in the answer,
 * decided from the shape alone (no search, microseconds): anchored at the start (`^`), no
 * groups, alternatives, references or look-arounds, every repeat over a single character, at
 * most one repeat without an upper bound, and the bounded repeats offering at most 100
 * combinations of lengths. From its one start the engine can then try at most (answer length ×
 * 100) ways. ID shapes such as `^[A-Z]{1,3}[0-9]{1,12}$` or `^P[0-9]{7}$` qualify; anything
 * else runs on RE2.
 */
export function nativeSafe(pattern: string): boolean {
  let ast: Parsed;
  try {
    ast = regjsparser.parse(pattern, 'u', { namedGroups: true, unicodePropertyEscape: true, lookbehind: true });
  } catch {
    return false;
  }
  const parts = ast.type === 'alternative' ? ast.body : [ast];
  const first = parts[0];
  if (!first || first.type !== 'anchor' || first.kind !== 'start') return false;
  let unbounded = 0;
  let choices = 1;
  for (const part of parts) {
    if (part.type === 'anchor' || ONE_CHARACTER.has(part.type)) continue;
    if (part.type !== 'quantifier' || !ONE_CHARACTER.has(part.body[0].type)) return false;
    if (part.max === undefined) unbounded++;
    else choices *= part.max - part.min + 1;
    if (unbounded > 1 || choices > NATIVE_CHOICES) return false;
  }
  return true;
}

/** Engines made, by flags and pattern (a RegExp without the g or y flag keeps no state between tests). */
const engines = new LRUCache<string, { test(s: string): boolean }>({ max: 10_000 });

/**
 * The RegExp engine ajv uses for `pattern` (it calls this once per pattern, with the "u" flag):
 * the browser's own engine for the simple shapes `nativeSafe` accepts (0.3 µs a test), RE2 for
 * every other (linear in the answer whatever the pattern, some 17 µs a test). Nothing searches
 * for a proof: one that a pattern is safe on a backtracking engine (redos-detector) took 10 to
 * 22 s of the event loop for `^(e|e)*(f|f)*$` (issue 11).
 */
export function patternEngine(source: string, flags: string): { test(s: string): boolean } {
  const f = flags.includes('u') ? flags : flags + 'u';
  if (/[gy]/.test(f)) throw new Error('A shared pattern engine must not keep state between calls (no g or y flag).');
  const key = `${f}/${source}`;
  let engine = engines.get(key);
  if (!engine) {
    engine = nativeSafe(source) ? new RegExp(source, f) : sharedRE2(source, f);
    engines.set(key, engine);
  }
  return engine;
}
patternEngine.code = 'patternEngine';
