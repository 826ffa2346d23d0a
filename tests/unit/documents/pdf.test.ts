/**
 * The pieces of a record's PDF (engine/documents/pdf.ts) and its download links
 * (engine/documents/links.ts): the page furniture's words, the review history and signatures in
 * sentences, the record's details; a long record laid out in slices (the event loop gets turns
 * while it is made) with "Page n of N" right on every page; links that verify, and fail when
 * tampered with, signed with another secret, or expired.
 */
import { describe, expect, it } from 'vitest';
import { checkLink, signLink } from '../../../engine/documents/links.js';
import { childWords, subjectWords, detailRows, historyWords, pageWords, piecesOf, recordPdf, recordPdfBytes, signatureWords, type RecordDocument } from '../../../engine/documents/pdf.js';
import type { Submission } from '../../../engine/submissions/model.js';
import { flat, pdfInfo, pdfPages } from '../../support/pdf.js';

const SECRET = 'a-document-link-secret-of-at-least-32-chars';

function doc(data: Record<string, unknown>, over: Partial<Submission> = {}): RecordDocument {
  const submission: Submission = {
    id: 'rec-1',
    reference: 'VIS-2026-000042',
    formId: 'visit',
    version: 3,
    status: 'submitted',
    subject: { childId: 'C123', workerId: 'W9' },
    data,
    revision: 2,
    createdBy: 'u-1',
    createdAt: '2026-06-01T08:00:00Z',
    updatedBy: 'u-1',
    updatedAt: '2026-06-02T09:15:00Z',
    submittedBy: 'u-1',
    submittedAt: '2026-06-02T09:15:00Z',
    ...over,
  };
  const schema = {
    type: 'object',
    properties: {
      notes: { type: 'array', title: 'Notes', items: { type: 'object', title: 'Note', properties: { text: { type: 'string', title: 'What happened' }, on: { type: 'string', format: 'date', title: 'On' } } } },
      seen: { type: 'boolean', title: 'Seen alone?' },
    },
  };
  const uischema = { type: 'VerticalLayout', elements: [{ type: 'Group', label: 'The visit', elements: [{ type: 'Control', scope: '#/properties/seen' }, { type: 'Control', scope: '#/properties/notes' }] }] };
  return { submission, definition: { schema, uischema }, formTitle: 'Home visit', childName: 'Zoë Ångström-Łukasz', names: new Map([['u-1', 'Pat Practitioner (pat.p)']]), madeAt: submission.updatedAt };
}

