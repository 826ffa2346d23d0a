/**
 * The dashboards' counts (Store.tally) and children by team page by page (Store.listChildren),
 * the same on both stores: grouped by one field or several, every condition, answers inside
 * `data`, nulls and missing values alike, values keeping their JSON type, deleted drafts never
 * counted, and every field that is not a plain dotted name refused before any database sees it.
 * (Source `assignments` reads the audits' table, which arrives with them: untested here.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrackedAction } from '../../engine/actions/model.js';
import { InvalidRequestError } from '../../engine/errors.js';
import type { Store } from '../../engine/store/contract.js';
import { newEvent } from '../../engine/store/events.js';
import type { Submission } from '../../engine/submissions/model.js';
import { measureField } from '../../engine/timeliness/measure-keys.js';
import type { TallyCondition, TallyQuery, Timeliness } from '../../engine/timeliness/model.js';
import { CHILDREN, batchOf } from '../support/directory.js';
import { STORE_KINDS, newLocation } from '../support/stores.js';
import { at, event, form, submission, trackedAction, version } from '../support/records.js';

const N = 'team-north';
const S = 'team-south';

const stamp = (doneOn: string, daysToComplete: number, extra: Partial<Timeliness> = {}): Timeliness => ({
  doneOn,
  month: doneOn.slice(0, 7),
  completedAt: `${doneOn}T12:00:00.000Z`,
  daysToComplete,
  ...extra,
});

const done = (s: Partial<Submission>): Partial<Submission> => ({ status: 'submitted', submittedBy: 'u-worker', submittedAt: at(60_000), ...s });

/** Supervision (sup) and audit records; s5 is a draft deleted before anything is counted. */
const RECORDS: Record<string, Partial<Submission>> = {
  s1: done({ formId: 'sup', team: N, subject: { childId: 'C1' }, timeliness: stamp('2026-01-10', 2), data: { meeting: { grade: 'good', met: true, score: 3 } } }),
  s2: done({ formId: 'sup', team: N, subject: { childId: 'C1' }, timeliness: stamp('2026-02-03', 5), data: { meeting: { grade: 'good', met: false, score: 1 } } }),
  s3: done({ formId: 'sup', team: S, subject: { childId: 'C2' }, timeliness: stamp('2026-02-20', 0), data: { meeting: { grade: 'poor', met: true, score: '1' } } }),
  s4: { formId: 'sup', team: N, subject: { childId: 'C3' }, data: { meeting: { grade: null } } },
  s5: { formId: 'sup', team: N, subject: { childId: 'C3' }, data: { meeting: { grade: 'deleted', met: true, score: 3 } } },
  s6: done({ formId: 'audit', team: S, subject: {}, timeliness: stamp('2026-02-25', 10, { onTime: false }), data: { overall: { grade: 'good' }, flag: 1 } }),
  s7: done({ formId: 'audit', team: N, subject: { childId: 'C2' }, timeliness: stamp('2026-01-31', 1, { onTime: true }), data: { overall: { grade: ['a', 'b'] }, flag: true } }),
};

