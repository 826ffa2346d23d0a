/**
 * Email notifications end to end, on both stores, against a real SMTP server the test starts
 * (smtp-server; messages read back with mailparser), with a fixed clock: the line manager is told
 * a record waits for sign-off, the author that it was returned, the owner that an action is
 * theirs and, at the digest hour, that it is due in 3 working days — once, however often the
 * daily round runs; a digest person gets one summary; a server refusing (451) is tried again and
 * the email arrives once; a sender stopped (or dead) half-way loses nothing and sends nothing
 * twice; reading every event again sends nothing. No email holds a child's name or an answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Mailer, type MailConfig } from '../../engine/notifications/mailer.js';
import { EVENT_CURSOR, idFloor } from '../../engine/notifications/produce.js';
import { messageIdOf } from '../../engine/notifications/sender.js';
import { DAILY_CURSOR } from '../../engine/notifications/daily.js';
import { newNotification } from '../../engine/notifications/model.js';
import { publishForm, startTestServer, type TestServer } from '../support/api.js';
import { startSmtp, type TestSmtp } from '../support/smtp.js';
import { STORE_KINDS } from '../support/stores.js';
import { VISIT_SCHEMA, VISIT_UISCHEMA, eventually } from '../support/sync.js';

const FORM = 'visit-mailed';
const PUBLIC = 'https://caseforms.council.example';
const FROM = 'Caseforms <caseforms@council.example>';
const PAT = 'pat.singh@council.example';
const MO = 'morgan.okafor@council.example';
// Monday 7 December 2026, 10:00 in London (GMT).
const MONDAY = '2026-12-07T10:00:00.000Z';

function schema(): Record<string, unknown> {
  const s = structuredClone(VISIT_SCHEMA) as Record<string, any>;
  s.properties.actions.items.properties.ownerId = { type: 'string', title: 'Owner (ICS worker id)', maxLength: 20 };
  s.properties.actions['x-actions'] = { action: 'action', owner: 'ownerId', due: 'dueDate' };
  s['x-review'] = { deliverAt: 'final-sign-off', stages: [{ id: 'manager-sign-off', name: 'Manager sign-off', actor: { role: 'manager', relationship: 'line-manager' }, dueWorkingDays: 5 }] };
  return s;
}

describe.each(STORE_KINDS)('email notifications (%s store)', (kind) => {
  let srv: TestServer;
  let smtp: TestSmtp;
  let config: MailConfig;
  let restarted: Mailer | null = null;
  let patId: string;
  let moId: string;
  const ifMatch = (rev: number) => ({ headers: { 'if-match': `"${rev}"` } });
  const clock = (iso: string) => {
    srv.running.ctx.now = () => new Date(iso);
  };
  const store = () => srv.running.ctx.store;
  let n = 0;

  async function submit(): Promise<any> {
    const data = {
      childName: 'Jordan Smith',
      visitDate: '2026-12-04',
      seenAlone: true,
      visitType: 'HV-ANN',
      observations: 'The child said she feels safe at home.',
      actions: [
        { action: 'Book a review meeting', ownerId: 'W20002', dueDate: '2026-12-11' },
        { action: 'Share the plan', ownerId: 'W20002', dueDate: '2027-06-01' },
      ],
    };
    const res = await srv.as('practitioner').post('/api/submissions', { formId: FORM, subject: { childId: 'C9990001' }, data, status: 'submitted' }, { headers: { 'idempotency-key': `"mail-${kind}-${++n}"` } });
    expect(res.status, res.text).toBe(201);
    return res.body;
  }

  beforeAll(async () => {
    smtp = await startSmtp();
    config = { smtpUrl: smtp.url, from: FROM, publicUrl: PUBLIC, digestHour: 7, dueSoonDays: 3, pollMs: 50, settleMs: 0, retry: { maxAttempts: 5, baseMs: 1, maxMs: 1 } };
    srv = await startTestServer(kind, { demoDirectory: true, mail: config });
    clock(MONDAY);
    const designer = srv.as('designer');
    expect((await designer.post('/api/forms', { id: FORM, title: 'Visit with sign-off', category: 'case-record', team: 'children-in-need-north' })).status).toBe(201);
    const draft = await designer.post(`/api/forms/${FORM}/versions`, { schema: schema(), uischema: VISIT_UISCHEMA, changeNote: 'First' });
    expect(draft.body.violations, draft.text).toEqual([]);
    expect((await designer.post(`/api/forms/${FORM}/versions/1/publish`, { changeNote: 'First' })).status).toBe(200);
    patId = (await store().getAccountByUsername('pat.practitioner'))!.id;
    moId = (await store().getAccountByUsername('mo.manager'))!.id;
    // Monday's daily round has run (nothing was due), so the next is Tuesday's.
    await eventually(() => store().getNotificationCursor(DAILY_CURSOR), (d) => d === '2026-12-07');
  });
  afterAll(async () => {
    await restarted?.stop();
    await srv?.close();
    await smtp?.close();
  });

  /** Waits for a few more rounds of the mail loop, so an email that should not come has had its chance. */
  const settle = () => new Promise((r) => setTimeout(r, kind === 'mongo' ? 1500 : 500));

  function noNamesOrAnswers(): void {
    for (const m of smtp.messages) {
      const all = `${m.subject}\n${m.text}`;
      for (const secret of ['Jordan', 'Smith', 'feels safe', 'Book a review', 'Share the plan', 'C9990001']) expect(all).not.toContain(secret);
    }
  }

  let first: any;
  it('a record waiting for sign-off: the line manager gets one email, with its reference and a link', async () => {
    first = await submit();
    const [mail] = await eventually(() => Promise.resolve(smtp.to(MO)), (m) => m.length === 1);
    expect(mail!.subject).toBe(`${first.reference} is waiting for you: Manager sign-off, due 14 December 2026`);
    expect(mail!.text).toContain(`${PUBLIC}/records/${first.id}`);
    expect(mail!.from?.text).toContain('caseforms@council.example');
    await settle();
    expect(smtp.to(MO)).toHaveLength(1);
    expect(smtp.to(PAT)).toHaveLength(0);
    noNamesOrAnswers();
  });

  it('a record returned: its author gets one email', async () => {
    const returned = await srv.as('manager').post(`/api/submissions/${first.id}/review/return`, { stage: 'manager-sign-off', reason: 'Say what Jordan said.' }, ifMatch(first.revision));
    expect(returned.status, returned.text).toBe(200);
    const [mail] = await eventually(() => Promise.resolve(smtp.to(PAT)), (m) => m.length === 1);
    expect(mail!.subject).toBe(`${first.reference} was returned to you for changes at Manager sign-off`);
    expect(mail!.text).toContain(`${PUBLIC}/records/${first.id}`);
    expect(mail!.text).not.toContain('Say what');
    first = returned.body;
  });

  it('an action due in 3 working days: its owner is told it is theirs, then reminded once at the digest hour, however often the round runs', async () => {
    const again = await srv.as('practitioner').post(`/api/submissions/${first.id}/submit`, {}, ifMatch(first.revision));
    expect(again.status, again.text).toBe(200);
    await eventually(() => Promise.resolve(smtp.to(MO)), (m) => m.length === 2);
    const signed = await srv.as('manager').post(`/api/submissions/${first.id}/review/sign`, { stage: 'manager-sign-off' }, ifMatch(again.body.revision));
    expect(signed.status, signed.text).toBe(200);
    // Two actions owned by Pat: told of each.
    const assigned = await eventually(() => Promise.resolve(smtp.to(PAT).filter((m) => m.subject?.startsWith('An action from'))), (m) => m.length === 2);
    expect(assigned.map((m) => m.subject).sort()).toEqual([`An action from ${first.reference} is assigned to you, due 1 June 2027`, `An action from ${first.reference} is assigned to you, due 11 December 2026`]);
    expect(assigned[0]!.text).toMatch(new RegExp(`${PUBLIC}/actions/${first.id}\\.\\d`));
    const reminders = () => Promise.resolve(smtp.to(PAT).filter((m) => m.subject?.includes('is due on')));
    // Tuesday before the digest hour: nothing; at 07:00, the reminder of the one due Friday.
    clock('2026-12-08T06:30:00.000Z');
    await settle();
    expect(await reminders()).toHaveLength(0);
    clock('2026-12-08T07:00:00.000Z');
    const [reminder] = await eventually(reminders, (m) => m.length === 1);
    expect(reminder!.subject).toBe(`An action from ${first.reference} is due on 11 December 2026`);
    expect(await srv.running.mailer!.runDaily()).toEqual({ reminders: 0, digests: 0 });
    await settle();
    expect(await reminders()).toHaveLength(1);
    noNamesOrAnswers();
  });

  let second: any;
  it('a person who chose the daily digest gets one summary at the digest hour, not each email', async () => {
    const chosen = await srv.as('manager').put('/api/me/notifications', { choice: 'digest' });
    expect(chosen.status, chosen.text).toBe(200);
    expect(chosen.body).toEqual({ choice: 'digest', address: MO, sending: true });
    const refused = await srv.as('manager').put('/api/me/notifications', { choice: 'weekly' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ pointer: '/choice', message: 'Select how you want to get emails: each one as it happens, one summary a day, or none.' }]);
    const before = smtp.to(MO).length;
    second = await submit();
    await eventually(() => store().listNotifications({ accountId: moId, state: 'held' }), (h) => h.length === 1);
    await settle();
    expect(smtp.to(MO)).toHaveLength(before);
    clock('2026-12-09T07:05:00.000Z');
    const digests = await eventually(() => Promise.resolve(smtp.to(MO).filter((m) => m.subject?.startsWith('Caseforms:'))), (m) => m.length === 1);
    expect(digests[0]!.subject).toBe('Caseforms: 1 thing for you on 9 December 2026');
    expect(digests[0]!.text).toContain(`${second.reference} is waiting for you: Manager sign-off`);
    expect(digests[0]!.text).toContain(`${PUBLIC}/records/${second.id}`);
    expect(await srv.running.mailer!.runDaily()).toEqual({ reminders: 0, digests: 0 });
    await settle();
    expect(smtp.to(MO).filter((m) => m.subject?.startsWith('Caseforms:'))).toHaveLength(1);
    noNamesOrAnswers();
  });

  it('a mail server refusing for a while (451): tried again, and the email arrives once', async () => {
    smtp.refuseNext(2);
    const returned = await srv.as('manager').post(`/api/submissions/${second.id}/review/return`, { stage: 'manager-sign-off', reason: 'More detail.' }, ifMatch(second.revision));
    expect(returned.status, returned.text).toBe(200);
    const mails = await eventually(() => Promise.resolve(smtp.to(PAT).filter((m) => m.subject === `${second.reference} was returned to you for changes at Manager sign-off`)), (m) => m.length === 1);
    expect(smtp.refused).toBe(2);
    // Marked sent just after the server took it.
    const [sent] = await eventually(async () => (await store().listNotifications({ accountId: patId, state: 'sent' })).filter((x) => x.id.startsWith(`returned:${second.id}:`)), (x) => x.length === 1);
    expect(sent).toMatchObject({ attempts: 3, lastError: expect.stringContaining('451') });
    expect(mails[0]!.messageId).toBe(messageIdOf(sent!.id, FROM));
    await settle();
    expect(smtp.to(PAT).filter((m) => m.subject === mails[0]!.subject)).toHaveLength(1);
  });

  it('a sender stopped half-way, and another that died holding a lease: after a restart every email arrives, none twice', async () => {
    const ids = Array.from({ length: 6 }, (_, i) => `test-stop:${i}:${patId}`);
    smtp.delayMs = 150;
    const at = srv.running.ctx.now().toISOString();
    await store().insertNotifications(ids.map((id) => newNotification({ id, kind: 'returned', accountId: patId, title: `Stop test ${id.split(':')[1]}`, path: '/' }, 'immediate', at)));
    const arrived = () => smtp.to(PAT).filter((m) => m.subject?.startsWith('Stop test'));
    await eventually(() => Promise.resolve(arrived()), (m) => m.length >= 1);
    await srv.running.mailer!.stop();
    const sentBefore = arrived().length;
    expect(sentBefore).toBeLessThan(6);
    const left = await Promise.all(ids.map((id) => store().getNotification(id)));
    expect(left.filter((x) => x!.state === 'leased')).toEqual([]);
    // A sender that leases one and dies without a word.
    const [held] = await store().claimNotifications({ workerId: 'dead-sender', leaseMs: 60_000, now: at, limit: 1 });
    expect(held).toBeDefined();
    smtp.delayMs = 0;
    restarted = new Mailer(srv.running.ctx, config);
    restarted.start();
    await settle();
    // Its lease still holds: not sent yet. Once it has run out, it is.
    expect(arrived().map((m) => m.subject)).not.toContain(`Stop test ${held!.id.split(':')[1]}`);
    clock(new Date(Date.parse(at) + 120_000).toISOString());
    await eventually(() => Promise.resolve(arrived()), (m) => m.length === 6);
    await settle();
    expect(arrived().map((m) => m.subject).sort()).toEqual(ids.map((id) => `Stop test ${id.split(':')[1]}`));
    expect(arrived().map((m) => m.messageId).sort()).toEqual(ids.map((id) => messageIdOf(id, FROM)).sort());
  });

  it('someone with no work email in the directory: nothing is sent, and it is counted as skipped', async () => {
    const dana = (await store().getAccountByUsername('dana.designer'))!;
    const count = smtp.messages.length;
    const id = `test-no-address:${dana.id}`;
    await store().insertNotifications([newNotification({ id, kind: 'returned', accountId: dana.id, title: 'No address test', path: '/' }, 'immediate', srv.running.ctx.now().toISOString())]);
    await eventually(() => store().getNotification(id), (x) => x?.state === 'skipped');
    expect(await store().getNotification(id)).toMatchObject({ state: 'skipped', skippedReason: 'no-address', attempts: 1 });
    expect((await store().notificationCounts()).find((c) => c.state === 'skipped')?.count).toBeGreaterThanOrEqual(1);
    expect(smtp.messages).toHaveLength(count);
  });

  it('an audit assigned: the auditor gets one email, linking to that audit (the page she starts it from), never naming the child', async () => {
    const form = { type: 'object', properties: { childId: { type: 'string', title: 'Child', maxLength: 20 } } };
    await publishForm(srv, { id: 'audit-mailed', title: 'Audit', category: 'audit', team: 'children-in-need-north', subject: { childId: '/childId' } }, { schema: form, uischema: { type: 'VerticalLayout', elements: [{ type: 'Control', scope: '#/properties/childId' }] } });
    const made = await srv.as('manager').post('/api/audits/assignments', { assignments: [{ childId: 'C9990006', auditorAccountId: patId, dueOn: '2026-12-18', formId: 'audit-mailed' }] });
    expect(made.status, made.text).toBe(201);
    const audit = made.body.items[0];
    const [mail] = await eventually(() => Promise.resolve(smtp.to(PAT).filter((m) => m.subject?.startsWith('A case file audit'))), (m) => m.length === 1);
    expect(mail!.subject).toBe('A case file audit is assigned to you, due 18 December 2026');
    expect(mail!.text).toContain(`${PUBLIC}/audits/${audit.id}`);
    expect(`${mail!.subject}\n${mail!.text}`).not.toMatch(/Oscar|Brown|C9990006/);
    // What that page reads: the audit, for her.
    const opened = await srv.as('practitioner').get(`/api/audits/assignments/${audit.id}`);
    expect(opened.status, opened.text).toBe(200);
    expect(opened.body).toMatchObject({ id: audit.id, auditorAccountId: patId, status: 'open', childId: 'C9990006' });
  });

  it('reading every event again sends nothing new, and no email was ever sent twice', async () => {
    const count = smtp.messages.length;
    const cursor = await store().getNotificationCursor(EVENT_CURSOR);
    expect(await store().advanceNotificationCursor(EVENT_CURSOR, cursor, idFloor(0))).toBe(true);
    await eventually(() => store().getNotificationCursor(EVENT_CURSOR), (c) => c !== null && c >= cursor!);
    await settle();
    expect(smtp.messages).toHaveLength(count);
    const messageIds = smtp.messages.map((m) => m.messageId);
    expect(new Set(messageIds).size).toBe(messageIds.length);
    noNamesOrAnswers();
  });
});
