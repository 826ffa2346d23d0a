/** The endpoints the designer leans on: pattern checks, trying sample answers, publish impact. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/api.js';
import { sampleDefinition } from '../support/definitions.js';
import { STORE_KINDS } from '../support/stores.js';

describe.each(STORE_KINDS)('designer endpoints (%s store)', (kind) => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer(kind);
    const d = srv.as('designer');
    await d.post('/api/forms', { id: 'impact-form', title: 'Impact', category: 'other', team: 'qa' });
    await d.post('/api/forms/impact-form/versions', { ...sampleDefinition(), changeNote: 'v1' });
    await d.post('/api/forms/impact-form/versions/1/publish');
  });
  afterAll(async () => srv?.close());

  it('checks a pattern under the server’s rules and tries it on samples', async () => {
    const ok = await srv.as('designer').post('/api/patterns/check', { pattern: '^SW[0-9]{1,10}$', samples: ['SW123', 'sw123', 'SW'] });
    expect(ok.body).toEqual({ problem: null, engine: 're2', results: [{ sample: 'SW123', matches: true }, { sample: 'sw123', matches: false }, { sample: 'SW', matches: false }] });
    const nested = await srv.as('designer').post('/api/patterns/check', { pattern: '^(a+)+$', samples: ['a'.repeat(990) + '!'] });
    expect(nested.body).toMatchObject({ problem: null, engine: 're2', results: [{ matches: false }] });
    const bad = await srv.as('designer').post('/api/patterns/check', { pattern: '(?<=a)b', samples: [] });
    expect(bad.body.problem).toMatch(/Patterns cannot look ahead or behind/);
  });

  it('tries sample answers against a version without storing anything', async () => {
    const before = await srv.running.ctx.store.countSubmissions({});
    const res = await srv.as('designer').post('/api/forms/impact-form/versions/1/try', { data: { childId: 'C1', caseType: 'XX' } });
    expect(res.status).toBe(200);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/caseType']);
    expect(await srv.running.ctx.store.countSubmissions({})).toBe(before);
  });

  it('refuses to try out a draft its form’s settings make unpublishable, as publishing does (a schedule per child on a form not about a child)', async () => {
    const d = srv.as('designer');
    expect((await d.post('/api/forms', { id: 'no-child-form', title: 'Not about a child', category: 'other', team: 'qa' })).status).toBe(201);
    const def = sampleDefinition() as { schema: Record<string, unknown>; uischema: unknown };
    def.schema['x-schedule'] = { per: 'child', every: { workingDays: 20 } };
    const draft = await d.post('/api/forms/no-child-form/versions', { ...def, changeNote: 'v1' });
    expect(draft.status, draft.text).toBe(201);
    const pointers = (body: { errors?: Array<{ pointer: string }> }) => (body.errors ?? []).map((e) => e.pointer);
    const published = await d.post('/api/forms/no-child-form/versions/1/publish');
    expect(published.status).toBe(422);
    expect(pointers(published.body)).toContain('/schema/x-schedule/per');
    const tried = await d.post('/api/forms/no-child-form/versions/1/try', { data: { childId: 'C1', caseType: 'CIN' } });
    expect(tried.status, tried.text).toBe(422);
    expect(tried.body.type).toMatch(/definition-rejected$/);
    expect(pointers(tried.body)).toEqual(pointers(published.body));
  });

  it('says how many drafts in progress a breaking change would touch', async () => {
    const worker = srv.as('practitioner');
    for (const [i, caseType] of ['CLA', 'CLA', 'CIN'].entries()) {
      await worker.post('/api/submissions', { formId: 'impact-form', data: { childId: `C${i}`, caseType }, status: 'draft' }, { headers: { 'idempotency-key': `"imp-${i}"` } });
    }
    const d = srv.as('designer');
    const draft = await d.post('/api/forms/impact-form/versions');
    const schema = draft.body.version.schema;
    schema.properties.caseType.oneOf = schema.properties.caseType.oneOf.filter((o: { const: string }) => o.const !== 'CLA');
    await d.put('/api/forms/impact-form/versions/2', { schema, changeNote: 'CLA moved to its own form' }, { headers: { 'if-match': draft.headers.get('etag')! } });
    const impact = await d.get('/api/forms/impact-form/versions/2/impact');
    // Two drafts chose the option: a count under 5 is given only as "fewer than 5".
    expect(impact.body).toMatchObject({ draftsInProgress: 3, blockedDrafts: { fewerThan: 5 } });
    const removed = impact.body.changes.find((c: { kind: string }) => c.kind === 'option-removed');
    expect(removed).toMatchObject({ breaking: true, affectedDrafts: { fewerThan: 5 }, message: 'The option “Child Looked After” (code "CLA") was removed from “Case type”.' });
  });

  // Issue 11, item 1: the designer shapes the draft version and used to read how many drafts its
  // checks refused, recovering an answer a character at a time ("^J", "^Ja"…) or one child's
  // record through an if/then on the child's id.
  it('gives a designer nothing about what drafts say, however the draft version is shaped', async () => {
    const d = srv.as('designer');
    await d.post('/api/forms', { id: 'oracle-form', title: 'Oracle', category: 'other', team: 'qa' });
    await d.post('/api/forms/oracle-form/versions', { ...sampleDefinition(), changeNote: 'v1' });
    await d.post('/api/forms/oracle-form/versions/1/publish');
    const worker = srv.as('practitioner');
    const summaries = ['Jane Doe 12 Oak Rd', 'Sam Roe 3 Elm St', 'Ali Poe 9 Ash Way', 'Kim Loe 1 Fir Ln', 'Jo Moe 7 Yew Ct', 'Bo Noe 5 Oak Rd'];
    for (const [i, summary] of summaries.entries()) {
      const r = await worker.post('/api/submissions', { formId: 'oracle-form', data: { childId: `C${i + 1}`, caseType: i < 5 ? 'CIN' : 'CP', summary }, status: 'draft' }, { headers: { 'idempotency-key': `"oracle-${i}"` } });
      expect(r.status, r.text).toBe(201);
    }
    const started = await d.post('/api/forms/oracle-form/versions');
    let etag = started.headers.get('etag')!;
    const base = started.body.version.schema;
    /** Saves the draft version as the attacker shapes it and returns all that impact discloses about the drafts. */
    async function probe(shape: (schema: any) => void) {
      const schema = structuredClone(base);
      shape(schema);
      const put = await d.put('/api/forms/oracle-form/versions/2', { schema, changeNote: 'probe' }, { headers: { 'if-match': etag } });
      expect(put.status, put.text).toBe(200);
      etag = put.headers.get('etag')!;
      const impact = await d.get('/api/forms/oracle-form/versions/2/impact');
      expect(impact.status, impact.text).toBe(200);
      return { drafts: impact.body.draftsInProgress, blocked: impact.body.blockedDrafts, counts: impact.body.changes.map((c: { kind: string; affectedDrafts: unknown }) => [c.kind, c.affectedDrafts]) };
    }
    const prefix = (p: string) => (schema: any) => void (schema.properties.summary.pattern = p);
    const onlyChild = (id: string) => (schema: any) =>
      schema.allOf.push({ if: { properties: { childId: { const: id } }, required: ['childId'] }, then: { properties: { summary: { maxLength: 1 } } } });

    const prefixes = [];
    for (const p of ['^J', '^K', '^Ja', '^Jo', '^Jane D', '^Jane X', '^Zzz', 'Oak Rd$']) prefixes.push(await probe(prefix(p)));
    expect(new Set(prefixes.map((x) => JSON.stringify(x))).size, JSON.stringify(prefixes)).toBe(1);
    expect(prefixes[0]).toEqual({ drafts: 6, blocked: { exactly: 0 }, counts: [['constraint-tightened', null]] });

    const children = [];
    for (const id of ['C1', 'C2', 'C99']) children.push(await probe(onlyChild(id)));
    expect(new Set(children.map((x) => JSON.stringify(x))).size, JSON.stringify(children)).toBe(1);
    expect(children[0]).toEqual({ drafts: 6, blocked: { exactly: 0 }, counts: [['rules-changed', null]] });

    // What is counted is which answers exist (5 drafts chose "Child in Need", shown exactly; 1 chose "Child Protection").
    const options = await probe((schema) => (schema.properties.caseType.oneOf = schema.properties.caseType.oneOf.filter((o: { const: string }) => o.const === 'CLA')));
    expect(options.counts).toEqual([
      ['option-removed', { exactly: 5 }],
      ['option-removed', { fewerThan: 5 }],
    ]);
    expect(options.blocked).toEqual({ exactly: 6 });

    // Each computation is logged: who, which version, what it disclosed.
    const events = await srv.running.ctx.store.listEvents({ action: 'version.impact-computed', entityId: 'oracle-form@2' });
    expect(events).toHaveLength(prefixes.length + children.length + 1);
    const designer = await srv.running.ctx.store.getAccountByUsername(srv.demo.designer.username);
    expect(events.every((e) => e.actor === designer!.id)).toBe(true);
    expect(events.at(-1)!.details).toEqual({
      draftsInProgress: 6,
      blockedDrafts: { exactly: 6 },
      counted: [
        { kind: 'option-removed', path: '/caseType', code: 'CIN', affectedDrafts: { exactly: 5 } },
        { kind: 'option-removed', path: '/caseType', code: 'CP', affectedDrafts: { fewerThan: 5 } },
      ],
    });
  });
});