describe.each(STORE_KINDS)('%s store: dashboard counts', (kind) => {
  let store: Store;
  const made: Record<string, Submission> = {};
  beforeEach(async () => {
    store = await newLocation(kind).open();
    for (const [name, overrides] of Object.entries(RECORDS)) {
      const s = submission(overrides);
      made[name] = (await store.createSubmission(s, { outbox: [], event: event('submission.created', 'submission', s.id), ...(name === 's1' ? { actions: actions(s) } : {}) })).submission;
    }
  });
  afterEach(async () => {
    await store.close();
  });

  const tally = (source: TallyQuery['source'], by: string[], where: TallyCondition[] = []) => store.tally({ source, by, where });
  const count = async (where: TallyCondition[]) => (await tally('submissions', [], where))[0]?.count ?? 0;
  const deleteS5 = () => store.deleteDraft(made.s5!.id, 1, event('submission.deleted', 'submission', made.s5!.id));

  it('counts by one field and by several, rows in key order, a deleted draft never counted', async () => {
    expect(await tally('submissions', ['formId', 'status'])).toEqual([
      { key: ['audit', 'submitted'], count: 2 },
      { key: ['sup', 'draft'], count: 2 },
      { key: ['sup', 'submitted'], count: 3 },
    ]);
    await deleteS5();
    expect(await tally('submissions', ['formId'])).toEqual([
      { key: ['audit'], count: 2 },
      { key: ['sup'], count: 4 },
    ]);
    expect(await tally('submissions', ['team', 'timeliness.month'], [{ field: 'formId', op: 'eq', value: 'sup' }])).toEqual([
      { key: [N, null], count: 1 },
      { key: [N, '2026-01'], count: 1 },
      { key: [N, '2026-02'], count: 1 },
      { key: [S, '2026-02'], count: 1 },
    ]);
    // By nothing: the total; nothing matching: no rows.
    expect(await tally('submissions', [])).toEqual([{ key: [], count: 6 }]);
    expect(await tally('submissions', ['team'], [{ field: 'formId', op: 'eq', value: 'none' }])).toEqual([]);
    // Nor by a field of the deleted draft's, nor under any condition.
    expect(await count([{ field: 'data.meeting.grade', op: 'eq', value: 'deleted' }])).toBe(0);
    expect(await count([{ field: 'subject.childId', op: 'eq', value: 'C3' }])).toBe(1);
  });

  it('reads answers inside data, null and missing alike, each value keeping its type (true is not 1, "1" is not 1)', async () => {
    await deleteS5();
    const sup = { field: 'formId', op: 'eq', value: 'sup' } as const;
    const audit = { field: 'formId', op: 'eq', value: 'audit' } as const;
    expect(await tally('submissions', ['data.meeting.grade'], [sup])).toEqual([
      { key: [null], count: 1 },
      { key: ['good'], count: 2 },
      { key: ['poor'], count: 1 },
    ]);
    expect(await tally('submissions', ['data.meeting.met'], [sup])).toEqual([
      { key: [null], count: 1 },
      { key: [false], count: 1 },
      { key: [true], count: 2 },
    ]);
    expect(await tally('submissions', ['data.meeting.score'], [sup])).toEqual([
      { key: [null], count: 1 },
      { key: [1], count: 1 },
      { key: [3], count: 1 },
      { key: ['1'], count: 1 },
    ]);
    expect(await tally('submissions', ['data.flag'], [audit])).toEqual([
      { key: [true], count: 1 },
      { key: [1], count: 1 },
    ]);
    expect(await tally('submissions', ['timeliness.onTime', 'timeliness.daysToComplete'], [audit])).toEqual([
      { key: [false, 10], count: 1 },
      { key: [true, 1], count: 1 },
    ]);
    // A list is no value: it counts as null.
    expect(await tally('submissions', ['data.overall.grade'], [audit])).toEqual([
      { key: [null], count: 1 },
      { key: ['good'], count: 1 },
    ]);
    // A child's records, and records about no child (missing subject.childId) as null.
    expect(await tally('submissions', ['subject.childId'])).toEqual([
      { key: [null], count: 1 },
      { key: ['C1'], count: 2 },
      { key: ['C2'], count: 2 },
      { key: ['C3'], count: 1 },
    ]);
  });

  it('keeps every condition: eq, in, gte, lt and exists, on columns and on answers', async () => {
    await deleteS5();
    // eq: a text, null (missing or null), a yes/no and a number, each only its own type.
    expect(await count([{ field: 'status', op: 'eq', value: 'submitted' }])).toBe(5);
    expect(await count([{ field: 'subject.childId', op: 'eq', value: null }])).toBe(1);
    expect(await count([{ field: 'formId', op: 'eq', value: 'sup' }, { field: 'data.meeting.grade', op: 'eq', value: null }])).toBe(1);
    expect(await count([{ field: 'data.meeting.met', op: 'eq', value: true }])).toBe(2);
    expect(await count([{ field: 'data.flag', op: 'eq', value: true }])).toBe(1);
    expect(await count([{ field: 'data.flag', op: 'eq', value: 1 }])).toBe(1);
    expect(await count([{ field: 'data.meeting.score', op: 'eq', value: 1 }])).toBe(1);
    expect(await count([{ field: 'timeliness.onTime', op: 'eq', value: false }])).toBe(1);
    // in: texts, with null, with yes/no, numbers apart from texts, and none at all.
    expect(await tally('submissions', ['subject.childId'], [{ field: 'subject.childId', op: 'in', values: ['C1', 'C2'] }])).toEqual([
      { key: ['C1'], count: 2 },
      { key: ['C2'], count: 2 },
    ]);
    expect(await count([{ field: 'subject.childId', op: 'in', values: [null, 'C3'] }])).toBe(2);
    expect(await count([{ field: 'data.flag', op: 'in', values: [true, 'x'] }])).toBe(1);
    expect(await tally('submissions', ['data.meeting.score'], [{ field: 'data.meeting.score', op: 'in', values: [1, 3] }])).toEqual([
      { key: [1], count: 1 },
      { key: [3], count: 1 },
    ]);
    expect(await count([{ field: 'team', op: 'in', values: [] }])).toBe(0);
    // gte / lt: dates as texts (supervision since a cutoff, per child), numbers, each within its type.
    expect(
      await tally('submissions', ['subject.childId'], [
        { field: 'formId', op: 'eq', value: 'sup' },
        { field: 'timeliness.doneOn', op: 'gte', value: '2026-02-01' },
      ]),
    ).toEqual([
      { key: ['C1'], count: 1 },
      { key: ['C2'], count: 1 },
    ]);
    expect(await count([{ field: 'timeliness.doneOn', op: 'gte', value: '2026-02-01' }, { field: 'timeliness.doneOn', op: 'lt', value: '2026-02-20' }])).toBe(1);
    expect(await count([{ field: 'timeliness.daysToComplete', op: 'lt', value: 3 }])).toBe(3);
    expect(await count([{ field: 'data.meeting.score', op: 'gte', value: 1 }])).toBe(2);
    expect(await count([{ field: 'data.meeting.score', op: 'lt', value: 3 }])).toBe(1);
    expect(await count([{ field: 'data.meeting.score', op: 'gte', value: '0' }])).toBe(1);
    expect(await count([{ field: 'data.meeting.score', op: 'lt', value: 'z' }])).toBe(1);
    expect(await count([{ field: 'createdAt', op: 'gte', value: at(0) }])).toBe(6);
    expect(await count([{ field: 'createdAt', op: 'lt', value: at(0) }])).toBe(0);
    // exists: has a value other than null.
    expect(await count([{ field: 'timeliness.month', op: 'exists', value: true }])).toBe(5);
    expect(await count([{ field: 'formId', op: 'eq', value: 'sup' }, { field: 'data.meeting.grade', op: 'exists', value: true }])).toBe(3);
    expect(await count([{ field: 'formId', op: 'eq', value: 'sup' }, { field: 'data.meeting.grade', op: 'exists', value: false }])).toBe(1);
    expect(await count([{ field: 'subject.childId', op: 'exists', value: false }])).toBe(1);
    expect(await count([{ field: 'review.state', op: 'exists', value: false }])).toBe(6);
  });

  it('counts actions: open and overdue per team, days to close per team', async () => {
    expect(await tally('actions', ['team'], [{ field: 'status', op: 'eq', value: 'open' }])).toEqual([
      { key: [N], count: 1 },
      { key: [S], count: 1 },
    ]);
    expect(await tally('actions', ['team'], [{ field: 'status', op: 'eq', value: 'open' }, { field: 'dueOn', op: 'lt', value: '2026-02-15' }])).toEqual([{ key: [N], count: 1 }]);
    expect(await tally('actions', ['team', 'daysToClose'], [{ field: 'status', op: 'eq', value: 'done' }])).toEqual([
      { key: [N, 0], count: 1 },
      { key: [N, 3], count: 1 },
      { key: [S, 3], count: 1 },
    ]);
    expect(await tally('actions', ['formId', 'status'])).toEqual([
      { key: ['sup', 'cancelled'], count: 1 },
      { key: ['sup', 'done'], count: 3 },
      { key: ['sup', 'open'], count: 2 },
    ]);
    expect(await tally('actions', ['childId'], [{ field: 'doneOn', op: 'gte', value: '2026-02-01' }])).toEqual([{ key: ['C1'], count: 2 }]);
  });

  it('refuses a field that is not a plain dotted name, and queries past the limits, before any database sees them', async () => {
    const refused = async (query: TallyQuery, pointer: string) => {
      const err = await store.tally(query).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, JSON.stringify(query).slice(0, 120)).toBeInstanceOf(InvalidRequestError);
      expect((err as InvalidRequestError).errors[0]?.pointer).toBe(pointer);
    };
    await refused({ source: 'submissions', by: ["data.x') FROM submissions; DROP TABLE submissions; --"] }, '/by/0');
    await refused({ source: 'submissions', by: ['data.a-b'] }, '/by/0');
    await refused({ source: 'submissions', by: ['$where'] }, '/by/0');
    await refused({ source: 'submissions', by: ['team'], where: [{ field: 'data.x"]', op: 'eq', value: 1 }] }, '/where/0/field');
    await refused({ source: 'submissions', by: ['team'], where: [{ field: 'team', op: 'regex', value: '.*' } as never] }, '/where/0/op');
    await refused({ source: 'submissions', by: ['team'], where: [{ field: 'team', op: 'eq', value: { $ne: null } } as never] }, '/where/0/value');
    await refused({ source: 'submissions', by: ['a', 'b', 'c', 'd', 'e'] }, '/by');
    await refused({ source: 'submissions', by: [], where: Array.from({ length: 9 }, () => ({ field: 'team', op: 'exists', value: true }) as const) }, '/where');
    await refused({ source: 'submissions', by: [], where: [{ field: 'team', op: 'in', values: Array.from({ length: 5001 }, (_, i) => `t${i}`) }] }, '/where/0/values');
    await refused({ source: 'events' as never, by: [] }, '/source');
    // At the limits it answers, and the records are all still there.
    const full = Array.from({ length: 5000 }, (_, i) => `C${i}`);
    expect(await tally('submissions', ['a', 'b', 'c', 'd'], [...Array.from({ length: 7 }, () => ({ field: 'formId', op: 'exists', value: true }) as const), { field: 'subject.childId', op: 'in', values: full }])).toEqual([
      { key: [null, null, null, null], count: 6 },
    ]);
    expect(await count([])).toBe(7);
  });

  it('counts measured answers from the stamp, each keeping its type, and the agreement pair', async () => {
    const grade = measureField('/overall/grade')!;
    const moderated = measureField('/moderation/moderatedGrade')!;
    const met = measureField('/triggers/met')!;
    expect([grade, moderated, met]).toEqual(['timeliness.measures.overall__grade', 'timeliness.measures.moderation__moderatedGrade', 'timeliness.measures.triggers__met']);
    const graded = async (measures: Timeliness['measures'], data: Record<string, unknown> = {}) => {
      const s = submission(done({ formId: 'graded', team: N, timeliness: stamp('2026-03-02', 1, { measures }), data }));
      await store.createSubmission(s, { outbox: [], event: event('submission.created', 'submission', s.id) });
    };
    // The stamp holds what the record's answers were when it completed: that, not `data`, is counted.
    await graded({ overall__grade: 'GOOD', moderation__moderatedGrade: 'GOOD', triggers__met: true }, { overall: { grade: 'OUTSTANDING' } });
    await graded({ overall__grade: 'RI', moderation__moderatedGrade: 'GOOD', triggers__met: 1 });
    await graded({ overall__grade: 'RI', moderation__moderatedGrade: null, triggers__met: false });
    const form = { field: 'formId', op: 'eq', value: 'graded' } as const;
    expect(await tally('submissions', ['timeliness.month', grade], [form])).toEqual([
      { key: ['2026-03', 'GOOD'], count: 1 },
      { key: ['2026-03', 'RI'], count: 2 },
    ]);
    expect(await tally('submissions', [met], [form])).toEqual([
      { key: [false], count: 1 },
      { key: [true], count: 1 },
      { key: [1], count: 1 },
    ]);
    expect(await count([form, { field: met, op: 'eq', value: true }])).toBe(1);
    // Agreement: pairs where both are given (an explicit null is not given).
    expect(await tally('submissions', [grade, moderated], [form, { field: grade, op: 'exists', value: true }, { field: moderated, op: 'exists', value: true }])).toEqual([
      { key: ['GOOD', 'GOOD'], count: 1 },
      { key: ['RI', 'GOOD'], count: 1 },
    ]);
  });

  it('fills in the measures of a record stamped before stamps carried them, from its answers, once and without changing its revision', async () => {
    const pointers = ['/overall/grade', '/moderation/moderatedGrade', '/triggers/met'];
    const before = submission(done({ formId: 'graded', team: N, timeliness: stamp('2026-03-02', 1), data: { overall: { grade: 'GOOD' }, triggers: { met: true }, moderation: { moderatedGrade: ['a list'] } } }));
    const measured = submission(done({ formId: 'graded', team: S, timeliness: stamp('2026-03-03', 1, { measures: { overall__grade: 'RI' } }), data: { overall: { grade: 'OUTSTANDING' }, triggers: { met: false } } }));
    const draft = submission({ formId: 'graded', team: N, data: { overall: { grade: 'GOOD' } } });
    for (const s of [before, measured, draft]) await store.createSubmission(s, { outbox: [], event: event('submission.created', 'submission', s.id) });
    const grades = () => tally('submissions', [measureField('/overall/grade')!], [{ field: 'formId', op: 'eq', value: 'graded' }, { field: 'timeliness.doneOn', op: 'exists', value: true }]);
    // Not yet filled in: the old stamp has no grade, so it counts as not given.
    expect(await grades()).toEqual([
      { key: [null], count: 1 },
      { key: ['RI'], count: 1 },
    ]);
    // The old record gets all three (a list is no answer: null); the measured one only what it lacked, its grade kept; the draft nothing.
    expect(await store.fillMeasures('graded', pointers)).toBe(2);
    expect(await grades()).toEqual([
      { key: ['GOOD'], count: 1 },
      { key: ['RI'], count: 1 },
    ]);
    const filled = (await store.getSubmission(before.id))!;
    expect(filled.timeliness).toEqual({ ...before.timeliness, measures: { overall__grade: 'GOOD', moderation__moderatedGrade: null, triggers__met: true } });
    expect(filled.revision).toBe(before.revision);
    expect((await store.getSubmission(measured.id))!.timeliness!.measures).toEqual({ overall__grade: 'RI', moderation__moderatedGrade: null, triggers__met: false });
    expect((await store.getSubmission(draft.id))!.timeliness).toBeUndefined();
    expect(await count([{ field: measureField('/triggers/met')!, op: 'eq', value: true }])).toBe(1);
    // Once filled in, nothing is left to do; other forms are never touched.
    expect(await store.fillMeasures('graded', pointers)).toBe(0);
    expect(await store.fillMeasures('sup', ['/meeting/grade'])).toBe(3);
    expect(await count([{ field: measureField('/meeting/grade')!, op: 'eq', value: 'good' }])).toBe(2);
  });

  it('moves the forms change marker with every form, and every version published or retired, not with a draft edited', async () => {
    const marks = [await store.formsChangeMarker()];
    const f = form({ id: 'marked' });
    await store.insertForm(f, event('form.created', 'form', f.id));
    marks.push(await store.formsChangeMarker());
    const vEvent = (what: string) => event(`version.${what}`, 'version', `${f.id}@1`);
    await store.insertVersion(version(f.id, 1), vEvent('created'));
    await store.updateVersion(f.id, 1, { status: 'draft', revision: 1 }, { changeNote: 'Reworded.' }, vEvent('updated'));
    // A draft, made and edited: nothing published has changed.
    expect(await store.formsChangeMarker()).toBe(marks.at(-1));
    await store.updateVersion(f.id, 1, { status: 'draft', revision: 2 }, { status: 'published' }, vEvent('published'));
    marks.push(await store.formsChangeMarker());
    await store.updateForm(f.id, (await store.getForm(f.id))!.revision, { title: 'Marked again' }, event('form.updated', 'form', f.id));
    marks.push(await store.formsChangeMarker());
    await store.updateVersion(f.id, 1, { status: 'published', revision: 3 }, { status: 'retired' }, vEvent('retired'));
    marks.push(await store.formsChangeMarker());
    expect(new Set(marks).size, JSON.stringify(marks)).toBe(5);
    // Reading changes nothing.
    await store.listForms();
    expect(await store.formsChangeMarker()).toBe(marks.at(-1));
  });

  it('lists children by id, page by page, of the teams given', async () => {
    const batch = batchOf('children', CHILDREN);
    await store.applyDirectoryBatch(batch, newEvent(new Date(batch.appliedAt), 'tests', 'directory.batch-applied', 'directory', 'children'));
    const pages = async (teams: string[] | undefined, limit: number) => {
      const out: string[][] = [];
      let after: string | undefined;
      for (let i = 0; i < 20; i++) {
        const page = await store.listChildren(teams ? { teams } : {}, { limit, ...(after ? { after } : {}) });
        out.push(page.items.map((c) => c.id));
        if (!page.next) return out;
        after = page.next;
      }
      throw new Error('the list never ended');
    };
    expect(await pages(['cin-north'], 2)).toEqual([['C1', 'C2'], ['C3', 'C4'], ['C7']]);
    expect(await pages(['cla-south', 'cin-north'], 3)).toEqual([['C1', 'C2', 'C3'], ['C4', 'C5', 'C6'], ['C7']]);
    expect(await pages(['cla-south'], 2)).toEqual([['C5', 'C6']]);
    expect(await pages(undefined, 4)).toEqual([['C1', 'C2', 'C3', 'C4'], ['C5', 'C6', 'C7']]);
    expect(await pages([], 5)).toEqual([[]]);
    expect(await pages(['no-such-team'], 5)).toEqual([[]]);
    const first = await store.listChildren({ teams: ['cin-north'] }, { limit: 1 });
    expect(first.items[0]).toMatchObject({ id: 'C1', name: 'Jordan Smith', team: 'cin-north', allocatedWorkerId: 'W2' });
    await expect(store.listChildren({}, { limit: 0 })).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(store.listChildren({ teams: Array.from({ length: 101 }, (_, i) => `t${i}`) }, { limit: 5 })).rejects.toBeInstanceOf(InvalidRequestError);
  });
});

/** s1's actions: open (N overdue by mid-February, S not), done (days to close 0 and 3), cancelled. */
function actions(s: Submission): TrackedAction[] {
  const base = (n: number, a: Partial<TrackedAction>) => trackedAction(s, n, { team: N, ...a });
  return [
    base(1, { dueOn: '2026-01-20' }),
    base(2, { status: 'done', doneOn: '2026-01-18', daysToClose: 3 }),
    base(3, { team: S, dueOn: '2026-03-01' }),
    base(4, { team: S, status: 'done', doneOn: '2026-02-02', daysToClose: 3 }),
    base(5, { status: 'done', doneOn: '2026-02-05', daysToClose: 0 }),
    base(6, { status: 'cancelled', reason: 'Not needed' }),
  ];
}
