/**
 * `x-schedule` and `x-measures` in the definition policy, once the schema is otherwise sound:
 * how often records are due and which answers the dashboards chart (forms/schedule.ts words them).
 */
import { formFields } from '../forms/fields.js';
import type { Form, JsonObject } from '../forms/model.js';
import { MEASURES_KEYWORD, SCHEDULE_KEYWORD, measuresProblems, scheduleProblems } from '../forms/schedule.js';

interface Reporter {
  violation(pointer: string, message: string): void;
}

/** `subject`: the form's subject settings when known; a schedule per child or worker is checked against them. */
export function checkSchedule(reporter: Reporter, root: JsonObject, subject?: Form['subject'] | null): void {
  const fields = formFields({ schema: root, uischema: {} });
  for (const p of scheduleProblems(root, fields, subject)) reporter.violation(`/${SCHEDULE_KEYWORD}${p.pointer}`, p.message);
  for (const p of measuresProblems(root, fields)) reporter.violation(`/${MEASURES_KEYWORD}${p.pointer}`, p.message);
}
