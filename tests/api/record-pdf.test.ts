/**
 * A record's PDF through the API (issue 16): a shipped template (case supervision, with its
 * manager's sign-off stage) filled in fully from its fixture, submitted, signed off → GET
 * /api/submissions/{id}/pdf → pdftotext (Debian's poppler-utils) finds every answer as the record
 * page writes it, the form's title and the child (with the directory's name) on every page, page
 * numbers, the signature and the review history; the PDF is tagged. Whoever may not read the
 * record gets the same 404 as for a record that does not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPractitioner, startTestServer, type Client, type TestServer } from '../support/api.js';
import { answeredLeaves, displayText, loadFixture, loadTemplate, type Json } from '../support/form-filler.js';
import { download, flat, pdfInfo, pdfPages } from '../support/pdf.js';

const FORM = 'case-supervision';
const CHILD = 'C9990001';
const CHILD_NAME = 'Jordan Smith';

describe('a record as a PDF (sqlite store)', () => {
  let srv: TestServer;
  let outsider: Client;
  let record: Json;
  let author: Json;
  let pages: string[];
  let pdf: Awaited<ReturnType<typeof download>>;

  beforeAll(async () => {
    srv = await startTestServer('sqlite', { demoDirectory: true });
    outsider = await newPractitioner(srv, 'outsider-pdf', 'cla-south');
    const fixture = loadFixture(FORM, 'valid-after-sign-off') as Json & { meeting: Json; decision: Json };
    const { decision, ...data } = structuredClone(fixture);
    (data.meeting as Json).childId = CHILD;
    author = data;
    const created = await srv.as('practitioner').post('/api/submissions', { formId: FORM, subject: { childId: CHILD }, data, status: 'submitted' }, { headers: { 'idempotency-key': '"pdf-record"' } });
    expect(created.status, created.text).toBe(201);
    const signed = await srv.as('manager').post(`/api/submissions/${created.body.id}/review/sign`, { stage: 'manager-sign-off', data: decision }, { headers: { 'if-match': `"${created.body.revision}"` } });
    expect(signed.status, signed.text).toBe(200);
    record = signed.body;
    pdf = await download(srv.as('practitioner'), `/api/submissions/${record.id}/pdf`);
    expect(pdf.status, pdf.text).toBe(200);
    pages = await pdfPages(pdf.bytes);
  }, 60_000);
  afterAll(async () => {
    await srv?.close();
  });

  it('is an attachment named by the reference, never sniffed or rendered from our origin', () => {
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="${record.reference}.pdf"; filename*=UTF-8''${record.reference}.pdf`);
    expect(pdf.headers.get('x-content-type-options')).toBe('nosniff');
    expect(pdf.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('holds every answer as the record page writes it, the stage section the manager filled, and the record’s details', () => {
    const text = flat(pages.join('\n'));
    const template = loadTemplate(FORM);
    const full = { ...author, decision: (record.data as Json).decision };
    const leaves = answeredLeaves(template, full);
    expect(leaves.length).toBeGreaterThan(30);
    const missing = leaves.filter((q) => !text.includes(flat(displayText(q, q.value)))).map((q) => `${q.path}: ${displayText(q, q.value)}`);
    expect(missing).toEqual([]);
    // Questions by their labels too (a sample: the first of each step's).
    for (const q of leaves.slice(0, 10)) expect(text).toContain(flat(q.label));
    expect(text).toContain(`Reference ${record.reference}`);
    expect(text).toContain('Case supervision, version 1');
    expect(text).toContain(`Child (ICS person ID) ${CHILD_NAME} (${CHILD})`);
    expect(text).toMatch(/Submitted by .+ on \d{1,2} [A-Z][a-z]+ \d{4} at /);
  });

  it('puts the form’s title, the child and “Page n of N” on every page', () => {
    expect(pages.length).toBeGreaterThan(1);
    for (const [n, page] of pages.entries()) {
      const text = flat(page);
      expect(text, `page ${n + 1}`).toContain('Case supervision');
      expect(text, `page ${n + 1}`).toContain(`Child: ${CHILD_NAME} (ICS person ID ${CHILD})`);
      expect(text, `page ${n + 1}`).toContain(`Page ${n + 1} of ${pages.length}`);
      expect(text, `page ${n + 1}`).toContain(String(record.reference));
    }
  });

  it('ends with the signature and the review history', () => {
    const text = flat(pages.join('\n'));
    const signature = (record.signatures as Json[])[0]!;
    expect(text).toContain('Signatures');
    expect(text).toContain(flat(String(signature.statement)));
    expect(text).toContain(String(signature.contentHash));
    expect(text).toContain('Review history');
    expect(text).toMatch(/Submitted by .+ \(practitioner\) on /);
    expect(text).toMatch(/Signed at Manager sign-off by .+ \(manager\) on /);
  });

  it('is a tagged PDF in English with its title', async () => {
    const info = await pdfInfo(pdf.bytes);
    expect(info.get('Tagged')).toBe('yes');
    expect(info.get('Title')).toBe(`Case supervision: ${record.reference}`);
    expect(Number(info.get('Pages'))).toBe(pages.length);
    expect(pdf.bytes.toString('latin1')).toContain('/Lang (en-GB)');
  });

  it('is refused with the 404 of a record that does not exist to someone who may not read the record, and logged', async () => {
    const refused = await download(outsider, `/api/submissions/${record.id}/pdf`);
    const unknown = await download(outsider, '/api/submissions/00000000-0000-4000-8000-000000000000/pdf');
    expect(refused.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(JSON.parse(refused.text).title).toBe(JSON.parse(unknown.text).title);
    expect(refused.bytes.includes('%PDF')).toBe(false);
    const anonymous = await download(srv.as('anonymous'), `/api/submissions/${record.id}/pdf`);
    expect(anonymous.status).toBe(401);
    const events = await srv.running.ctx.store.listEvents({ entityKind: 'submission', entityId: String(record.id) });
    const actions = events.map((e) => e.action);
    expect(actions).toContain('submission.pdf');
    expect(actions).toContain('submission.read-refused');
  });
});
