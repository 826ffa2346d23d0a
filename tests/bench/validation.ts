/**
 * Validation throughput: our Validators (cached compile, RE2 patterns, friendly messages) against
 * a bare ajv validator compiled from the same schema, in the same run.
 *
 * The two do not do the same work, and the ratio should be read knowing how:
 * - bare ajv (strict: false) ignores `x-compare`, so it checks none of the cross-field rules
 *   (three to eight per template) that ours must;
 * - bare ajv checks `date` and `date-time` with ajv-formats; ours gives the same answers
 *   (tests/unit/validation/dates.test.ts) by reading characters, several times faster, which is
 *   why a form with many dates can come out above 1.0;
 * - bare ajv's `time` is ajv-formats' (seconds and a time zone required), ours is the form's
 *   `HH:MM[:SS]`; its patterns run natively, ours on RE2 unless proved safe for a backtracking
 *   engine; its errors carry messages (this costs nothing for valid records);
 * - ours also looks the compiled version up in its cache on every call, and without a clock
 *   (as here) reads "now" with `Date.now()`; the engine passes its own clock, a Date per read.
 *
 * The second figure is what a submit checks: the answers to hidden questions left out first
 * (`visibleAnswers`: the version's display rules evaluated on the record), then validated. The
 * third adds what every save and submit does first: the calculated answers worked out afresh
 * (`calculated`: the version's formulas evaluated on the record; return to work has eight,
 * reflective supervision one, the case-file audit two).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { checkDefinition } from '../../engine/policy/index.js';
import { Validators } from '../../engine/validation/index.js';
import type { FormDefinition } from '../../engine/forms/model.js';
import { generatedForm } from '../support/generated-form.js';
import { comparePair, fmt, type Pair } from './measure.js';

const addFormats = addFormatsModule.default;
const root = new URL('../../', import.meta.url);

interface Case {
  name: string;
  definition: FormDefinition;
  data: unknown;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const file of readdirSync(new URL('schemas/templates/', root)).sort()) {
    const t = JSON.parse(readFileSync(new URL(`schemas/templates/${file}`, root), 'utf8'));
    const dir = new URL(`tests/schemas/fixtures/${t.form.id}/`, root);
    const valid = readdirSync(dir).filter((f) => f.startsWith('valid-')).sort()[0]!;
    out.push({ name: t.form.id, definition: t, data: JSON.parse(readFileSync(new URL(valid, dir), 'utf8')) });
  }
  const g = generatedForm(25, 20);
  out.push({ name: `generated (${g.fields} fields)`, definition: g.definition, data: g.data });
  return out;
}

export interface ValidationRow extends Pair {
  name: string;
  /** Leaving out hidden answers, then validating, against the same bare ajv. */
  submit: Pair;
  /** Working out calculated answers, then leaving out hidden answers and validating. */
  calculated: Pair;
}

export function benchValidation(log: (line: string) => void): ValidationRow[] {
  const rows: ValidationRow[] = [];
  for (const c of cases()) {
    const { normalized, violations } = checkDefinition(c.definition);
    if (violations.length) throw new Error(`${c.name} fails the policy: ${violations[0]!.message}`);
    const version = { formId: c.name, version: 1, hash: 'bench', ...normalized };
    const ours = new Validators();
    if (ours.validate(version, c.data, 'submit').length) throw new Error(`${c.name}: fixture is not valid`);
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const bare = ajv.compile(normalized.schema);
    if (!bare(c.data)) throw new Error(`${c.name}: bare ajv rejects the fixture`);
    if (ours.visibleAnswers(version, c.data) !== c.data) throw new Error(`${c.name}: fixture answers hidden questions`);
    const pair = comparePair(() => bare(c.data), () => ours.validate(version, c.data, 'submit'));
    const submit = comparePair(() => bare(c.data), () => ours.validate(version, ours.visibleAnswers(version, c.data), 'submit'));
    const today = '2026-12-04';
    const calculated = comparePair(() => bare(c.data), () => ours.validate(version, ours.visibleAnswers(version, ours.calculated(version, c.data as Record<string, unknown>, today)), 'submit'));
    rows.push({ name: c.name, ...pair, submit, calculated });
    log(
      `  ${c.name.padEnd(28)} bare ajv ${fmt(pair.baselineOpsPerSec).padStart(9)} ops/s   caseforms ${fmt(pair.subjectOpsPerSec).padStart(9)} ops/s   ratio ${fmt(pair.ratio, 2)}×` +
        `   with hidden answers left out ${fmt(submit.subjectOpsPerSec).padStart(9)} ops/s   ratio ${fmt(submit.ratio, 2)}×` +
        `   and calculated answers worked out ${fmt(calculated.subjectOpsPerSec).padStart(9)} ops/s   ratio ${fmt(calculated.ratio, 2)}×`,
    );
  }
  return rows;
}
