/** The definition policy on `x-schedule` (how often records are due) and `x-measures` (what the dashboards chart). */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { checkDefinition } from '../../../engine/policy/index.js';
import type { Form, JsonObject } from '../../../engine/forms/model.js';
import { measuresOf, scheduleOf, scheduleWords } from '../../../engine/forms/schedule.js';
import { analyseChanges } from '../../../engine/forms/changes.js';

const grade = { type: 'string', title: 'Grade', oneOf: [{ const: 'good', title: 'Good' }, { const: 'ri', title: 'Requires improvement' }] };

function definition(edit: (schema: JsonObject) => void = () => {}): { schema: JsonObject; uischema: JsonObject } {
  const schema: JsonObject = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: {
      visit: {
        type: 'object',
        title: 'Visit',
        properties: {
          visitedOn: { type: 'string', title: 'Date of visit', format: 'date' },
          visitedAt: { type: 'string', title: 'Time of visit', format: 'date-time' },
          returnedOn: { type: 'string', title: 'Return date', format: 'date' },
          summary: { type: 'string', title: 'Summary', maxLength: 200 },
          grade,
          moderated: { ...grade, title: 'Moderated grade' },
          met: { type: 'boolean', title: 'Trigger met' },
          kinds: { type: 'array', title: 'Kinds', maxItems: 3, uniqueItems: true, items: { type: 'string', enum: ['a', 'b'] } },
        },
      },
      rows: { type: 'array', title: 'Rows', maxItems: 5, items: { type: 'object', properties: { on: { type: 'string', title: 'Row date', format: 'date' } } } },
    },
    'x-schedule': { per: 'child', every: { workingDays: 20 }, date: '/visit/visitedAt' },
    'x-measures': { answers: [{ field: '/visit/grade' }, { field: '/visit/met', label: 'Trigger met' }], agreement: { first: '/visit/grade', second: '/visit/moderated' } },
  };
  edit(schema);
  return { schema, uischema: { type: 'VerticalLayout', elements: [{ type: 'Control', scope: '#/properties/visit' }, { type: 'Control', scope: '#/properties/rows' }] } };
}
const child: Form['subject'] = { childId: '/visit/childId' };
const violations = (edit?: (s: JsonObject) => void, subject: Form['subject'] | null = child) => checkDefinition(definition(edit), { subject }).violations;
const at = (v: { pointer: string; message: string }[], p: string) => v.filter((x) => x.pointer === `/schema${p}`).map((x) => x.message);