describe('record PDF pieces', () => {
  it('names the child with the directory’s name when it has one, the id alone otherwise', () => {
    expect(childWords('C1', 'Jordan Smith')).toBe('Child: Jordan Smith (ICS person ID C1)');
    expect(childWords('C1', undefined)).toBe('Child: ICS person ID C1');
    expect(childWords(undefined, undefined)).toBeNull();
  });

  it('a staff record names the worker it is about at the top of each page instead', () => {
    const staff = (subject: Submission['subject'], workerName?: string) => subjectWords({ submission: { subject } as Submission, ...(workerName ? { workerName } : {}) });
    expect(staff({ workerId: 'W2' }, 'Pat Singh')).toBe('About: Pat Singh (ICS worker ID W2)');
    expect(staff({ workerId: 'W2' })).toBe('About: ICS worker ID W2');
    expect(staff({ childId: 'C1', workerId: 'W2' })).toBe('Child: ICS person ID C1');
    expect(staff({})).toBeNull();
    expect(pageWords(2, 5)).toBe('Page 2 of 5');
  });

  it('says each review step and signature in sentences, in the council’s time', () => {
    expect(historyWords({ at: '2026-06-03T13:30:00Z', by: 'u-2', name: 'Mo Manager', role: 'manager', action: 'returned', stage: 's', stageName: 'Manager sign-off', reason: 'Add the date.', revision: 3 })).toBe(
      'Returned for changes at Manager sign-off by Mo Manager (manager) on 3 June 2026 at 2:30pm. Reason: Add the date.',
    );
    expect(signatureWords({ id: 'g', stage: 's', stageName: 'Manager sign-off', by: 'u-2', name: 'Mo Manager', role: 'manager', workerId: 'W1', at: '2026-12-03T09:00:00Z', contentHash: 'sha256:ab', revision: 4, statement: 'Signed off at Manager sign-off by Mo Manager' })).toEqual([
      'Signed off at Manager sign-off by Mo Manager',
      '3 December 2026 at 9am, in the role manager, ICS worker ID W1.',
      "Signed over the record's content sha256:ab (revision 4).",
    ]);
  });

  it('lists the record’s details as the record page does', () => {
    const rows = detailRows({ ...doc({}), workerName: 'Sam Worker' });
    expect(rows.map((r) => `${r.label}: ${r.value}`)).toEqual([
      'Reference: VIS-2026-000042',
      'Form: Home visit, version 3',
      'Status: Submitted 2 June 2026 at 10:15am',
      'Child (ICS person ID): Zoë Ångström-Łukasz (C123)',
      'Worker (ICS ID): Sam Worker (W9)',
      'Started by: Pat Practitioner (pat.p) on 1 June 2026 at 9am',
      'Submitted by: Pat Practitioner (pat.p) on 2 June 2026 at 10:15am',
    ]);
    expect(detailRows(doc({}, { reference: undefined, subject: {} }))[0]).toEqual({ label: 'Record ID', value: 'rec-1' });
  });

  it('lays out a long record in slices, every page with its furniture and "Page n of N", every letter kept', async () => {
    const notes = Array.from({ length: 400 }, (_, i) => ({ text: `Note ${i + 1}: ${'the child said she felt safe at school; '.repeat(12)}`, on: '2026-05-04' }));
    let turns = 0;
    let done = false;
    const tick = () => {
      if (done) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const bytes = await recordPdfBytes(doc({ seen: true, notes }));
    done = true;
    // The loop ran other work while the document was being made.
    expect(turns).toBeGreaterThan(5);
    const pages = await pdfPages(bytes);
    expect(pages.length).toBeGreaterThan(20);
    for (const [n, page] of pages.entries()) {
      const text = flat(page);
      expect(text, `page ${n + 1}`).toContain('Home visit');
      expect(text, `page ${n + 1}`).toContain('Child: Zoë Ångström-Łukasz (ICS person ID C123)');
      expect(text, `page ${n + 1}`).toContain(`Page ${n + 1} of ${pages.length}`);
    }
    const all = flat(pages.join(' '));
    expect(all).toContain('The visit Seen alone? Yes Notes Note 1 What happened Note 1: the child said');
    expect(all).toContain('Note 400');
    expect(all).toContain('4 May 2026');
    expect((await pdfInfo(bytes)).get('Tagged')).toBe('yes');
  });

  it('lays out an answer of 50,000 characters in pieces that flow as one paragraph, no word cut', async () => {
    const words = Array.from({ length: 9000 }, (_, i) => `w${i + 1}`);
    const long = words.join(' ').slice(0, 50_000);
    const pieces = piecesOf(long);
    expect(pieces.length).toBeGreaterThan(25);
    expect(pieces.join('')).toBe(long);
    for (const p of pieces.slice(0, -1)) expect(p.endsWith(' ')).toBe(true);
    const text = flat((await pdfPages(await recordPdfBytes(doc({ notes: [{ text: long }] })))).join(' '));
    // Page furniture falls between pages; the words in between are all there, in order.
    const body = text.replace(/Home visit Child: Zoë Ångström-Łukasz \(ICS person ID C123\) /g, '').replace(/VIS-2026-000042 Page \d+ of \d+ /g, '');
    expect(body).toContain(words.slice(1000, 1400).join(' '));
    expect(body).toContain(long.slice(-200));
  });

  it('makes the same bytes from the same record (a batch written again is identical)', async () => {
    const a = await recordPdfBytes(doc({ seen: false }));
    const b = await recordPdfBytes(doc({ seen: false }));
    expect(a.equals(b)).toBe(true);
    const c = await recordPdfBytes(doc({ seen: true }));
    expect(a.equals(c)).toBe(false);
  });

  it('streams: the first bytes come out before the whole document is asked for', async () => {
    const stream = recordPdf(doc({ seen: true }));
    const first = await new Promise<Buffer>((resolve) => stream.once('data', resolve));
    expect(first.subarray(0, 5).toString()).toBe('%PDF-');
    stream.resume();
    await new Promise((resolve) => stream.on('end', resolve));
  });
  it('stops laying out a document whose reader went away (a closed download), rather than finishing it for no one', async () => {
    const notes = Array.from({ length: 300 }, (_, i) => ({ text: `Note ${i + 1}: the child said they felt safe at home and at school.`, on: '2026-05-04' }));
    const abandoned = recordPdf(doc({ seen: true, notes })) as unknown as { destroy(): void; bufferedPageRange(): { count: number } };
    // Gone once the layout has begun (its first slice runs on the next turn of the loop).
    const whole = recordPdfBytes(doc({ seen: true, notes }));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    abandoned.destroy();
    const at = abandoned.bufferedPageRange().count;
    // The same record read to its end alongside: by then the abandoned one, started first, would have had every page too.
    const pages = await pdfPages(await whole);
    expect(pages.length).toBeGreaterThan(10);
    expect(abandoned.bufferedPageRange().count).toBe(at);
    expect(at).toBeLessThan(pages.length);
  });
});

describe('document download links', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  const claim = { submissionId: 'rec-1', connector: 'ics-http', expiresAt: '2026-06-08T12:00:00.000Z' };

  it('verify with the secret they were signed with, until they expire', () => {
    const token = signLink(SECRET, claim);
    expect(checkLink(SECRET, token, now)).toEqual({ ok: true, claim });
    expect(checkLink(SECRET, token, new Date('2026-06-08T12:00:00Z'))).toEqual({ ok: false, why: 'expired', claim });
    const file = signLink(SECRET, { ...claim, fileId: 'f-9' });
    expect(checkLink(SECRET, file, now)).toEqual({ ok: true, claim: { ...claim, fileId: 'f-9' } });
  });

  it('fail when any character is changed, when signed with another secret, or when not a token at all', () => {
    const token = signLink(SECRET, claim);
    const [body, sig] = token.split('.') as [string, string];
    const longer = Buffer.from(JSON.stringify({ v: 1, s: 'rec-1', c: 'ics-http', e: 4102444800 })).toString('base64url');
    expect(checkLink(SECRET, `${longer}.${sig}`, now)).toEqual({ ok: false, why: 'invalid' });
    const flipped = sig.slice(0, -1) + (sig.endsWith('A') ? 'B' : 'A');
    expect(checkLink(SECRET, `${body}.${flipped}`, now)).toEqual({ ok: false, why: 'invalid' });
    expect(checkLink(`${SECRET}-other`, token, now)).toEqual({ ok: false, why: 'invalid' });
    expect(checkLink(SECRET, 'not-a-token', now)).toEqual({ ok: false, why: 'invalid' });
  });
});
