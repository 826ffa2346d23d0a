/**
 * `x-review` and `x-actions` in the definition policy, once the schema is otherwise sound: the
 * stages' settings and sections (forms/review.ts words them), and each repeating group tracked as
 * actions naming questions of its rows of the right kinds.
 */
import { formFields } from '../forms/fields.js';
import type { JsonObject } from '../forms/model.js';
import { ACTIONS_KEYWORD, MAX_ACTION_GROUPS, REVIEW_KEYWORD, actionsMarkingProblems, reviewProblems } from '../forms/review.js';
import { own } from '../forms/schema-paths.js';
import { joinPointer } from '../json/pointer.js';

interface Reporter {
  violation(pointer: string, message: string): void;
}

export function checkReview(reporter: Reporter, root: JsonObject): void {
  for (const p of reviewProblems(root)) reporter.violation(`/${REVIEW_KEYWORD}${p.pointer}`, p.message);
  const fields = [...formFields({ schema: root, uischema: {} }).values()];
  const marked = fields.filter((f) => own(f.schema, ACTIONS_KEYWORD) !== undefined);
  for (const f of marked) {
    const rows = new Map(fields.filter((r) => r.path.startsWith(`${f.path}/*/`) && !r.path.slice(f.path.length + 3).includes('/')).map((r) => [r.name, r]));
    for (const p of actionsMarkingProblems(f, rows)) reporter.violation(joinPointer(f.pointer, ACTIONS_KEYWORD) + p.pointer, p.message);
  }
  if (marked.length > MAX_ACTION_GROUPS) {
    reporter.violation(joinPointer(marked[MAX_ACTION_GROUPS]!.pointer, ACTIONS_KEYWORD), `A form can track at most ${MAX_ACTION_GROUPS} repeating groups as actions.`);
  }
}