describe('definition policy: x-schedule', () => {
  it('accepts a schedule per child, per worker and per record, and the readers find them', () => {
    expect(violations()).toEqual([]);
    expect(violations((s) => (s['x-schedule'] = { per: 'worker', every: { weeks: 4 } }), { workerId: '' })).toEqual([]);
    expect(violations((s) => (s['x-schedule'] = { per: 'record', within: { workingDays: 3 }, from: '/visit/returnedOn', date: '/visit/visitedOn' }), null)).toEqual([]);
    const d = checkDefinition(definition(), { subject: child }).normalized;
    expect(scheduleOf(d.schema)).toEqual({ per: 'child', every: { workingDays: 20 }, date: '/visit/visitedAt' });
    expect(measuresOf(d.schema)?.agreement).toEqual({ first: '/visit/grade', second: '/visit/moderated' });
    expect(scheduleWords(scheduleOf(d.schema)!, () => 'Time of visit')).toBe('Due for every allocated child at least every 20 working days, done on the answer to "Time of visit".');
  });

  it('refuses an unknown "per" with the three it may be', () => {
    const v = violations((s) => (s['x-schedule'] = { per: 'team', every: { weeks: 1 } }));
    expect(at(v, '/x-schedule/per')).toEqual([expect.stringContaining('"child" (every allocated child), "worker" (every worker) or "record"')]);
  });

  it.each([
    [{ workingDays: 0 }, 'How often a record is due for every child ("every") in working days must be a whole number from 1 to 250.'],
    [{ workingDays: 251 }, 'How often a record is due for every child ("every") in working days must be a whole number from 1 to 250.'],
    [{ weeks: 53 }, 'How often a record is due for every child ("every") in weeks must be a whole number from 1 to 52.'],
    [{ months: 25 }, 'How often a record is due for every child ("every") in months must be a whole number from 1 to 24.'],
    [{ months: 1.5 }, 'How often a record is due for every child ("every") in months must be a whole number from 1 to 24.'],
    [{ weeks: 2, months: 1 }, expect.stringContaining('must be exactly one of "workingDays" (1 to 250), "weeks" (1 to 52), "months" (1 to 24)')],
    [{ days: 3 }, expect.stringContaining('has no unit "days"')],
    [20, expect.stringContaining('must be exactly one of')],
  ])('refuses the interval %j at /every', (every, message) => {
    expect(at(violations((s) => ((s['x-schedule'] as JsonObject).every = every)), '/x-schedule/every')).toEqual([message]);
  });

  it('refuses a date that does not exist, is not a date, or is inside a repeating group; and a record rule without "from"', () => {
    expect(at(violations((s) => ((s['x-schedule'] as JsonObject).date = '/visit/nowhere')), '/x-schedule/date')).toEqual([
      'The form has no question "/visit/nowhere" to be the date a record is done on: choose a date question of the form.',
    ]);
    expect(at(violations((s) => ((s['x-schedule'] as JsonObject).date = '/visit/summary')), '/x-schedule/date')).toEqual(['"Summary" cannot be the date a record is done on: it must be a date question.']);
    for (const inRows of ['/rows/*/on', '/rows/on']) {
      expect(at(violations((s) => ((s['x-schedule'] as JsonObject).date = inRows)), '/x-schedule/date')).toEqual([expect.stringContaining('is inside a repeating group')]);
    }
    const v = violations((s) => (s['x-schedule'] = { per: 'record', within: { workingDays: 3 }, every: { weeks: 1 } }));
    expect(at(v, '/x-schedule/from')).toEqual([expect.stringContaining('Choose the question that is the date each record is due from')]);
    expect(at(v, '/x-schedule/every')).toEqual([expect.stringContaining('A schedule per record has no setting "every"')]);
  });

  it('refuses per worker on a form not about a worker and per child on a form not about a child; without the form settings it does not judge', () => {
    expect(at(violations((s) => (s['x-schedule'] = { per: 'worker', every: { weeks: 4 } }), child), '/x-schedule/per')).toEqual([expect.stringContaining('This form is not about a worker')]);
    expect(at(violations(undefined, { workerId: '/visit/worker' }), '/x-schedule/per')).toEqual([expect.stringContaining('This form is not about a child')]);
    expect(at(violations(undefined, null), '/x-schedule/per')).toEqual([expect.stringContaining('This form is not about a child')]);
    expect(checkDefinition(definition()).violations).toEqual([]);
  });

  it('is only allowed at the root', () => {
    const v = violations((s) => ((s.properties as Record<string, JsonObject>).visit!['x-schedule'] = { per: 'child', every: { weeks: 1 } }));
    expect(at(v, '/properties/visit/x-schedule')).toEqual(['"x-schedule" is only allowed at the top of the form\'s schema.']);
  });
});

