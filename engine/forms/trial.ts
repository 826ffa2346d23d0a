/** Trying a definition out: sample answers validated as a submit would be, and patterns tried on samples. */
import type { EngineContext } from '../context.js';
import { DefinitionRejectedError, InvalidRequestError, type FieldError } from '../errors.js';
import { patternEngine, patternProblem } from '../policy/patterns.js';
import { checkFormDefinition, getVersion } from './lifecycle.js';
import { isObject } from './schema-paths.js';

/**
 * Every problem sample `data` would have if submitted with version `n` (drafts included): as at a
 * submit, answers to questions the display rules hide are left out first.
 */
export async function trySample(ctx: EngineContext, formId: string, n: number, data: unknown): Promise<FieldError[]> {
  const v = await getVersion(ctx, formId, n);
  // Judged as publishing judges it (with the form's settings), so what cannot be published cannot be tried.
  const report = await checkFormDefinition(ctx, formId, { schema: v.schema, uischema: v.uischema });
  if (report.violations.length) throw new DefinitionRejectedError('Fix the problems in the form before trying it out.', report.violations);
  if (!isObject(data)) throw new InvalidRequestError('Sample answers must be an object.', [{ pointer: '/data', message: '"data" must be an object of answers.' }]);
  return ctx.validators.validate(v, ctx.validators.visibleAnswers(v, data), 'submit').map(({ pointer, message }) => ({ pointer, message }));
}

export interface PatternTrial {
  /** Why the pattern cannot be used, or null. */
  problem: string | null;
  /** How the server runs it: natively when proved safe, else on RE2. */
  /** The engine the server matches with: always RE2 (null when the pattern is refused). */
  engine: 're2' | null;
  results: Array<{ sample: string; matches: boolean }>;
}

export function tryPattern(input: unknown): PatternTrial {
  if (!isObject(input) || typeof input.pattern !== 'string' || (input.samples !== undefined && !(Array.isArray(input.samples) && input.samples.every((x) => typeof x === 'string')))) {
    throw new InvalidRequestError('Send { "pattern": "…", "samples": ["…"] }.', [{ pointer: '/pattern', message: 'A pattern (text) and a list of sample texts are needed.' }]);
  }
  const samples = (input.samples as string[] | undefined) ?? [];
  if (samples.length > 20 || samples.some((x) => x.length > 1000)) {
    throw new InvalidRequestError('Try at most 20 samples of at most 1,000 characters.', [{ pointer: '/samples', message: 'At most 20 samples of at most 1,000 characters.' }]);
  }
  const problem = patternProblem(input.pattern);
  if (problem) return { problem, engine: null, results: [] };
  const re = patternEngine(input.pattern, 'u');
  return { problem: null, engine: 're2', results: samples.map((sample) => ({ sample, matches: re.test(sample) })) };
}