describe('definition policy: x-measures', () => {
  it('refuses answers that are not single-choice or yes/no, more than 20, twice, and long labels', () => {
    const v = violations((s) => {
      s['x-measures'] = {
        answers: [{ field: '/visit/summary' }, { field: '/visit/kinds' }, { field: '/visit/grade' }, { field: '/visit/grade', label: 'x'.repeat(81) }, { field: '/visit/met', colour: 'red' }],
      };
    });
    expect(at(v, '/x-measures/answers/0/field')).toEqual(['"Summary" cannot be an answer to chart: it must be a single-choice or yes/no question.']);
    expect(at(v, '/x-measures/answers/1/field')).toEqual(['"Kinds" cannot be an answer to chart: it must be a single-choice or yes/no question.']);
    expect(at(v, '/x-measures/answers/3/field')).toEqual(['"Grade" is charted twice; chart each question once.']);
    expect(at(v, '/x-measures/answers/3/label')).toEqual(['The name of answer 4 to chart must be words of 1 to 80 characters.']);
    expect(at(v, '/x-measures/answers/4/colour')).toEqual([expect.stringContaining('has no setting "colour"')]);
    const many = violations((s) => (s['x-measures'] = { answers: Array.from({ length: 21 }, () => ({ field: '/visit/met' })) }));
    expect(at(many, '/x-measures/answers')).toEqual(['At most 20 answers can be charted; there are 21.']);
  });

  it('refuses agreement of questions that are not choices, or of one question with itself', () => {
    const v = violations((s) => (s['x-measures'] = { agreement: { first: '/visit/summary', second: '/visit/nowhere' } }));
    expect(at(v, '/x-measures/agreement/first')).toEqual([expect.stringContaining('"Summary" cannot be the first answer compared')]);
    expect(at(v, '/x-measures/agreement/second')).toEqual([expect.stringContaining('The form has no question "/visit/nowhere"')]);
    const same = violations((s) => (s['x-measures'] = { agreement: { first: '/visit/grade', second: '/visit/grade' } }));
    expect(at(same, '/x-measures/agreement/second')).toEqual(['The agreement compares two different questions; choose another question for the second answer.']);
  });
});

describe('change analysis: schedule and measures', () => {
  it('reports a changed schedule and changed measures as non-breaking, in words', () => {
    const a = definition();
    const b = definition((s) => {
      s['x-schedule'] = { per: 'child', every: { weeks: 4 }, date: '/visit/visitedAt' };
      delete s['x-measures'];
    });
    const changes = analyseChanges(a, b).filter((c) => c.kind === 'schedule-changed' || c.kind === 'measures-changed');
    expect(changes).toEqual([
      expect.objectContaining({
        kind: 'schedule-changed',
        breaking: false,
        message:
          'How often records are due changed (was: Due for every allocated child at least every 20 working days, done on the answer to "Time of visit".): Due for every allocated child at least every 4 weeks, done on the answer to "Time of visit". Dashboards count what is due from this version on.',
      }),
      expect.objectContaining({ kind: 'measures-changed', breaking: false, message: 'The dashboards no longer chart answers of this form.' }),
    ]);
    expect(analyseChanges(a, definition()).filter((c) => c.kind === 'schedule-changed')).toEqual([]);
  });
});

describe('templates: schedules and measures', () => {
  const dir = 'schemas/templates';
  const templates = Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => [f.replace('.json', ''), JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) as { form: Form; schema: JsonObject; uischema: JsonObject }]),
  );
  it('each template passes the policy with its own subject settings', () => {
    for (const [id, t] of Object.entries(templates)) expect([id, checkDefinition({ schema: t.schema, uischema: t.uischema }, { formId: id, subject: t.form.subject ?? null }).violations]).toEqual([id, []]);
  });
  it('sets the frequencies the issue asks for', () => {
    expect(scheduleOf(templates['case-supervision']!.schema)).toEqual({ per: 'child', every: { workingDays: 20 }, date: '/meeting/meetingAt' });
    expect(scheduleOf(templates['reflective-supervision']!.schema)).toEqual({ per: 'worker', every: { weeks: 4 }, date: '/session/sessionDate' });
    expect(scheduleOf(templates['return-to-work']!.schema)).toEqual({ per: 'record', within: { workingDays: 3 }, from: '/absence/returnDate', date: '/absence/interviewDate' });
    const audit = measuresOf(templates['case-file-audit']!.schema)!;
    expect(audit.answers).toHaveLength(13);
    expect(audit.answers!.slice(0, 12).every((a) => /^\/domains\/[A-Za-z]+\/grade$/.test(a.field))).toBe(true);
    expect(audit.answers![12]!.field).toBe('/overall/grade');
    expect(audit.agreement).toMatchObject({ first: '/overall/grade', second: '/moderation/moderatedGrade' });
    expect(measuresOf(templates['return-to-work']!.schema)?.answers).toEqual([expect.objectContaining({ field: '/triggers/triggerMet' })]);
  });
});
